"""A person's day: the model run on their own check-ins and moments, up to now.

``day_model`` is the one entry point for the API; ``day_page`` adds the charts for the page.
Both are cached by the day's content (its events, the settings and, today, the 5 minutes of
now), so a new, changed or deleted check-in shows at once, without signals.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format

from loslaten.hormones import Event, Trajectory, simulate
from loslaten.hormones.causes import Counterfactuals
from loslaten.hormones.events import MINUTES_PER_DAY, format_clock, parse_clock
from loslaten.hormones.uncertainty import band
from loslaten.practice import services
from loslaten.practice.day.cache import CACHE_SECONDS, CACHE_VERSION, cached, content_key
from loslaten.practice.day.draw import day_charts
from loslaten.practice.day.facts import (
    BAND_QUANTITIES,
    DISCLAIMER,
    QUANTITY_LABELS,
    SLEEP,
    STEP_MIN,
    WAKE,
)
from loslaten.practice.day.reading import (
    day_events,
    downsample,
    downsample_band,
    group_summary,
    groups_of,
    hourly_means,
    mean_level,
    now_mark,
    rest_trajectory,
)
from loslaten.practice.day.results import Choice, Day, DayEvent, Group, WhatIf
from loslaten.practice.day.story import day_story
from loslaten.practice.day.whatif import WHAT_IFS, changed_events, window_change, window_sentence

#: A check-in this early or later counts as being awake (earlier ones are a late night).
EARLIEST_WAKE = 4 * 60


#: Model runs of recent days kept in this process, by their events, wake, sleep and rhythm
#: (the usual wake and sleep, when the day's were moved by what the person did): today's
#: page is rebuilt each time now moves on, and every language and what-if of a day asks for
#: the same runs again. About 0.25 MB a day with its full state (which its counterfactual
#: runs resume from), 0.1 MB a counterfactual run; a day keeps one per event asked about.
_RUNS: OrderedDict[tuple, tuple[Trajectory, Counterfactuals]] = OrderedDict()
RUNS_KEPT = 32
_RUNS_LOCK = threading.Lock()


def day_runs(
    events: Sequence[Event], wake: str, sleep: str, rhythm: tuple[str, str] | None = None
) -> tuple[Trajectory, Counterfactuals]:
    """``simulate(events)`` over one day and its counterfactual runs (computed as they are
    asked for), shared by every page of this process that shows the same day. ``rhythm`` is
    the usual ``(wake, sleep)`` the day starts on (``None``: its own wake and sleep)."""
    key = (tuple(e.to_text() for e in events), wake, sleep, rhythm)
    with _RUNS_LOCK:
        hit = _RUNS.get(key)
        if hit is not None:
            _RUNS.move_to_end(key)
            return hit
    # The full state kept lets each counterfactual run start at its event (``resume``).
    traj = simulate(events, days=1, wake=wake, sleep=sleep, keep_state=True, rhythm=rhythm)
    for values in (*traj.values.values(), traj.state):
        values.setflags(write=False)  # shared between requests: nobody may change it
    hit = (traj, Counterfactuals(traj))
    with _RUNS_LOCK:
        _RUNS[key] = hit
        while len(_RUNS) > RUNS_KEPT:
            _RUNS.popitem(last=False)
    return hit


def warm_up(wake: str = WAKE, sleep: str = SLEEP) -> None:
    """Build this process's tables for the usual wake and sleep times (the settled rhythm, the
    band's parameter draws and their day without events), so that no one's first look at
    their day waits for them. Called by the web server's processes as they start."""
    band((), days=1, wake=wake, sleep=sleep, quantities=BAND_QUANTITIES)
    rest_trajectory(1, wake, sleep)


def local_today() -> dt.date:
    """Today in the site's time zone."""
    return services.local_date(timezone.now())


def local_minute(when: dt.datetime) -> int:
    """Minutes after local midnight of ``when``."""
    local = timezone.localtime(when, services.local_tz())
    return local.hour * 60 + local.minute


def awake_span(wake: str, sleep: str, active: Sequence[int]) -> tuple[str, str, str]:
    """``(wake, sleep, why)`` of a day: the settings, moved by what the person did.

    A check-in or moment before the usual wake time (but after ``EARLIEST_WAKE``) means they
    were up then; one after the usual sleep time (before midnight) means they were still up.
    ``why`` is ``"checkin"`` when the wake time comes from what they did, else
    ``"settings"``. The moved times are that day's only: the day starts on the settings'
    rhythm (``usual_rhythm``).
    """
    wake_min, sleep_min = parse_clock(wake), parse_clock(sleep)
    why = "settings"
    early = [m for m in active if EARLIEST_WAKE <= m < wake_min]
    if early:
        wake_min, why = min(early), "checkin"
    late = [m for m in active if sleep_min <= m] if sleep_min > wake_min else []
    if late:
        sleep_min = min(max(late) + 1, MINUTES_PER_DAY - 1)
    return format_clock(wake_min), format_clock(sleep_min), why


