"""A straight-line, scalar version of the integrator, generated from ``equations.rhs``.

For one person the right-hand side is evaluated on plain floats ~6,000 times per simulated day;
calling the general ``rhs`` (attribute look-ups on the parameter namespace, tuple unpacking,
list stores) costs a few microseconds per call. Here ``rhs`` is *traced* once per parameter set:
it is called with symbolic values that record every arithmetic operation, so the equations keep
one source of truth (``equations.rhs``). The recording becomes the body of a Python function in
which

* every parameter is a literal constant (multiplying by 1 and adding 0 are folded away);
* every state and every intermediate value used more than once is a local variable (no
  lists, no look-ups); one used once is written, in parentheses, into the expression that
  uses it (``_inline``: the same operations in the same order);
* everything that depends only on the inputs (``input_terms``) is computed once per stretch of
  constant inputs, outside the minute loop;
* the classical RK4 steps of a minute are unrolled, once for each number of substeps a
  stretch may take (``segment_substeps``, as in ``integrate.run_batch``).

The generated source is compiled with ``exec`` and cached per parameter set.
"""

from __future__ import annotations

import math
import re
from types import SimpleNamespace
from typing import Any

from .equations import N_STATES, QUANTITIES, Terms, rhs, substeps
from .events import MINUTES_PER_DAY

N_TERMS = len(Terms._fields)
N_OUT = len(QUANTITIES)


class _Tape:
    """Collects the lines of the traced computation, split by what they depend on."""

    def __init__(self) -> None:
        self.segment: list[str] = []  # depends on the inputs only
        self.stage: list[str] = []  # depends on the state or the drive
        self.count = 0
        self.seen: dict[str, Sym] = {}  # common subexpressions are computed once

    def emit(self, expr: str, level: int) -> Sym:
        if expr in self.seen:
            return self.seen[expr]
        self.count += 1
        name = f"v{self.count}"
        (self.stage if level else self.segment).append(f"{name} = {expr}")
        self.seen[expr] = sym = Sym(self, name, level)
        return sym


def _code(x: Any) -> str:
    if isinstance(x, Sym):
        return x.name
    value = float(x)
    if not math.isfinite(value):  # pragma: no cover - parameters are checked to be finite
        raise ValueError(f"cannot generate code for {value!r}")
    return repr(value)


def _level(x: Any) -> int:
    return x.level if isinstance(x, Sym) else -1


class Sym:
    """A symbolic float: arithmetic on it appends a line to the tape instead of computing.

    ``level`` is 0 for values that depend only on the inputs (hoisted out of the minute loop)
    and 1 for values that depend on the state or the circadian drive.
    """

    __slots__ = ("level", "name", "tape")

    def __init__(self, tape: _Tape, name: str, level: int) -> None:
        self.tape, self.name, self.level = tape, name, level

    def _op(self, a: Any, op: str, b: Any) -> Any:
        level = max(_level(a), _level(b))
        return self.tape.emit(f"{_code(a)} {op} {_code(b)}", level)

    def __add__(self, o: Any) -> Any:
        return self if _is(o, 0.0) else self._op(self, "+", o)

    def __radd__(self, o: Any) -> Any:
        return self if _is(o, 0.0) else self._op(o, "+", self)

    def __sub__(self, o: Any) -> Any:
        return self if _is(o, 0.0) else self._op(self, "-", o)

    def __rsub__(self, o: Any) -> Any:
        return self._op(o, "-", self)

    def __mul__(self, o: Any) -> Any:
        return self if _is(o, 1.0) else self._op(self, "*", o)

    def __rmul__(self, o: Any) -> Any:
        return self if _is(o, 1.0) else self._op(o, "*", self)

    def __truediv__(self, o: Any) -> Any:
        return self if _is(o, 1.0) else self._op(self, "/", o)

    def __rtruediv__(self, o: Any) -> Any:
        return self._op(o, "/", self)

    def __pow__(self, o: Any) -> Any:
        return self if _is(o, 1.0) else self._op(self, "**", o)

    def __neg__(self) -> Any:
        return self.tape.emit(f"-{self.name}", self.level)


