import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from loslaten.practice import services
from loslaten.practice.exports import export_user_csv
from loslaten.practice.models import CheckIn, JournalEntry, Moment
from loslaten.practice.tests.helpers import CALM, checkin, local, make_article

pytestmark = pytest.mark.django_db


# Check-ins


def test_create_checkin_saves_the_body_state(alice):
    c = checkin(alice, tension=7, on_mind="de deadline", did="hold")
    assert CheckIn.objects.get(pk=c.pk).tension == 7
    assert c.did == "hold" and c.on_mind == "de deadline"


def test_create_checkin_refuses_tension_above_ten(alice):
    with pytest.raises(ValidationError):
        checkin(alice, tension=11)
    assert CheckIn.objects.count() == 0


def test_create_checkin_refuses_unknown_choice(alice):
    with pytest.raises(ValidationError):
        checkin(alice, breath="sideways")
    assert CheckIn.objects.count() == 0


def test_list_checkins_shows_only_ones_own_newest_first(alice, bob):
    old = checkin(alice, at=local(2026, 6, 1, 8))
    new = checkin(alice, at=local(2026, 6, 2, 8))
    checkin(bob)
    assert services.list_checkins(alice) == [new, old]


def test_bob_cannot_get_update_or_delete_alices_checkin(alice, bob):
    c = checkin(alice)
    with pytest.raises(Http404):
        services.get_checkin(bob, c.pk)
    with pytest.raises(Http404):
        services.update_checkin(bob, c.pk, tension=9)
    with pytest.raises(Http404):
        services.delete_checkin(bob, c.pk)
    c.refresh_from_db()
    assert c.tension == CALM["tension"]


def test_get_checkin_with_a_missing_or_bad_id_is_404(alice):
    with pytest.raises(Http404):
        services.get_checkin(alice, 12345)
    with pytest.raises(Http404):
        services.get_checkin(alice, "abc")


def test_update_checkin_changes_fields(alice):
    c = checkin(alice)
    services.update_checkin(alice, c.pk, tension=5, did="accept")
    c.refresh_from_db()
    assert (c.tension, c.did) == (5, "accept")


def test_delete_checkin_removes_it(alice):
    c = checkin(alice)
    services.delete_checkin(alice, c.pk)
    assert not CheckIn.objects.exists()


def test_suggestion_is_a_breathing_minute_when_breath_is_high(alice):
    assert services.suggestion_for(checkin(alice, breath="high")) == "breathe_minute"


def test_suggestion_is_shoulders_when_only_shoulders_are_tense(alice):
    assert services.suggestion_for(checkin(alice, shoulders="tense")) == "shoulders"


def test_suggestion_for_a_calm_body_is_feet_on_the_floor(alice):
    assert services.suggestion_for(checkin(alice)) == "feet"


# Moments


def test_record_moment_saves_kind_duration_and_pattern(alice):
    m = services.record_moment(alice, "breathe_minute", 60, "4-7-8")
    assert Moment.objects.get(pk=m.pk).pattern == "4-7-8"


def test_record_moment_refuses_unknown_kind(alice):
    with pytest.raises(ValidationError):
        services.record_moment(alice, "levitate", 60)
    assert not Moment.objects.exists()


def test_bob_cannot_get_or_delete_alices_moment(alice, bob):
    m = services.record_moment(alice, "exhale", 10)
    with pytest.raises(Http404):
        services.get_moment(bob, m.pk)
    with pytest.raises(Http404):
        services.delete_moment(bob, m.pk)
    assert Moment.objects.filter(pk=m.pk).exists()


def test_delete_moment_removes_it(alice):
    m = services.record_moment(alice, "exhale", 10)
    services.delete_moment(alice, m.pk)
    assert not Moment.objects.exists()


# Journal


def test_create_entry_is_free_by_default(alice):
    e = services.create_entry(alice, "Vandaag was rustig.", "Avond")
    assert (e.kind, e.title, e.text) == ("free", "Avond", "Vandaag was rustig.")


