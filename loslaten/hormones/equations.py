"""The model's equations, in one place.

Everything here works on plain floats (one person, the fast path) and on NumPy arrays of shape
``(n,)`` (many people at once) alike: only arithmetic is used directly, and the two non-arithmetic
operations (``exp`` and an element-wise ``maximum``) come from an ``ops`` namespace, so that the
scalar path can use the ``math`` module (much faster for single numbers) and the batch path NumPy.

State (all relative to the person's own baseline; baseline = 1 except the two hidden states):

====  ==========  ========================================================================
 0    crh         corticotropin-releasing hormone (hypothalamus)
 1    acth        adrenocorticotropic hormone (pituitary)
 2    cortisol    cortisol (adrenal cortex)
 3    adrenaline  adrenaline (adrenal medulla)
 4    oxytocin    oxytocin
 5    dopamine    dopamine tone (educational)
 6    serotonin   serotonin tone (educational)
 7    tension     bodily holding-on (educational)
 8    load        hidden: survival-mode load accumulated from chronic tension (baseline 0)
 9    tolerance   hidden: reward tolerance built up by chasing stimulation (baseline 0)
====  ==========  ========================================================================

See docs/model.md for the equations in mathematical notation.
"""

from __future__ import annotations

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
)
#: The quantities reported in a trajectory (the hidden states are left out).
QUANTITIES: tuple[str, ...] = STATE_NAMES[:8]
N_STATES = len(STATE_NAMES)

LN2 = math.log(2.0)

FLOAT_OPS = SimpleNamespace(exp=math.exp, maximum=max)
ARRAY_OPS = SimpleNamespace(exp=np.exp, maximum=np.maximum)

# Largest rate x step for which the fixed-step RK4 stays accurate to ~1e-5 per step.
MAX_RATE_TIMES_STEP = 0.4


def prepare(p: Params) -> SimpleNamespace:
    """Derived constants: clearance rates from half-lives and the circadian normalisation.

    Returns a namespace with every parameter plus ``k_*`` rates (per minute) and
    ``drive_norm``; values stay floats for one person and arrays for a batch.
    """
    q = SimpleNamespace(**p.as_dict())
    q.k_crh = LN2 / q.crh_half_life_min
    q.k_acth = LN2 / q.acth_half_life_min
    q.k_cort = LN2 / q.cortisol_half_life_min
    q.k_adr = LN2 / q.adrenaline_half_life_min
    q.k_oxy = LN2 / q.oxytocin_half_life_min
    q.k_dop = LN2 / q.dopamine_half_life_min
    q.k_ser = LN2 / q.serotonin_half_life_min
    q.k_ten = LN2 / q.tension_half_life_min
    q.k_load = LN2 / q.load_half_life_min
    q.k_tol = LN2 / q.tolerance_half_life_min
    # Normalise the circadian drive so that its 24-hour mean is 1: "baseline" then means the
    # level the axis would settle at under the day's average drive. The mean over a whole
    # period does not depend on the wake time, so any wake time will do here.
    grid = np.arange(0, MINUTES_PER_DAY, 0.25)
    shape_params = [
        np.asarray(getattr(q, name), dtype=float)
        for name in (
            "circadian_rise_exponent",
            "circadian_fall_exponent",
            "circadian_rise_min",
            "circadian_fall_min",
            "circadian_floor",
            "circadian_lead_min",
            "awakening_drive_amplitude",
            "awakening_drive_time_min",
            "circadian_drive_scale",
        )
    ]
    batch = any(a.ndim for a in shape_params)
    q.drive_norm = 1.0
    raw = circadian_drive(grid[:, None] if batch else grid, 0.0, q, ARRAY_OPS)
    norm = q.circadian_drive_scale / np.mean(raw, axis=0)
    q.drive_norm = norm if batch else float(norm)
    return q


def max_rate(q: SimpleNamespace) -> float:
    """The fastest rate (per minute) in the system, for choosing the RK4 substeps."""
    rates = [
        q.k_crh,
        q.k_acth,
        q.k_cort,
        q.k_adr,
        q.k_oxy,
        q.k_dop,
        q.k_ser,
        q.k_ten + q.relief_max_rate_per_min,
        q.k_load,
        q.k_tol,
    ]
    return float(max(np.max(r) for r in rates))


