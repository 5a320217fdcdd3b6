"""A visitor, by clicks only, on a phone and a desktop: home → practice → breathing →
a check-in and the three questions without an account → sign up → the answers kept.

Every page is checked with axe-core in light and dark mode (nothing found, of any impact),
and none is wider than the screen. Screenshots go to docs/screenshots/ when
LOSLATEN_SCREENSHOTS is set (they are committed, for people to look at)."""

import json
import os
from pathlib import Path

import pytest
from django.core import mail

from loslaten.accounts.models import User
from loslaten.accounts.tests.helpers import welcome_link
from loslaten.conftest import PASSWORD
from loslaten.practice.models import CheckIn, JournalEntry
from loslaten.practice.tests.helpers import choose_body_in_browser
from loslaten.testing import assert_axe_finds_nothing

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tasks_run_at_once"),
]

SCREENS = {"phone": (390, 844), "desktop": (1366, 900)}
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def fits(page) -> None:
    """Nothing makes the page wider than the screen."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def shot(page, name: str) -> None:
    if os.environ.get("LOSLATEN_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


# Layout shifts are only reported to an observer (buffered: those before it, too).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let sum = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(sum), 300);
})"""


def layout_shift(page) -> float:
    """How much the page moved on its own since it began to load (the CLS sum)."""
    return page.evaluate(LAYOUT_SHIFT)


