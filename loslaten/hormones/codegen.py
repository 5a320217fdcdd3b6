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

The same tape gives the uncertainty band's coarse ensemble its steps (``CoarseStep``, for
``integrate.run_batch_coarse``): NumPy code on ``(14, n)`` arrays in which each traced
operation is one ufunc call into a buffer allocated once per run, and what depends on
parameters alone was computed while tracing. Each number is computed by the same operations
in the same order as ``rhs`` on arrays computes it: the same results to rounding (bit for
bit, as measured).
"""

from __future__ import annotations

import math
import re
from types import SimpleNamespace
from typing import Any

import numpy as np

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
        # The same lines as operations, ``(name, op, operands)``, for the NumPy generator.
        self.ops: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        # Parameters that are arrays (one value per member of a batch), by name in the code.
        self.arrays: dict[str, np.ndarray] = {}

    def emit(self, op: str, args: tuple[Any, ...], level: int) -> Sym:
        codes = tuple(_code(a, self) for a in args)
        expr = _FORMS[op].format(*codes)
        if expr in self.seen:
            return self.seen[expr]
        self.count += 1
        name = f"v{self.count}"
        (self.stage if level else self.segment).append(f"{name} = {expr}")
        self.ops[name] = (name, op, codes)
        self.seen[expr] = sym = Sym(self, name, level)
        return sym

    def constant(self, value: np.ndarray) -> str:
        """The name of an array parameter (or of a value computed from parameters only)."""
        for name, known in self.arrays.items():
            if known is value:
                return name
        name = f"c{len(self.arrays)}"
        self.arrays[name] = value
        return name


#: How each operation reads in the generated scalar code.
_FORMS = {
    "+": "{} + {}",
    "-": "{} - {}",
    "*": "{} * {}",
    "/": "{} / {}",
    "**": "{} ** {}",
    "neg": "-{}",
    "exp": "_exp({})",
    "max": "{0} if {0} > {1} else {1}",
}


def _code(x: Any, tape: _Tape) -> str:
    if isinstance(x, Sym):
        return x.name
    if np.ndim(x):
        return tape.constant(x)
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
    # An array parameter on the left of an operator leaves the operation to ``Sym``.
    __array_ufunc__ = None

    def __init__(self, tape: _Tape, name: str, level: int) -> None:
        self.tape, self.name, self.level = tape, name, level

    def _op(self, a: Any, op: str, b: Any) -> Any:
        return self.tape.emit(op, (a, b), max(_level(a), _level(b)))

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
        return self.tape.emit("neg", (self,), self.level)


def _is(x: Any, value: float) -> bool:
    return not isinstance(x, Sym) and not np.ndim(x) and float(x) == value


def _maximum(a: Any, b: Any) -> Any:
    if not isinstance(a, Sym) and not isinstance(b, Sym):
        return np.maximum(a, b) if np.ndim(a) or np.ndim(b) else max(a, b)
    tape = a.tape if isinstance(a, Sym) else b.tape
    return tape.emit("max", (a, b), max(_level(a), _level(b)))


def _exp(a: Any) -> Any:
    if not isinstance(a, Sym):
        return np.exp(a) if np.ndim(a) else math.exp(a)
    return a.tape.emit("exp", (a,), a.level)


TRACE_OPS = SimpleNamespace(exp=_exp, maximum=_maximum)


def _trace(q: SimpleNamespace) -> tuple[list[str], list[str], list[str], set[str]]:
    """Trace ``rhs`` once: (segment lines, stage lines, the derivative expressions).

    In the stage lines the state is ``y0..y9`` and the drive ``d``; the inputs are ``T0..T10``.
    """
    tape, derivs = _record(q)
    stage, derivs = _inline(tape.stage, derivs)
    stage_names = {line.split(" ", 1)[0] for line in stage}
    return tape.segment, stage, derivs, stage_names


def _record(q: SimpleNamespace) -> tuple[_Tape, list[str]]:
    """Call ``rhs`` on symbols: the tape of its operations and the derivatives' codes."""
    tape = _Tape()
    ys = [Sym(tape, f"y{i}", 1) for i in range(N_STATES)]
    drive = Sym(tape, "d", 1)
    terms = Terms(*(Sym(tape, f"T{i}", 0) for i in range(N_TERMS)))
    out: list[Any] = [None] * N_STATES
    rhs(ys, drive, terms, q, TRACE_OPS, out)
    return tape, [_code(x, tape) for x in out]


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