def substeps(q: SimpleNamespace) -> int:
    """Number of RK4 substeps per minute so that rate x step <= ``MAX_RATE_TIMES_STEP``."""
    return max(1, math.ceil(max_rate(q) / MAX_RATE_TIMES_STEP))


def circadian_drive(t: Any, wake_min: Any, q: SimpleNamespace, ops: SimpleNamespace) -> Any:
    """Circadian drive to CRH release at minute ``t`` (>= 0) for a person waking at ``wake_min``.

    The daily shape is the circadian function of Bangsgaard & Ottesen (2017),

        c(s) = s^k/(s^k + alpha^k) * (T - s)^l/((T - s)^l + beta^l) + eps,   T = 1440 min,

    with ``s`` the time since the drive's own zero, placed ``circadian_lead_min`` before waking.
    On top of it sits the awakening drive behind the cortisol awakening response (Clow et al.
    2004), an alpha function of the time since waking that peaks ``awakening_drive_time_min``
    after waking. The whole is scaled so that its 24-hour mean is 1.
    """
    day = MINUTES_PER_DAY
    s = (t - wake_min + q.circadian_lead_min) % day
    k = q.circadian_rise_exponent
    el = q.circadian_fall_exponent
    rise = s**k / (s**k + q.circadian_rise_min**k)
    rest = day - s
    fall = rest**el / (rest**el + q.circadian_fall_min**el)
    x = ((t - wake_min) % day) / q.awakening_drive_time_min
    awakening = q.awakening_drive_amplitude * x * ops.exp(1.0 - x)
    return q.drive_norm * (rise * fall + q.circadian_floor + awakening)


class Terms(NamedTuple):
    """The inputs' share of the right-hand side over a stretch of minutes (see input_terms).

    Each is a float, or an array over minutes or over people. Inputs are constant within a
    minute, so these are computed once per stretch, not once per RK4 stage.
    """

    stress: Any  # extra drive to CRH from holding on, suppressing and chasing
    sympathetic: Any  # drive to adrenaline (1 at rest)
    calming: Any  # summed calming weight of this minute's letting-go events
    tension_rise: Any  # how fast holding on raises tension, per minute
    relax_scale: Any  # the share of its own relaxing the body is allowed (suppressing lowers it)
    oxytocin_in: Any  # oxytocin production (1 at rest)
    dopamine_in: Any  # dopamine reward drive (1 at rest)
    serotonin_in: Any  # serotonin production (1 at rest)
    tolerance_in: Any  # reward tolerance built up by chasing
    tension_set: Any  # the level tension relaxes to (lower in sleep)
    asleep: Any  # 1 asleep, 0 awake


