"""Named example days, retold from the article's stories (in our own words).

Each scenario has a short slug, a Dutch and an English title and one-line description, its
events and, for the what-if pairs, the slug of the scenario it is meant to be compared with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .compare import Comparison, compare
from .events import SLEEP, WAKE
from .simulate import simulate
from .trajectory import Trajectory


@dataclass(frozen=True)
class Scenario:
    """A named day (or weeks) of events."""

    slug: str
    title_nl: str
    description_nl: str
    title_en: str
    description_en: str
    events: tuple[str, ...]
    days: int = 1
    wake: str = WAKE
    sleep: str = SLEEP
    compare_with: str | None = None

    def title(self, lang: str = "nl") -> str:
        """Title in Dutch (``nl``) or English (``en``)."""
        return self.title_nl if lang == "nl" else self.title_en

    def description(self, lang: str = "nl") -> str:
        """One-line description in Dutch (``nl``) or English (``en``)."""
        return self.description_nl if lang == "nl" else self.description_en

    def simulate(self, params: dict[str, Any] | None = None) -> Trajectory:
        """Run this scenario."""
        return simulate(
            list(self.events), days=self.days, wake=self.wake, sleep=self.sleep, params=params
        )

    def compare(self, params: dict[str, Any] | None = None) -> Comparison:
        """Run this scenario against its partner (``compare_with``)."""
        if self.compare_with is None:
            raise ValueError(f"scenario: {self.slug!r} has no scenario to compare with")
        other = get_scenario(self.compare_with)
        return compare(
            self.simulate(params),
            other.simulate(params),
            label_a=self.slug,
            label_b=other.slug,
        )


def _every_day(events: Sequence[str], days: int) -> tuple[str, ...]:
    """Repeat a day's events on each of ``days`` days (``D2/`` prefixes)."""
    return tuple(e if d == 1 else f"D{d}/{e}" for d in range(1, days + 1) for e in events)


_FULL_DAY = (
    "hold@08:15+105*1.5",
    "suppress@10:00+45",
    "hold@10:45+75*2",
    "chase@12:15+30",
    "hold@13:00+150*1.5",
    "hold@15:45+75*2",
    "suppress@17:30+60",
    "chase@21:00+75*1.5",
)

_CONTROL_DAY = (
    "hold@08:00+60*1.5",
    "hold@09:30+120*1.5",
    "suppress@11:30+45",
    "hold@13:00+150*1.5",
    "hold@16:00+60*2",
    "suppress@19:00+90",
)
_FLOWING_DAY = (
    "hold@08:00+30",
    "exhale@08:30",
    "complete@09:30",
    "hold@09:30+60",
    "accept@10:30+10",
    "connect@12:30+20",
    "hold@13:00+75",
    "breathe@14:15+5",
    "complete@16:00",
    "accept@19:00+10",
)

_CHRONIC_DAY = (
    "hold@08:30+180*1.5",
    "suppress@12:00+60",
    "hold@13:00+240*1.5",
    "suppress@18:00+120",
    "chase@21:00+60",
)
_RECOVERY_MOMENTS = (
    "exhale@10:00",
    "breathe@12:30+5",
    "exhale@15:00",
    "accept@17:15+10",
    "breathe@22:30+10",
)
CHRONIC_DAYS = 14