# The batch version: the coarse ensemble's Heun steps on NumPy arrays (``run_batch_coarse``).
# An operation on 65 draws costs NumPy about what it costs on one number (~0.5 us to call), so
# a step costs what its calls cost: the generated code makes as few as the equations allow.

_UFUNCS = {
    "+": "_add",
    "-": "_sub",
    "*": "_mul",
    "/": "_div",
    "**": "_pow",
    "neg": "_neg",
    "exp": "_exp",
    "max": "_max",
}
_UFUNC_OBJECTS = {
    "_add": np.add,
    "_sub": np.subtract,
    "_mul": np.multiply,
    "_div": np.true_divide,
    "_pow": np.power,
    "_neg": np.negative,
    "_exp": np.exp,
    "_max": np.maximum,
}


class CoarseStep:
    """The coarse ensemble's steps for one batch of parameters, generated from ``rhs``.

    ``table(terms, drive)`` lays out what a step reads (the input terms and the drive of every
    step, and what is computed from them alone) as one ``(steps, rows, n)`` array;
    ``run(y, out, table, weight, half, kept)`` takes the steps in place on ``y``, writing
    ``y[:kept]`` after step ``i`` to ``out[i + 1]``.
    """

    def __init__(self, q: SimpleNamespace) -> None:
        tape, derivs = _record(q)
        self.arrays = tape.arrays
        stage = [tape.ops[line.split(" ", 1)[0]] for line in tape.stage]
        self.segment = [tape.ops[line.split(" ", 1)[0]] for line in tape.segment]
        read = {a for _, _, args in stage for a in args} | set(derivs)
        # Per step: the input terms and the drive that the stage reads, and the values that
        # depend on the inputs only (computed for every step at once).
        self.rows = [f"T{i}" for i in range(N_TERMS) if f"T{i}" in read]
        self.rows += ["d"] + [name for name, _, _ in self.segment if name in read]
        source = _batch_source(stage, derivs, self.rows, sorted(self.arrays))
        namespace: dict[str, Any] = dict(_UFUNC_OBJECTS)
        namespace.update(_arrays=tuple(self.arrays[k] for k in sorted(self.arrays)), np=np)
        # The source is generated here from the traced equations, never from user input.
        exec(compile(source, "<loslaten.hormones.codegen coarse>", "exec"), namespace)  # noqa: S102
        self.run = namespace["run"]
        self.source = source
        #: What a run works out once per parameter set (``integrate._coarse_drive``).
        self.memo: dict[tuple, np.ndarray] = {}

    def table(self, terms: Terms, drive: np.ndarray) -> np.ndarray:
        """What step ``i`` reads, ``(steps, rows, n)``; ``terms`` and ``drive`` broadcast to
        ``(steps, n)``."""
        values: dict[str, Any] = {f"T{i}": t for i, t in enumerate(terms)}
        values.update(self.arrays)
        values["d"] = drive
        for name, op, args in self.segment:
            operands = [values[a] if a in values else float(a) for a in args]
            values[name] = _UFUNC_OBJECTS[_UFUNCS[op]](*operands)
        steps, n = drive.shape
        table = np.empty((steps, len(self.rows), n))
        for j, name in enumerate(self.rows):
            table[:, j] = values[name]
        return table


