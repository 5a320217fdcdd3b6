"""Signing up and following the welcome mail, shared by the sign-up and welcome tests."""

import re

from django.core import mail

SIGNUP = "/account/aanmelden/"
LOGIN = "/account/inloggen/"
WELCOME_LINK = re.compile(r"http://testserver(/account/welkom/[^/\s]+/[^/\s]+/)")
CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
NEW_PASSWORD = "zachte-golf-op-het-strand-31"


def sign_up(client, email: str, first_name: str = ""):
    """Post the sign-up form; every valid sign-up answers the same page."""
    response = client.post(SIGNUP, {"email": email, "first_name": first_name})
    assert response.status_code == 200
    return response


def welcome_link(message) -> str:
    """The path of the link in a welcome mail."""
    match = WELCOME_LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def last_welcome_link() -> str:
    assert mail.outbox, "no mail was sent"
    return welcome_link(mail.outbox[-1])


def open_form(client, link: str) -> str:
    """Follow a link from a mail; Django moves the token into the session and answers a
    redirect to the form's own address, which is returned."""
    response = client.get(link)
    assert response.status_code == 302
    assert response.url.endswith("/set-password/")
    return response.url


def choose_password(client, link: str, password: str = NEW_PASSWORD):
    form_url = open_form(client, link)
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def without_csrf(html: str) -> str:
    return CSRF_INPUT.sub("", html)
