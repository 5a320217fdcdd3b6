"""What reading one source gives: the articles that can come in, the items skipped with
their reason, and counts of what an article site leaves out (attachments, menus, comments)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from loslaten.content.blocks import ParsedArticle


@dataclass(frozen=True)
class Skipped:
    """An item that did not come in: its title and why, for one line of the report."""

    title: str
    reason: str


@dataclass
class Reading:
    kind: str
    articles: list[ParsedArticle] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def extend(self, other: Reading) -> None:
        self.articles += other.articles
        self.skipped += other.skipped
        self.left_out.update(other.left_out)
        self.notes += other.notes
