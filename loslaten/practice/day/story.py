"""The day in words: the past tense only for what has happened, causes by counterfactual.

On today's page everything after now is the expected course (the day as it goes on when
nothing more happens); the story stops at now and says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from loslaten.hormones import Trajectory
from loslaten.hormones.causes import Cause, Counterfactuals, stress_causes
from loslaten.hormones.events import format_clock
from loslaten.practice.day.facts import QUANTITY_LABELS, decimal
from loslaten.practice.day.results import DayEvent


def _label(events: Sequence[DayEvent], start: int, kind: str) -> str:
    return next((e.label for e in events if e.start == start and e.kind == kind), kind)


def cause_sentence(cause: Cause, rest: float, events: Sequence[DayEvent]) -> str:
    """One stress peak and its cause, e.g. "Je adrenaline was het hoogst om 06:15 (31 %
    boven je eigen ritme). Dat kwam vooral door 'ik bleef alles controleren' om 06:14:
    zonder dat was die piek 24 % lager geweest."."""
    names = {
        "q": QUANTITY_LABELS[cause.quantity],
        "clock": format_clock(cause.minute),
        "pct": decimal(100 * (cause.value / rest - 1), 0),
    }
    head = _("Je %(q)s was het hoogst om %(clock)s (%(pct)s%% boven je eigen ritme).") % names
    if cause.event is not None:
        lowered = decimal(100 * cause.lowered / cause.value, 0)
        return (
            head
            + " "
            + _(
                "Dat kwam vooral door '%(event)s' om %(at)s: zonder dat was die piek %(lowered)s%% "
                "lager geweest."
            )
            % {
                "event": _label(events, cause.event.start, cause.event.kind),
                "at": format_clock(cause.event.start),
                "lowered": lowered,
            }
        )
    if cause.awakening:
        return head + " " + _("Dat is de gewone ochtendpiek na het wakker worden.")
    return head + " " + _("Dat bouwde zich op over de uren ervoor.")


def day_story(
    traj: Trajectory,
    rest: Trajectory,
    events: Sequence[DayEvent],
    wake_from: str,
    now_min: int | None,
    runs: Counterfactuals,
) -> tuple[list[str], list[Cause]]:
    """The sentences of the day up to ``now_min`` (the whole day when ``None``), and the
    stress causes they name."""
    out: list[str] = []
    wake = traj.wake
    wake_min = int(wake[:2]) * 60 + int(wake[3:])
    if now_min is not None and now_min < wake_min:
        out.append(
            _("Je dag is nog niet begonnen: het model rekent met opstaan om %(wake)s.")
            % {"wake": wake}
        )
    elif wake_from == "checkin":
        out.append(_("Je was om %(wake)s al wakker: toen checkte je in.") % {"wake": wake})
    else:
        out.append(_("Je werd wakker om %(wake)s (zoals in je instellingen).") % {"wake": wake})
    happened = [e for e in events if now_min is None or e.start <= now_min]
    if not happened:
        out.append(
            _("Tot nu toe volgde je lichaam zijn eigen ritme.")
            if now_min is not None
            else _("Er gebeurde niets bijzonders: je lichaam volgde zijn eigen ritme.")
        )
    causes = stress_causes(traj, rest, until=now_min, runs=runs)
    for cause in causes:
        out.append(cause_sentence(cause, float(rest[cause.quantity][cause.minute]), events))
    for h in runs.helped("tension", until=now_min)[:3]:
        out.append(
            _(
                "Wat hielp: zonder '%(event)s' om %(at)s was je spanning in de %(minutes)s "
                "minuten erna gemiddeld %(pct)s%% hoger geweest."
            )
            % {
                "event": _label(events, h.event.start, h.event.kind),
                "at": format_clock(h.event.start),
                "minutes": h.window,
                "pct": decimal(100 * h.mean_higher, 0),
            }
        )
    if now_min is not None:
        out.append(
            _(
                "Het is nu %(now)s. Wat na nu komt, is een verwachting, geen verleden: zo gaat "
                "je dag verder als er niets meer gebeurt."
            )
            % {"now": format_clock(now_min)}
        )
    return out, causes
