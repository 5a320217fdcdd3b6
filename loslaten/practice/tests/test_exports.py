"""CSV exports in the person's time zone and language; the JSON export keeps the codes."""

from __future__ import annotations

import csv
import io
import zipfile

from loslaten.accounts import services as accounts
from loslaten.practice import services
from loslaten.practice.tests.helpers import checkin, local


def read(archive: bytes, name: str, delimiter: str) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        text = z.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_dutch_csv_has_local_times_dutch_words_and_semicolons(alice):
    # 05:14 UTC in June is 07:14 in Amsterdam; in January, 06:14.
    checkin(
        alice, tension=7, shoulders="tense", breath="high", did="hold", at=local(2026, 6, 2, 7, 14)
    )
    checkin(alice, at=local(2026, 1, 5, 6, 14))
    services.record_moment(alice, "breathe_minute", 60, "4-7-8", at=local(2026, 6, 2, 7, 20))
    services.answer_three_questions(alice, {"q1": "warm", "q2": "", "q3": "wandelen"})
    services.get_settings(alice)

    archive = accounts.export_csv(alice)

    rows = read(archive, "checkins.csv", ";")
    assert rows[0] == [
        "nummer", "tijd", "adem", "schouders", "kaak", "buik", "spanning (0-10)",
        "wat speelt er", "wat je net deed",
    ]  # fmt: skip
    assert rows[1][1:7] == ["05-01-2026 06:14", "laag", "zacht", "neutraal", "zacht", "2"]
    assert rows[2][1:7] == ["02-06-2026 07:14", "hoog", "gespannen", "neutraal", "zacht", "7"]
    assert rows[2][8] == "ik bleef alles controleren"
    moments = read(archive, "moments.csv", ";")
    assert moments[1][1:] == ["02-06-2026 07:20", "een minuut rustig ademen", "60", "4-7-8"]
    journal = read(archive, "journal.csv", ";")
    answers = journal[1][journal[0].index("antwoorden")]
    assert "wandelen" in answers and "q1" not in answers
    prefs = read(archive, "settings.csv", ";")
    assert prefs[1] == ["ja", "nee", "", "Nederlands", "ja", "", "", "07:00", "23:00"]
    account = read(archive, "account.csv", ";")
    assert account[0] == ["e-mailadres", "voornaam", "aangemeld op", "laatst ingelogd"]


def test_english_csv_when_the_person_chose_english(alice):
    services.update_settings(alice, language="en", reminder_times=["07:30", "12:00"])
    checkin(alice, shoulders="tense", at=local(2026, 6, 2, 7, 14))

    archive = accounts.export_csv(alice)

    rows = read(archive, "checkins.csv", ",")
    assert rows[0][:3] == ["number", "time", "breath"]
    assert rows[1][1] == "2026-06-02 07:14"
    assert rows[1][3] == "tense"
    assert read(archive, "settings.csv", ",")[1][2] == "07:30, 12:00"


def test_the_json_export_keeps_codes_and_utc_offsets(alice):
    checkin(alice, shoulders="tense", breath="high", at=local(2026, 6, 2, 7, 14))
    row = accounts.export_everything(alice)["checkins"][0]
    assert (row["breath"], row["shoulders"]) == ("high", "tense")
    assert row["at"] == "2026-06-02T05:14:00+00:00"


def test_the_csv_still_defuses_formulas_and_holds_only_alices_rows(alice, bob):
    checkin(alice, on_mind="=SUM(A1)")
    checkin(bob, on_mind="bob zijn dag")
    archive = accounts.export_csv(alice)
    rows = read(archive, "checkins.csv", ";")
    assert rows[1][7] == "'=SUM(A1)"
    assert len(rows) == 2
