"""Drawing trajectories with matplotlib (Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection

from .events import MINUTES_PER_DAY, parse_clock
from .explain import DISCLAIMER
from .trajectory import Trajectory

if TYPE_CHECKING:
    from .uncertainty import Band

_PANELS = (
    ("HPA", ("crh", "acth", "cortisol")),
    ("snel / fast", ("adrenaline", "oxytocin")),
    ("geluk (idee van het artikel)\nhappiness (the article's idea)", ("dopamine", "serotonin")),
    ("lichaam (idee van het artikel)\nbody (the article's idea)", ("tension",)),
)
_KIND_COLOUR = {
    "hold": "#c0392b",
    "suppress": "#8e44ad",
    "exhale": "#16a085",
    "breathe": "#27ae60",
    "complete": "#f39c12",
    "connect": "#e67e22",
    "accept": "#2980b9",
    "chase": "#7f8c8d",
}


def plot(
    traj: Trajectory,
    path: str | Path,
    other: Trajectory | None = None,
    band: Band | None = None,
) -> Path:
    """Draw the curves of ``traj`` (and dashed ``other`` for a what-if) with events marked.

    ``band`` (``uncertainty.band``) is drawn as a shaded 10-90 % band behind each curve it
    covers. The file type follows the suffix: ``.png`` or ``.svg``. Returns the path written.
    """
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"plot: file must end in .png or .svg, got {path.name!r}")
    hours = _thin(traj.minutes / 60.0, "x")
    fig, axes = plt.subplots(len(_PANELS), 1, figsize=(11, 9), sharex=True)
    sleep_min, wake_min = parse_clock(traj.sleep), parse_clock(traj.wake)
    night = (wake_min - sleep_min) % MINUTES_PER_DAY
    for ax, (title, names) in zip(axes, _PANELS, strict=True):
        for name in names:
            (line,) = ax.plot(hours, _thin(traj[name]), label=name, lw=1.4)
            if band is not None and name in band.low:
                low, high = _thin(band.low[name], "min"), _thin(band.high[name], "max")
                ax.fill_between(hours, low, high, color=line.get_color(), alpha=0.18, lw=0)
            if other is not None:
                ax.plot(hours, _thin(other[name]), ls="--", lw=1.0, color=line.get_color())
        # Sleep shaded grey; events as coloured bands.
        nights = [(d * MINUTES_PER_DAY + sleep_min, night) for d in range(-1, traj.days + 1)]
        _spans(ax, [(a, a + n) for a, n in nights], color="0.92", zorder=0)
        for kind, colour in _KIND_COLOUR.items():
            spans = [(e.start, e.end) for e in traj.events if e.kind == kind]
            _spans(ax, spans, color=colour, alpha=0.25, zorder=1)
        ax.axhline(1.0, color="0.5", lw=0.6, ls=":")
        ax.set_ylabel(title)
        ax.legend(loc="upper right", fontsize=8, ncol=len(names))
    axes[0].set_xlim(0, hours[-1])
    ticks, labels, axis_label = _ticks(traj.days)
    axes[-1].set_xticks(ticks, labels)
    axes[-1].set_xlabel(axis_label)
    seen = {}
    for e in traj.events:
        seen.setdefault(e.kind, _KIND_COLOUR[e.kind])
    if band is not None:
        low, high = band.percentiles
        axes[0].set_title(
            f"band: {low:g}-{high:g}% van {band.n_draws} parametertrekkingen / "
            f"of {band.n_draws} parameter draws",
            fontsize=8,
            loc="left",
        )
    if seen:
        handles = [plt.Rectangle((0, 0), 1, 1, color=c, alpha=0.4) for c in seen.values()]
        fig.legend(handles, list(seen), loc="upper center", ncol=len(seen), fontsize=8)
    # The disclaimer travels with the picture, wherever the file goes.
    fig.text(0.01, 0.005, f"{DISCLAIMER['nl']} / {DISCLAIMER['en']}", fontsize=7, color="0.3")
    fig.tight_layout(rect=(0, 0.02, 1, 0.96))
    # Text stays text in an SVG: searchable, readable by a screen reader, testable.
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format=path.suffix[1:].lower())
    plt.close(fig)
    return path


def _spans(ax, spans: list[tuple[int, int]], **style) -> None:
    """Shade the minute spans ``(start, end)`` over the full height of ``ax``, as one
    collection (a year of nights as separate patches took seconds to draw)."""
    if not spans:
        return
    boxes = [[(a / 60, 0), (b / 60, 0), (b / 60, 1), (a / 60, 1)] for a, b in spans]
    shade = PolyCollection(boxes, transform=ax.get_xaxis_transform(), lw=0, **style)
    ax.add_collection(shade, autolim=False)


#: A curve is drawn with at most about this many points: more than a screen or a printed
#: page can show (a year of minutes is 527,041; a day's 1,441 are drawn as they are).
MAX_POINTS = 4000


def _thin(values: np.ndarray, how: str = "line") -> np.ndarray:
    """``values`` for drawing, at most about ``MAX_POINTS``: each block of minutes becomes
    two points, its lowest and its highest (``"line"``: so a short peak stays as high as it
    was), both ``"min"`` or both ``"max"`` (the band's edges), or its first and last
    minute (``"x"``, the time axis). The data themselves (CSV, API) are never thinned."""
    n = len(values)
    block = -(-2 * n // MAX_POINTS)
    if block <= 1:
        return values
    pad = -n % block
    full = np.concatenate([values, np.repeat(values[-1:], pad)]).reshape(-1, block)
    if how == "x":
        pair = (full[:, 0], full[:, -1])
    elif how == "min":
        pair = (full.min(axis=1),) * 2
    elif how == "max":
        pair = (full.max(axis=1),) * 2
    else:
        pair = (full.min(axis=1), full.max(axis=1))
    return np.column_stack(pair).ravel()


def _ticks(days: int) -> tuple[np.ndarray, list[str], str]:
    """Tick positions (hours), labels and the axis label: every 3 hours on one day; the
    start of a day, at most about 15 of them, on several (366 days of hour numbers were an
    unreadable smear)."""
    if days == 1:
        ticks = np.arange(0, 25, 3)
        return ticks, [f"{int(h):02d}:00" for h in ticks], "uur / hour"
    step = max(1, -(-days // 15))
    starts = np.arange(0, days, step)
    return starts * 24.0, [str(d + 1) for d in starts], "dag / day"