def _is(x: Any, value: float) -> bool:
    return not isinstance(x, Sym) and float(x) == value


def _maximum(a: Any, b: Any) -> Any:
    if not isinstance(a, Sym) and not isinstance(b, Sym):
        return max(a, b)
    tape = a.tape if isinstance(a, Sym) else b.tape
    ca, cb = _code(a), _code(b)
    return tape.emit(f"{ca} if {ca} > {cb} else {cb}", max(_level(a), _level(b)))


def _exp(a: Any) -> Any:
    if not isinstance(a, Sym):
        return math.exp(a)
    return a.tape.emit(f"_exp({a.name})", a.level)


TRACE_OPS = SimpleNamespace(exp=_exp, maximum=_maximum)


def _trace(q: SimpleNamespace) -> tuple[list[str], list[str], list[str], set[str]]:
    """Trace ``rhs`` once: (segment lines, stage lines, the derivative expressions).

    In the stage lines the state is ``y0..y9`` and the drive ``d``; the inputs are ``T0..T10``.
    """
    tape = _Tape()
    ys = [Sym(tape, f"y{i}", 1) for i in range(N_STATES)]
    drive = Sym(tape, "d", 1)
    terms = Terms(*(Sym(tape, f"T{i}", 0) for i in range(N_TERMS)))
    out: list[Any] = [None] * N_STATES
    rhs(ys, drive, terms, q, TRACE_OPS, out)
    stage, derivs = _inline(tape.stage, [_code(x) for x in out])
    stage_names = {line.split(" ", 1)[0] for line in stage}
    return tape.segment, stage, derivs, stage_names


#: A name in generated code (not the exponent of a number such as ``1e-05``).
_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*")


def _inline(stage: list[str], derivs: list[str]) -> tuple[list[str], list[str]]:
    """Write each intermediate value that is used once into the expression that uses it, in
    parentheses: the same operations in the same order (the same bits), without storing and
    loading a local variable for each of them (about a third of the work of a stage)."""
    uses: dict[str, int] = {}
    for expr in [line.split(" = ", 1)[1] for line in stage] + derivs:
        for name in _NAME.findall(expr):
            uses[name] = uses.get(name, 0) + 1
    inlined: dict[str, str] = {}

    def substitute(expr: str) -> str:
        return _NAME.sub(lambda m: inlined.get(m[0], m[0]), expr)

    lines = []
    for line in stage:
        name, expr = line.split(" = ", 1)
        expr = substitute(expr)
        if uses.get(name) == 1:
            inlined[name] = f"({expr})"
        else:
            lines.append(f"{name} = {expr}")
    return lines, [substitute(expr) for expr in derivs]


def _stage(
    lines: list[str], derivs: list[str], names: set[str], state: list[str], d: str, k: str
) -> list[str]:
    """One right-hand-side evaluation with renamed variables (``k`` names the stage)."""
    rename = {f"y{i}": state[i] for i in range(N_STATES)}
    rename["d"] = d
    rename.update({name: f"{name}{k}" for name in names})
    out = []
    for line in lines:
        out.append(_rename(line, rename))
    for i, expr in enumerate(derivs):
        out.append(f"{k}{i} = {_rename(expr, rename)}")
    return out


def _rename(text: str, rename: dict[str, str]) -> str:
    return _NAME.sub(lambda m: rename.get(m[0], m[0]), text)


