"""Every issue on the web: the archive, one issue as sent, the feed; never a draft."""

import datetime as dt

import pytest
from django.utils import timezone

from loslaten.newsletter import sending
from loslaten.newsletter.models import Issue
from loslaten.newsletter.tests.helpers import make_issue, make_subscribers

pytestmark = pytest.mark.django_db


def sent_issue(week: str, days_ago: int, **fields) -> Issue:
    started = timezone.now() - dt.timedelta(days=days_ago)
    return make_issue(week, status=Issue.Status.SENT, started_at=started, **fields)


def test_the_archive_lists_sent_issues_newest_first_and_never_a_draft(client):
    sent_issue("2030-W08", 14, subject="Week acht")
    sent_issue("2030-W09", 7, subject="Week negen")
    make_issue("2030-W10", subject="Concept van week tien")
    make_issue(
        "2030-W11",
        subject="Ingepland voor later",
        status=Issue.Status.SCHEDULED,
        send_at=timezone.now() + dt.timedelta(days=1),
    )
    page = client.get("/nieuwsbrief/archief/").content.decode()
    assert page.index("Week negen") < page.index("Week acht")
    assert "Concept van week tien" not in page and "Ingepland" not in page
    assert 'type="application/atom+xml"' in page


def test_an_issue_page_shows_it_as_sent_without_anyones_links(client):
    make_subscribers(1)
    issue = make_issue(opening="Wat mag je deze week loslaten?")
    sending.Sender(issue.pk).run()
    page = client.get(f"/nieuwsbrief/{issue.week}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert issue.subject in body and "Wat mag je deze week loslaten?" in body
    assert "Adem uit" in body and "Laat je schouders zakken." in body
    for personal in ("/afmelden/", "/beheer/", "%%", "Hoi L0"):
        assert personal not in body
    assert "geen medisch advies" in body


def test_a_draft_or_scheduled_issue_is_not_on_the_web_until_its_send_began(client):
    issue = make_issue()
    assert client.get(f"/nieuwsbrief/{issue.week}/").status_code == 404
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SCHEDULED)
    assert client.get(f"/nieuwsbrief/{issue.week}/").status_code == 404
    sending.start(issue)
    assert client.get(f"/nieuwsbrief/{issue.week}/").status_code == 200


def test_a_lowercase_week_redirects_to_the_one_address(client):
    issue = sent_issue("2030-W09", 1)
    response = client.get("/nieuwsbrief/2030-w09/")
    assert response.status_code == 301
    assert response["Location"] == f"/nieuwsbrief/{issue.week}/"


def test_the_feed_has_the_sent_issues_and_no_draft(client):
    sent_issue("2030-W09", 7, subject="Week negen")
    make_issue("2030-W10", subject="Concept van week tien")
    feed = client.get("/nieuwsbrief/archief/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Week negen" in body and "http://testserver/nieuwsbrief/2030-W09/" in body
    assert "Concept" not in body
