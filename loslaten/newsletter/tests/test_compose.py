import datetime as dt

import pytest
from django.utils import timezone

from loslaten.content.models import Article
from loslaten.newsletter import compose
from loslaten.newsletter.models import Issue, WeeklyOpening
from loslaten.newsletter.practices import PRACTICES, practice_for_week

pytestmark = pytest.mark.django_db


def article(slug, published_at, title=None):
    return Article.objects.create(
        title=title or slug.title(),
        slug=slug,
        lede=f"Inleiding van {slug}.",
        body_markdown="Tekst.",
        published_at=published_at,
    )


@pytest.fixture
def no_prompt(monkeypatch):
    monkeypatch.setattr("loslaten.content.services.newest_prompt", lambda: None)


def test_opening_written_in_advance_is_used(no_prompt):
    now = timezone.now()
    WeeklyOpening.objects.create(week_start=timezone.localdate(now), text="Deze week: rust.")
    issue, created = compose.compose_issue(now)
    assert created
    assert issue.opening == "Deze week: rust."


def test_opening_falls_back_to_the_newest_prompt(monkeypatch):
    monkeypatch.setattr(
        "loslaten.content.services.newest_prompt", lambda: "Wat hield je vandaag vast?"
    )
    issue, _ = compose.compose_issue()
    assert issue.opening == "Wat hield je vandaag vast?"


def test_opening_has_a_last_resort_without_articles(no_prompt):
    issue, _ = compose.compose_issue()
    assert issue.opening.strip()


def test_weekly_opening_is_stored_on_the_monday():
    opening = WeeklyOpening.objects.create(week_start=dt.date(2030, 3, 14), text="x")
    assert opening.week_start == dt.date(2030, 3, 11)


def test_articles_published_since_the_last_issue(no_prompt):
    now = timezone.now()
    last_week = now - dt.timedelta(days=7)
    Issue.objects.create(
        week="2000-W01",
        subject="oud",
        opening="o",
        practice="p",
        period_start=last_week,
        composed_at=last_week,
    )
    article("al-verstuurd", last_week - dt.timedelta(hours=1))
    article("nieuw-een", now - dt.timedelta(days=3))
    article("nieuw-twee", now - dt.timedelta(days=1))
    article("toekomst", now + dt.timedelta(days=1))
    issue, _ = compose.compose_issue(now)
    titles = [a["title"] for a in issue.articles]
    assert titles == ["Nieuw-Twee", "Nieuw-Een"]
    assert issue.articles[0]["url"].startswith("http://testserver/")
    assert issue.period_start == last_week


def test_first_issue_takes_the_last_seven_days(no_prompt):
    now = timezone.now()
    article("vorige-maand", now - dt.timedelta(days=30))
    article("deze-week", now - dt.timedelta(days=2))
    issue, _ = compose.compose_issue(now)
    assert [a["title"] for a in issue.articles] == ["Deze-Week"]


def test_one_issue_per_iso_week(no_prompt):
    now = timezone.now()
    first, created_first = compose.compose_issue(now)
    second, created_second = compose.compose_issue(now + dt.timedelta(minutes=5))
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Issue.objects.count() == 1


def test_draft_unless_autosend(no_prompt, settings):
    issue, _ = compose.compose_issue()
    assert issue.status == Issue.Status.DRAFT
    Issue.objects.all().delete()
    settings.LOSLATEN_NEWSLETTER_AUTOSEND = True
    issue, _ = compose.compose_issue()
    assert issue.status == Issue.Status.SCHEDULED
    assert issue.send_at is not None


def test_practice_rotates_through_the_list():
    weeks = [f"2030-W{n:02d}" for n in range(1, len(PRACTICES) + 1)]
    assert {practice_for_week(w) for w in weeks} == set(PRACTICES)
