"""Simulation results: ``Trajectory`` (one person) and ``BatchTrajectory`` (many at once)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .equations import QUANTITIES
from .events import MINUTES_PER_DAY, Event, format_clock

CSV_COLUMNS: tuple[str, ...] = ("minute", *QUANTITIES)


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Minute-by-minute course of every quantity for one person.

    ``minutes`` runs from 0 to ``days * 1440`` inclusive; each quantity (``crh``, ``acth``,
    ``cortisol``, ``adrenaline``, ``oxytocin``, ``dopamine``, ``serotonin``, ``tension``) is a
    NumPy array of the same length, relative to the person's own baseline (1.0).
    """

    minutes: np.ndarray
    values: dict[str, np.ndarray]
    events: tuple[Event, ...]
    wake: str
    sleep: str
    days: int
    params: dict[str, Any] = field(default_factory=dict)
    #: The full model state (hidden states too, ``STATE_NAMES`` order) at every minute,
    #: ``(minutes, N_STATES)``, when ``simulate`` was asked to keep it (``keep_state``):
    #: another run can then resume from any minute of this one (``resume``).
    state: np.ndarray | None = None
    #: The ``(wake, sleep)`` of the days before, when the run started on a rhythm other than
    #: its own wake and sleep (``simulate(rhythm=...)``); ``None``: its own.
    rhythm: tuple[str, str] | None = None

    def __getattr__(self, name: str) -> np.ndarray:
        if name in QUANTITIES:
            return self.values[name]
        raise AttributeError(name)

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.values:
            raise KeyError(f"unknown quantity {name!r}; expected one of {', '.join(QUANTITIES)}")
        return self.values[name]

    def at(self, name: str, minute: int) -> float:
        """Value of a quantity at a given minute."""
        return float(self.values[name][minute])

    def clock(self, minute: int) -> str:
        """``HH:MM`` of a minute, with a day prefix on later days (``dag 2 09:30`` style is left
        to the explanation)."""
        return format_clock(minute)

    def to_csv(self, path: str | Path | None = None) -> str:
        """The trajectory as CSV with columns
        ``minute,crh,acth,cortisol,adrenaline,oxytocin,dopamine,serotonin,tension``.

        Returns the text; also writes it to ``path`` when given.
        """
        buf = io.StringIO()
        buf.write(",".join(CSV_COLUMNS) + "\n")
        data = np.column_stack([self.minutes, *(self.values[q] for q in QUANTITIES)])
        np.savetxt(buf, data, delimiter=",", fmt=["%d"] + ["%.6g"] * len(QUANTITIES))
        text = buf.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict: settings, events and one list of floats per quantity."""
        return {
            "days": self.days,
            "wake": self.wake,
            "sleep": self.sleep,
            "minutes": self.minutes.tolist(),
            "events": [
                {
                    "kind": e.kind,
                    "start": e.start,
                    "duration": e.duration,
                    "intensity": e.intensity,
                    "text": e.to_text(),
                }
                for e in self.events
            ],
            "quantities": {q: [round(float(v), 6) for v in self.values[q]] for q in QUANTITIES},
        }

    @property
    def n_minutes(self) -> int:
        """Number of simulated minutes (``days * 1440``)."""
        return self.days * MINUTES_PER_DAY


@dataclass(frozen=True, eq=False)
class BatchTrajectory:
    """Many people (or variants) at once: each quantity is an array of shape ``(n, minutes)``."""

    minutes: np.ndarray
    values: dict[str, np.ndarray]
    events: tuple[tuple[Event, ...], ...]
    wake: tuple[str, ...]
    sleep: tuple[str, ...]
    days: int
    params: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.events)

    def __getattr__(self, name: str) -> np.ndarray:
        if name in QUANTITIES:
            return self.values[name]
        raise AttributeError(name)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]

    def person(self, i: int) -> Trajectory:
        """The trajectory of person ``i`` as an ordinary ``Trajectory``."""
        params = {
            k: (float(v[i]) if isinstance(v, np.ndarray) else v) for k, v in self.params.items()
        }
        return Trajectory(
            minutes=self.minutes,
            values={q: np.ascontiguousarray(self.values[q][i]) for q in QUANTITIES},
            events=self.events[i],
            wake=self.wake[i],
            sleep=self.sleep[i],
            days=self.days,
            params=params,
        )
