"""The journal's timeline a page at a time: check-ins, moments and entries, newest first.

A page is found from light rows first, (time, id) of each kind, and only its own 50
check-ins, moments and entries are then loaded whole. Without a search, page n reads at
most n × size light rows of each kind, cut in the database. A search still looks through
everything the person wrote, ignoring case and accents like `services.find_entries`, but
over the text columns only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from loslaten.practice.models import CheckIn, JournalEntry, Moment
from loslaten.practice.services import NEWEST_FIRST, TimelineItem, matches

__all__ = ["PAGE_SIZE", "TimelinePage", "item_url", "page_of", "parse_page", "timeline_page"]

PAGE_SIZE = 50
#: Pages past this are the last page anyway (a year of data has about 120).
MAX_PAGE = 100_000
MODELS = {"entry": JournalEntry, "moment": Moment, "checkin": CheckIn}

Key = tuple[dt.datetime, int, str]


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
        return min(MAX_PAGE, max(1, int(text or 1)))
    except ValueError:
        return 1


def _found(user: Any, q: str) -> list[Key]:
    """Keys of the entries and check-ins whose text matches `q` (moments have no text)."""
    keys: list[Key] = []
    rows = JournalEntry.objects.filter(user=user).values_list(
        "at", "pk", "title", "text", "prompt_text", "answers"
    )
    for at, pk, title, text, prompt, answers in rows:
        said = [str(v) for v in answers.values()] if isinstance(answers, dict) else []
        if matches(q, title, text, prompt, *said):
            keys.append((at, pk, "entry"))
    for at, pk, on_mind in CheckIn.objects.filter(user=user).values_list("at", "pk", "on_mind"):
        if matches(q, on_mind):
            keys.append((at, pk, "checkin"))
    return keys


def _newest(user: Any, upto: int) -> tuple[list[Key], int]:
    """Keys of the newest `upto` rows of each kind, and how many rows there are in all."""
    keys: list[Key] = []
    total = 0
    for kind, model in MODELS.items():
        rows = model.objects.filter(user=user).order_by(*NEWEST_FIRST)  # type: ignore[attr-defined]
        total += rows.count()
        keys += [(at, pk, kind) for at, pk in rows.values_list("at", "pk")[:upto]]
    return keys, total


def _load(keys: Iterable[Key]) -> list[TimelineItem]:
    """The page's rows, whole, in the order of `keys`."""
    keys = list(keys)
    loaded = {}
    for kind, model in MODELS.items():
        ids = [pk for _at, pk, k in keys if k == kind]
        rows = model.objects.filter(pk__in=ids)  # type: ignore[attr-defined]
        if model is JournalEntry:
            rows = rows.select_related("article")
        loaded.update({(kind, row.pk): row for row in rows} if ids else {})
    return [TimelineItem(kind, at, loaded[(kind, pk)]) for at, pk, kind in keys]


def timeline_page(
    user: Any, q: str | None = None, page: int = 1, size: int = PAGE_SIZE
) -> TimelinePage:
    """Page `page` (from 1; a page past the end shows the last) of the person's timeline,
    with `q` only what matches it."""
    if q and q.strip():
        keys = _found(user, q)
        total = len(keys)
    else:
        # Page n can only hold rows among the newest n × size of each kind.
        wanted = max(1, page) * size
        keys, total = _newest(user, wanted)
    pages = max(1, -(-total // size))
    number = min(page, pages)
    if number < page and not (q and q.strip()):
        keys, total = _newest(user, number * size)
    keys.sort(key=lambda k: (k[0], k[1], k[2]), reverse=True)
    return TimelinePage(_load(keys[(number - 1) * size : number * size]), number, pages, total)


def page_of(user: Any, kind: str, obj: Any, size: int = PAGE_SIZE) -> int:
    """The page of the unsearched timeline that shows `obj` (a row of `kind`).

    Counts the rows that come before it in the order of `timeline_page`: newer, or as new
    with a higher (id, kind)."""
    at, pk = obj.at, obj.pk
    before = 0
    for other, model in MODELS.items():
        newer = Q(at__gt=at) | Q(at=at, pk__gt=pk)
        if other > kind:
            newer |= Q(at=at, pk=pk)
        before += model.objects.filter(newer, user=user).count()  # type: ignore[attr-defined]
    return before // size + 1


def item_url(user: Any, kind: str, obj: Any) -> str:
    """The journal's address that shows `obj`, on its page, scrolled to it."""
    page = page_of(user, kind, obj)
    query = f"?pagina={page}" if page > 1 else ""
    return f"{reverse('practice:journal')}{query}#item-{kind}-{obj.pk}"