def _batch_source(
    stage: list[tuple[str, str, tuple[str, ...]]],
    derivs: list[str],
    rows: list[str],
    arrays: list[str],
) -> str:
    """Python source of ``CoarseStep.run``: two right-hand sides and Heun's step, per step."""
    ops = {name: (name, op, args) for name, op, args in stage}
    read = {a for _, _, args in stage for a in args}
    # Most derivatives end ``rate * X`` (``k * (production - X)``): each X is written to its
    # row of one array and a single multiplication by the rates gives them all. The other
    # derivatives are written to their rows after it.
    scaled: dict[int, tuple[str, str]] = {}
    for i, expr in enumerate(derivs):
        if expr not in ops or expr in read or derivs.count(expr) > 1 or ops[expr][1] != "*":
            continue
        a, b = ops[expr][2]
        rate, x = (b, a) if _is_constant(b) else (a, b)
        if _is_constant(rate) and x in ops and x not in derivs:
            if all(x != other for _, other in scaled.values()):
                scaled[i] = (rate, x)
    last = {i: expr for i, expr in enumerate(derivs) if i not in scaled}
    # A derivative's own last operation writes straight into its row of ``K1``/``K2``.
    target: dict[str, int] = {}
    for i, expr in last.items():
        if expr in ops and expr not in read and expr not in target:
            target[expr] = i
    skip = {derivs[i] for i in scaled} | set(target)
    placed = {x: f"x{i}" for i, (_, x) in scaled.items()}
    buffers = [n for n in ops if n not in skip and n not in placed]

    # Numbers become arrays of the batch's width once: a Python float costs NumPy a
    # conversion on every call.
    literals: dict[str, str] = {}
    for _, _, args in stage:
        for a in args:
            if _is_constant(a) and a[0] != "c" and a not in literals:
                literals[a] = f"s{len(literals)}"

    def call(op: str, args: list[str], result: str) -> str:
        # ``out=`` by keyword for np.maximum (it warns, slowly, about a third positional one).
        out = f"out={result}" if op == "max" else result
        return f"{_UFUNCS[op]}({', '.join(args)}, {out})"

    def lines(state: str, k: str, K: str) -> list[str]:
        rename = {f"y{i}": f"{state.lower()}{i}" for i in range(N_STATES)}
        rename.update({name: f"{k}{i}" for name, i in target.items()})
        rename.update(placed)
        rename.update(literals)
        out = []
        for name, op, args in stage:
            if name not in skip:
                out.append(call(op, [rename.get(a, a) for a in args], rename.get(name, name)))
        if scaled:
            out.append(f"_mul(R, XD, {K})")
        for name in target:
            _, op, args = ops[name]
            out.append(call(op, [rename.get(a, a) for a in args], rename[name]))
        for i, expr in last.items():
            if target.get(expr) != i:
                out.append(f"np.copyto({k}{i}, {rename.get(expr, expr)})")
        return out

    def unpack(prefix: str, count: int) -> str:
        return ", ".join(f"{prefix}{i}" for i in range(count)) + ","

    body = [
        "def run(Y, out, table, weight, half, kept):",
        "    n = Y.shape[1]",
        "    Z, K1, K2 = np.empty_like(Y), np.empty_like(Y), np.empty_like(Y)",
        f"    {unpack('y', N_STATES)} = Y",
        f"    {unpack('z', N_STATES)} = Z",
        f"    {unpack('a', N_STATES)} = K1",
        f"    {unpack('b', N_STATES)} = K2",
        f"    {', '.join(buffers)}, = np.empty(({len(buffers)}, n))",
        "    record = Y[:kept]",
        # Rows of the scaled derivatives that are not written stay 0 (so does their product).
        f"    R, XD = np.zeros(({N_STATES}, n)), np.zeros(({N_STATES}, n))",
        f"    {unpack('x', N_STATES)} = XD",
    ]
    body += [f"    {name} = np.full(n, {value})" for value, name in literals.items()]
    if arrays:
        body.append(f"    {', '.join(arrays)}, = _arrays")
    body += [f"    R[{i}] = {rate}" for i, (rate, _) in scaled.items()]
    inner = lines("Y", "a", "K1")
    inner += ["_mul(weight, K1, Z)", "_add(Y, Z, Z)"]
    inner += lines("Z", "b", "K2")
    inner += ["_add(K1, K2, K1)", "_mul(half, K1, K1)", "_add(Y, K1, Y)", "out[i + 1] = record"]
    body += [
        "    for i in range(len(table)):",
        f"        {', '.join(rows)}, = table[i]",
    ]
    # Heun's predictor-corrector on the exponential weights, as in ``run_batch_coarse``.
    body += [f"        {line}" for line in inner]
    return "\n".join(body) + "\n"


def _is_constant(code: str) -> bool:
    """Whether a name in the traced code is a parameter (a literal or an array ``c*``)."""
    return code[0] not in "vyTd"


_COARSE_CACHE: dict[tuple, CoarseStep] = {}


def coarse_step(q: SimpleNamespace) -> CoarseStep:
    """The generated ``CoarseStep`` for the (batch) parameters ``q``, made once."""
    key = tuple(
        (k, v.tobytes() if isinstance(v, np.ndarray) else float(v))
        for k, v in sorted(vars(q).items())
    )
    step = _COARSE_CACHE.get(key)
    if step is None:
        if len(_COARSE_CACHE) >= 16:
            _COARSE_CACHE.clear()
        step = _COARSE_CACHE[key] = CoarseStep(q)
    return step
