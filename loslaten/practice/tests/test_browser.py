"""The practice pages in Chromium: checked in, breathed, answered; axe-core on each page."""

import re

import pytest

from loslaten.practice.models import CheckIn, JournalEntry, Moment
from loslaten.practice.tests.helpers import choose_body_in_browser, make_article
from loslaten.testing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_check_in_in_the_browser(page, log_in, alice):
    log_in(page, alice)
    page.goto("/oefenen/check-in/")
    assert_accessible(page)
    choose_body_in_browser(page, "7")
    page.get_by_text("Nog iets kwijt?").click()
    page.get_by_text("ik bleef alles controleren").click()
    page.get_by_label("Wat speelt er?").fill("de verbouwing")
    page.get_by_role("button", name="Bewaar check-in").click()
    page.get_by_role("heading", name="Dank je. Goed dat je even stilstond.").wait_for()
    assert_accessible(page)
    saved = CheckIn.objects.get(user=alice)
    assert (saved.breath, saved.tension, saved.did, saved.on_mind) == (
        "high",
        7,
        "hold",
        "de verbouwing",
    )
    page.get_by_role("link", name="Begin een minuut ademen").click()
    page.wait_for_url("**/oefenen/adem/")


def test_a_refused_check_in_says_what_to_change(page, log_in, alice):
    log_in(page, alice)
    page.goto("/oefenen/check-in/")
    page.get_by_role("button", name="Bewaar check-in").click()
    page.get_by_text("Kies hoe je adem nu gaat.").wait_for()
    assert_accessible(page)
    assert not CheckIn.objects.exists()


def test_edit_a_check_in_from_the_journal(page, log_in, alice):
    from loslaten.practice.tests.helpers import checkin

    saved = checkin(alice, on_mind="de verbouwing")
    log_in(page, alice)
    page.goto("/oefenen/dagboek/")
    page.locator(f"#item-checkin-{saved.pk}").get_by_role("link", name="Bewerken").click()
    page.get_by_role("heading", name="Check-in aanpassen").wait_for()
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("Spanning in je hele lijf")).get_by_text(
        "5", exact=True
    ).click()
    page.get_by_label("Wat speelt er?").fill("de verbouwing is klaar")
    page.get_by_role("button", name="Bewaar", exact=True).click()
    page.wait_for_url(re.compile(rf".*/oefenen/dagboek/#item-checkin-{saved.pk}$"))
    page.get_by_text("de verbouwing is klaar").wait_for()
    saved.refresh_from_db()
    assert (saved.tension, saved.on_mind, saved.breath) == (5, "de verbouwing is klaar", "low")


def test_breathing_minute_records_a_moment(page, log_in, alice):
    log_in(page, alice)
    page.goto("/oefenen/adem/?seconds=3")
    assert_accessible(page)
    page.get_by_role("button", name="Begin").click()
    cue = page.locator("[data-cue]")
    assert cue.text_content() == "adem in"
    assert cue.get_attribute("aria-live") == "polite"
    page.get_by_text("Bewaard in je dagboek.").wait_for(timeout=8000)
    assert cue.text_content().startswith("Klaar.")
    moment = Moment.objects.get(user=alice)
    assert (moment.kind, moment.duration_s, moment.pattern) == ("breathe_minute", 3, "4-6")
    assert_accessible(page)


def test_breathing_pattern_can_be_changed(page, log_in, alice):
    log_in(page, alice)
    page.goto("/oefenen/adem/?seconds=3")
    page.get_by_text("vierkant 4-4-4-4").click()
    page.get_by_role("button", name="Begin").click()
    page.get_by_text("Bewaard in je dagboek.").wait_for(timeout=8000)
    assert Moment.objects.get(user=alice).pattern == "box"


def test_breathing_with_reduced_motion_keeps_the_circle_still(page, live_server, transactional_db):
    page.emulate_media(reduced_motion="reduce")
    page.goto("/oefenen/adem/?seconds=6")
    page.get_by_role("button", name="Begin").click()
    circle = page.locator("[data-circle]")
    count = page.locator("[data-count]")
    first = count.text_content()
    size = circle.evaluate("el => getComputedStyle(el).transform")
    page.wait_for_timeout(1300)
    assert count.text_content() != first  # a slowly changing number instead of motion
    # One size all the time (its resting size), and no transition to get there.
    assert circle.evaluate("el => getComputedStyle(el).transform") == size
    assert circle.evaluate("el => getComputedStyle(el).transitionDuration") == "0s"
    assert "is-reduced" in page.locator("[data-breathe]").get_attribute("class")
    assert_accessible(page)


def test_breathing_circle_grows_without_reduced_motion(page, live_server, transactional_db):
    page.goto("/oefenen/adem/?seconds=6")
    page.get_by_role("button", name="Begin").click()
    page.wait_for_timeout(1500)
    transform = page.locator("[data-circle]").evaluate("el => getComputedStyle(el).transform")
    assert transform != "none"


def test_anonymous_breathing_records_nothing(page, live_server, transactional_db):
    page.goto("/oefenen/adem/?seconds=3")
    page.get_by_role("button", name="Begin").click()
    page.get_by_text("Klaar. Merk even hoe je lijf nu voelt.").wait_for(timeout=8000)
    assert not Moment.objects.exists()