def input_terms(u: Any, asleep: Any, q: SimpleNamespace) -> Terms:
    """The parts of the right-hand side that depend only on the inputs of one minute.

    ``u`` holds one row per event kind (``EVENT_KINDS`` order), each a float, an array over
    minutes or an array over people; ``asleep`` is 1 during sleep and 0 when awake. Computing
    these once per minute (inputs are piecewise constant per minute) keeps the inner loop short.
    """
    hold, suppress, exhale, breathe, complete, connect, accept, chase = u
    stress = q.hpa_gain_hold * hold + q.hpa_gain_suppress * suppress + q.hpa_gain_chase * chase
    sympathetic = (
        1.0
        + q.adrenaline_gain_hold * hold
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
        stress,
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

    ``y`` is indexable by state (``STATE_NAMES`` order): ten floats, or a ``(10, n)`` array.
    Every hormone follows ``dX/dt = k_X * (production - X)`` with ``k_X = ln 2 / half-life``,
    so with production switched off each one decays with exactly its stated half-life.
    """
    crh, acth, cort, adr, oxy, dop, ser, ten, load, tol = (
        y[0],
        y[1],
        y[2],
        y[3],
        y[4],
        y[5],
        y[6],
        y[7],
        y[8],
        y[9],
    )
    on = q.production_switch
    mx = ops.maximum
    tension_excess = mx(ten - 1.0, 0.0)

    # HPA axis: three-stage cascade CRH -> ACTH -> cortisol with negative feedback by cortisol in
    # the form of Karin et al. (2020), 1/(1 + C/K), scaled to 1 at baseline cortisol. The
    # feedback acts on a tonic hypothalamic drive; the circadian drive and the stress drive add
    # to it without being multiplied by the feedback. Its loop gain therefore depends on the
    # cortisol level only (not on the time of day or on the stress), and it is kept below the
    # ringing threshold, so the axis never undershoots after a stressor (docs/model.md).
    kf = q.cortisol_feedback_halfmax
    feedback = (1.0 + 1.0 / kf) / (1.0 + cort / kf)
    h = q.oxytocin_hpa_damping
    oxytocin_damping = (1.0 + h) / (1.0 + h * oxy)
    stress_drive = (t.stress + q.hpa_gain_tension * tension_excess) * oxytocin_damping
    crh_release = drive + q.crh_tonic_drive * feedback + stress_drive
    # Saturable binding to CBG: above the saturation level the free fraction, and with it the
    # clearance of cortisol, rises; once CBG is full, clearance is linear again (slope
    # 1 + cbg_clearance). Increasing and convex, so it never reverses an ordering, and bounded
    # in slope, so cortisol never becomes as fast as ACTH (which would let the loop ring).
    saturated = mx(cort - q.cortisol_cbg_saturation, 0.0)
    extra_clearance = q.cortisol_cbg_clearance * saturated * saturated / (1.0 + saturated)
    out[0] = q.k_crh * (on * crh_release - crh)
    out[1] = q.k_acth * (on * crh - acth)
    out[2] = q.k_cort * (on * acth - cort - extra_clearance)

    # Calming: events plus oxytocin above baseline, saturating so one minute cannot do it all.
    calm_total = t.calming + q.relief_weight_oxytocin * mx(oxy - 1.0, 0.0)
    calm = calm_total / (1.0 + calm_total)

    # Adrenaline: fast one-compartment response to the sympathetic drive.
    sympathetic_total = (
        t.sympathetic + q.adrenaline_gain_tension * tension_excess + q.adrenaline_gain_load * load
    )
    out[3] = q.k_adr * (on * sympathetic_total * (1.0 - q.adrenaline_calm_damping * calm) - adr)
    out[4] = q.k_oxy * (on * t.oxytocin_in - oxy)

    # Educational layer: stress hormones and survival-mode load suppress the production of
    # dopamine and serotonin (normalised to 1 at baseline cortisol and adrenaline).
    sc = q.suppression_by_cortisol
    sa = q.suppression_by_adrenaline
    suppression = (1.0 + sc + sa) / (
        (1.0 + sc * cort + sa * adr) * (1.0 + q.suppression_by_load * load)
    )
    reward = t.dopamine_in / (1.0 + q.dopamine_tolerance_sensitivity * tol)
    out[5] = q.k_dop * (on * suppression * reward - dop)
    out[6] = q.k_ser * (on * suppression * t.serotonin_in - ser)

    # Tension relaxes towards its set level (lower in sleep, raised by load); load slows only
    # the downward part, so more load never makes tension lower. Calming lowers it further.
    set_level = t.tension_set + q.load_sleep_tension * load * t.asleep
    deviation = ten - set_level
    relax = (
        q.k_ten
        * t.relax_scale
        * (mx(-deviation, 0.0) - mx(deviation, 0.0) / (1.0 + q.load_relaxation_slowing * load))
    )
    relief = q.relief_max_rate_per_min * calm / (1.0 + q.load_relief_slowing * load)
    out[7] = t.tension_rise + relax - relief * ten
    out[8] = q.k_load * (q.load_gain_tension * tension_excess - load)
    out[9] = q.k_tol * (t.tolerance_in - tol)
    return out


def baseline_state() -> list[float]:
    """A starting guess: every hormone at baseline, tension awake, no load or tolerance."""
    return [1.0] * 8 + [0.0, 0.0]
