"""What-if comparisons of two trajectories."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .equations import QUANTITIES
from .explain import explain_comparison
from .trajectory import Trajectory


@dataclass(frozen=True)
class QuantityDifference:
    """How one quantity differs between trajectory ``a`` and ``b``.

    ``auc_*`` is the area under the curve in baseline-minutes (level x minutes); ``auc_diff`` is
    ``auc_b - auc_a``; ``mean_change`` is the relative change of the mean level from a to b;
    ``peak_*`` are the highest values and ``peak_minute_*`` when they occurred.
    """

    name: str
    auc_a: float
    auc_b: float
    auc_diff: float
    mean_a: float
    mean_b: float
    mean_change: float
    peak_a: float
    peak_b: float
    peak_minute_a: int
    peak_minute_b: int


@dataclass(frozen=True, eq=False)
class Comparison:
    """Per-quantity differences between two trajectories of equal length."""

    a: Trajectory
    b: Trajectory
    label_a: str
    label_b: str
    differences: dict[str, QuantityDifference]

    def __getitem__(self, name: str) -> QuantityDifference:
        return self.differences[name]

    @property
    def summary(self) -> str:
        """Plain-language summary (English); see ``explain_comparison`` for Dutch."""
        return explain_comparison(self, lang="en")

    def to_dict(self) -> dict:
        """JSON-friendly dict of the differences."""
        return {
            "label_a": self.label_a,
            "label_b": self.label_b,
            "differences": {
                name: {k: (round(v, 6) if isinstance(v, float) else v) for k, v in vars(d).items()}
                for name, d in self.differences.items()
            },
        }


def _auc(values: np.ndarray) -> float:
    # Trapezoid rule on the one-minute grid.
    return float(np.sum(values[1:] + values[:-1]) * 0.5)


def compare(a: Trajectory, b: Trajectory, label_a: str = "A", label_b: str = "B") -> Comparison:
    """Compare two trajectories (``b`` relative to ``a``) quantity by quantity.

    Both must cover the same number of days. Returns a ``Comparison`` with area under the
    curve, mean and peak per quantity; ``explain_comparison`` turns it into plain language.
    """
    if len(a.minutes) != len(b.minutes):
        raise ValueError("days: can only compare trajectories of the same length")
    diffs = {}
    for name in QUANTITIES:
        va, vb = a[name], b[name]
        auc_a, auc_b = _auc(va), _auc(vb)
        mean_a, mean_b = float(np.mean(va)), float(np.mean(vb))
        diffs[name] = QuantityDifference(
            name=name,
            auc_a=auc_a,
            auc_b=auc_b,
            auc_diff=auc_b - auc_a,
            mean_a=mean_a,
            mean_b=mean_b,
            mean_change=(mean_b - mean_a) / mean_a,
            peak_a=float(np.max(va)),
            peak_b=float(np.max(vb)),
            peak_minute_a=int(np.argmax(va)),
            peak_minute_b=int(np.argmax(vb)),
        )
    return Comparison(a=a, b=b, label_a=label_a, label_b=label_b, differences=diffs)
