import datetime as dt

import pytest
from django.http import Http404
from django.utils import translation

from loslaten.practice import path
from loslaten.practice.models import JournalEntry, PathProgress

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 6, 1)
TUESDAY = dt.date(2026, 6, 2)


def statuses(user, today):
    return [s.status for s in path.path_state(user, today)][:4]


def test_the_path_has_at_least_seven_steps_in_both_languages():
    nl, en = path.steps("nl"), path.steps("en")
    assert len(nl) == len(en) >= 7
    assert all(s.title and s.text and s.practice and s.question for s in nl + en)
    assert nl[0].title != en[0].title


def test_steps_follow_the_active_language():
    with translation.override("en"):
        assert path.steps()[0].title == "Noticing where you hold on"


def test_at_the_start_only_the_first_step_is_open(alice):
    assert statuses(alice, MONDAY) == ["open", "later", "later", "later"]


def test_the_next_step_waits_until_the_next_day(alice):
    path.complete_step(alice, 1, today=MONDAY)
    state = path.path_state(alice, MONDAY)
    assert [s.status for s in state][:3] == ["done", "waiting", "later"]
    assert state[1].opens_on == TUESDAY


def test_the_next_step_opens_the_next_day(alice):
    path.complete_step(alice, 1, today=MONDAY)
    assert statuses(alice, TUESDAY) == ["done", "open", "later", "later"]


def test_completing_a_waiting_step_early_is_refused(alice):
    path.complete_step(alice, 1, today=MONDAY)
    with pytest.raises(Http404):
        path.complete_step(alice, 2, today=MONDAY)
    assert not PathProgress.objects.filter(step=2).exists()


def test_a_step_cannot_be_done_twice(alice):
    path.complete_step(alice, 1, today=MONDAY)
    with pytest.raises(Http404):
        path.complete_step(alice, 1, today=TUESDAY)


def test_an_unknown_step_is_404(alice):
    with pytest.raises(Http404):
        path.complete_step(alice, 99, today=MONDAY)


def test_pausing_loses_nothing(alice):
    path.complete_step(alice, 1, today=MONDAY)
    assert statuses(alice, MONDAY + dt.timedelta(days=30))[:2] == ["done", "open"]


def test_the_answer_goes_to_the_journal_with_the_question(alice):
    entry = path.complete_step(alice, 1, "in mijn kaak", today=MONDAY)
    assert entry is not None and entry.kind == "path"
    assert entry.text == "in mijn kaak"
    assert entry.prompt_text == path.steps("nl")[0].question


def test_no_answer_means_no_journal_entry(alice):
    assert path.complete_step(alice, 1, "  ", today=MONDAY) is None
    assert not JournalEntry.objects.exists()


def test_progress_is_per_person(alice, bob):
    path.complete_step(alice, 1, today=MONDAY)
    assert statuses(bob, TUESDAY)[0] == "open"


def test_current_step_is_the_first_not_done(alice):
    path.complete_step(alice, 1, today=MONDAY)
    current = path.current_step(alice, MONDAY)
    assert current is not None and current.step.number == 2 and current.status == "waiting"


def test_path_uses_timezone_now_for_today_by_default(alice, monkeypatch):
    from django.utils import timezone

    from loslaten.practice.tests.helpers import local

    monkeypatch.setattr(timezone, "now", lambda: local(2026, 6, 1, 10))
    path.complete_step(alice, 1)
    assert PathProgress.objects.get(step=1).done_on == MONDAY
    monkeypatch.setattr(timezone, "now", lambda: local(2026, 6, 2, 0, 5))
    assert path.path_state(alice)[1].status == "open"