def test_list_entries_searches_without_case_or_accents(alice):
    hit = services.create_entry(alice, "Ik voelde me Één met de zee.")
    services.create_entry(alice, "Niets bijzonders.")
    assert services.list_entries(alice, "een met") == [hit]
    assert services.list_entries(alice, "ÉÉN") == [hit]


def test_list_entries_searches_titles_and_prompts(alice):
    e = services.create_entry(alice, "tekst", "Café")
    assert services.list_entries(alice, "cafe") == [e]


def test_list_entries_never_shows_another_persons_entries(alice, bob):
    services.create_entry(bob, "geheim van bob")
    assert services.list_entries(alice) == []
    assert services.list_entries(alice, "geheim") == []


def test_bob_cannot_get_update_or_delete_alices_entry(alice, bob):
    e = services.create_entry(alice, "van alice")
    for call in (
        lambda: services.get_entry(bob, e.pk),
        lambda: services.update_entry(bob, e.pk, text="van bob"),
        lambda: services.delete_entry(bob, e.pk),
    ):
        with pytest.raises(Http404):
            call()
    e.refresh_from_db()
    assert e.text == "van alice"


def test_update_entry_changes_title_and_text(alice):
    e = services.create_entry(alice, "eerst")
    services.update_entry(alice, e.pk, title="Nieuw", text="daarna")
    e.refresh_from_db()
    assert (e.title, e.text) == ("Nieuw", "daarna")


def test_delete_entry_removes_it(alice):
    e = services.create_entry(alice, "weg ermee")
    services.delete_entry(alice, e.pk)
    assert not JournalEntry.objects.exists()


def test_answer_three_questions_keeps_each_answer(alice):
    e = services.answer_three_questions(alice, {"q1": "warmte", "q2": "", "q3": "wandelen"})
    assert e.kind == "three_questions"
    assert e.answers == {"q1": "warmte", "q2": "", "q3": "wandelen"}
    assert "warmte" in e.text and "wandelen" in e.text


def test_three_questions_answers_are_searchable(alice):
    e = services.answer_three_questions(alice, {"q1": "", "q2": "", "q3": "fietsen"})
    assert services.list_entries(alice, "fietsen") == [e]


def test_update_entry_of_three_questions_changes_answers(alice):
    e = services.answer_three_questions(alice, {"q1": "a", "q2": "b", "q3": "c"})
    services.update_entry(alice, e.pk, answers={"q1": "x", "q2": "y", "q3": "z"})
    e.refresh_from_db()
    assert e.answers == {"q1": "x", "q2": "y", "q3": "z"}


def test_answer_prompt_keeps_the_prompt_text_and_article(alice):
    article = make_article()
    e = services.answer_prompt(alice, article, "prompt-2", "de afwas")
    assert e.kind == "prompt" and e.article == article
    assert e.prompt_anchor == "prompt-2"
    assert e.prompt_text == "Wat laat je vanavond liggen?"


def test_answer_prompt_with_unknown_anchor_is_404(alice):
    with pytest.raises(Http404):
        services.answer_prompt(alice, make_article(), "prompt-9", "x")
    assert not JournalEntry.objects.exists()


def test_prompt_answer_survives_the_article_being_deleted(alice):
    article = make_article()
    e = services.answer_prompt(alice, article, "prompt-1", "bij de bus")
    article.delete()
    e.refresh_from_db()
    assert e.article is None and e.prompt_text.startswith("Wanneer hield")


# Timeline and week


def test_timeline_merges_everything_newest_first(alice, bob):
    c = checkin(alice, at=local(2026, 6, 1, 8))
    m = services.record_moment(alice, "exhale", 5, at=local(2026, 6, 1, 9))
    e = services.create_entry(alice, "notitie", at=local(2026, 6, 1, 10))
    checkin(bob)
    items = services.timeline(alice)
    assert [(i.kind, i.obj) for i in items] == [("entry", e), ("moment", m), ("checkin", c)]