def test_breathing_page_without_javascript_is_a_readable_guide(browser, live_server, alice, log_in):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, alice)
        page.goto("/oefenen/adem/")
        assert page.get_by_text("Adem rustig in door je neus, 4 tellen.").is_visible()
        assert not page.get_by_role("button", name="Begin").is_visible()
        page.get_by_role("button", name="Ik heb het gedaan: bewaar dit moment").click()
        page.get_by_text("Fijn dat je dit moment nam").wait_for()
        assert Moment.objects.filter(user=alice).count() == 1
    finally:
        context.close()


def test_a_moment_finished_offline_is_sent_when_back_online(page, log_in, alice):
    log_in(page, alice)
    page.goto("/oefenen/adem/uitademen/?seconds=3")
    page.context.set_offline(True)
    page.get_by_role("button", name="Begin").click()
    page.get_by_text("Je bent offline.").wait_for(timeout=8000)
    queued = page.evaluate("() => JSON.parse(localStorage.getItem('loslaten:moments'))")
    assert [q["kind"] for q in queued] == ["exhale"]
    assert not Moment.objects.exists()
    page.context.set_offline(False)
    page.get_by_text("Je offline momenten zijn bewaard in je dagboek.").wait_for(timeout=8000)
    assert Moment.objects.get(user=alice).kind == "exhale"
    assert page.evaluate("() => localStorage.getItem('loslaten:moments')") is None


def test_service_worker_registers_for_the_practice_scope(page, live_server, transactional_db):
    page.goto("/oefenen/adem/")
    scope = page.evaluate(
        "() => navigator.serviceWorker.ready.then(r => new URL(r.scope).pathname)"
    )
    assert scope == "/oefenen/"


def test_three_questions_one_at_a_time(page, log_in, alice):
    log_in(page, alice)
    page.goto("/oefenen/drie-vragen/")
    assert_accessible(page)
    first = page.get_by_label("Wat merk je in je lijf als je stopt met duwen?")
    second = page.get_by_label("Waarom blijft een gedachte soms hangen?")
    assert first.is_visible() and not second.is_visible()
    first.fill("mijn buik wordt zachter")
    # Hidden steps are not in the accessibility tree: one "next" button is visible.
    page.get_by_role("button", name="Volgende vraag").click()
    second.fill("omdat ik het wil oplossen")
    page.get_by_role("button", name="Volgende vraag").click()
    page.get_by_label("Welke kleine keuze geeft je vandaag ruimte?").fill("om tien uur naar bed")
    page.get_by_role("button", name="Bewaar in je dagboek").click()
    page.wait_for_url("**/oefenen/dagboek/**")
    assert page.get_by_text("om tien uur naar bed").is_visible()
    assert_accessible(page)
    entry = JournalEntry.objects.get(user=alice)
    assert entry.answers == {
        "q1": "mijn buik wordt zachter",
        "q2": "omdat ik het wil oplossen",
        "q3": "om tien uur naar bed",
    }


def test_answer_an_articles_prompt(page, log_in, alice):
    article = make_article()
    log_in(page, alice)
    page.goto(article.get_absolute_url())
    prompt = page.locator("#prompt-2")
    prompt.get_by_role("textbox").fill("de mail van vanmiddag")
    prompt.get_by_role("button", name="Bewaar in je dagboek").click()
    page.wait_for_url(re.compile(r".*#prompt-2$"))
    page.get_by_text("Je antwoord staat in je dagboek.").wait_for()
    entry = JournalEntry.objects.get(user=alice)
    assert (entry.prompt_anchor, entry.text) == ("prompt-2", "de mail van vanmiddag")
    page.goto("/oefenen/dagboek/")
    assert page.get_by_text("Wat laat je vanavond liggen?").is_visible()


def test_a_prompt_answer_the_database_refuses_comes_back_to_send_again(
    page, log_in, alice, monkeypatch
):
    from django.db import OperationalError

    def refuse(self, *args, **kwargs):
        raise OperationalError("attempt to write a readonly database")

    article = make_article()
    log_in(page, alice)
    page.goto(article.get_absolute_url())
    monkeypatch.setattr(JournalEntry, "save", refuse)
    prompt = page.locator("#prompt-2")
    prompt.get_by_role("textbox").fill("de mail van vanmiddag")
    prompt.get_by_role("button", name="Bewaar in je dagboek").click()
    page.get_by_role("alert").get_by_text("Dit is nog niet bewaard").wait_for()
    assert_accessible(page)
    assert page.get_by_label("Je antwoord").input_value() == "de mail van vanmiddag"
    monkeypatch.undo()
    page.get_by_role("button", name="Bewaar in je dagboek").click()
    page.wait_for_url(re.compile(r".*#prompt-2$"))
    page.get_by_text("Je antwoord staat in je dagboek.").wait_for()
    entry = JournalEntry.objects.get(user=alice)
    assert (entry.prompt_anchor, entry.text) == ("prompt-2", "de mail van vanmiddag")


@pytest.mark.parametrize(
    "path",
    [
        "/oefenen/",
        "/oefenen/dagboek/",
        "/oefenen/stap-voor-stap/",
        "/oefenen/instellingen/",
        "/oefenen/adem/schouders/",
        "/oefenen/adem/voeten/",
    ],
)
def test_practice_pages_are_accessible(page, log_in, alice, path):
    from loslaten.practice import services

    services.create_entry(alice, "een rustige dag")
    services.record_moment(alice, "exhale", 5)
    log_in(page, alice)
    page.goto(path)
    assert_accessible(page)
