import pytest
from django.core import mail

from loslaten.practice import reminders, services
from loslaten.practice.models import ReminderSent
from loslaten.practice.tests.helpers import local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletter", "reminders"],
        }
    }


@pytest.fixture
def alice_wants_reminders(alice):
    services.update_settings(alice, reminders_enabled=True, reminder_times=["08:00", "20:30"])
    return alice


def test_tick_is_a_clock_job(settings):
    assert "loslaten.practice.reminders.tick" in settings.LOSLATEN_CLOCK_JOBS


def test_a_due_reminder_is_sent_with_a_link_to_the_breathing_page(alice_wants_reminders):
    assert reminders.tick(local(2026, 6, 1, 8, 2)) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "http://testserver/oefenen/adem/" in message.body
    assert "Alice" in message.body


def test_tick_is_idempotent_per_person_day_and_time(alice_wants_reminders):
    reminders.tick(local(2026, 6, 1, 8, 0))
    reminders.tick(local(2026, 6, 1, 8, 1))
    reminders.tick(local(2026, 6, 1, 8, 5))
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_the_next_day_the_reminder_comes_again(alice_wants_reminders):
    reminders.tick(local(2026, 6, 1, 8, 0))
    reminders.tick(local(2026, 6, 2, 8, 0))
    assert len(mail.outbox) == 2


def test_nothing_is_sent_before_the_time(alice_wants_reminders):
    assert reminders.tick(local(2026, 6, 1, 7, 59)) == 0
    assert mail.outbox == []


def test_a_long_missed_reminder_is_skipped_not_sent_late(alice_wants_reminders):
    assert reminders.tick(local(2026, 6, 1, 11, 0)) == 0


def test_times_are_in_the_site_time_zone(alice_wants_reminders):
    # 20:30 in Amsterdam in summer is 18:30 UTC.
    import datetime as dt

    assert reminders.tick(dt.datetime(2026, 6, 1, 18, 31, tzinfo=dt.UTC)) == 1


def test_no_reminders_when_switched_off(alice):
    services.update_settings(alice, reminders_enabled=False, reminder_times=["08:00"])
    assert reminders.tick(local(2026, 6, 1, 8, 0)) == 0


def test_a_reminder_switched_off_after_enqueueing_is_not_sent(alice_wants_reminders):
    services.update_settings(alice_wants_reminders, reminders_enabled=False)
    assert reminders.send_reminder.call(alice_wants_reminders.pk, "08:00") is False
    assert mail.outbox == []


def test_the_email_speaks_the_chosen_language(alice_wants_reminders):
    services.update_settings(alice_wants_reminders, language="en")
    reminders.tick(local(2026, 6, 1, 8, 0))
    assert "Hi Alice" in mail.outbox[0].body


def test_reminders_go_on_the_reminders_queue():
    assert reminders.send_reminder.queue_name == "reminders"
