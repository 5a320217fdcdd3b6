"""Events (what a person does during the day) and turning them into model inputs.

An event has a kind, a start (minute from midnight of day 0), a duration in minutes and an
intensity between 0 and 3. Inputs are piecewise constant per minute: during minute ``m`` the
input of a kind is the sum of the intensities of the events of that kind that are running.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

MINUTES_PER_DAY = 1440
#: The usual day: waking and falling asleep, when nothing says otherwise.
WAKE, SLEEP = "07:00", "23:00"

#: The event kinds, in the order of the rows of the input arrays.
EVENT_KINDS: tuple[str, ...] = (
    "hold",  # control, pushing on, holding it all together
    "suppress",  # pushing feelings away
    "exhale",  # one conscious breath out
    "breathe",  # slow breathing, about 6 breaths a minute
    "complete",  # choosing, finishing a postponed task
    "connect",  # an honest moment with someone
    "accept",  # accepting what is
    "chase",  # chasing more stimulation
)
KIND_INDEX = {kind: i for i, kind in enumerate(EVENT_KINDS)}

#: A duration of 0 means a short event; it then lasts this many minutes (one breath out, one
#: decision, one finished call all fit in a minute at the model's resolution).
SHORT_EVENT_MIN = 1
MAX_INTENSITY = 3.0

# ASCII digits only: Python's \d also matches other scripts' digits ("٠٩:٣٠").
_TIME_RE = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")
_EVENT_RE = re.compile(
    r"^(?:[dD](?P<day>[0-9]+)/)?(?P<kind>[A-Za-z_-]+)@(?P<time>[^+*]+)"
    r"(?:\+(?P<duration>[^*]*))?(?:\*(?P<intensity>.*))?$"
)


def parse_clock(text: str, field: str = "time") -> int:
    """Parse ``"HH:MM"`` (00:00-23:59) into minutes after midnight.

    Raises ``ValueError`` naming ``field`` when the text is not a time of day.
    """
    if not isinstance(text, str):
        raise ValueError(f"{field}: expected a time as 'HH:MM', got {text!r}")
    match = _TIME_RE.match(text.strip())
    if not match:
        raise ValueError(f"{field}: expected a time as 'HH:MM', got {text!r}")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ValueError(f"{field}: {text!r} is not a time of day (00:00-23:59)")
    return hours * 60 + minutes


def format_clock(minute: float) -> str:
    """Minute (possibly on a later day) to ``"HH:MM"`` on its own day."""
    m = round(minute) % MINUTES_PER_DAY
    return f"{m // 60:02d}:{m % 60:02d}"


@dataclass(frozen=True)
class Event:
    """Something a person does: ``kind`` from ``EVENT_KINDS``, ``start`` in minutes from
    midnight of day 0, ``duration`` in minutes (0 = a short, one-minute event) and
    ``intensity`` from 0 to 3."""

    kind: str
    start: int
    duration: int = 0
    intensity: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in KIND_INDEX:
            raise ValueError(
                f"kind: unknown event kind {self.kind!r}; expected one of {', '.join(EVENT_KINDS)}"
            )
        object.__setattr__(self, "start", _whole_minutes(self.start, "start"))
        object.__setattr__(self, "duration", _whole_minutes(self.duration, "duration"))
        try:
            intensity = float(self.intensity)
        except (TypeError, ValueError):
            raise ValueError(f"intensity: expected a number, got {self.intensity!r}") from None
        if not math.isfinite(intensity) or not 0 <= intensity <= MAX_INTENSITY:
            raise ValueError(
                f"intensity: must be a number from 0 to {MAX_INTENSITY:g}, got {self.intensity!r}"
            )
        object.__setattr__(self, "intensity", intensity)

    @property
    def effective_duration(self) -> int:
        """Minutes the event acts: its duration, or one minute for a short event."""
        return self.duration if self.duration > 0 else SHORT_EVENT_MIN

    @property
    def end(self) -> int:
        """First minute after the event."""
        return self.start + self.effective_duration

    @property
    def day(self) -> int:
        """Day index (0 = the first day)."""
        return self.start // MINUTES_PER_DAY

    def to_text(self) -> str:
        """The compact text form, e.g. ``hold@09:00+15*2`` or ``D2/exhale@07:30``."""
        text = f"{self.kind}@{format_clock(self.start)}"
        if self.day:
            text = f"D{self.day + 1}/{text}"
        if self.duration:
            text += f"+{self.duration}"
        if self.intensity != 1.0:
            text += f"*{self.intensity:g}"
        return text


def _whole_minutes(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{field}: expected whole minutes, got {value!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{field}: expected whole minutes, got {value!r}") from None
    if not math.isfinite(number) or number != int(number):
        raise ValueError(f"{field}: expected whole minutes, got {value!r}")
    if number < 0:
        raise ValueError(f"{field}: must not be negative, got {value!r}")
    return int(number)


def parse_event(text: str) -> Event:
    """Parse ``[Dn/]KIND@HH:MM[+MINUTES][*INTENSITY]``.

    ``D2/`` puts the event on the second day. Examples: ``hold@09:00+15``, ``exhale@09:20``,
    ``complete@14:00*0.8``, ``D3/breathe@07:30+5*2``. Raises ``ValueError`` naming the field.
    """
    if not isinstance(text, str):
        raise ValueError(f"event: expected text like 'hold@09:00+15', got {text!r}")
    match = _EVENT_RE.match(text.strip())
    if not match:
        raise ValueError(f"event: expected KIND@HH:MM[+MINUTES][*INTENSITY], got {text!r}")
    kind = match.group("kind").lower()
    if kind not in KIND_INDEX:
        raise ValueError(
            f"kind: unknown event kind {kind!r}; expected one of {', '.join(EVENT_KINDS)}"
        )
    day = int(match.group("day")) if match.group("day") is not None else 1
    if day < 1:
        raise ValueError(f"day: days are counted from D1, got D{day}")
    start = parse_clock(match.group("time"), "time") + (day - 1) * MINUTES_PER_DAY
    duration: object = 0
    if match.group("duration") is not None:
        raw = match.group("duration")
        if not (raw.isascii() and raw.isdigit()):
            raise ValueError(f"duration: expected whole minutes after '+', got {raw!r}")
        duration = int(raw)
    intensity: object = 1.0
    if match.group("intensity") is not None:
        raw = match.group("intensity")
        try:
            if not raw.isascii():
                raise ValueError(raw)
            intensity = float(raw)
        except ValueError:
            raise ValueError(f"intensity: expected a number after '*', got {raw!r}") from None
    return Event(kind, start, duration, intensity)


def coerce_event(item: Event | str | Sequence | dict) -> Event:
    """Accept an ``Event``, its text form, a dict or a ``(kind, start, duration, intensity)``
    tuple where ``start`` may be ``"HH:MM"``."""
    if isinstance(item, Event):
        return item
    if isinstance(item, str):
        return parse_event(item)
    if isinstance(item, dict):
        item = dict(item)
        if isinstance(item.get("start"), str):
            item["start"] = parse_clock(item["start"], "start")
        try:
            return Event(**item)
        except TypeError as exc:
            raise ValueError(f"event: {exc}") from None
    if isinstance(item, Sequence) and 2 <= len(item) <= 4:
        kind, start, *rest = item
        if isinstance(start, str):
            start = parse_clock(start, "start")
        return Event(kind, start, *rest)
    raise ValueError(f"event: cannot make an event from {item!r}")


def check_events(events: Iterable, n_minutes: int) -> tuple[Event, ...]:
    """Coerce and validate events for a simulation of ``n_minutes``; sorted by start."""
    if isinstance(events, (str, Event)):
        events = [events]
    out = [coerce_event(e) for e in events]
    for event in out:
        if event.start >= n_minutes:
            raise ValueError(
                f"start: event {event.to_text()} starts after the simulated "
                f"{n_minutes // MINUTES_PER_DAY} day(s)"
            )
    return tuple(sorted(out, key=lambda e: (e.start, KIND_INDEX[e.kind])))


def cut_off(events: Iterable[Event], n_minutes: int) -> tuple[Event, ...]:
    """The events that run past the end of a simulation of ``n_minutes`` (they are cut off)."""
    return tuple(e for e in events if e.end > n_minutes)


def dense_inputs(events: Sequence[Event], n_minutes: int) -> np.ndarray:
    """Input intensities per kind and minute, shape ``(len(EVENT_KINDS), n_minutes)``.

    Row ``k``, column ``m`` is the summed intensity of events of kind ``k`` running in minute
    ``m`` (the interval ``[m, m+1)``). Events running past the end are cut off.
    """
    u = np.zeros((len(EVENT_KINDS), n_minutes))
    for event in events:
        u[KIND_INDEX[event.kind], event.start : min(event.end, n_minutes)] += event.intensity
    return u


@dataclass(frozen=True)
class InputSchedule:
    """Sparse inputs for many people: the changes of the input matrix, ordered by minute.

    At the start of minute ``m`` the changes ``bounds[m]:bounds[m+1]`` are added to the
    ``(n_people, n_kinds)`` input matrix. This keeps memory proportional to the number of
    events, not to people x minutes x kinds.
    """

    person: np.ndarray
    kind: np.ndarray
    delta: np.ndarray
    bounds: np.ndarray

    @classmethod
    def from_events(cls, people: Sequence[Sequence[Event]], n_minutes: int) -> InputSchedule:
        """Build the schedule from one event list per person."""
        rows: list[tuple[int, int, int, float]] = []
        for p, events in enumerate(people):
            for e in events:
                rows.append((e.start, p, KIND_INDEX[e.kind], e.intensity))
                if e.end < n_minutes:
                    rows.append((e.end, p, KIND_INDEX[e.kind], -e.intensity))
        if rows:
            arr = np.array(rows, dtype=float)
            order = np.argsort(arr[:, 0], kind="stable")
            arr = arr[order]
            minute = arr[:, 0].astype(np.int64)
        else:
            arr = np.zeros((0, 4))
            minute = np.zeros(0, dtype=np.int64)
        bounds = np.searchsorted(minute, np.arange(n_minutes + 1), side="left")
        return cls(arr[:, 1].astype(np.int64), arr[:, 2].astype(np.int64), arr[:, 3], bounds)


def asleep_mask(minutes: np.ndarray, wake_min: np.ndarray | int, sleep_min: np.ndarray | int):
    """1.0 where the person sleeps during the minute starting at ``minutes``, else 0.0.

    Sleep runs from ``sleep`` to ``wake`` and may cross midnight.
    """
    since_sleep = (minutes - sleep_min) % MINUTES_PER_DAY
    night_length = (wake_min - sleep_min) % MINUTES_PER_DAY
    return (since_sleep < night_length).astype(float)
