"""Micro-practices for the weekly issue: one a week, in turn.

Each takes less than a minute and needs nothing but attention. The issue of week N gets
practice N modulo the length of the list, so the list can grow without repeating soon.
"""

from __future__ import annotations

PRACTICES: list[str] = [
    "Zet je voeten plat op de grond en merk drie plekken op waar je lichaam iets raakt. "
    "Laat bij elke plek je gewicht een klein beetje meer zakken.",
    "Adem vier tellen in en zes tellen uit. Doe dat vijf keer. De lange uitademing is het "
    "signaal voor je lichaam dat er even niets hoeft.",
    "Laat je schouders zakken. Ze zitten waarschijnlijk hoger dan je denkt. Doe het nog een "
    "keer, over een uur.",
    "Kies één ding dat je vandaag niet gaat regelen. Schrijf het op en streep het door.",
    "Maak je kaak los: tong los van je verhemelte, tanden net niet op elkaar. Blijf zo drie "
    "ademhalingen lang.",
    "Noem in stilte één gevoel dat er nu is, zonder het weg te willen hebben. Alleen "
    "benoemen: 'daar is onrust'.",
    "Kijk een minuut naar iets in de verte: een boom, een dak, de lucht. Je ogen ontspannen "
    "mee, en de rest van je lichaam volgt.",
    "Leg een hand op je buik en voel hem bij het inademen omhoog komen. Meer hoeft niet.",
    "Laat bij de volgende deur die je opent je hand een tel op de klink rusten. Adem uit "
    "en ga dan pas verder.",
    "Vraag jezelf vanavond: waar hield ik vandaag aan vast, en wat gebeurde er toen ik het "
    "even losliet?",
    "Drink een glas water zonder iets anders te doen. Voel de temperatuur en het gewicht "
    "van het glas.",
    "Ontspan je handen. Open ze met de handpalmen naar boven op je schoot en laat ze daar "
    "tien tellen liggen.",
]


def practice_for_week(week: str) -> str:
    """The practice for an ISO week like `2025-W07`."""
    year, number = week.split("-W")
    return PRACTICES[(int(year) * 53 + int(number)) % len(PRACTICES)]
