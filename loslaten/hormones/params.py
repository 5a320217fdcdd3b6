"""Loading and validating the model parameters from ``params.toml``.

All parameters live in one data file so that every number in the model has a unit, a source and
an honest label (``literature``, ``fitted`` or ``invented``). Code never hard-codes a parameter.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

PARAMS_FILE = Path(__file__).with_name("params.toml")
KINDS = ("literature", "fitted", "invented")

# Parameters that must be strictly positive (division by them, or half-lives).
_STRICTLY_POSITIVE_SUFFIXES = ("_half_life_min", "_halfmax")
# Parameters that must lie in [0, 1].
_UNIT_INTERVAL = ("adrenaline_calm_damping", "circadian_floor")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter as described in the data file."""

    name: str
    value: float
    unit: str
    kind: str
    source: str
    description: str
    #: Plausible range ``(low, high)`` for the uncertainty ensemble, or ``None`` (held fixed).
    range: tuple[float, float] | None = None


@cache
def load_specs(path: Path = PARAMS_FILE) -> dict[str, ParamSpec]:
    """Read and check the parameter file; returns ``{name: ParamSpec}`` in file order."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    specs: dict[str, ParamSpec] = {}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise ValueError(f"params.toml: {name}: expected a table")
        missing = {"value", "unit", "kind", "source", "description"} - set(table)
        if missing:
            raise ValueError(f"params.toml: {name}: missing {', '.join(sorted(missing))}")
        if table["kind"] not in KINDS:
            raise ValueError(f"params.toml: {name}: kind must be one of {', '.join(KINDS)}")
        value = float(table["value"])
        _check_value(name, value)
        plausible = None
        if "range" in table:
            low, high = (float(x) for x in table["range"])
            if not low <= value <= high:
                raise ValueError(f"params.toml: {name}: value outside its range")
            _check_value(name, low)
            plausible = (low, high)
        specs[name] = ParamSpec(
            name=name,
            value=value,
            unit=str(table["unit"]),
            kind=str(table["kind"]),
            source=str(table["source"]),
            description=str(table["description"]),
            range=plausible,
        )
    return specs


def _check_value(name: str, value: Any) -> None:
    """Raise ``ValueError`` naming the parameter when a value is not allowed."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"params: {name} must be a finite number")
    if name.endswith(_STRICTLY_POSITIVE_SUFFIXES) and not np.all(arr > 0):
        raise ValueError(f"params: {name} must be > 0")
    if np.any(arr < 0):
        raise ValueError(f"params: {name} must be >= 0")
    if name in _UNIT_INTERVAL and np.any(arr > 1):
        raise ValueError(f"params: {name} must be between 0 and 1")


class Params:
    """The parameter values used by one simulation.

    Values are plain floats for one person; for a batch (``simulate_many``) a value may be a
    NumPy array of shape ``(n,)`` (one value per person), which then broadcasts through the
    equations. Access values as attributes: ``p.cortisol_half_life_min``.
    """

    __slots__ = ("_values",)

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        specs = load_specs()
        values: dict[str, Any] = {name: spec.value for name, spec in specs.items()}
        for name, value in (overrides or {}).items():
            if name not in specs:
                raise ValueError(f"params: unknown parameter {name!r}")
            try:
                arr = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                raise ValueError(f"params: {name} must be a number") from None
            if arr.ndim > 1:
                raise ValueError(f"params: {name} must be a number or a 1-D array")
            _check_value(name, arr)
            values[name] = float(arr) if arr.ndim == 0 else arr
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Params is read-only; pass overrides to the constructor")

    def as_dict(self) -> dict[str, Any]:
        """All values by name (floats, or arrays for a batch)."""
        return dict(self._values)

    def is_batch(self) -> bool:
        """True when any value is a per-person array."""
        return any(isinstance(v, np.ndarray) for v in self._values.values())

    def key(self) -> tuple:
        """A hashable key of the values, for caching the periodic start state."""
        return tuple(
            (k, v.tobytes() if isinstance(v, np.ndarray) else v) for k, v in self._values.items()
        )

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._values.items() if not _same(v, load_specs()[k].value)}
        return f"Params({changed!r})"


def _same(a: Any, b: float) -> bool:
    return not isinstance(a, np.ndarray) and math.isclose(a, b)


def as_params(params: Params | Mapping[str, Any] | None) -> Params:
    """Accept a ``Params``, a dict of overrides or ``None`` (defaults)."""
    if isinstance(params, Params):
        return params
    if params is not None and not isinstance(params, Mapping):
        raise ValueError("params: expected a dict of parameter overrides")
    return Params(params)
