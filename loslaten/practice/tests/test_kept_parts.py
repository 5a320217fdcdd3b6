"""Parts of the practice pages that are the same for everyone are rendered once per language
and kept (loslaten.practice.templatetags.practice_tags): the check-in form's blank fields,
the practice menu, the practice page's cards and links. Nobody's data may travel with them."""

import re

from django.test import Client

from loslaten.practice.models import CheckIn
from loslaten.practice.templatetags import practice_tags
from loslaten.practice.tests.helpers import checkin, tense_checkin_post

URL = "/oefenen/check-in/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def logged_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_what_alice_typed_into_a_refused_form_never_reaches_bobs_form(alice, bob):
    alice_c, bob_c = logged_in(alice), logged_in(bob)
    blank = bob_c.get(URL).content.decode()
    assert practice_tags._kept, "the blank fields are kept"
    typed = {**tense_checkin_post("alice: de ruzie met mijn zus"), "tension": "12"}
    refused = alice_c.post(URL, typed).content.decode()
    assert "de ruzie met mijn zus" in refused
    assert 'value="high" id="id_breath_0" required checked' in refused
    assert "errorlist" in refused

    for page in (bob_c.get(URL), alice_c.get(URL)):
        html = page.content.decode()
        assert "de ruzie met mijn zus" not in html
        assert html.count(" checked") == 1  # "niets in het bijzonder", the blank choice
        assert 'id="id_did_0" checked' in html
        assert "errorlist" not in html
        assert CSRF.sub("", html) == CSRF.sub("", blank)
    assert not CheckIn.objects.filter(user__in=[alice, bob]).exists()


def test_the_kept_fields_are_in_the_language_of_the_reader(alice, bob):
    alice_c, bob_c = logged_in(alice), logged_in(bob)
    bob_c.cookies["django_language"] = "en"
    for _ in range(2):  # the second round is served from what the first kept
        dutch = alice_c.get(URL).content.decode()
        english = bob_c.get(URL).content.decode()
        assert "Je schouders" in dutch and "Your shoulders" not in dutch
        assert "Your shoulders" in english and "Je schouders" not in english


def test_a_visitor_and_a_person_with_an_account_each_get_their_own_fields(client, alice):
    visitor = client.get(URL).content.decode()
    person = logged_in(alice).get(URL).content.decode()
    again = Client().get(URL).content.decode()
    assert 'data-required="' in visitor and 'data-required="' in again
    assert 'data-required="' not in person


def test_editing_a_check_in_shows_its_own_answers_after_a_blank_form_was_kept(alice, bob):
    saved = checkin(alice, breath="high", tension=7, on_mind="alleen van alice")
    logged_in(bob).get(URL)
    html = logged_in(alice).get(f"/oefenen/dagboek/check-in/{saved.pk}/bewerken/").content
    html = html.decode()
    assert 'value="high" id="id_breath_0" required checked' in html
    assert 'value="7" id="id_tension_7" required checked' in html
    assert "alleen van alice" in html


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_practice_page_keeps_its_cards_but_shows_each_person_their_own(alice, bob):
    checkin(alice)
    checkin(alice)
    alice_c, bob_c = logged_in(alice), logged_in(bob)
    first = alice_c.get("/oefenen/").content.decode()
    assert practice_tags._kept
    html = bob_c.get("/oefenen/").content.decode()
    assert "Fijn dat je er bent, Bob" in html and "Alice" not in html
    assert "Je stond 2 keer stil" in first and "Je stond" not in html
    assert csrf_of(html) != csrf_of(first)
    # Bob's token is his own: it lets him save.
    assert bob_c.post(URL, {**tense_checkin_post(""), "csrfmiddlewaretoken": csrf_of(html)})
    assert CheckIn.objects.filter(user=bob).count() == 1
    assert CSRF.sub("", html).count('href="/oefenen/check-in/"') == 2  # menu and card


def test_the_kept_menu_marks_the_page_it_is_on(alice, bob):
    alice_c, bob_c = logged_in(alice), logged_in(bob)
    for c in (alice_c, bob_c, alice_c):  # the second and third are served from what was kept
        for url in ("/oefenen/", URL, "/oefenen/dagboek/"):
            html = c.get(url).content.decode()
            start = html.index('<nav class="practice-nav"')
            nav = html[start : html.index("</nav>", start)]
            assert re.findall(r'href="([^"]+)" aria-current="page"', nav) == [url]


def test_no_more_parts_are_kept_than_the_bound(alice, monkeypatch):
    monkeypatch.setattr(practice_tags, "MAX_KEPT", 3)
    c = logged_in(alice)
    for day in range(1, 8):  # the menu is kept per address: one for each day opened
        assert c.get(f"/oefenen/dag/2026-06-0{day}/").status_code == 200
        assert len(practice_tags._kept) <= 3
