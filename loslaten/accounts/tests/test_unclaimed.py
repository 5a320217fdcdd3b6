"""Accounts whose welcome link was never used are removed once the link has expired."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from loslaten.accounts import services
from loslaten.accounts.models import User
from loslaten.core import clock


def unclaimed(email: str, days_ago: float) -> User:
    user = User(email=email, date_joined=timezone.now() - dt.timedelta(days=days_ago))
    user.set_unusable_password()
    user.save()
    return user


def expired_days() -> float:
    return settings.PASSWORD_RESET_TIMEOUT / 86400 + 1


def test_an_expired_unclaimed_account_is_removed(db):
    unclaimed("nooit@example.org", expired_days())
    assert services.remove_unclaimed() == 1
    assert not User.objects.filter(email="nooit@example.org").exists()


def test_an_unclaimed_account_whose_link_still_works_stays(db):
    unclaimed("net@example.org", 0.5)
    assert services.remove_unclaimed() == 0
    assert User.objects.filter(email="net@example.org").exists()


def test_accounts_with_a_password_or_a_login_are_never_removed(alice, db):
    User.objects.filter(pk=alice.pk).update(date_joined=timezone.now() - dt.timedelta(days=400))
    ingelogd = unclaimed("ooit@example.org", expired_days())
    User.objects.filter(pk=ingelogd.pk).update(last_login=timezone.now())
    assert services.remove_unclaimed() == 0
    assert User.objects.filter(pk__in=[alice.pk, ingelogd.pk]).count() == 2


def test_the_clock_removes_them(db):
    unclaimed("klok@example.org", expired_days())
    assert clock.tick() == 0
    assert not User.objects.filter(email="klok@example.org").exists()
