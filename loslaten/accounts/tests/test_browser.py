"""The account pages in a real browser, checked with axe-core for accessibility."""

import json

import pytest
from django.core import mail

from loslaten.accounts.models import User
from loslaten.accounts.tests.helpers import welcome_link
from loslaten.conftest import PASSWORD
from loslaten.practice import services as practice
from loslaten.testing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def carla(transactional_db):
    user = User.objects.create_user("carla@example.org", PASSWORD, first_name="Carla")
    practice.create_entry(user, "carla schrijft in haar dagboek")
    return user


def test_sign_up_through_the_form_and_the_welcome_mail(page, live_server, transactional_db):
    page.goto("/account/aanmelden/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("dora@example.org")
    page.get_by_label("Voornaam").fill("Dora")
    page.get_by_role("button", name="Account maken").click()
    page.get_by_role("heading", name="Kijk in je mailbox").wait_for()
    assert_accessible(page)
    assert User.objects.filter(email="dora@example.org").exists()

    page.goto(welcome_link(mail.outbox[-1]))
    page.wait_for_url("**/set-password/")
    assert_accessible(page)
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Typ het nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Bewaar mijn wachtwoord").click()
    page.wait_for_url("**/oefenen/")
    page.goto("/account/")
    assert "dora@example.org" in page.content()
    assert_accessible(page)


def test_log_in_through_the_form(page, live_server, carla):
    page.goto("/account/inloggen/?next=/account/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("carla@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/")
    assert "carla@example.org" in page.content()


def test_export_downloads_json(page, log_in, carla):
    log_in(page, carla)
    page.goto("/account/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download alles als JSON").click()
    download = info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(open(download.path(), encoding="utf-8").read())
    assert data["account"][0]["email"] == "carla@example.org"
    assert data["journal"][0]["text"] == "carla schrijft in haar dagboek"


def test_create_a_token_in_the_browser(page, log_in, carla):
    log_in(page, carla)
    page.goto("/account/")
    page.get_by_label("Naam van het token").fill("mijn script")
    page.get_by_role("button", name="Maak een token").click()
    secret = page.locator("#token-secret").input_value()
    assert secret.startswith("ll_")
    assert_accessible(page)


def test_delete_the_account(page, log_in, carla):
    log_in(page, carla)
    page.goto("/account/")
    page.get_by_role("link", name="Account en alle gegevens verwijderen").click()
    assert_accessible(page)
    page.get_by_label("Typ je e-mailadres of je wachtwoord").fill("carla@example.org")
    page.get_by_role("button", name="Verwijder mijn account en alle gegevens").click()
    page.wait_for_url("**/account/tot-ziens/")
    assert "Tot ziens" in page.content()
    assert_accessible(page)
    assert not User.objects.filter(email="carla@example.org").exists()
