"""Importing the subscriber exports of listmonk and Mailchimp, as those tools write them.

The files in exports/ are written for these tests in the tools' column shapes.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from loslaten.newsletter.models import Subscriber, SubscriberEvent

pytestmark = pytest.mark.django_db
S = Subscriber.Status
EXPORTS = Path(__file__).with_name("exports")


def load(name: str, *args: str) -> None:
    call_command("newsletter", "import", str(EXPORTS / name), *args)


def test_a_mailchimp_export_comes_in_with_its_consent_and_unknown_columns_are_named(capsys):
    load("mailchimp_subscribed_members_export.csv")
    out, err = capsys.readouterr()
    assert "read as a mailchimp export" in out
    assert "unknown columns, ignored: Hoe ken je ons?" in err
    assert "Last Name" in out and "Phone Number" in out  # known, and not kept
    assert "line 5: geen geldig e-mailadres" in err
    fenna = Subscriber.objects.get(email="fenna@example.nl")
    assert (fenna.status, fenna.first_name, fenna.consent_method) == (
        S.CONFIRMED,
        "Fenna",
        "import-mailchimp",
    )
    assert fenna.consent_requested_at == dt.datetime(2024, 1, 8, 19, 2, 11, tzinfo=dt.UTC)
    assert fenna.confirmed_at == dt.datetime(2024, 1, 8, 19, 3, 40, tzinfo=dt.UTC)
    confirm = SubscriberEvent.objects.get(subscriber=fenna, kind="confirm")
    assert confirm.at == fenna.confirmed_at and confirm.ip is None  # IPs kept only on request
    # Single opt-in in Mailchimp: the opt-in time is the consent.
    assert Subscriber.objects.get(email="sem@example.nl").status == S.CONFIRMED
    # No opt-in time at all: no proof, so this address confirms by mail first.
    zoe = Subscriber.objects.get(email="zoë@example.nl")
    assert zoe.status == S.PENDING
    assert [m.to for m in mail.outbox] == [["zoë@example.nl"]]


def test_who_left_or_bounced_in_mailchimp_is_never_mailed_here():
    load("mailchimp_unsubscribed_members_export.csv")
    load("mailchimp_cleaned_members_export.csv")
    lotte = Subscriber.objects.get(email="lotte@example.nl")
    assert lotte.status == S.UNSUBSCRIBED
    assert lotte.unsubscribed_at == dt.datetime(2024, 2, 20, 21, 10, tzinfo=dt.UTC)
    assert SubscriberEvent.objects.filter(subscriber=lotte, kind="unsubscribe").exists()
    assert Subscriber.objects.get(email="oud@example.nl").status == S.BOUNCED
    assert not mail.outbox


def test_a_listmonk_export_asks_enabled_subscribers_to_confirm(capsys):
    load("listmonk_subscribers.csv")
    out, err = capsys.readouterr()
    assert "read as a listmonk export" in out and "unknown columns" not in err
    noor = Subscriber.objects.get(email="noor@example.nl")
    assert (noor.status, noor.first_name) == (S.PENDING, "Noor")
    assert noor.consent_requested_at == dt.datetime(
        2024, 2, 11, 10, 1, 22, 113722, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    daan = Subscriber.objects.get(email="daan@example.nl")
    assert daan.status == S.UNSUBSCRIBED  # blocklisted in listmonk
    assert sorted(m.to[0] for m in mail.outbox) == ["mila@example.nl", "noor@example.nl"]


def test_a_listmonk_export_with_consented_confirms_at_once():
    load("listmonk_subscribers.csv", "--consented")
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "noor@example.nl": S.CONFIRMED,
        "mila@example.nl": S.CONFIRMED,
        "daan@example.nl": S.UNSUBSCRIBED,
    }
    assert not mail.outbox


def test_importing_an_export_twice_changes_nothing(capsys):
    load("mailchimp_subscribed_members_export.csv")
    before = list(Subscriber.objects.order_by("email").values_list("email", "status"))
    load("mailchimp_subscribed_members_export.csv")
    assert "imported 0, already on the list 3" in capsys.readouterr().out.splitlines()[-1]
    assert list(Subscriber.objects.order_by("email").values_list("email", "status")) == before
