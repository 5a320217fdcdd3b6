"""The journal's timeline a page at a time: check-ins, moments and entries, newest first.

Without a search, a page is cut in the database: page n needs at most n × size rows of each
kind (the newest), merged in Python. A search still looks through everything the person
wrote (see `services.timeline`) and then shows one page of the matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loslaten.practice.models import Moment
from loslaten.practice.services import (
    NEWEST_FIRST,
    TimelineItem,
    checkins_of,
    find_entries,
    timeline,
)

__all__ = ["PAGE_SIZE", "TimelinePage", "parse_page", "timeline_page"]

PAGE_SIZE = 50


@dataclass(frozen=True)
class TimelinePage:
    """One page of the timeline, and where it sits among the others."""

    items: list[TimelineItem]
    number: int
    pages: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def parse_page(text: str | None) -> int:
    """``?pagina=`` as a page number: 1 for anything that is not a positive whole number."""
    try:
        return max(1, int(text or 1))
    except ValueError:
        return 1


def _newest(items: list[TimelineItem]) -> list[TimelineItem]:
    return sorted(items, key=lambda i: (i.at, i.obj.pk), reverse=True)


def timeline_page(
    user: Any, q: str | None = None, page: int = 1, size: int = PAGE_SIZE
) -> TimelinePage:
    """Page `page` (from 1; a page past the end shows the last) of the person's timeline."""
    if q and q.strip():
        found = timeline(user, q)
        pages = max(1, -(-len(found) // size))
        number = min(page, pages)
        return TimelinePage(found[(number - 1) * size : number * size], number, pages, len(found))
    entries = find_entries(user)
    moments = Moment.objects.filter(user=user).order_by(*NEWEST_FIRST)
    checkins = checkins_of(user)
    total = entries.count() + moments.count() + checkins.count()  # type: ignore[union-attr]
    pages = max(1, -(-total // size))
    number = min(page, pages)
    upto = number * size
    merged = _newest(
        [TimelineItem("entry", e.at, e) for e in entries[:upto]]
        + [TimelineItem("moment", m.at, m) for m in moments[:upto]]
        + [TimelineItem("checkin", c.at, c) for c in checkins[:upto]]
    )
    return TimelinePage(merged[(number - 1) * size : upto], number, pages, total)