def check(page) -> None:
    fits(page)
    assert_axe_finds_nothing(page)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_visitor_tries_the_practice_and_keeps_it_after_signing_up(
    browser, live_server, transactional_db, screen
):
    width, height = SCREENS[screen]
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sent = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" else None)

    page.goto("/")
    check(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Oefenen").click()
    page.get_by_role("heading", name="Oefenen met loslaten", level=1).wait_for()
    check(page)
    shot(page, f"practice-visitor-{screen}")

    # Breathing: a focus page, the circle big, "Begin" in view, the rhythm controls agree.
    page.get_by_role("link", name="Een minuut ademen").click()
    page.get_by_role("heading", name="Een minuut rustig ademen").wait_for()
    begin = page.get_by_role("button", name="Begin")
    assert in_view(page, begin)
    assert not page.locator(".site-header").is_visible()
    # As drawn at rest, before breathing in: at least 60% of the screen's short side.
    circle = page.locator("[data-circle]").bounding_box()["width"]
    assert circle >= 0.6 * min(width, height)
    assert layout_shift(page) < 0.05  # the script's arrival moves nothing
    check(page)
    shot(page, f"breathe-{screen}")
    page.emulate_media(color_scheme="dark")
    shot(page, f"breathe-{screen}-dark")
    page.emulate_media(color_scheme="light")

    page.get_by_text("4-7-8", exact=True).click()
    assert [page.locator(f"#{i}").input_value() for i in ("c-in", "c-h1", "c-out")] == [
        "4",
        "7",
        "8",
    ]
    guide = page.locator("[data-guide]")
    assert "Houd je adem even vast, 7 tellen." in guide.inner_text()
    assert "Adem langzaam uit, 8 tellen." in guide.inner_text()
    page.locator("#c-in").fill("0")
    page.get_by_text("In en Uit zijn 1 tot 20 seconden").wait_for()
    assert page.get_by_label("mijn eigen tellen").is_checked()
    page.locator("#c-in").fill("5")
    assert "Adem rustig in door je neus, 5 tellen." in guide.inner_text()
    assert page.locator("[data-breathe]").get_attribute("data-pattern") == "5-7-8-0"
    page.get_by_text("vierkant 4-4-4-4").click()
    assert page.locator("#c-h2").input_value() == "4"
    assert "Wacht even voor je weer inademt, 4 tellen." in guide.inner_text()
    check(page)
    begin.scroll_into_view_if_needed()
    begin.click()
    assert page.locator("[data-cue]").text_content() == "adem in"
    page.get_by_role("button", name="Stop").click()

    # A check-in, kept in this browser: first sent empty, then answered.
    page.get_by_role("link", name="Terug naar oefenen").click()
    page.get_by_role("link", name="Check in bij je lijf").click()
    save = page.get_by_role("button", name="Bewaar op dit apparaat")
    save.click()
    page.get_by_text("Kies hoe je adem nu gaat.").wait_for()
    check(page)
    choose_body_in_browser(page, "6")
    page.get_by_text("Nog iets kwijt?").click()
    page.get_by_label("Wat speelt er?").fill("de verhuizing")
    save.click()
    page.get_by_role("heading", name="Bewaard op dit apparaat").wait_for()
    check(page)
    shot(page, f"checkin-kept-{screen}")

    # The three questions, one at a time.
    page.get_by_role("link", name="Terug naar oefenen").click()
    page.get_by_text("Je oefende al 1 keer op dit apparaat.").wait_for()
    page.get_by_role("link", name="De drie vragen").click()
    page.get_by_role("button", name="Volgende vraag").click()
    page.get_by_role("button", name="Volgende vraag").click()
    page.get_by_role("button", name="Bewaar op dit apparaat").click()  # nothing answered
    page.get_by_text("Beantwoord minstens één vraag").wait_for()
    first = page.get_by_label("Wat merk je in je lijf")
    assert first.is_visible() and first.evaluate("el => el === document.activeElement")
    first.fill("mijn schouders zakken")
    page.get_by_role("button", name="Volgende vraag").click()
    page.get_by_role("button", name="Volgende vraag").click()
    page.get_by_label("Welke kleine keuze").fill("een wandeling na het eten")
    check(page)
    page.get_by_role("button", name="Bewaar op dit apparaat").click()
    page.get_by_role("heading", name="Bewaard op dit apparaat").wait_for()
    assert not sent, "a visitor's answers were sent: " + ", ".join(r.url for r in sent)
    assert not CheckIn.objects.exists() and not JournalEntry.objects.exists()

    # Sign up; the mailed link chooses the password; the new account offers to keep them.
    page.get_by_role("link", name="Maak een account").click()
    page.get_by_text("Je oefende al 2 keer op dit apparaat").wait_for()
    check(page)
    email = f"eva-{screen}@example.org"  # one sign-up mail per address per interval
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Voornaam").fill("Eva")
    page.get_by_role("button", name="Account maken").click()
    page.get_by_role("heading", name="Kijk in je mailbox").wait_for()
    page.goto(welcome_link(mail.outbox[-1]))  # the one step a mailbox takes
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Typ het nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Bewaar mijn wachtwoord").click()
    page.wait_for_url("**/oefenen/")
    offer = page.get_by_role("region", name="Meenemen wat je al deed?")
    offer.wait_for()
    assert "oefende je 2 keer" in offer.inner_text()
    assert not CheckIn.objects.exists()  # nothing sent before the click
    check(page)
    shot(page, f"keep-offer-{screen}")
    offer.get_by_role("button", name="Bewaar ze in mijn dagboek").click()
    page.wait_for_url("**/oefenen/dagboek/")
    page.get_by_text("Je antwoorden van dit apparaat staan nu in je dagboek.").wait_for()
    page.get_by_text("de verhuizing").wait_for()
    page.get_by_text("een wandeling na het eten").wait_for()
    fits(page)

    eva = User.objects.get(email=email)
    saved = CheckIn.objects.get(user=eva)
    assert (saved.breath, saved.shoulders, saved.tension, saved.on_mind) == (
        "high",
        "tense",
        6,
        "de verhuizing",
    )
    entry = JournalEntry.objects.get(user=eva)
    assert entry.answers == {
        "q1": "mijn schouders zakken",
        "q2": "",
        "q3": "een wandeling na het eten",
    }
    # Kept once: the browser forgot them, so the offer does not come back.
    page.goto("/oefenen/")
    assert not page.get_by_role("region", name="Meenemen wat je al deed?").is_visible()
    assert page.evaluate("localStorage.getItem('loslaten:visitor')") is None
    context.close()


def test_a_visitors_finished_moment_waits_in_the_browser_until_kept(page, log_in, alice):
    from loslaten.practice.models import Moment

    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    page.goto("/oefenen/adem/uitademen/?seconds=3")
    page.get_by_role("button", name="Begin").click()
    page.get_by_text("Bewaard op dit apparaat.").wait_for(timeout=8000)
    assert not sent and not Moment.objects.exists()
    kept = json.loads(page.evaluate("localStorage.getItem('loslaten:visitor')"))
    assert [(k["type"], k["kind"], k["duration_s"]) for k in kept] == [("moment", "exhale", "3")]

    log_in(page, alice)  # someone who already had an account logs in on this device
    page.goto("/oefenen/")
    offer = page.get_by_role("region", name="Meenemen wat je al deed?")
    assert "oefende je 1 keer" in offer.inner_text()
    offer.get_by_role("button", name="Bewaar ze in mijn dagboek").click()
    page.wait_for_url("**/oefenen/dagboek/")
    assert Moment.objects.get(user=alice).kind == "exhale"


def test_a_visitor_may_forget_instead_of_keeping(page, log_in, alice):
    page.goto("/oefenen/check-in/")
    page.evaluate(
        "localStorage.setItem('loslaten:visitor', JSON.stringify([{type: 'three_questions',"
        " q1: 'stil', at: new Date().toISOString()}]))"
    )
    log_in(page, alice)
    page.goto("/oefenen/")
    page.get_by_role("button", name="Wis ze van dit apparaat").click()
    page.get_by_text("Gewist van dit apparaat.").wait_for()
    assert page.evaluate("localStorage.getItem('loslaten:visitor')") is None
    assert not JournalEntry.objects.exists()