def usual_rhythm(settings: tuple[str, str], wake: str, sleep: str) -> tuple[str, str] | None:
    """The rhythm a day with ``wake``/``sleep`` starts on: the ``settings`` (wake, sleep) as
    ``HH:MM``, or ``None`` when the day's own are those (as ``Trajectory.rhythm``)."""
    usual = awake_span(*settings, ())[:2]
    return None if usual == (wake, sleep) else usual


@dataclass(frozen=True)
class DaySource:
    """What one view of a person's day is built from, read from the database at once: the
    day's events, its wake and sleep, now and the what-if asked for. ``digest`` names its
    content: the cache keys of the day's model, charts and rendered page."""

    date: dt.date
    lang: str
    events: tuple[Event, ...]
    wake: str
    sleep: str
    rhythm: tuple[str, str] | None
    wake_from: str
    now_min: int | None
    future: bool
    today: bool
    what_if: str | None
    event: int | None
    digest: str


def day_source(
    user: Any,
    date: dt.date,
    lang: str,
    what_if: str | None = None,
    event: int | None = None,
    now: dt.datetime | None = None,
) -> DaySource:
    """The ``DaySource`` of ``user``'s own ``date`` (only their check-ins and moments are
    read); ``what_if`` and ``event`` as for ``day_model``."""
    now = timezone.localtime(now or timezone.now(), services.local_tz())
    acts = services.day_acts(user, date)
    events = acts.events
    active = sorted({*acts.minutes, *(e.start for e in events)})
    # Today's story stops at now; a 5-minute step keeps the cache useful meanwhile, but
    # never hides a check-in made within those minutes.
    now_min = now_mark(local_minute(now), STEP_MIN, active) if date == now.date() else None
    wake, sleep, why = awake_span(acts.wake, acts.sleep, active)
    rhythm = usual_rhythm((acts.wake, acts.sleep), wake, sleep)
    what_if = what_if if what_if in WHAT_IFS else None
    today = now.date()
    digest = content_key(
        user.pk, date.isoformat(), lang, (what_if, event), now_min, wake, sleep, rhythm, why, events
    )
    return DaySource(
        date=date,
        lang=lang,
        events=tuple(events),
        wake=wake,
        sleep=sleep,
        rhythm=rhythm,
        wake_from=why,
        now_min=now_min,
        future=date > today,
        today=date == today,
        what_if=what_if,
        event=event,
        digest=digest,
    )


def day_model(
    user: Any,
    date: dt.date,
    lang: str,
    what_if: str | None = None,
    event: int | None = None,
    now: dt.datetime | None = None,
) -> Day:
    """The model run on ``user``'s own ``date`` (only their check-ins and moments are read).

    ``what_if`` (a key of ``WHAT_IFS``; anything else counts as none) changes the event
    numbered ``event`` (default: the cause of the day's highest stress peak, else the last
    event). ``now`` (default: the current time) cuts what has happened on today's page.
    """
    return source_day(day_source(user, date, lang, what_if, event, now), with_charts=False)[0]


