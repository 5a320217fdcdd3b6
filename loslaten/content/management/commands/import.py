"""`loslaten import [--dry-run] [--media DIR] PATH...`: articles from Markdown, page text,
a WordPress export, or Hugo/Jekyll posts (a file or a folder), with their images. Each item
comes in or is skipped with one line naming it and the reason; the run ends with a report."""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from loslaten.content import importers, media, services
from loslaten.content.blocks import ContentError, ParsedArticle
from loslaten.content.models import Article

LEFT_OUT_ORDER = ["pages", "attachments", "menu items", "comments"]


def describe(parsed: ParsedArticle, article: Article, created: bool) -> str:
    """One line that says what was recognised in an article."""
    c = parsed.counts()
    action = "new" if created else "updated"
    where = f"page {article.get_absolute_url()}" if article.kind == Article.PAGE else article.slug
    return (
        f"  {parsed.title!r} ({where}, {action}): "
        f"{article.reading_minutes} min, "
        f"{c['questions']} questions, {c['sections']} sections, {c['stories']} stories, "
        f"{c['quotes']} quotes, {c['prompts']} prompts, {c['read_further']} read-further "
        f"links, {c['faq']} FAQ pairs"
    )


def why_hidden(article: Article) -> str:
    if article.draft:
        return "hidden: a draft, pending, private or password-protected in the source"
    if article.published_at is None:
        return "hidden: no publication date"
    moment = timezone.localtime(article.published_at)
    return f"scheduled: appears by itself on {moment:%Y-%m-%d %H:%M}"


def counts_line(counts: Counter[str]) -> str:
    keys = [k for k in LEFT_OUT_ORDER if counts.get(k)] + sorted(
        k for k in counts if k not in LEFT_OUT_ORDER and counts[k]
    )
    return ", ".join(f"{counts[k]} {k}" for k in keys) or "nothing"


class Command(BaseCommand):
    help = (
        "Import articles from files or folders: Markdown with front matter, the plain text "
        "of an article page, a WordPress export (WXR), Hugo or Jekyll posts. Importing "
        "the same source again updates its articles. Images are read next to each file "
        "and in the --media folders; never downloaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="show the report without saving anything"
        )
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
        # Saving the images saves each article again: the index and cache wait for the end.
        with nullcontext() if options["dry_run"] else services.bulk_saving():
            failure = self.run(options)
        if failure:  # raised only now, so what came in is indexed first
            raise failure

    def run(self, options: dict[str, object]) -> CommandError | None:
        """Import every path and print the report; the error to exit with, if any."""
        dry_run = bool(options["dry_run"])
        for folder in options["media"]:  # type: ignore[attr-defined]
            if not folder.is_dir():
                raise CommandError(f"--media {folder}: not a folder", returncode=2)
        problems: list[str] = []

        def report_image(line: str) -> None:
            if line.startswith("image "):
                problems.append(line)
            self.stdout.write(f"    {line}")

        importer = media.Importer(options["media"], report_image)  # type: ignore[arg-type]
        failed_files = 0
        came_in = unpublished = pages = skipped = 0
        left_out: Counter[str] = Counter()
        for path in options["paths"]:  # type: ignore[attr-defined]
            try:
                reading = importers.read_path(path)
            except ContentError as error:
                failed_files += 1
                self.stderr.write(f"{path}: skipped: {error}")
                continue
            report = services.import_reading(reading, dry_run=dry_run)
            self.stdout.write(f"{path}: {reading.kind}, {len(report.came_in)} article(s)")
            for note in reading.notes:
                self.stdout.write(f"  note: {note}")
            file_dir = path.resolve() if path.is_dir() else path.resolve().parent
            for parsed, article, created in report.came_in:
                self.stdout.write(describe(parsed, article, created))
                if not article.is_published:
                    self.stdout.write(f"    {why_hidden(article)}")
                for note in parsed.notes:
                    self.stdout.write(f"    {note}")
                if not dry_run:
                    # Hidden articles' images too: stored, but shown only when they are.
                    media.attach_parsed(article, parsed, parsed.base_dir or file_dir, importer)
            for item in report.skipped:
                self.stderr.write(f"  skipped {item.title!r}: {item.reason}")
            came_in += len(report.came_in)
            pages += sum(1 for _, a, _ in report.came_in if a.kind == Article.PAGE)
            unpublished += len(report.unpublished)
            skipped += len(report.skipped)
            left_out.update(report.left_out)
        verb = "would come in" if dry_run else "came in"
        self.stdout.write(
            f"Report{' (dry run: nothing was saved)' if dry_run else ''}: "
            f"{came_in} {verb} ({pages} pages), {unpublished} unpublished (hidden or "
            f"scheduled), {skipped} skipped; left out: {counts_line(left_out)}"
        )
        if problems:
            self.stdout.write(f"{len(problems)} image(s) could not be imported (listed above)")
        if failed_files or skipped:
            total = len(options["paths"])  # type: ignore[arg-type]
            return CommandError(
                f"{failed_files} of {total} path(s) could not be read, {skipped} item(s) skipped",
                returncode=1,
            )
        return None
