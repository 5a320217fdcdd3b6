"""The model's equations, in one place.

Everything here works on plain floats (one person, the fast path) and on NumPy arrays of shape
``(n,)`` (many people at once) alike: only arithmetic is used directly, and the two non-arithmetic
operations (``exp`` and an element-wise ``maximum``) come from an ``ops`` namespace, so that the
scalar path can use the ``math`` module (much faster for single numbers) and the batch path NumPy.

State (all relative to the person's own baseline; baseline = 1 except the hidden states):

====  =================  =================================================================
 0    crh                corticotropin-releasing hormone (hypothalamus)
 1    acth               adrenocorticotropic hormone (pituitary)
 2    cortisol           cortisol (adrenal cortex)
 3    adrenaline         adrenaline (adrenal medulla)
 4    oxytocin           oxytocin
 5    dopamine           dopamine tone (educational)
 6    serotonin          serotonin tone (educational)
 7    tension            bodily holding-on (educational)
 8    load               hidden: survival-mode load accumulated from chronic tension (baseline 0)
 9    tolerance          hidden: reward tolerance built up by chasing stimulation (baseline 0)
10    stressor_memory    hidden: how long the current stressor has already lasted (minutes
                         scale; baseline 0); the burst of a stressor fades as it is remembered
11    habituation        hidden: habituation to a repeated stressor (days; baseline 0, max 1)
12    adrenal_capacity   hidden: slow adaptation of the adrenal cortex under sustained strain
                         (days; baseline 1), in the spirit of Karin et al.'s gland masses
13    sleep_onset        hidden: follows "asleep" over hours; the gap between the two is the
                         suppression of cortisol secretion after sleep onset (Weitzman 1983)
====  =================  =================================================================

See docs/model.md for the equations in mathematical notation.
"""

from __future__ import annotations

import functools
import math
from types import SimpleNamespace
from typing import Any, NamedTuple

import numpy as np

from .events import MINUTES_PER_DAY
from .params import Params

STATE_NAMES: tuple[str, ...] = (
    "crh",
    "acth",
    "cortisol",
    "adrenaline",
    "oxytocin",
    "dopamine",
    "serotonin",
    "tension",
    "load",
    "tolerance",
    "stressor_memory",
    "habituation",
    "adrenal_capacity",
    "sleep_onset",
)
#: The quantities reported in a trajectory (the hidden states are left out).
QUANTITIES: tuple[str, ...] = STATE_NAMES[:8]
N_STATES = len(STATE_NAMES)

LN2 = math.log(2.0)

FLOAT_OPS = SimpleNamespace(exp=math.exp, maximum=max)
ARRAY_OPS = SimpleNamespace(exp=np.exp, maximum=np.maximum)

# Largest rate x step for which the fixed-step RK4 stays accurate to ~1e-5 per step.
MAX_RATE_TIMES_STEP = 0.4

_RATES = {
    "k_crh": "crh_half_life_min",
    "k_acth": "acth_half_life_min",
    "k_cort": "cortisol_half_life_min",
    "k_adr": "adrenaline_half_life_min",
    "k_oxy": "oxytocin_half_life_min",
    "k_dop": "dopamine_half_life_min",
    "k_ser": "serotonin_half_life_min",
    "k_ten": "tension_half_life_min",
    "k_load": "load_half_life_min",
    "k_tol": "tolerance_half_life_min",
    "k_mem": "stressor_memory_half_life_min",
    "k_hab": "habituation_half_life_min",
    "k_adapt": "adrenal_adaptation_half_life_min",
    "k_sleep": "sleep_onset_half_life_min",
}


def prepare(p: Params) -> SimpleNamespace:
    """Derived constants: clearance rates from half-lives and the circadian normalisation.

    Returns a namespace with every parameter plus ``k_*`` rates (per minute) and
    ``drive_norm``; values stay floats for one person and arrays for a batch.
    """
    q = SimpleNamespace(**p.as_dict())
    for rate, half_life in _RATES.items():
        setattr(q, rate, LN2 / getattr(q, half_life))
    # Normalise the circadian drive so that its 24-hour mean (at the body clock's own wake
    # time, without sleep-onset suppression) equals ``circadian_drive_scale``.
    grid = np.arange(0, MINUTES_PER_DAY, 0.25)
    batch = any(isinstance(v, np.ndarray) for v in vars(q).values())
    q.drive_norm = 1.0
    ref = q.body_clock_wake_min
    raw = circadian_bracket(grid[:, None] if batch else grid, ref, q, ARRAY_OPS)
    norm = q.circadian_drive_scale / np.mean(raw, axis=0)
    q.drive_norm = norm if batch else float(norm)
    return q