def day_page(
    user: Any,
    date: dt.date,
    lang: str,
    what_if: str | None = None,
    event: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[Day, list[dict]]:
    """``day_model`` and its charts (none for a future day), both cached."""
    day, charts_ = source_day(day_source(user, date, lang, what_if, event, now))
    return day, charts_ or []


def source_day(source: DaySource, with_charts: bool = True) -> tuple[Day, list[dict] | None]:
    """The ``Day`` of a ``DaySource`` and (when asked for) its charts, from the cache or
    built and cached."""
    s = source
    return cached(
        s.digest,
        s.lang,
        with_charts,
        lambda: build_day(
            s.date,
            s.lang,
            s.events,
            s.wake,
            s.sleep,
            s.wake_from,
            s.now_min,
            s.future,
            s.today,
            s.what_if,
            s.event,
            s.rhythm,
        ),
        day_charts,
    )


def page_parts(source: DaySource) -> tuple[Day, list[dict], dict | None]:
    """The day page's model, its charts and, apart from them, the what-if's close-up (the
    first chart when there is a what-if; else ``None``)."""
    day, charts = source_day(source)
    charts = charts or []
    if charts and charts[0]["key"] == "window":
        return day, charts[1:], charts[0]
    return day, charts, None


def default_moment(groups: Sequence[Group], events: Sequence[DayEvent]) -> int:
    """The moment a what-if changes unless told: the stress peak's cause, else the last."""
    return groups[0].summary.cause or len(events)


def _what_if(
    key: str,
    number: int | None,
    traj: Trajectory,
    events: Sequence[DayEvent],
    groups: Sequence[Group],
) -> WhatIf:
    """The day with event ``number`` changed by ``key`` (default: the stress side's cause,
    else the last event)."""
    if number is None or not 1 <= number <= len(events):
        number = default_moment(groups, events)
    index = number - 1
    all_events, added = changed_events(key, traj.events, index)
    alt, _runs = day_runs(all_events, traj.wake, traj.sleep, traj.rhythm)
    start = traj.events[index].start
    end, change = window_change(traj, alt, start)
    quantities = list(QUANTITY_LABELS)
    return WhatIf(
        key=key,
        label=str(WHAT_IFS[key]),
        event=number,
        events=day_events(added, what_if=True, first=number),
        series={q: downsample(alt[q]) for q in quantities},
        hourly={q: hourly_means(alt[q]) for q in quantities},
        mean={q: mean_level(alt[q]) for q in quantities},
        window_start=start,
        window_end=end,
        window_change=change,
        sentence=window_sentence(key, start, end, change),
    )


def band_edges(
    events: Sequence[Event],
    wake: str,
    sleep: str,
    center: Trajectory | None = None,
    rhythm: tuple[str, str] | None = None,
) -> dict[str, tuple[list[float], list[float]]]:
    """The model's 10-90 % band around a day, for each of ``BAND_QUANTITIES``: ``{q: (low,
    high)}`` sampled like the day's curves.

    The band costs some 64 runs of the model, so it is kept in the shared cache by the
    day's events, wake, sleep and rhythm alone: today's page, rebuilt as now moves on, and every
    language and what-if of the day reuse it.
    """
    texts = tuple(e.to_text() for e in events)
    parts = content_key(texts, wake, sleep, rhythm, BAND_QUANTITIES)
    key = f"loslaten:{CACHE_VERSION}:band:{parts}"
    edges = cache.get(key)
    if edges is None:
        spread = band(
            events,
            days=1,
            wake=wake,
            sleep=sleep,
            quantities=BAND_QUANTITIES,
            center=center,
            rhythm=rhythm,
        )
        edges = {q: downsample_band(spread.low[q], spread.high[q]) for q in BAND_QUANTITIES}
        cache.set(key, edges, CACHE_SECONDS)
    return edges


def build_day(
    date: dt.date,
    lang: str,
    events: Sequence[Event],
    wake: str,
    sleep: str,
    wake_from: str,
    now_min: int | None,
    future: bool,
    today: bool,
    what_if: str | None = None,
    event: int | None = None,
    rhythm: tuple[str, str] | None = None,
) -> Day:
    """The ``Day`` of ``events`` (pure: no database), with the what-if when asked for;
    ``rhythm`` the usual wake and sleep the day starts on (``usual_rhythm``)."""
    traj, runs = day_runs(events, wake, sleep, rhythm)
    edges = {} if future else band_edges(events, wake, sleep, traj, rhythm)
    rest = rest_trajectory(1, wake, sleep, rhythm)
    listed = day_events(traj.events)
    story, _causes = day_story(traj, rest, listed, wake_from, now_min, runs)
    groups = groups_of(lambda qs: group_summary(traj, qs, listed, runs, now_min))
    quantities = list(QUANTITY_LABELS)
    alt = _what_if(what_if, event, traj, listed, groups) if what_if and listed else None
    chosen = alt.event if alt else default_moment(groups, listed)
    return Day(
        date=date.isoformat(),
        date_label=date_format(date, "l j F Y"),
        lang=lang,
        today=today,
        future=future,
        empty=not events,
        wake=wake,
        sleep=sleep,
        wake_from=wake_from,
        now_min=now_min,
        step_min=STEP_MIN,
        events=listed,
        series={q: downsample(traj[q]) for q in quantities},
        hourly={q: hourly_means(traj[q]) for q in quantities},
        mean={q: mean_level(traj[q]) for q in quantities},
        groups=groups,
        story=tuple(story),
        disclaimer=str(DISCLAIMER),
        **_choices(alt, listed, chosen),
        what_if=alt,
        band_low={q: low for q, (low, _high) in edges.items()},
        band_high={q: high for q, (_low, high) in edges.items()},
    )


def _choices(alt: WhatIf | None, listed: Sequence[DayEvent], chosen: int) -> dict[str, tuple]:
    """The what-if form's choices, ``alt``'s selected (else accepting, on moment ``chosen``)."""
    return {
        "what_if_kinds": tuple(
            Choice(k, str(label), k == (alt.key if alt else "aanvaarden"))
            for k, label in WHAT_IFS.items()
        ),
        "what_if_events": tuple(
            Choice(str(e.number), f"{e.clock} {e.label}", e.number == chosen) for e in listed
        ),
    }


def what_if_day(source: DaySource, day: Day, what_if: str, event: int) -> Day:
    """``day`` (the ``Day`` of ``source``, without a what-if) with ``what_if`` on its event
    numbered ``event``: the ``Day`` that ``build_day`` makes with them, but only the what-if
    is built (the rest of a day does not change with it). Not cached."""
    traj, _runs = day_runs(source.events, source.wake, source.sleep, source.rhythm)
    with translation.override(source.lang):  # the what-if's words, as ``cached`` builds
        alt = _what_if(what_if, event, traj, day.events, day.groups)
        return dataclasses.replace(day, what_if=alt, **_choices(alt, day.events, alt.event))
