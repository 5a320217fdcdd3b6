import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from loslaten.newsletter import schedule
from loslaten.newsletter.models import Delivery, Issue, Subscriber
from loslaten.newsletter.tests.helpers import make_subscribers

pytestmark = pytest.mark.django_db
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _no_prompt(monkeypatch):
    monkeypatch.setattr("loslaten.content.services.newest_prompt", lambda: None)


def test_clock_job_is_registered(settings):
    assert "loslaten.newsletter.schedule.tick" in settings.LOSLATEN_CLOCK_JOBS


def test_nothing_before_sunday_eight_amsterdam_time():
    schedule.tick(dt.datetime(2030, 3, 17, 7, 59, tzinfo=AMS))  # a Sunday
    assert not Issue.objects.exists()


def test_composed_at_the_configured_moment_once():
    schedule.tick(dt.datetime(2030, 3, 17, 8, 0, tzinfo=AMS))
    schedule.tick(dt.datetime(2030, 3, 17, 8, 1, tzinfo=AMS))
    assert Issue.objects.get().week == "2030-W11"


def test_weekday_and_time_are_configurable(settings):
    settings.LOSLATEN_NEWSLETTER_WEEKDAY = "wednesday"
    settings.LOSLATEN_NEWSLETTER_TIME = "18:30"
    schedule.tick(dt.datetime(2030, 3, 13, 18, 29, tzinfo=AMS))
    assert not Issue.objects.exists()
    schedule.tick(dt.datetime(2030, 3, 13, 18, 30, tzinfo=AMS))
    assert Issue.objects.count() == 1


def test_bad_weekday_is_a_clear_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.LOSLATEN_NEWSLETTER_WEEKDAY = "someday"
    with pytest.raises(ImproperlyConfigured, match="LOSLATEN_NEWSLETTER_WEEKDAY"):
        schedule.weekday()


def test_draft_is_not_sent_without_autosend():
    make_subscribers(3)
    schedule.tick(dt.datetime(2030, 3, 17, 8, 0, tzinfo=AMS))
    schedule.tick(dt.datetime(2030, 3, 17, 9, 0, tzinfo=AMS))
    assert Issue.objects.get().status == Issue.Status.DRAFT
    assert not mail.outbox


def test_autosend_sends_to_confirmed_subscribers_only(settings):
    settings.LOSLATEN_NEWSLETTER_AUTOSEND = True
    make_subscribers(3)
    make_subscribers(2, status=Subscriber.Status.PENDING, prefix="wacht")
    schedule.tick(dt.datetime(2030, 3, 17, 8, 0, tzinfo=AMS))
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == [f"lezer{i}@example.org" for i in range(3)]


def test_scheduled_issue_goes_out_at_send_at():
    make_subscribers(2)
    schedule.tick(dt.datetime(2030, 3, 17, 8, 0, tzinfo=AMS))
    Issue.objects.update(
        status=Issue.Status.SCHEDULED, send_at=dt.datetime(2030, 3, 17, 10, 0, tzinfo=AMS)
    )
    schedule.tick(dt.datetime(2030, 3, 17, 9, 59, tzinfo=AMS))
    assert not mail.outbox
    schedule.tick(dt.datetime(2030, 3, 17, 10, 0, tzinfo=AMS))
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(status="sent").count() == 2