def max_rate(q: SimpleNamespace) -> float:
    """The fastest rate (per minute) in the system, for choosing the RK4 substeps."""
    rates = [getattr(q, rate) for rate in _RATES]
    # Rates that grow with the inputs, at the largest (saturated) summed input of 6.
    rates.append(q.k_ten + q.relief_max_rate_per_min + q.tension_rise_hold_per_min * 6.0)
    rates.append(q.k_hab + q.habituation_rate_per_min * 6.0)
    return float(max(np.max(r) for r in rates))


def substeps(q: SimpleNamespace) -> int:
    """Number of RK4 substeps per minute so that rate x step <= ``MAX_RATE_TIMES_STEP`` at
    any input: the most a minute ever takes (``segment_substeps`` takes fewer when the
    inputs are quiet)."""
    return max(1, math.ceil(max_rate(q) / MAX_RATE_TIMES_STEP))


def segment_rate(t: Terms, q: SimpleNamespace, ops: SimpleNamespace = ARRAY_OPS) -> Any:
    """The fastest rate (per minute) under the inputs ``t`` (``Terms``: floats, or arrays
    over people): the clearance rates, and the rates that grow with the inputs as in
    ``max_rate``, at these inputs instead of saturated ones. The calming of raised oxytocin
    is counted at the level these inputs raise it to (its four-minute half-life carries
    some of it into the minutes after a connection: see docs/model.md, Numerics)."""
    mx = ops.maximum
    fixed = functools.reduce(mx, (getattr(q, rate) for rate in _RATES))
    oxytocin = q.relief_weight_oxytocin * mx(q.production_switch * t.oxytocin_in - 1.0, 0.0)
    calm_total = t.calming + oxytocin
    tension = q.k_ten + q.relief_max_rate_per_min * calm_total / (1.0 + calm_total)
    tension = tension + t.tension_rise
    habituation = q.k_hab + q.habituation_rate_per_min * t.hold
    return mx(mx(tension, habituation), fixed)


def segment_substeps(t: Terms, q: SimpleNamespace, most: int | None = None) -> Any:
    """RK4 substeps per minute under the inputs ``t``: the fewest that keep
    ``segment_rate`` x step <= ``MAX_RATE_TIMES_STEP``, rounded up to a divisor of ``most``
    (default ``substeps(q)``; one table of the drive at the finest stage times serves all).
    An int for float inputs, an array of ints for arrays."""
    most = substeps(q) if most is None else most
    divisors = [d for d in range(1, most) if most % d == 0]
    if not isinstance(t.hold, np.ndarray):
        need = segment_rate(t, q, FLOAT_OPS) / MAX_RATE_TIMES_STEP
        return next((d for d in divisors if need <= d), most)
    need = segment_rate(t, q) / MAX_RATE_TIMES_STEP
    n = np.full(np.shape(need), most)
    for divisor in reversed(divisors):
        n = np.where(need <= divisor, divisor, n)
    return n


def clock_offset(wake_min: Any, q: SimpleNamespace) -> Any:
    """How far (minutes, -660..780) the wake time lies from the body clock's usual wake time."""
    return (wake_min - q.body_clock_wake_min + 660.0) % MINUTES_PER_DAY - 660.0


def circadian_bracket(t: Any, wake_min: Any, q: SimpleNamespace, ops: SimpleNamespace) -> Any:
    """The circadian drive before sleep-onset suppression (see ``circadian_drive``)."""
    day = MINUTES_PER_DAY
    offset = clock_offset(wake_min, q)
    # The body clock follows a shifted wake time only partly (its own phase).
    clock_wake = q.body_clock_wake_min + q.body_clock_shift_fraction * offset
    s = (t - clock_wake + q.circadian_lead_min) % day
    k = q.circadian_rise_exponent
    el = q.circadian_fall_exponent
    rise = s**k / (s**k + q.circadian_rise_min**k)
    rest = day - s
    fall = rest**el / (rest**el + q.circadian_fall_min**el)
    # The awakening response is gated by the clock: full near the clock's usual wake time,
    # down to ``awakening_gate_floor`` far from it.
    mismatch = (wake_min - clock_wake) / q.awakening_gate_width_min
    gate = q.awakening_gate_floor + (1.0 - q.awakening_gate_floor) * ops.exp(-mismatch * mismatch)
    x = ((t - wake_min) % day) / q.awakening_drive_time_min
    awakening = gate * q.awakening_drive_amplitude * x * ops.exp(1.0 - x)
    return q.drive_norm * (rise * fall + q.circadian_floor + awakening)