def test_timeline_search_finds_checkin_notes_and_entries(alice):
    c = checkin(alice, on_mind="de verhuizing")
    services.create_entry(alice, "iets anders")
    services.record_moment(alice, "exhale", 5)
    assert [i.obj for i in services.timeline(alice, "verhuizing")] == [c]


def test_week_summary_counts_days_and_moments_of_this_week_only(alice, bob):
    # Monday 1 June 2026 to Sunday 7 June.
    checkin(alice, at=local(2026, 6, 1, 8))
    services.record_moment(alice, "exhale", 5, at=local(2026, 6, 1, 20))
    services.record_moment(alice, "breathe_minute", 60, at=local(2026, 6, 3, 7))
    services.record_moment(alice, "exhale", 5, at=local(2026, 5, 31, 23, 30))  # last week
    services.record_moment(bob, "exhale", 5, at=local(2026, 6, 2, 8))
    week = services.week_summary(alice, dt.date(2026, 6, 4))
    assert week.week_start == dt.date(2026, 6, 1)
    assert (week.days_practised, week.moments, week.checkins) == (2, 2, 1)


def test_week_summary_counts_entries_and_the_sunday_night_of_its_own_week(alice, bob):
    # Monday 1 June 2026 to Sunday 7 June; 23:30 on Sunday in Amsterdam is 21:30 UTC.
    services.create_entry(alice, "maandag", at=local(2026, 6, 1, 9))
    services.create_entry(alice, "zondagnacht", at=local(2026, 6, 7, 23, 30))
    checkin(alice, at=local(2026, 6, 7, 23, 45))
    services.create_entry(alice, "volgende week", at=local(2026, 6, 8, 0, 15))
    services.create_entry(bob, "van bob", at=local(2026, 6, 3, 9))
    checkin(bob, at=local(2026, 6, 3, 9))
    week = services.week_summary(alice, dt.date(2026, 6, 7))
    assert (week.days_practised, week.entries, week.checkins, week.moments) == (2, 2, 1, 0)
    assert services.week_summary(bob, dt.date(2026, 6, 7)).as_dict()["entries"] == 1


def test_counts_show_until_a_person_hides_them_and_first_use_keeps_their_settings(alice, bob):
    from loslaten.practice.models import PracticeSettings

    assert services.shows_counts(alice) is True
    assert PracticeSettings.objects.filter(user=alice).count() == 1
    services.update_settings(bob, show_counts=False)
    assert services.shows_counts(bob) is False
    assert services.shows_counts(alice) is True
    assert PracticeSettings.objects.get(user=alice).show_counts is True


def test_week_summary_uses_local_days_not_utc(alice):
    # 00:30 in Amsterdam on Monday is still Sunday in UTC.
    services.record_moment(alice, "exhale", 5, at=local(2026, 6, 1, 0, 30))
    assert services.week_summary(alice, dt.date(2026, 6, 1)).days_practised == 1


# Settings


def test_settings_are_created_with_gentle_defaults(alice):
    prefs = services.get_settings(alice)
    assert prefs.show_counts is True and prefs.reminders_enabled is False
    assert prefs.reminder_times == []


def test_update_settings_keeps_reminder_times(alice):
    services.update_settings(alice, reminders_enabled=True, reminder_times=["08:00", "13:30"])
    assert services.get_settings(alice).reminder_times == ["08:00", "13:30"]


# Export


def test_export_user_data_holds_everything_and_nothing_of_others(alice, bob):
    checkin(alice, on_mind="werk", did="connect")
    services.record_moment(alice, "breathe_minute", 60, "4-6")
    services.answer_prompt(alice, make_article(), "prompt-1", "ochtend")
    services.get_settings(alice)
    checkin(bob, on_mind="van bob")
    data = services.export_user_data(alice)
    assert set(data) == {"checkins", "moments", "journal", "path", "settings", "devices"}
    assert [c["on_mind"] for c in data["checkins"]] == ["werk"]
    assert data["moments"][0]["pattern"] == "4-6"
    assert data["journal"][0]["article"] == "de-kracht-van-een-lange-uitademing"
    assert data["journal"][0]["prompt_text"].startswith("Wanneer")
    assert len(data["settings"]) == 1
    json.dumps(data)  # serialisable as is


