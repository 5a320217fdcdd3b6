"""CSV exports as a person reads them: their time zone, their language, their spreadsheet.

The JSON export (`services.export_user_data`) keeps the codes ("high", "tense", UTC times
with their offset) for programs. The CSV files are for people who open them in Excel or
LibreOffice, so each column is named in the person's language (their practice setting), a
code becomes its word ("gespannen"), a time is the local time ("03-03-2026 06:14" in Dutch)
and, in Dutch, cells are separated by semicolons: Dutch Excel reads commas as decimal
commas and would put a whole row into one cell.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from loslaten.core.csvsafe import csv_bytes
from loslaten.practice.forms import ThreeQuestionsForm
from loslaten.practice.models import (
    BODY_CHOICES,
    BREATH_CHOICES,
    DID_CHOICES,
    ENTRY_KINDS,
    LANGUAGE_CHOICES,
    MOMENT_KINDS,
    PracticeSettings,
)
from loslaten.practice.services import export_user_data, local_tz

__all__ = ["COLUMNS", "csv_file", "export_user_csv", "language_of"]

#: Time and date as written in each language (Dutch: day first, dashes).
DATETIME_FORMATS = {"nl": "%d-%m-%Y %H:%M", "en": "%Y-%m-%d %H:%M"}
DATE_FORMATS = {"nl": "%d-%m-%Y", "en": "%Y-%m-%d"}
DELIMITERS = {"nl": ";", "en": ","}


def _choices(pairs: Iterable[tuple[str, Any]]) -> Callable[[Any, str], str]:
    words = dict(pairs)
    return lambda value, lang: str(words.get(value, value)) if value else ""


def _datetime(value: Any, lang: str) -> str:
    if not value:
        return ""
    when = timezone.localtime(dt.datetime.fromisoformat(value), local_tz())
    return when.strftime(DATETIME_FORMATS[lang])


def _date(value: Any, lang: str) -> str:
    return dt.date.fromisoformat(value).strftime(DATE_FORMATS[lang]) if value else ""


def _yes_no(value: Any, lang: str) -> str:
    return str(_("ja") if value else _("nee"))


def _times(value: Any, lang: str) -> str:
    return ", ".join(str(v) for v in value or [])


def _answers(value: Any, lang: str) -> str:
    """Three answers as "question: answer" lines (the JSON export keeps q1, q2, q3)."""
    fields = ThreeQuestionsForm.base_fields
    answers = value if isinstance(value, dict) else {}
    return "\n".join(f"{fields[k].label} {answers[k]}" for k in fields if answers.get(k))


def _text(value: Any, lang: str) -> Any:
    return value


Column = tuple[str, Any, Callable[[Any, str], Any]]

#: Per CSV file: (key in the JSON export, column name, how a value is written).
COLUMNS: dict[str, list[Column]] = {
    "checkins": [
        ("id", _("nummer"), _text),
        ("at", _("tijd"), _datetime),
        ("breath", _("adem"), _choices(BREATH_CHOICES)),
        ("shoulders", _("schouders"), _choices(BODY_CHOICES)),
        ("jaw", _("kaak"), _choices(BODY_CHOICES)),
        ("belly", _("buik"), _choices(BODY_CHOICES)),
        ("tension", _("spanning (0-10)"), _text),
        ("on_mind", _("wat speelt er"), _text),
        ("did", _("wat je net deed"), _choices(DID_CHOICES)),
    ],
    "moments": [
        ("id", _("nummer"), _text),
        ("at", _("tijd"), _datetime),
        ("kind", _("soort"), _choices(MOMENT_KINDS)),
        ("duration_s", _("duur (seconden)"), _text),
        ("pattern", _("ritme"), _text),
    ],
    "journal": [
        ("id", _("nummer"), _text),
        ("at", _("tijd"), _datetime),
        ("kind", _("soort"), _choices(ENTRY_KINDS)),
        ("title", _("titel"), _text),
        ("text", _("tekst"), _text),
        ("article", _("artikel"), _text),
        ("prompt_anchor", _("anker"), _text),
        ("prompt_text", _("vraag"), _text),
        ("answers", _("antwoorden"), _answers),
        ("updated_at", _("aangepast"), _datetime),
    ],
    "path": [
        ("step", _("stap"), _text),
        ("started_on", _("begonnen op"), _date),
        ("done_on", _("gedaan op"), _date),
    ],
    "settings": [
        ("show_counts", _("laat tellingen zien"), _yes_no),
        ("reminders_enabled", _("herinneringen aan"), _yes_no),
        ("reminder_times", _("herinneringstijden"), _times),
        ("language", _("taal"), _choices(LANGUAGE_CHOICES)),
        ("email_reminders", _("herinneringen per e-mail"), _yes_no),
        ("quiet_from", _("stil vanaf"), _text),
        ("quiet_until", _("stil tot"), _text),
        ("wake", _("opstaan"), _text),
        ("sleep", _("slapen"), _text),
    ],
    "devices": [
        ("service", _("pushdienst"), _text),
        ("created_at", _("aangezet op"), _datetime),
        ("last_sent_at", _("laatste herinnering"), _datetime),
    ],
    "account": [
        ("email", _("e-mailadres"), _text),
        ("first_name", _("voornaam"), _text),
        ("date_joined", _("aangemeld op"), _datetime),
        ("last_login", _("laatst ingelogd"), _datetime),
    ],
    "tokens": [
        ("name", _("naam"), _text),
        ("prefix", _("begin"), _text),
        ("created_at", _("gemaakt op"), _datetime),
        ("last_used_at", _("laatst gebruikt"), _datetime),
        ("revoked_at", _("ingetrokken op"), _datetime),
    ],
}

PRACTICE_FILES = ("checkins", "moments", "journal", "path", "settings", "devices")


def language_of(user: Any) -> str:
    """The language the person chose for their practice ("nl" unless they chose "en")."""
    chosen = PracticeSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return "en" if chosen == "en" else "nl"


def csv_file(name: str, rows: Iterable[Mapping[str, Any]], lang: str) -> bytes:
    """One CSV file of the export (`name` a key of COLUMNS), written for `lang`."""
    columns = COLUMNS[name]
    with translation.override(lang):
        header = [str(label) for _key, label, _write in columns]
        body = [
            {str(label): write(row.get(key), lang) for key, label, write in columns} for row in rows
        ]
    return csv_bytes(body, header, delimiter=DELIMITERS[lang])


def export_user_csv(user: Any, lang: str | None = None) -> bytes:
    """A zip archive with checkins.csv, moments.csv, journal.csv, path.csv, settings.csv and
    devices.csv,
    in the person's language and time zone (UTF-8 with BOM, a header row)."""
    lang = lang or language_of(user)
    data = export_user_data(user)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in PRACTICE_FILES:
            archive.writestr(f"{name}.csv", csv_file(name, data[name], lang))
    return out.getvalue()
