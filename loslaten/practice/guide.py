"""The breathing minute's rhythm controls and steps, one home for the page and breathe.js.

The page shows the steps for the chosen rhythm; when the person picks another rhythm,
breathe.js fills the count fields from the rhythm's `data-counts` and rewrites the steps
from `templates()`, the same sentences with "{n}" for the count.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loslaten.practice.forms import PATTERNS, BreathingForm

PHASES = ("in", "vast", "uit", "wacht")


def step(phase: str, n: int, shown: str | None = None) -> str:
    """The step for one phase of `n` counts (`shown` replaces the number in the text)."""
    value = {"n": n if shown is None else shown}
    if phase == "in":
        return (
            ngettext(
                "Adem rustig in door je neus, %(n)s tel.",
                "Adem rustig in door je neus, %(n)s tellen.",
                n,
            )
            % value
        )
    if phase == "vast":
        return (
            ngettext(
                "Houd je adem even vast, %(n)s tel.", "Houd je adem even vast, %(n)s tellen.", n
            )
            % value
        )
    if phase == "uit":
        return (
            ngettext(
                "Adem langzaam uit, %(n)s tel. Laat je schouders mee zakken.",
                "Adem langzaam uit, %(n)s tellen. Laat je schouders mee zakken.",
                n,
            )
            % value
        )
    return (
        ngettext(
            "Wacht even voor je weer inademt, %(n)s tel.",
            "Wacht even voor je weer inademt, %(n)s tellen.",
            n,
        )
        % value
    )


def steps(counts: tuple[int, int, int, int]) -> list[tuple[str, str]]:
    """(phase, sentence) for each phase of the rhythm that lasts at least one count."""
    return [(phase, step(phase, n)) for phase, n in zip(PHASES, counts, strict=True) if n]


def templates() -> dict[str, str]:
    """data- attributes for breathe.js: `in-one`, `in-many`, ... with "{n}" for the count."""
    found = {}
    for phase in PHASES:
        found[f"{phase}-one"] = step(phase, 1, "{n}")
        found[f"{phase}-many"] = step(phase, 2, "{n}")
    return found


def rhythms() -> list[tuple[str, str, str]]:
    """(value, label, counts as "4-7-8-0") of each named rhythm, for its radio button."""
    labels = {"4-6": _("4 in, 6 uit"), "4-7-8": _("4-7-8"), "box": _("vierkant 4-4-4-4")}
    return [(name, labels[name], "-".join(map(str, PATTERNS[name]))) for name in PATTERNS]


# The count fields' ids, kept from before they were a form (links and tests use them).
COUNT_IDS = {"in": "c-in", "vast": "c-h1", "uit": "c-out", "wacht": "c-h2"}


def count_fields(
    form: BreathingForm, counts: tuple[int, int, int, int], refused: bool
) -> list[dict[str, Any]]:
    """The In/Vast/Uit/Wacht fields: the rhythm's counts, or what was typed and why not."""
    fields = []
    for index, (name, (low, label)) in enumerate(BreathingForm.COUNTS.items()):
        fields.append(
            {
                "name": name,
                "id": COUNT_IDS[name],
                "label": label,
                "low": low,
                "value": form.data.get(name, "")[:5] if refused else counts[index],
                "errors": form.errors.get(name, []) if refused else [],
            }
        )
    return fields
