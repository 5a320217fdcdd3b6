"""Facts the body's day shares: wake and sleep, steps, groups, names, the disclaimer."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy

from loslaten.practice.models import DEFAULT_SLEEP, DEFAULT_WAKE, DID_CHOICES

#: The usual day, when neither the settings nor the check-ins say otherwise.
WAKE, SLEEP = DEFAULT_WAKE, DEFAULT_SLEEP
STEP_MIN = 5  # the day's curves: one point every 5 minutes
WEEK_STEP_MIN = 15
#: The what-if compares the hours after the changed moment.
WINDOW_MIN = 180

#: The two small multiples, each with its three quantities (first = the one to summarise
#: when it moves most).
GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("stress", gettext_lazy("De stresskant"), ("cortisol", "adrenaline", "tension")),
    ("happiness", gettext_lazy("De gelukskant"), ("dopamine", "serotonin", "oxytocin")),
)
#: The curves drawn with the model's uncertainty band (10-90 % of its parameter draws).
BAND_QUANTITIES = ("cortisol", "adrenaline", "tension")
QUANTITY_LABELS = {
    "cortisol": gettext_lazy("cortisol"),
    "adrenaline": gettext_lazy("adrenaline"),
    "tension": gettext_lazy("spanning"),
    "dopamine": gettext_lazy("dopamine"),
    "serotonin": gettext_lazy("serotonine"),
    "oxytocin": gettext_lazy("oxytocine"),
}
EVENT_LABELS: dict[str, Any] = {
    **dict(DID_CHOICES),
    "exhale": gettext_lazy("een bewuste uitademing"),
    "breathe": gettext_lazy("rustig ademen"),
}

#: Neutral names of the event kinds, for the scenarios (which are not the reader's own day).
KIND_NAMES: dict[str, Any] = {
    "hold": gettext_lazy("vasthouden"),
    "suppress": gettext_lazy("wegduwen"),
    "exhale": gettext_lazy("bewust uitademen"),
    "breathe": gettext_lazy("rustig ademen"),
    "complete": gettext_lazy("afronden"),
    "connect": gettext_lazy("verbinden"),
    "accept": gettext_lazy("aanvaarden"),
    "chase": gettext_lazy("prikkels zoeken"),
}
DISCLAIMER = gettext_lazy("Dit model is een uitleg, geen meting en geen medisch advies.")


def decimal(value: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals, with a decimal comma in Dutch."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if translation.get_language() == "nl" else text


def current_lang() -> str:
    """The page's language as the model knows it: ``"nl"`` or ``"en"``."""
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"
