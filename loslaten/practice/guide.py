"""The breathing minute's steps in words, one home for the server's page and breathe.js.

The page shows the steps for the chosen rhythm; when the person picks another rhythm,
breathe.js rewrites them from `templates()`, the same sentences with "{n}" for the count.
"""

from __future__ import annotations

from django.utils.translation import ngettext

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
