import datetime as dt

import pytest
from django.utils import timezone, translation

from loslaten.practice.forms import (
    CheckInForm,
    JournalEntryForm,
    MomentForm,
    SettingsForm,
    ThreeQuestionsForm,
    parse_pattern,
    parse_times,
)


@pytest.fixture(autouse=True)
def _dutch():
    """The messages are checked in Dutch, whatever an earlier test left active."""
    with translation.override("nl"):
        yield


VALID_CHECKIN = {
    "breath": "middle",
    "shoulders": "tense",
    "jaw": "neutral",
    "belly": "soft",
    "tension": "4",
}


def test_checkin_form_accepts_a_full_checkin():
    form = CheckInForm(VALID_CHECKIN)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tension"] == 4
    assert form.cleaned_data["did"] == ""


def test_checkin_form_refuses_tension_eleven_with_a_clear_message():
    form = CheckInForm({**VALID_CHECKIN, "tension": "11"})
    assert not form.is_valid()
    assert form.errors["tension"] == ["De spanning is een getal van 0 tot 10."]


def test_checkin_form_refuses_an_unknown_choice():
    form = CheckInForm({**VALID_CHECKIN, "breath": "sideways"})
    assert not form.is_valid()
    assert form.errors["breath"] == ["Kies hoog, midden of laag."]


def test_checkin_form_refuses_an_unknown_did():
    form = CheckInForm({**VALID_CHECKIN, "did": "dance"})
    assert not form.is_valid()
    assert "did" in form.errors


def test_checkin_form_refuses_too_long_text(settings):
    settings.LOSLATEN_MAX_TEXT_CHARS = 100
    form = CheckInForm({**VALID_CHECKIN, "on_mind": "x" * 101})
    assert not form.is_valid()
    assert form.errors["on_mind"] == ["Dit is te lang: maximaal 100 tekens, je schreef er 101."]


def test_checkin_form_asks_for_each_missing_body_part():
    form = CheckInForm({})
    assert not form.is_valid()
    assert set(form.errors) == {"breath", "shoulders", "jaw", "belly", "tension"}


def test_journal_form_needs_some_text():
    form = JournalEntryForm({"title": "leeg"})
    assert not form.is_valid()
    assert form.errors["text"] == ["Schrijf iets op, al is het één woord."]


def test_three_questions_need_at_least_one_answer():
    form = ThreeQuestionsForm({"q1": " ", "q2": "", "q3": ""})
    assert not form.is_valid()
    assert "minstens één vraag" in form.non_field_errors()[0]


def test_three_questions_accept_one_answer():
    assert ThreeQuestionsForm({"q2": "omdat ik moe ben"}).is_valid()


@pytest.mark.parametrize(
    ("pattern", "counts"),
    [
        ("4-6", (4, 0, 6, 0)),
        ("4-7-8", (4, 7, 8, 0)),
        ("box", (4, 4, 4, 4)),
        ("5-2-7-1", (5, 2, 7, 1)),
    ],
)
def test_parse_pattern_reads_named_and_own_patterns(pattern, counts):
    assert parse_pattern(pattern) == counts


@pytest.mark.parametrize("pattern", ["", "4", "0-6", "4-0", "30-6", "a-b", "1-2-3-4-5"])
def test_parse_pattern_refuses_nonsense(pattern):
    with pytest.raises(ValueError):
        parse_pattern(pattern)


def test_moment_form_refuses_a_bad_pattern_with_an_example():
    form = MomentForm({"kind": "breathe_minute", "duration_s": "60", "pattern": "99-1"})
    assert not form.is_valid()
    assert "4-7-8" in form.errors["pattern"][0]


def test_moment_form_refuses_a_time_in_the_far_past():
    old = timezone.now() - dt.timedelta(days=30)
    form = MomentForm({"kind": "exhale", "duration_s": "5", "at": old.isoformat()})
    assert not form.is_valid()
    assert "at" in form.errors


def test_moment_form_refuses_duration_zero():
    assert not MomentForm({"kind": "exhale", "duration_s": "0"}).is_valid()


def test_parse_times_sorts_and_pads():
    assert parse_times(["13:30", "8:05", "13:30", ""]) == ["08:05", "13:30"]


def test_settings_form_refuses_a_time_that_is_not_a_time():
    form = SettingsForm({"language": "nl", "reminders_enabled": "on", "time1": "25:00"})
    assert not form.is_valid()
    assert "25:00" in form.non_field_errors()[0]


def test_settings_form_needs_a_time_when_reminders_are_on():
    form = SettingsForm({"language": "nl", "reminders_enabled": "on"})
    assert not form.is_valid()


def test_settings_form_collects_up_to_three_times():
    form = SettingsForm({"language": "en", "time1": "21:00", "time2": "07:30", "time3": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reminder_times"] == ["07:30", "21:00"]


def test_settings_form_keeps_wake_and_sleep_as_clock_times():
    form = SettingsForm({"language": "nl", "wake": "6:15", "sleep": "22:30"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["wake"], form.cleaned_data["sleep"]) == ("06:15", "22:30")


def test_settings_form_refuses_a_wake_time_that_is_no_time():
    form = SettingsForm({"language": "nl", "wake": "25:00", "sleep": "22:30"})
    assert not form.is_valid()
    assert "geen tijd" in str(form.errors["wake"])


def test_settings_form_without_wake_and_sleep_uses_the_usual_day():
    form = SettingsForm({"language": "nl"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["wake"], form.cleaned_data["sleep"]) == ("07:00", "23:00")
