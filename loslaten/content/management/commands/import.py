"""`loslaten import FILE... [--media DIR]`: articles from Markdown, page text or a WordPress
export, with their images."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from loslaten.content import importers, media, services
from loslaten.content.blocks import ContentError, ParsedArticle


def describe(parsed: ParsedArticle, minutes: int, created: bool) -> str:
    """One line that says what was recognised in an article."""
    c = parsed.counts()
    action = "new" if created else "updated"
    return (
        f"  {parsed.title!r} ({parsed.slug}, {action}): {minutes} min, "
        f"{c['questions']} questions, {c['sections']} sections, {c['stories']} stories, "
        f"{c['quotes']} quotes, {c['prompts']} prompts, {c['read_further']} read-further "
        f"links, {c['faq']} FAQ pairs"
    )


class Command(BaseCommand):
    help = (
        "Import articles from files: Markdown with front matter, the plain text of an "
        "article page, or a WordPress export (WXR). Importing a slug again updates it. "
        "Images are read next to each file and in the --media folders; never downloaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", type=Path)
        parser.add_argument(
            "--media",
            action="append",
            default=[],
            type=Path,
            metavar="DIR",
            help="a copy of the old site's images (wp-content/uploads, Hugo's static/ or a "
            "page bundle); may be given more than once",
        )

    def handle(self, *args: object, **options: object) -> None:
        for folder in options["media"]:
            if not folder.is_dir():
                raise CommandError(f"--media {folder}: not a folder", returncode=2)
        problems: list[str] = []

        def report(line: str) -> None:
            if line.startswith("image "):
                problems.append(line)
            self.stdout.write(f"  {line}")

        importer = media.Importer(options["media"], report)
        failed = 0
        for path in options["files"]:
            try:
                parsed = importers.read_file(path)
                saved = services.save_all(parsed)
            except (ContentError, ValidationError, DatabaseError) as error:
                failed += 1
                self.stderr.write(f"{path}: skipped: {error}")
                continue
            self.stdout.write(f"{path}: {len(saved)} article(s)")
            for one, (article, created) in zip(parsed, saved, strict=True):
                self.stdout.write(describe(one, article.reading_minutes, created))
                media.attach_parsed(article, one, path.resolve().parent, importer)
        if problems:
            self.stdout.write(f"{len(problems)} image(s) could not be imported (listed above)")
        if failed:
            raise CommandError(
                f"{failed} of {len(options['files'])} file(s) could not be imported", returncode=1
            )