_LIST = (
    Scenario(
        slug="te-volle-dag",
        title_nl="De dag die net te vol was",
        description_nl="Van de ene afspraak in de andere, lunch achter het scherm en 's avonds "
        "nog even scrollen: nergens een moment om uit te ademen.",
        title_en="The day that was just too full",
        description_en="One appointment after another, lunch at the screen and some scrolling "
        "at night: not one moment to breathe out.",
        events=_FULL_DAY,
        compare_with="te-volle-dag-met-ademruimte",
    ),
    Scenario(
        slug="te-volle-dag-met-ademruimte",
        title_nl="Dezelfde volle dag, met ademruimte",
        description_nl="Precies zo vol, maar tussen de blokken door een bewuste uitademing, "
        "twee keer rustig ademen en aan het eind van de middag aanvaarden wat niet af is.",
        title_en="The same full day, with room to breathe",
        description_en="Just as full, but with a conscious exhale between blocks, slow breathing "
        "twice and, late in the afternoon, accepting what is not finished.",
        events=(
            *_FULL_DAY,
            "exhale@10:00",
            "breathe@12:15+5",
            "exhale@15:45",
            "accept@17:00+10",
            "breathe@21:00+5",
        ),
        compare_with="te-volle-dag",
    ),
    Scenario(
        slug="uitgesteld-telefoontje",
        title_nl="Het uitgestelde telefoontje",
        description_nl="Al dagen schuif je een belletje voor je uit; vanmiddag om twee uur "
        "pak je de telefoon en is het in een paar minuten klaar.",
        title_en="The postponed phone call",
        description_en="For days you have put off a call; this afternoon at two you pick up "
        "the phone and it is done in a few minutes.",
        events=(
            "hold@09:00+30",
            "suppress@11:00+45",
            "hold@13:30+25*1.5",
            "complete@14:00",
            "exhale@14:05",
        ),
        compare_with="telefoontje-blijft-liggen",
    ),
    Scenario(
        slug="telefoontje-blijft-liggen",
        title_nl="Het telefoontje blijft liggen",
        description_nl="Dezelfde dag, maar het belletje wordt weer morgen: het zeurt de hele "
        "middag door op de achtergrond.",
        title_en="The call stays on the list",
        description_en="The same day, but the call is put off until tomorrow again: it nags "
        "in the background all afternoon.",
        events=(
            "hold@09:00+30",
            "suppress@11:00+45",
            "hold@13:30+25*1.5",
            "suppress@14:00+180",
        ),
        compare_with="uitgesteld-telefoontje",
    ),
    Scenario(
        slug="eerlijk-moment",
        title_nl="Een eerlijk moment",
        description_nl="Na een gespannen ochtend zeg je tegen een vriendin hoe het echt met "
        "je gaat, en zij luistert.",
        title_en="A moment of honesty",
        description_en="After a tense morning you tell a friend how you are really doing, "
        "and she listens.",
        events=("hold@09:30+60*1.5", "connect@15:00+20*1.5", "exhale@15:20"),
    ),
    Scenario(
        slug="plannen-vallen-weg",
        title_nl="De dag waarop je plannen in duigen vielen",
        description_nl="Je hele planning valt om; eerst duw je nog door, dan laat je het "
        "zijn zoals het is en adem je een paar minuten rustig.",
        title_en="The day your plans fell apart",
        description_en="Your whole schedule collapses; first you push on, then you let it be "
        "as it is and breathe slowly for a few minutes.",
        events=("hold@09:00+60*2", "accept@10:00+15", "breathe@10:15+5"),
        compare_with="plannen-vallen-weg-vasthouden",
    ),
    Scenario(
        slug="plannen-vallen-weg-vasthouden",
        title_nl="Plannen in duigen, en toch vasthouden",
        description_nl="Dezelfde tegenvaller, maar je blijft proberen alles alsnog te redden "
        "en slikt je frustratie in.",
        title_en="Plans fall apart, and you hold on",
        description_en="The same setback, but you keep trying to save everything and swallow "
        "your frustration.",
        events=("hold@09:00+60*2", "hold@10:00+90*1.5", "suppress@11:30+60"),
        compare_with="plannen-vallen-weg",
    ),
    Scenario(
        slug="micro-momenten",
        title_nl="Microgeluk onder de douche en in de rij",
        description_nl="Eén bewuste uitademing onder de douche en een paar trage ademhalingen "
        "in de rij bij de supermarkt: kleine momenten in een gewone dag.",
        title_en="Micro-moments in the shower and in the queue",
        description_en="One conscious exhale in the shower and a few slow breaths in the "
        "supermarket queue: small moments in an ordinary day.",
        events=(
            "exhale@07:20",
            "hold@08:30+45",
            "hold@11:00+45*1.5",
            "hold@16:30+40",
            "breathe@17:15+3",
            "exhale@17:18",
        ),
    ),
    Scenario(
        slug="alles-onder-controle",
        title_nl="Een dag alles onder controle houden",
        description_nl="Je houdt alle ballen in de lucht, de hele dag, en laat niets merken.",
        title_en="A day of keeping everything under control",
        description_en="You keep every ball in the air, all day, and let nothing show.",
        events=_CONTROL_DAY,
        compare_with="meebewegen",
    ),
    Scenario(
        slug="meebewegen",
        title_nl="Een dag meebewegen",
        description_nl="Dezelfde soort dag, maar je kiest, rondt af, vraagt om hulp en laat "
        "los wat niet lukt.",
        title_en="A day of moving along",
        description_en="The same kind of day, but you choose, finish, ask for help and let go "
        "of what does not work out.",
        events=_FLOWING_DAY,
        compare_with="alles-onder-controle",
    ),
    Scenario(
        slug="onderdrukken",
        title_nl="Wegdrukken",
        description_nl="Een scherpe opmerking raakt je; je slikt het in en gaat door alsof er "
        "niets is gebeurd.",
        title_en="Suppressing",
        description_en="A sharp remark hits you; you swallow it and carry on as if nothing "
        "happened.",
        events=("hold@14:00+15*2", "suppress@14:15+120*1.5"),
        compare_with="loslaten",
    ),
    Scenario(
        slug="loslaten",
        title_nl="Loslaten",
        description_nl="Dezelfde opmerking; je voelt hem, ademt één keer bewust uit, een paar "
        "minuten rustig, en laat hem er zijn.",
        title_en="Letting go",
        description_en="The same remark; you feel it, breathe out once consciously, breathe "
        "slowly for a few minutes, and let it be there.",
        events=("hold@14:00+15*2", "exhale@14:15", "breathe@14:16+5", "accept@14:25+10"),
        compare_with="onderdrukken",
    ),
    Scenario(
        slug="meer-prikkels",
        title_nl="Meer prikkels zoeken",
        description_nl="Na een lastig uur grijp je naar je telefoon en scrolt van filmpje naar "
        "filmpje, op zoek naar een beter gevoel.",
        title_en="Chasing more stimulation",
        description_en="After a difficult hour you reach for your phone and scroll from clip "
        "to clip, looking for a better feeling.",
        events=("hold@13:00+60*1.5", "chase@14:00+45*1.5"),
        compare_with="loslaten",
    ),
    Scenario(
        slug="chronische-spanning",
        title_nl="Twee weken chronische spanning",
        description_nl="Veertien dagen lang van vroeg tot laat aan staan, gevoelens wegdrukken "
        "en 's avonds verdoven met prikkels.",
        title_en="Two weeks of chronic tension",
        description_en="Fourteen days of being switched on from early to late, pushing "
        "feelings away and numbing with stimulation at night.",
        events=_every_day(_CHRONIC_DAY, CHRONIC_DAYS),
        days=CHRONIC_DAYS,
        compare_with="dagelijks-herstel",
    ),
    Scenario(
        slug="dagelijks-herstel",
        title_nl="Dezelfde twee weken, met kleine dagelijkse herstelmomenten",
        description_nl="Net zo druk, maar elke dag een paar bewuste uitademingen, rustige "
        "ademhalingen en één moment van aanvaarden.",
        title_en="The same two weeks, with small daily recoveries",
        description_en="Just as busy, but every day a few conscious exhales, slow breaths and "
        "one moment of accepting.",
        events=_every_day(_CHRONIC_DAY + _RECOVERY_MOMENTS, CHRONIC_DAYS),
        days=CHRONIC_DAYS,
        compare_with="chronische-spanning",
    ),
)

#: All scenarios by slug, in presentation order.
SCENARIOS: dict[str, Scenario] = {s.slug: s for s in _LIST}


def get_scenario(name: str) -> Scenario:
    """The scenario with this slug; ``ValueError`` naming ``scenario`` when unknown."""
    try:
        return SCENARIOS[name]
    except KeyError:
        raise ValueError(
            f"scenario: unknown scenario {name!r}; expected one of {', '.join(SCENARIOS)}"
        ) from None
