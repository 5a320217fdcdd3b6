"""The words the model and the site share, in Dutch and English: one home for each.

Pure data, no Django: ``explain`` and the CLI read them by language; the site's pages take
them in the page's language (``practice.day.facts``).
"""

from __future__ import annotations

LANGS = ("nl", "en")

#: Shown wherever the model is shown: on the site's pages and under the CLI's output.
DISCLAIMER = {
    "nl": "Dit model is een uitleg, geen meting en geen medisch advies.",
    "en": "This model is an explanation, not a measurement and not medical advice.",
}

#: The quantities the site draws and tells about, in the order it draws them.
QUANTITY_NAMES = {
    "nl": {
        "cortisol": "cortisol",
        "adrenaline": "adrenaline",
        "tension": "spanning",
        "dopamine": "dopamine",
        "serotonin": "serotonine",
        "oxytocin": "oxytocine",
    },
    "en": {
        "cortisol": "cortisol",
        "adrenaline": "adrenaline",
        "tension": "tension",
        "dopamine": "dopamine",
        "serotonin": "serotonin",
        "oxytocin": "oxytocin",
    },
}

#: Neutral names of the event kinds (``events.EVENT_KINDS``), for a run that is not the
#: reader's own day (the scenarios' lists of events).
KIND_NAMES = {
    "nl": {
        "hold": "vasthouden",
        "suppress": "wegduwen",
        "exhale": "bewust uitademen",
        "breathe": "rustig ademen",
        "complete": "afronden",
        "connect": "verbinden",
        "accept": "aanvaarden",
        "chase": "prikkels zoeken",
    },
    "en": {
        "hold": "holding on",
        "suppress": "pushing away",
        "exhale": "breathing out consciously",
        "breathe": "slow breathing",
        "complete": "finishing",
        "connect": "connecting",
        "accept": "accepting",
        "chase": "chasing stimulation",
    },
}

#: The same kinds as the noun a sentence puts after "na"/"after" ("na het vasthouden om
#: 09:00"): the grammar differs from ``KIND_NAMES``, the act is the same.
KIND_PHRASES = {
    "nl": {
        "hold": "het vasthouden",
        "suppress": "het wegduwen",
        "exhale": "de bewuste uitademing",
        "breathe": "het rustige ademen",
        "complete": "het afronden",
        "connect": "het moment van verbinding",
        "accept": "het aanvaarden",
        "chase": "het zoeken naar prikkels",
    },
    "en": {
        "hold": "holding on",
        "suppress": "pushing away",
        "exhale": "the conscious exhale",
        "breathe": "slow breathing",
        "complete": "finishing",
        "connect": "the moment of connection",
        "accept": "accepting",
        "chase": "chasing stimulation",
    },
}
