"""Tables for docs/model.md, generated so that anyone can rerun them.

    python -m loslaten.hormones.report params        # the parameter table
    python -m loslaten.hormones.report sensitivity   # which parameter moves which figure most

The sensitivity table sets each parameter with a ``range`` in params.toml to the low and the
high end of its range (all others at their value) and measures the published figures of
``figures.sensitivity_figures``. For every figure it lists the three parameters that move it
most, with the figure at the low and at the high end.
"""

from __future__ import annotations

import sys

from .figures import sensitivity_figures
from .params import load_specs


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def params_table() -> str:
    """The parameter table of docs/model.md (markdown)."""
    lines = [
        "| name | value | unit | kind | range | source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for spec in load_specs().values():
        span = f"{_fmt(spec.range[0])}–{_fmt(spec.range[1])}" if spec.range else ""
        lines.append(
            f"| `{spec.name}` | {_fmt(spec.value)} | {spec.unit} | {spec.kind} | {span} | "
            f"{spec.source} |"
        )
    return "\n".join(lines)


def sensitivity(top: int = 3) -> list[tuple[str, float, list[tuple[str, float, float]]]]:
    """Per figure: its default value and the ``top`` parameters that move it most, each with
    the figure at the low and the high end of the parameter's range."""
    base = sensitivity_figures()
    effects: dict[str, list[tuple[str, float, float]]] = {name: [] for name in base}
    for spec in load_specs().values():
        if spec.range is None:
            continue
        low = sensitivity_figures({spec.name: spec.range[0]})
        high = sensitivity_figures({spec.name: spec.range[1]})
        for figure in base:
            effects[figure].append((spec.name, low[figure], high[figure]))
    rows = []
    for figure, value in base.items():
        ranked = sorted(effects[figure], key=lambda e: -abs(e[2] - e[1]))
        rows.append((figure, value, ranked[:top]))
    return rows


def sensitivity_table(top: int = 3) -> str:
    """The sensitivity table of docs/model.md (markdown)."""
    lines = [
        "| published figure | model | moved most by (figure at low … high end of the range) |",
        "| --- | --- | --- |",
    ]
    for figure, value, ranked in sensitivity(top):
        movers = "; ".join(f"`{name}` {_fmt(lo)} … {_fmt(hi)}" for name, lo, hi in ranked)
        lines.append(f"| {figure} | {_fmt(value)} | {movers} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """``params`` or ``sensitivity``; prints a markdown table."""
    what = argv[0] if argv else ""
    if what == "params":
        print(params_table())
    elif what == "sensitivity":
        print(sensitivity_table())
    else:
        print("usage: python -m loslaten.hormones.report params|sensitivity", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover - a tool
    raise SystemExit(main(sys.argv[1:]))