def test_export_user_csv_is_a_zip_with_one_csv_per_kind(alice):
    checkin(alice, on_mind="=SUM(A1)")
    services.create_entry(alice, "Één regel")
    archive = zipfile.ZipFile(io.BytesIO(export_user_csv(alice)))
    assert sorted(archive.namelist()) == [
        "checkins.csv",
        "devices.csv",
        "journal.csv",
        "moments.csv",
        "path.csv",
        "settings.csv",
    ]
    checkins = archive.read("checkins.csv").decode("utf-8-sig")
    assert checkins.splitlines()[0].startswith("nummer;tijd;adem")
    assert "'=SUM(A1)" in checkins  # no spreadsheet formula
    assert "Één regel" in archive.read("journal.csv").decode("utf-8-sig")


# The model's events


def test_events_for_day_maps_did_to_event_kinds_at_the_local_time(alice):
    checkin(alice, at=local(2026, 6, 1, 9, 15), did="complete", tension=4)
    checkin(alice, at=local(2026, 6, 1, 10, 0), did="hold", tension=10)
    checkin(alice, at=local(2026, 6, 1, 11, 0))  # nothing done: no event
    events = services.events_for_day(alice, dt.date(2026, 6, 1))
    assert [(e.kind, e.start) for e in events] == [("complete", 555), ("hold", 600)]
    assert events[0].intensity == 1.0
    assert events[1].intensity == 2.0


def test_events_intensity_of_strain_follows_the_tension(alice):
    checkin(alice, at=local(2026, 6, 1, 9), did="suppress", tension=0)
    checkin(alice, at=local(2026, 6, 1, 10), did="chase", tension=5)
    low, mid = services.events_for_day(alice, dt.date(2026, 6, 1))
    assert (low.intensity, mid.intensity) == (0.5, 1.25)


def test_events_for_day_maps_moments_to_breathe_and_exhale(alice):
    services.record_moment(alice, "breathe_minute", 120, "4-6", at=local(2026, 6, 1, 7, 30))
    services.record_moment(alice, "shoulders", 20, at=local(2026, 6, 1, 8))
    services.record_moment(alice, "feet", 20, at=local(2026, 6, 1, 8, 1))
    services.record_moment(alice, "exhale", 8, at=local(2026, 6, 1, 8, 2))
    events = services.events_for_day(alice, dt.date(2026, 6, 1))
    assert [(e.kind, e.start, e.duration) for e in events] == [
        ("breathe", 450, 2),
        ("exhale", 480, 0),
        ("exhale", 481, 0),
        ("exhale", 482, 0),
    ]


def test_events_for_day_only_takes_that_local_day_and_that_person(alice, bob):
    checkin(alice, at=local(2026, 6, 1, 23, 59), did="accept")
    checkin(alice, at=local(2026, 6, 2, 0, 1), did="accept")
    checkin(bob, at=local(2026, 6, 1, 12), did="hold")
    events = services.events_for_day(alice, dt.date(2026, 6, 1))
    assert [(e.kind, e.start) for e in events] == [("accept", 1439)]


def test_events_are_the_models_events(alice):
    from loslaten.hormones.events import Event

    services.record_moment(alice, "exhale", 5, at=local(2026, 6, 1, 7))
    (event,) = services.events_for_day(alice, dt.date(2026, 6, 1))
    assert isinstance(event, Event)


def test_services_refuse_too_long_text_even_without_a_form(alice, settings):
    settings.LOSLATEN_MAX_TEXT_CHARS = 100
    with pytest.raises(ValidationError):
        checkin(alice, on_mind="x" * 101)
    with pytest.raises(ValidationError):
        services.create_entry(alice, "x" * 101)
    with pytest.raises(ValidationError):
        services.answer_three_questions(alice, {"q1": "x" * 101})
    assert not CheckIn.objects.exists() and not JournalEntry.objects.exists()
