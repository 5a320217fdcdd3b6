"""The Loslaten hormone model: a pure, NumPy-only simulation of stress and happiness hormones.

The stress side (the HPA axis CRH -> ACTH -> cortisol with feedback, adrenaline, oxytocin)
follows published physiology; the happiness side (dopamine, serotonin, tension) is an
EDUCATIONAL layer that encodes the claims of the article, with invented parameters. It is a
learning model, not a measurement, diagnosis or medical advice. See docs/model.md.
"""

from .compare import Comparison, QuantityDifference, compare
from .equations import QUANTITIES
from .events import EVENT_KINDS, Event, parse_event
from .explain import explain, explain_comparison
from .names import DISCLAIMER
from .params import Params
from .scenarios import SCENARIOS, Scenario, get_scenario
from .simulate import simulate, simulate_many
from .trajectory import BatchTrajectory, Trajectory
from .uncertainty import Band, band

__all__ = [
    "DISCLAIMER",
    "EVENT_KINDS",
    "QUANTITIES",
    "SCENARIOS",
    "Band",
    "BatchTrajectory",
    "Comparison",
    "Event",
    "Params",
    "QuantityDifference",
    "Scenario",
    "Trajectory",
    "band",
    "compare",
    "explain",
    "explain_comparison",
    "get_scenario",
    "parse_event",
    "simulate",
    "simulate_many",
]
