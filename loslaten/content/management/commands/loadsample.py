"""`loslaten loadsample`: the twelve sample articles, into a database without articles."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loslaten.content import importers, media, services
from loslaten.content.blocks import ContentError
from loslaten.content.models import Article

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample"


class Command(BaseCommand):
    help = "Load the sample articles when there are no articles yet."

    def handle(self, *args: object, **options: object) -> None:
        if Article.objects.exists():
            self.stdout.write("There are articles already; the samples were not loaded.")
            return
        parsed = []
        for path in sorted(SAMPLE_DIR.glob("*.md")):
            if path.name == "PLAN.md":
                continue
            try:
                parsed.extend(importers.read_file(path))
            except ContentError as error:
                raise CommandError(f"{path.name}: {error}") from None
        saved = services.save_all(parsed)
        importer = media.Importer([], lambda line: self.stderr.write(f"sample image: {line}"))
        for one, (article, _) in zip(parsed, saved, strict=True):
            media.attach_parsed(article, one, SAMPLE_DIR, importer)
        self.stdout.write(f"Loaded {len(parsed)} sample articles.")