def circadian_drive(t: Any, wake_min: Any, q: SimpleNamespace, ops: SimpleNamespace) -> Any:
    """Circadian drive to CRH release at minute ``t`` (>= 0) for a person waking at ``wake_min``.

    The daily shape is the circadian function of Bangsgaard & Ottesen (2017),

        c(s) = s^k/(s^k + alpha^k) * (T - s)^l/((T - s)^l + beta^l) + eps,   T = 1440 min,

    with ``s`` the time since the drive's own zero, placed ``circadian_lead_min`` before the
    body clock's wake time. The body clock follows a shifted wake time only by
    ``body_clock_shift_fraction``. On top sits the awakening drive behind the cortisol
    awakening response (Clow et al. 2004), an alpha function of the time since waking, gated
    by how well the wake time matches the clock. The whole is scaled so that its 24-hour mean
    is ``circadian_drive_scale``.
    """
    return circadian_bracket(t, wake_min, q, ops)


class Terms(NamedTuple):
    """The inputs' share of the right-hand side over a stretch of minutes (see input_terms).

    Each is a float, or an array over minutes or over people. Inputs are constant within a
    minute, so these are computed once per stretch, not once per RK4 stage.
    """

    hold: Any  # effective intensity of holding on (overlapping events saturate)
    sustained: Any  # everyday (sustained) drive to CRH from holding on, suppressing, chasing
    sympathetic: Any  # extra sympathetic drive from the events (0 at rest)
    calming: Any  # summed calming weight of this minute's letting-go events
    tension_rise: Any  # how fast holding on raises tension, per minute
    relax_scale: Any  # the share of its own relaxing the body is allowed (suppressing lowers it)
    oxytocin_in: Any  # oxytocin production (1 at rest)
    dopamine_in: Any  # dopamine reward drive (1 at rest)
    serotonin_in: Any  # serotonin production (1 at rest)
    tolerance_in: Any  # reward tolerance built up by chasing
    tension_set: Any  # the level tension relaxes to (lower in sleep)
    asleep: Any  # 1 asleep, 0 awake


def saturate_sum(u: Any, cap: float) -> Any:
    """Summed intensity of overlapping events: unchanged up to ``cap``, then saturating
    smoothly towards ``2 * cap`` (ten overlapping events are not ten times one)."""
    excess = np.maximum(u - cap, 0.0)
    return u - excess + excess / (1.0 + excess / cap)


def input_terms(u: Any, asleep: Any, q: SimpleNamespace) -> Terms:
    """The parts of the right-hand side that depend only on the inputs of one minute.

    ``u`` holds one row per event kind (``EVENT_KINDS`` order), each a float, an array over
    minutes or an array over people; ``asleep`` is 1 during sleep and 0 when awake. Computing
    these once per minute (inputs are piecewise constant per minute) keeps the inner loop short.
    """
    cap = q.input_sum_cap
    hold, suppress, exhale, breathe, complete, connect, accept, chase = (
        saturate_sum(x, cap) for x in u
    )
    sustained = (
        q.hpa_gain_hold_sustained * hold + q.hpa_gain_suppress * suppress + q.hpa_gain_chase * chase
    )
    sympathetic = (
        q.adrenaline_gain_hold * hold
        + q.adrenaline_gain_suppress * suppress
        + q.adrenaline_gain_chase * chase
    )
    calming = (
        q.relief_weight_exhale * exhale
        + q.relief_weight_breathe * breathe
        + q.relief_weight_accept * accept
        + q.relief_weight_complete * complete
        + q.relief_weight_connect * connect
    )
    tension_rise = (
        q.tension_rise_hold_per_min * hold
        + q.tension_rise_suppress_per_min * suppress
        + q.tension_rise_chase_per_min * chase
    )
    # Suppressing keeps the body from letting go on its own.
    relax_scale = 1.0 / (1.0 + q.suppress_relaxation_block * suppress)
    oxytocin_in = (
        1.0
        + q.oxytocin_gain_connect * connect
        + q.oxytocin_gain_soften * (exhale + breathe + accept)
    )
    dopamine_in = 1.0 + q.dopamine_gain_complete * complete + q.dopamine_gain_chase * chase
    # Note: chasing stimulation adds nothing here - it does not restore serotonin.
    serotonin_in = 1.0 + q.serotonin_gain_accept * accept
    tolerance_in = q.tolerance_gain_chase * chase
    tension_set = 1.0 - (1.0 - q.tension_sleep_level) * asleep
    return Terms(
        hold,
        sustained,
        sympathetic,
        calming,
        tension_rise,
        relax_scale,
        oxytocin_in,
        dopamine_in,
        serotonin_in,
        tolerance_in,
        tension_set,
        asleep,
    )


