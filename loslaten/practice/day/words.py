"""The model's own explanation of a run of days, and of a comparison."""

from __future__ import annotations

from django.utils.translation import gettext as _

from loslaten.hormones import Trajectory, compare, explain, explain_comparison
from loslaten.practice.day.reading import cut_at, rest_trajectory


def explain_text(traj: Trajectory, lang: str) -> str:
    """The model's plain-language explanation of a run of days (``hormones.explain``); a run
    cut at now (the current week) is told only up to now."""
    rest = rest_trajectory(traj.days, traj.wake, traj.sleep, traj.rhythm)
    return explain(traj, lang=lang, baseline=cut_at(rest, len(traj.minutes) - 1))


def comparison_text(
    a: Trajectory, b: Trajectory, lang: str, label_a: str = "", label_b: str = ""
) -> str:
    """The model's plain-language comparison of ``a`` (the real run) and ``b`` (a what-if)."""
    comparison = compare(a, b, label_a=label_a or _("je dag"), label_b=label_b or _("wat als"))
    return explain_comparison(comparison, lang=lang)
