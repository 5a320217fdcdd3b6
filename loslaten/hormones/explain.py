"""Plain-language explanations, generated from a trajectory and its events.

Nothing here is canned: every sentence is built from what the curves do. The trajectory is
compared with the same person's day without any events (same wake and sleep times, same
parameters), peaks and dips are located, and the events just before them are named.

Sentences about the happiness side (dopamine, serotonin, tension, "survival mode") say that
they describe the article's idea as this model encodes it ("in dit model", "zoals het artikel
het beschrijft"), not measured physiology, and state no causal claim as fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from .causes import AWAKENING_MIN, Counterfactuals, is_awakening_response, peak_minutes
from .events import MINUTES_PER_DAY, Event, format_clock, parse_clock
from .names import DISCLAIMER as DISCLAIMER  # shown beside an explanation, kept importable here
from .names import KIND_PHRASES, LANGS, QUANTITY_NAMES
from .simulate import simulate
from .trajectory import Trajectory

if TYPE_CHECKING:  # compare tells its summary through this module
    from .compare import Comparison

# How far back (minutes) an event can plausibly explain a peak of the happiness side.
_LOOKBACK = {"dopamine": 30, "oxytocin": 20}


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang: expected one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def _when(minute: int, days: int, lang: str) -> str:
    """'om 14:38' / 'at 14:38', with the day when the trajectory spans several days.

    The last point of a run (midnight after its last day) is 24:00 of that day: the run
    never reaches the next day, so "00:00" or "day 3" of a two-day run would mislead."""
    if minute >= days * MINUTES_PER_DAY:
        clock, day = "24:00", days
    else:
        clock, day = format_clock(minute), minute // MINUTES_PER_DAY + 1
    if days > 1:
        return f"op dag {day} om {clock}" if lang == "nl" else f"on day {day} at {clock}"
    return f"om {clock}" if lang == "nl" else f"at {clock}"


def _act_when(kind: str, minute: int, days: int, lang: str) -> str:
    """An act and when it started: 'het vasthouden op dag 2 om 23:50'; in English a comma
    keeps 'holding on' from running into 'on day 2' ('holding on, on day 2 at 23:50')."""
    name, when = KIND_PHRASES[lang][kind], _when(minute, days, lang)
    if name.endswith(" on") and when.startswith("on "):
        return f"{name}, {when}"
    return f"{name} {when}"


def _num(x: float, lang: str, spec: str = ".2f") -> str:
    """A number as the language writes it: Dutch with a decimal comma."""
    text = format(x, spec)
    return text.replace(".", ",") if lang == "nl" else text


def _pct(x: float) -> str:
    return f"{abs(x) * 100:.0f}%"


def _minutes(n: int, lang: str) -> str:
    if lang == "nl":
        return "1 minuut" if n == 1 else f"{n} minuten"
    return "1 minute" if n == 1 else f"{n} minutes"


def _cause(events: Iterable[Event], kinds: Iterable[str], minute: int, lookback: int):
    """The most recent event of ``kinds`` that started before ``minute`` within ``lookback``."""
    kinds = set(kinds)
    best = None
    for e in events:
        if (
            e.kind in kinds
            and e.start <= minute
            and minute - e.start <= lookback + (e.effective_duration)
        ):
            if best is None or e.start >= best.start:
                best = e
    return best


def _event_list(events: tuple[Event, ...], days: int, lang: str) -> str:
    parts = []
    for e in events:
        text = _act_when(e.kind, e.start, days, lang)
        extra = []
        if e.duration:
            extra.append(_minutes(e.duration, lang))
        if e.intensity != 1.0:
            extra.append(
                f"intensiteit {_num(e.intensity, lang, 'g')}"
                if lang == "nl"
                else f"intensity {e.intensity:g}"
            )
        if extra:
            text += f" ({', '.join(extra)})"
        parts.append(text)
    if len(parts) > 12:
        more = len(parts) - 10
        parts = [*parts[:10], f"en nog {more} momenten" if lang == "nl" else f"and {more} more"]
    return "; ".join(parts)


def explain(traj: Trajectory, lang: str = "nl", baseline: Trajectory | None = None) -> str:
    """Explain a trajectory in plain Dutch (``nl``) or English (``en``).

    Says what rose, when and why (the events just before each peak), and what helped (the
    calming events and how much tension fell during them), relative to the same person's day
    without events. ``baseline`` may be passed to avoid recomputing that no-event day.
    """
    lang = _check_lang(lang)
    nl = lang == "nl"
    days = traj.days
    base = baseline or simulate(
        [], days=days, wake=traj.wake, sleep=traj.sleep, params=traj.params or None
    )
    names = QUANTITY_NAMES[lang]
    out: list[str] = []

    # 1. The day and what happened.
    span = (
        (f"{days} dagen" if nl else f"{days} days")
        if days > 1
        else ("een dag" if nl else "one day")
    )
    if nl:
        out.append(
            f"Je werd wakker om {traj.wake} en ging slapen om {traj.sleep}; het model volgt "
            f"{span} minuut voor minuut."
        )
    else:
        out.append(
            f"You woke at {traj.wake} and went to sleep at {traj.sleep}; the model follows "
            f"{span} minute by minute."
        )
    if traj.events:
        out.append(
            ("Wat er gebeurde: " if nl else "What happened: ")
            + _event_list(traj.events, days, lang)
            + "."
        )
    else:
        out.append(
            "Er gebeurde niets bijzonders: alleen je eigen dagritme."
            if nl
            else "Nothing in particular happened: only your own daily rhythm."
        )

    # 2. The cortisol awakening response, read from this trajectory's first morning; a run
    # cut at now (the current week) tells it only once that morning is over. Whether it is
    # the body's own is decided by the one rule in ``causes``.
    wake_min = parse_clock(traj.wake)
    window = traj.cortisol[wake_min : wake_min + AWAKENING_MIN]
    whole = len(traj.minutes) == traj.days * MINUTES_PER_DAY + 1
    if len(window) > 1 and (whole or len(window) == AWAKENING_MIN):
        car_peak = int(np.argmax(window))
        rise = window[car_peak] / window[0] - 1.0
        stressed = not is_awakening_response(traj, wake_min + car_peak)
        if not stressed and nl:
            out.append(
                f"Na het wakker worden steeg cortisol vanzelf, met {_pct(rise)} tot "
                f"{format_clock(wake_min + car_peak)} ({car_peak} minuten na het opstaan): de "
                "gewone ochtendpiek die je lichaam klaarmaakt voor de dag."
            )
        elif not stressed:
            out.append(
                f"After waking, cortisol rose by itself, by {_pct(rise)} until "
                f"{format_clock(wake_min + car_peak)} ({car_peak} minutes after waking): the "
                "ordinary morning peak that gets your body ready for the day."
            )

    # 3. Stress hormones and tension: peaks above the no-event course, and their causes: the
    # act whose removal lowers the peak most (never a calming one).
    runs = Counterfactuals(traj)
    for q, threshold, sep in (
        ("cortisol", 0.08, 180),
        ("adrenaline", 0.15, 60),
        ("tension", 0.08, 120),
    ):
        rel = traj[q] / base[q] - 1.0
        peaks = peak_minutes(rel, threshold, sep, limit=3 if days == 1 else 2)
        for i in peaks:
            cause = runs.cause(q, i, base).event
            level = _pct(rel[i])
            if cause is not None:
                delay = i - cause.start
                if nl:
                    out.append(
                        f"{names[q].capitalize()} lag het hoogst boven je gewone verloop "
                        f"{_when(i, days, lang)} (+{level}), {_minutes(delay, lang)} na het begin "
                        f"van {KIND_PHRASES[lang][cause.kind]} {_when(cause.start, days, lang)}."
                    )
                else:
                    out.append(
                        f"{names[q].capitalize()} was furthest above your usual course "
                        f"{_when(i, days, lang)} (+{level}), {_minutes(delay, lang)} after "
                        f"{KIND_PHRASES[lang][cause.kind]} began {_when(cause.start, days, lang)}."
                    )
            else:
                out.append(
                    f"{names[q].capitalize()} lag {_when(i, days, lang)} {level} boven je gewone "
                    "verloop, opgebouwd over de uren ervoor."
                    if nl
                    else f"{names[q].capitalize()} was {level} above your usual course "
                    f"{_when(i, days, lang)}, built up over the hours before."
                )
        if not peaks and q == "cortisol" and traj.events:
            out.append(
                "Cortisol bleef dicht bij je gewone dagritme."
                if nl
                else "Cortisol stayed close to your usual daily rhythm."
            )

    # 4. What helped: how much higher tension would have been without each calming act.
    for h in runs.helped("tension")[:3]:
        e = h.event
        out.append(
            f"Wat hielp: zonder {KIND_PHRASES[lang][e.kind]} {_when(e.start, days, lang)} "
            f"had je spanning in de {_minutes(h.window, lang)} erna gemiddeld "
            f"{_pct(h.mean_higher)} hoger gelegen."
            if nl
            else f"What helped: without {KIND_PHRASES[lang][e.kind]} "
            f"{_when(e.start, days, lang)} your tension would have been "
            f"{_pct(h.mean_higher)} higher on average over the {_minutes(h.window, lang)} after."
        )

    # 5. The happiness side (educational layer).
    for q, kinds, threshold in (
        ("dopamine", ("complete", "chase"), 0.1),
        ("oxytocin", ("connect", "breathe", "accept", "exhale"), 0.1),
    ):
        rel = traj[q] / base[q] - 1.0
        i = int(np.argmax(rel))
        if rel[i] >= threshold:
            cause = _cause(traj.events, kinds, i, _LOOKBACK[q])
            why = (
                f", kort na {KIND_PHRASES[lang][cause.kind]} {_when(cause.start, days, lang)}"
                if nl and cause
                else (
                    f", shortly after {KIND_PHRASES[lang][cause.kind]} "
                    f"{_when(cause.start, days, lang)}"
                    if cause
                    else ""
                )
            )
            stressor = None if cause or q != "dopamine" else _cause(traj.events, ("hold",), i, 30)
            if stressor is not None:
                # The burst of a new stressor releases dopamine: measured, not the article's.
                act = _act_when("hold", stressor.start, days, lang)
                why = (
                    f", kort na {act}: dat een korte stressor even dopamine vrijmaakt, is "
                    "gemeten in een kleine studie (Pruessner e.a. 2004)"
                    if nl
                    else f", shortly after {act}: that a short stressor briefly releases "
                    "dopamine was measured in a small study (Pruessner et al. 2004)"
                )
            out.append(
                f"{names[q].capitalize()} piekte in dit model {_when(i, days, lang)} "
                f"(+{_pct(rel[i])}){why}."
                if nl
                else f"In this model, {names[q]} peaked {_when(i, days, lang)} "
                f"(+{_pct(rel[i])}){why}."
            )
    rel_dop = traj.dopamine / base.dopamine - 1.0
    j = int(np.argmin(rel_dop))
    if rel_dop[j] <= -0.1:
        chase = _cause(traj.events, ("chase",), j, 240)
        if chase is not None:
            out.append(
                f"Daarna zakte dopamine in dit model juist onder je gewone niveau "
                f"(-{_pct(rel_dop[j])} {_when(j, days, lang)}): zoals het artikel het beschrijft, "
                f"volgt na {KIND_PHRASES[lang]['chase']} {_when(chase.start, days, lang)} een dip."
                if nl
                else f"Afterwards, in this model, dopamine fell below your usual level "
                f"(-{_pct(rel_dop[j])} {_when(j, days, lang)}): as the article describes it, "
                f"{KIND_PHRASES[lang]['chase']} {_when(chase.start, days, lang)} is followed by "
                "a dip."
            )
        else:
            out.append(
                f"Dopamine zakte in dit model tot {_pct(rel_dop[j])} onder je gewone niveau "
                f"{_when(j, days, lang)}. Dat aanhoudende stress de aanmaak remt, is het idee "
                "van het artikel; gemeten is vooral dat een korte stressor juist dopamine "
                "vrijmaakt, en dat doet het model ook."
                if nl
                else f"In this model, dopamine fell {_pct(rel_dop[j])} below your usual level "
                f"{_when(j, days, lang)}. That lasting stress holds back its production is the "
                "article's idea; what has been measured is mainly that a short stressor "
                "releases dopamine, and the model does that too."
            )
    ser = traj.serotonin / base.serotonin - 1.0
    mean_ser = float(np.mean(ser))
    if abs(mean_ser) >= 0.01:
        direction = (
            ("lager" if mean_ser < 0 else "hoger")
            if nl
            else ("lower" if mean_ser < 0 else "higher")
        )
        accepts = [e for e in traj.events if e.kind == "accept"]
        tail = ""
        if accepts and mean_ser < 0:
            e = accepts[0]
            tail = (
                f" Na {KIND_PHRASES[lang]['accept']} {_when(e.start, days, lang)} kon het "
                "in dit model weer herstellen, zoals het artikel het beschrijft."
                if nl
                else f" After {KIND_PHRASES[lang]['accept']} {_when(e.start, days, lang)} it "
                "could recover in this model, as the article describes it."
            )
        out.append(
            f"Serotonine lag in dit model gemiddeld {_pct(mean_ser)} {direction} dan op een dag "
            "zonder gebeurtenissen." + tail
            if nl
            else f"In this model, serotonin was on average {_pct(mean_ser)} {direction} than on "
            "a day without events." + tail
        )

    # 6. Several days: did the body carry tension into the nights? Only whole nights count,
    # and "steeds" (night after night) only when the lows do trend that way.
    night = _night_tension(traj)
    if len(night) >= 2 and abs(night[-1] - night[0]) / night[0] > 0.02:
        first, last = night[0], night[-1]
        worse = last > first
        steps = np.diff(night) * (1 if worse else -1)
        trend = bool(np.all(steps > 1e-5)) and len(night) > 2
        a, b = _num(first, lang), _num(last, lang)
        if nl and worse:
            out.append(
                f"In de nachten daalde je spanning {'steeds ' if trend else ''}minder ver: de "
                f"eerste nacht tot {a}, de laatste tot {b} (rust = 1). Zoals het artikel het "
                "beschrijft: een lichaam dat blijft aanstaan, herstelt ook in de slaap trager."
            )
        elif nl:
            out.append(
                f"In de nachten kwam je spanning {'steeds ' if trend else ''}verder tot rust: "
                f"van {a} de eerste nacht naar {b} de laatste (rust = 1)."
            )
        elif worse:
            out.append(
                f"At night your tension came down {'less and less' if trend else 'less far'}: "
                f"to {a} the first night, to {b} the last (rest = 1). As the article describes "
                "it: a body that stays switched on recovers more slowly in sleep too."
            )
        else:
            out.append(
                f"At night your tension settled {'further and further' if trend else 'further'}"
                f": from {a} the first night to {b} the last (rest = 1)."
            )
    return "\n".join(out)


def _night_tension(traj: Trajectory) -> list[float]:
    """Lowest tension reached in each whole night (sleep to wake) of the trajectory.

    A night cut off by the end of the run (or by now, on a run cut at now) has not reached
    its low, so it is left out."""
    sleep_min = parse_clock(traj.sleep)
    wake_min = parse_clock(traj.wake)
    length = (wake_min - sleep_min) % MINUTES_PER_DAY
    last = len(traj.tension) - 1
    lows = []
    for d in range(traj.days):
        start = d * MINUTES_PER_DAY + sleep_min
        if start + length <= last:
            lows.append(float(np.min(traj.tension[start : start + length + 1])))
    return lows


def explain_comparison(comparison: Comparison, lang: str = "nl") -> str:
    """Explain a what-if comparison (``b`` against ``a``) in plain Dutch or English."""
    lang = _check_lang(lang)
    nl = lang == "nl"
    names = QUANTITY_NAMES[lang]
    a, b = comparison.label_a, comparison.label_b
    out = [f"Vergelijking: '{b}' naast '{a}'." if nl else f"Comparison: '{b}' against '{a}'."]
    # In each run's own order (a set's order of two events at one minute changes between
    # processes, and with it the page).
    in_a, in_b = set(comparison.a.events), set(comparison.b.events)
    only_b = [e for e in comparison.b.events if e not in in_a]
    only_a = [e for e in comparison.a.events if e not in in_b]
    days = comparison.a.days
    if only_b:
        out.append(
            (f"Alleen in '{b}': " if nl else f"Only in '{b}': ")
            + _event_list(tuple(only_b), days, lang)
            + "."
        )
    if only_a:
        out.append(
            (f"Alleen in '{a}': " if nl else f"Only in '{a}': ")
            + _event_list(tuple(only_a), days, lang)
            + "."
        )
    changes = []
    for q in ("cortisol", "adrenaline", "tension", "dopamine", "serotonin", "oxytocin"):
        d = comparison[q]
        if abs(d.mean_change) < 0.005 and abs(d.peak_b - d.peak_a) / d.peak_a < 0.02:
            continue
        direction = (
            ("hoger" if d.mean_change > 0 else "lager")
            if nl
            else ("higher" if d.mean_change > 0 else "lower")
        )
        peak_change = d.peak_b / d.peak_a - 1.0
        if _pct(peak_change) == "0%":  # a peak that rounds to no change is not "0% lower"
            peak_text = "de piek even hoog" if nl else "the peak unchanged"
        elif nl:
            peak_text = f"de piek {_pct(peak_change)} {'hoger' if peak_change > 0 else 'lager'}"
        else:
            peak_text = f"the peak {_pct(peak_change)} {'higher' if peak_change > 0 else 'lower'}"
        # A course that stays flat has no peak "at 00:00": say that it stayed flat.
        sides = []
        for label, run, peak, minute in (
            (b, comparison.b, d.peak_b, d.peak_minute_b),
            (a, comparison.a, d.peak_a, d.peak_minute_a),
        ):
            if float(np.ptp(run[q])) < 1e-3:
                sides.append(
                    f"vlak op {_num(peak, lang)} in '{label}'"
                    if nl
                    else f"flat at {peak:.2f} in '{label}'"
                )
            else:
                sides.append(f"{_num(peak, lang)} {_when(minute, days, lang)}")
        if nl:
            changes.append(
                f"{names[q].capitalize()}: gemiddeld {_pct(d.mean_change)} {direction} in "
                f"'{b}', {peak_text} ({sides[0]} tegen {sides[1]})."
            )
        else:
            changes.append(
                f"{names[q].capitalize()}: on average {_pct(d.mean_change)} {direction} in "
                f"'{b}', {peak_text} ({sides[0]} against {sides[1]})."
            )
    if changes:
        out.extend(changes)
    else:
        out.append(
            "De twee verlopen verschillen nauwelijks." if nl else "The two courses hardly differ."
        )
    stress = comparison["cortisol"].mean_change + comparison["tension"].mean_change
    mood = comparison["serotonin"].mean_change + comparison["dopamine"].mean_change
    if stress < -0.01 and mood > 0:
        out.append(
            f"Kort gezegd, in dit model en zoals het artikel het beschrijft: in '{b}' staat je "
            "lichaam minder in de overlevingsstand en krijgen dopamine en serotonine meer ruimte."
            if nl
            else f"In short, in this model and as the article describes it: in '{b}' your body "
            "is less in survival mode, and dopamine and serotonin get more room."
        )
    elif stress > 0.01 and mood < 0:
        out.append(
            f"Kort gezegd, in dit model en zoals het artikel het beschrijft: in '{b}' blijft je "
            "lichaam meer in de overlevingsstand, en dat gaat ten koste van dopamine en "
            "serotonine."
            if nl
            else f"In short, in this model and as the article describes it: in '{b}' your body "
            "stays more in survival mode, at the expense of dopamine and serotonin."
        )
    return "\n".join(out)
