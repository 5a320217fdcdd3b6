"""Facts the body's day shares: wake and sleep, steps, groups, names, the disclaimer."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from loslaten.hormones import names
from loslaten.hormones.events import SLEEP as SLEEP  # the usual day, for the day's modules
from loslaten.hormones.events import WAKE as WAKE
from loslaten.practice.models import DID_CHOICES

STEP_MIN = 5  # the day's curves: one point every 5 minutes
WEEK_STEP_MIN = 15
#: The what-if compares the hours after the changed moment.
WINDOW_MIN = 180

#: The two small multiples, each with its three quantities (first = the one to summarise
#: when it moves most).
GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("stress", gettext_lazy("De stresskant"), ("cortisol", "adrenaline", "tension")),
    (
        "happiness",
        gettext_lazy("De gelukskant (volgens het artikel)"),
        ("dopamine", "serotonin", "oxytocin"),
    ),
)
#: The curves drawn with the model's uncertainty band (10-90 % of its parameter draws).
BAND_QUANTITIES = ("cortisol", "adrenaline", "tension")


def current_lang() -> str:
    """The page's language as the model knows it: ``"nl"`` or ``"en"``."""
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


def _in_page_language(words: dict[str, str]) -> str:
    return words[current_lang()]


#: A word of ``hormones.names`` ({"nl": ..., "en": ...}) in the page's language when shown,
#: as a ``gettext_lazy`` string is: those words live beside the model that speaks them.
_lazy_word = lazy(_in_page_language, str)


def _lazy_words(table: dict[str, dict[str, str]]) -> dict[str, Any]:
    """``table`` ({lang: {key: word}}) as {key: lazy word}, in its own order."""
    return {key: _lazy_word({lang: table[lang][key] for lang in table}) for key in table["nl"]}


#: The quantities by name, in the order the site draws them.
QUANTITY_LABELS = _lazy_words(names.QUANTITY_NAMES)
#: Neutral names of the event kinds, for the scenarios (which are not the reader's own day).
KIND_NAMES = _lazy_words(names.KIND_NAMES)
#: A person's own events are told in the words they checked in with ("ik bleef alles
#: controleren"): first person on purpose, unlike the neutral ``KIND_NAMES``. A breath out
#: is one moment ("een bewuste uitademing"); slow breathing has no other words.
EVENT_LABELS: dict[str, Any] = {
    **dict(DID_CHOICES),
    "exhale": gettext_lazy("een bewuste uitademing"),
    "breathe": KIND_NAMES["breathe"],
}
DISCLAIMER = _lazy_word(names.DISCLAIMER)


def decimal(value: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals, with a decimal comma in Dutch."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if translation.get_language() == "nl" else text