def rhs(y: Any, drive: Any, t: Terms, q: SimpleNamespace, ops: SimpleNamespace, out: Any) -> Any:
    """Right-hand side dy/dt of the model; writes into ``out`` (a list or an array) and returns it.

    ``y`` is indexable by state (``STATE_NAMES`` order): 13 floats, or a ``(13, n)`` array.
    Every hormone follows ``dX/dt = k_X * (production - X)`` with ``k_X = ln 2 / half-life``,
    so with production switched off each one decays with exactly its stated half-life.
    """
    crh, acth, cort, adr, oxy, dop, ser, ten = y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]
    load, tol, memory, habituation, capacity, slept = y[8], y[9], y[10], y[11], y[12], y[13]
    on = q.production_switch
    mx = ops.maximum
    tension_excess = mx(ten - 1.0, 0.0)

    # Stress input to CRH. A stressor's burst is the part of it not yet "remembered": it
    # fades within the stressor (everyday strain is not a TSST for hours) and habituates
    # from day to day; the sustained part is the everyday drive. The sum saturates.
    burst = mx(t.hold - memory, 0.0) * (1.0 - q.habituation_depth * habituation)
    h = q.oxytocin_hpa_damping
    oxytocin_damping = (1.0 + h) / (1.0 + h * oxy)
    stress = (
        q.hpa_gain_hold_burst * burst + t.sustained + q.hpa_gain_tension * tension_excess
    ) * oxytocin_damping
    stress = stress / (1.0 + stress / q.hpa_stress_drive_max)

    # Glucocorticoid feedback in the form of Karin et al. (2020): a GR Hill function with
    # n = 3 times an MR term, each scaled to 1 at baseline cortisol. On the hypothalamus it
    # acts on the tonic drive (the circadian and stress drives add to it); on the pituitary
    # the GR term scales ACTH release.
    kg = q.cortisol_gr_halfmax
    n = q.cortisol_gr_hill
    gr = (1.0 + (1.0 / kg) ** n) / (1.0 + (cort / kg) ** n)
    km = q.cortisol_mr_halfmax
    mr = (1.0 + 1.0 / km) / (1.0 + cort / km)
    # Sleep onset suppresses the endogenous drive for the first hours of sleep: ``slept``
    # follows ``asleep`` with a half-life of hours, and the gap is the suppression.
    sleep_gate = 1.0 - q.sleep_onset_suppression * mx(t.asleep - slept, 0.0)
    crh_release = sleep_gate * (drive + q.crh_tonic_drive * mr * gr) + stress
    # Adrenal saturation: cortisol output is a bounded, increasing (sigmoid) function of
    # ACTH, 1 at ACTH = 1, times the slowly adapting adrenal capacity.
    ka = q.adrenal_acth_halfmax**q.adrenal_acth_hill
    acth_m = mx(acth, 0.0) ** q.adrenal_acth_hill
    adrenal = capacity * (1.0 + ka) * acth_m / (ka + acth_m)
    # Saturable binding to CBG: above the saturation level the free fraction, and with it the
    # clearance of cortisol, rises; once CBG is full, clearance is linear again.
    saturated = mx(cort - q.cortisol_cbg_saturation, 0.0)
    extra_clearance = q.cortisol_cbg_clearance * saturated * saturated / (1.0 + saturated)
    out[0] = q.k_crh * (on * crh_release - crh)
    out[1] = q.k_acth * (on * crh * gr - acth)
    out[2] = q.k_cort * (on * adrenal - cort - extra_clearance)

    # Calming: events plus oxytocin above baseline, saturating so one minute cannot do it all.
    calm_total = t.calming + q.relief_weight_oxytocin * mx(oxy - 1.0, 0.0)
    calm = calm_total / (1.0 + calm_total)

    # Adrenaline: fast one-compartment response to a saturating sympathetic drive.
    sympathetic = (
        t.sympathetic + q.adrenaline_gain_tension * tension_excess + q.adrenaline_gain_load * load
    )
    sympathetic = sympathetic / (1.0 + sympathetic / q.adrenaline_drive_max)
    out[3] = q.k_adr * (on * (1.0 + sympathetic) * (1.0 - q.adrenaline_calm_damping * calm) - adr)
    out[4] = q.k_oxy * (on * t.oxytocin_in - oxy)

    # Educational layer (the article's idea): stress hormones and survival-mode load hold back
    # dopamine and serotonin (normalised to 1 at baseline). Published: an acute stressor
    # releases dopamine (Pruessner et al. 2004); the burst of a stressor does so here.
    sc = q.suppression_by_cortisol
    sa = q.suppression_by_adrenaline
    suppression = (1.0 + sc + sa) / (
        (1.0 + sc * cort + sa * adr) * (1.0 + q.suppression_by_load * load)
    )
    reward = (t.dopamine_in + q.dopamine_gain_acute_stress * burst) / (
        1.0 + q.dopamine_tolerance_sensitivity * tol
    )
    out[5] = q.k_dop * (on * suppression * reward - dop)
    out[6] = q.k_ser * (on * suppression * t.serotonin_in - ser)

    # Tension relaxes towards its set level (lower in sleep, raised by load); load slows only
    # the downward part. It rises towards a ceiling and calming lowers it towards the sleep
    # level, never below: tension stays between the two.
    set_level = t.tension_set + q.load_sleep_tension * load * t.asleep
    deviation = ten - set_level
    relax = (
        q.k_ten
        * t.relax_scale
        * (mx(-deviation, 0.0) - mx(deviation, 0.0) / (1.0 + q.load_relaxation_slowing * load))
    )
    relief = q.relief_max_rate_per_min * calm / (1.0 + q.load_relief_slowing * load)
    headroom = mx(q.tension_max - ten, 0.0) / (q.tension_max - 1.0)
    floor = q.tension_sleep_level
    out[7] = t.tension_rise * headroom + relax - relief * mx(ten - floor, 0.0)
    out[8] = q.k_load * (q.load_gain_tension * tension_excess - load)
    out[9] = q.k_tol * (t.tolerance_in - tol)
    out[10] = q.k_mem * (t.hold - memory)
    out[11] = q.habituation_rate_per_min * burst * (1.0 - habituation) - q.k_hab * habituation
    out[12] = q.k_adapt * (1.0 + q.adrenal_adaptation_gain * stress - capacity)
    out[13] = q.k_sleep * (t.asleep - slept)
    return out