def _minute(
    stage: list[str], derivs: list[str], names: set[str], nsub: int, stride: int
) -> list[str]:
    """The lines of one minute: ``nsub`` classical RK4 steps, reading the drive table (made
    for ``nsub * stride`` substeps) at every ``stride``-th stage time."""
    h = 1.0 / nsub
    y = [f"y{i}" for i in range(N_STATES)]
    lines: list[str] = []
    for _ in range(nsub):
        lines += [
            "d0 = drive[j]",
            f"d1 = drive[j + {stride}]",
            f"d2 = drive[j + {2 * stride}]",
            f"j += {2 * stride}",
        ]
        lines += _stage(stage, derivs, names, y, "d0", "a")
        za = [f"za{i}" for i in range(N_STATES)]
        lines += [f"za{i} = y{i} + {0.5 * h!r} * a{i}" for i in range(N_STATES)]
        lines += _stage(stage, derivs, names, za, "d1", "b")
        zb = [f"zb{i}" for i in range(N_STATES)]
        lines += [f"zb{i} = y{i} + {0.5 * h!r} * b{i}" for i in range(N_STATES)]
        lines += _stage(stage, derivs, names, zb, "d1", "c")
        zc = [f"zc{i}" for i in range(N_STATES)]
        lines += [f"zc{i} = y{i} + {h!r} * c{i}" for i in range(N_STATES)]
        lines += _stage(stage, derivs, names, zc, "d2", "e")
        lines += [
            f"y{i} = y{i} + {h / 6.0!r} * (a{i} + 2.0 * (b{i} + c{i}) + e{i})"
            for i in range(N_STATES)
        ]
    lines.append(f"append(({', '.join(y)}))")
    return lines


def generate_source(q: SimpleNamespace) -> str:
    """Python source of ``run(y, segments, drive, record)`` for the parameters ``q``.

    ``segments`` is a sequence of ``(first_minute, end_minute, terms, nsub)`` with ``terms``
    the input terms (``Terms``) of that stretch and ``nsub`` its RK4 substeps per minute (a
    divisor of ``substeps(q)``: ``equations.segment_substeps``); ``drive`` holds the
    circadian drive at every RK4 stage time of one day at ``substeps(q)`` substeps (index
    ``2 * (minute_of_day * substeps(q) + substep)``; a segment never crosses midnight); the
    full state after each minute is appended to ``record``. Returns the final state
    (``N_STATES`` floats).
    """
    segment, stage, derivs, names = _trace(q)
    most = substeps(q)
    y = [f"y{i}" for i in range(N_STATES)]
    body = [
        "def run(y, segments, drive, record):",
        f"    {', '.join(y)}, = y",
        "    append = record.append",
        "    for first, end, terms, nsub in segments:",
        f"        {', '.join(f'T{i}' for i in range(N_TERMS))}, = terms",
    ]
    body += [f"        {line}" for line in segment]
    body.append(f"        j = {2 * most} * (first % {MINUTES_PER_DAY})")
    # One unrolled loop per number of substeps a stretch may take (the divisors of ``most``).
    choices = [n for n in range(1, most + 1) if most % n == 0]
    pad = " " * (12 if len(choices) > 1 else 8)
    for i, nsub in enumerate(choices):
        if len(choices) > 1:
            test = "else" if nsub == most else f"{'elif' if i else 'if'} nsub == {nsub}"
            body.append(f"        {test}:")
        body.append(f"{pad}for _ in range(first, end):")
        minute = _minute(stage, derivs, names, nsub, most // nsub)
        body += [f"{pad}    {line}" for line in minute]
    body.append(f"    return [{', '.join(y)}]")
    return "\n".join(body) + "\n"


_CACHE: dict[tuple, Any] = {}


def compiled_run(q: SimpleNamespace) -> Any:
    """The generated ``run`` function for the (scalar) parameters ``q``, compiled once."""
    key = tuple(sorted((k, float(v)) for k, v in vars(q).items()))
    fn = _CACHE.get(key)
    if fn is None:
        namespace: dict[str, Any] = {"_exp": math.exp}
        # The source is generated here from the traced equations, never from user input.
        code = compile(generate_source(q), "<loslaten.hormones.codegen>", "exec")
        exec(code, namespace)  # noqa: S102
        fn = namespace["run"]
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = fn
    return fn
