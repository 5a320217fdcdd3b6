"""The cache of days and weeks, keyed by their content."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Protocol, TypeVar

from django.core.cache import cache
from django.utils import translation

CACHE_SECONDS = 60 * 60
#: Part of every key, the rendered day page's too: bump it when a cached model,
#: its charts or the day's templates change (day-6: typed weeks and scenarios; day-7: each
#: chart names its dashed lines and now; day-8: the happiness side says it is the article's;
#: day-9: the whole day page is kept, not only its article; day-10: a narrow close-up 330 wide;
#: day-11: the close-up no longer repeats the what-if's sentence; day-12: the dopamine sentence
#: of the kept scenarios says "in a small study"; day-13: the week and the examples name a
#: peak's cause as the day does, "vooral door", not "na"; and a day moved by a late or early
#: check-in starts on the usual rhythm; day-15: a quiet minute takes one RK4 step, not two,
#: so every curve moved by up to ~1e-4 of itself).
CACHE_VERSION = "day-15"


class _Run(Protocol):
    """A modelled run the cache holds: a ``Day`` or a ``Week``."""

    @property
    def future(self) -> bool: ...


M = TypeVar("M", bound=_Run)


def content_key(*parts: object) -> str:
    """A short digest of everything a model is built from (its cache key)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cached(
    digest: str,
    lang: str,
    with_charts: bool,
    build: Callable[[], M],
    draw: Callable[[M], list[dict]],
) -> tuple[M, list[dict] | None]:
    """``(model, charts)`` from the cache, or the model built and its charts drawn (only
    when asked for, and none for the future) in ``lang``, then cached; ``charts`` is
    ``None`` when they were not asked for."""
    key = f"loslaten:{CACHE_VERSION}:{digest}"
    cached = cache.get(key)
    if cached is not None and (cached[1] is not None or not with_charts):
        return cached
    with translation.override(lang):
        model = cached[0] if cached is not None else build()
        charts_ = None if not with_charts else [] if model.future else draw(model)
    cache.set(key, (model, charts_), CACHE_SECONDS)
    return model, charts_


def page_key(digest: str, today: dt.date, path: str) -> str:
    """The cache key of a rendered day page: the day's content (``DaySource.digest``: the
    person, the language, the events, now), today (the page links to the next day only
    before today) and the address asked for (the language switch returns to it)."""
    return f"loslaten:{CACHE_VERSION}:page:{digest}:{today.isoformat()}:{content_key(path)}"