def baseline_state() -> list[float]:
    """A starting guess: every hormone at baseline, tension awake, no hidden load."""
    return [1.0] * 8 + [0.0, 0.0, 0.0, 0.0, 1.0, 0.0]


def free_cortisol_nmol_l(cortisol: Any, q: Any) -> Any:
    """Free (unbound) plasma cortisol in nmol/L for the model's total cortisol ``cortisol``.

    A readout, not part of the dynamics: saliva carries free cortisol, so salivary data are
    compared with this. The model's 1 is ``cortisol_mean_nmol_l`` of total plasma cortisol;
    the free part ``U`` of a total ``T`` follows from binding to CBG (capacity ``G``,
    association constant ``K``) and to albumin (bound : free = ``N``, far from saturation),
    the quadratic of Coolens et al. (1987):

        K (1 + N) U² + (1 + N + K (G − T)) U − T = 0

    solved as ``U = 2T / (b + sqrt(b² + 4aT))`` (the positive root, without cancellation).
    Works on floats and arrays; ``q`` is a ``Params`` or a prepared namespace.
    """
    total = cortisol * q.cortisol_mean_nmol_l
    k = q.cbg_affinity_l_per_nmol
    n = q.albumin_bound_per_free
    a = k * (1.0 + n)
    b = 1.0 + n + k * (q.cbg_capacity_nmol_l - total)
    return 2.0 * total / (b + np.sqrt(b * b + 4.0 * a * total))
