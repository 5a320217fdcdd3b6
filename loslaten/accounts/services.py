"""The accounts app's plain functions: sign up, tokens, export and deletion.

Views, the API and the CLI commands call these; they hold no request logic of their own.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from loslaten.accounts.models import Token, User, normalize_email
from loslaten.core import limits

#: Every token starts with this, so a leaked one is easy to recognise (and to scan for).
TOKEN_PREFIX = "ll_"  # noqa: S105 (a marker, not a secret)
#: How many characters of the secret are kept in clear to tell tokens apart.
VISIBLE_CHARS = 8
#: last_used_at is written at most this often per token, so that reads do not all write.
TOUCH_INTERVAL = timedelta(minutes=1)
TOKEN_NAME_MAX = 100
#: A sign-up mails an address at most once in this time; later sign-ups send nothing.
SIGNUP_MAIL_INTERVAL = timedelta(minutes=10)
#: Password-reset mails to one address in one window; more requests send nothing.
RESET_MAILS_PER_ADDRESS = 3
RESET_WINDOW = timedelta(hours=1)
#: Sign-ups and reset requests from one IP address in one window; more get a 429.
MAIL_REQUESTS_PER_IP = 20
MAIL_REQUEST_WINDOW = timedelta(hours=1)


class AccountError(ValueError):
    """A sign-up or command-line input that cannot be used; the message says why."""


# --- sign up ---------------------------------------------------------------------------------


def check_new_account(email: str, password: str, first_name: str = "") -> str:
    """Validate an address and password for a new account; return the normalised address.

    Raises ``AccountError`` with one readable line when either cannot be used. Does not say
    whether the address already has an account: callers decide how much to reveal.
    """
    email = check_address(email)
    try:
        validate_password(password, user=User(email=email, first_name=first_name))
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    return email


def check_address(email: str) -> str:
    """The normalised address, or ``AccountError`` when it is not an email address."""
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise AccountError(_("Dat is geen geldig e-mailadres.")) from error
    return email


def create_account(email: str, password: str, first_name: str = "") -> User:
    """Create an account, or raise ``AccountError`` (bad input or address already used)."""
    email = check_new_account(email, password, first_name)
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, first_name=first_name)
    except IntegrityError as error:
        raise AccountError(_("Er is al een account met dit e-mailadres.")) from error


def mail_request_allowed(ip: str) -> bool:
    """Count a sign-up or reset request from this IP; False once it has sent too many.

    A limit per address alone would let one visitor mail a thousand addresses.
    """
    name = limits.key("mail-request-ip", ip or "unknown")
    return limits.take(name, MAIL_REQUESTS_PER_IP, MAIL_REQUEST_WINDOW)


def sign_up(email: str, first_name: str = "") -> None:
    """Sign up from the web form: mail the address, and let only its owner go on.

    The request only checks the address and hands the work to the task queue
    (``loslaten.accounts.tasks.deliver_sign_up``, which calls deliver_sign_up below), so
    its answer takes as long for an address with an account as for one without: the
    time cannot tell a stranger which addresses are known. At most one mail per address
    per ``SIGNUP_MAIL_INTERVAL``; a sign-up within that time does nothing. Raises
    ``AccountError`` for an address that is not one.
    """
    from loslaten.accounts.tasks import send_sign_up

    email = check_address(email)
    if limits.take(_signup_mail_key(email), 1, SIGNUP_MAIL_INTERVAL):
        send_sign_up.enqueue(email, first_name, _language())


def deliver_sign_up(email: str, first_name: str = "") -> None:
    """The sign-up's mail, sent by the worker.

    - An account with a password: a note to its owner (log in, or reset the password); the
      account is not touched.
    - A new address, or an active account that never chose a password: the account is made
      (without a usable password, so nobody can log in to it yet) and its owner is mailed a
      link to choose the password (``accounts:welcome``). The first name is only stored
      when the account is made here.
    - An inactive account without a password: nothing is sent.
    """
    try:
        user = _account_for_sign_up(email, first_name)
        if user.has_usable_password():
            _mail_existing_owner(email)
        elif user.is_active:
            _mail_welcome(user)
    except Exception:
        # Nothing was sent: the person may try again at once rather than in ten minutes.
        limits.give_back(_signup_mail_key(email))
        raise


def _signup_mail_key(email: str) -> str:
    """The limit of sign-up mails to one address: a keyed hash, so the table holds no
    address and no list of addresses can be checked against it without the secret key."""
    return limits.key("signup-mail", email)


def request_password_reset(email: str) -> None:
    """Hand a reset mail to the task queue, at most RESET_MAILS_PER_ADDRESS per window.

    Whether the address has an account is only looked at by the worker
    (deliver_password_reset), so the answer takes as long either way.
    """
    from loslaten.accounts.tasks import send_password_reset

    email = normalize_email(email)
    if limits.take(limits.key("reset-mail", email), RESET_MAILS_PER_ADDRESS, RESET_WINDOW):
        send_password_reset.enqueue(email, _language())


def deliver_password_reset(email: str) -> int:
    """Mail the reset link to the active accounts with this address; how many were mailed.

    An account that never chose a password gets a link too, so its owner can still get in.
    """
    sent = 0
    for user in User.objects.filter(email=normalize_email(email), is_active=True):
        context = {
            "base_url": settings.BASE_URL,
            "site_name": settings.SITE_NAME,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
        subject = render_to_string("accounts/email/password_reset_subject.txt", context)
        send_mail(
            subject=" ".join(subject.split()),
            message=render_to_string("accounts/email/password_reset.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
        sent += 1
    return sent


def _language() -> str:
    """The language the mail is written in: the request's."""
    from django.utils.translation import get_language

    return get_language() or settings.LANGUAGE_CODE


def _account_for_sign_up(email: str, first_name: str) -> User:
    """The account with this (normalised) address; made without a usable password when
    there is none yet."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User(email=email, first_name=first_name)
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:
        # Lost a race with a second sign-up for the same address: use the account it made.
        return User.objects.get(email=email)


def remove_unclaimed(now: datetime | None = None) -> int:
    """Delete accounts made by a sign-up whose welcome link was never used; their count.

    Such an account has no password, has never been logged into, and so holds nothing of
    anyone's. Once its link can no longer work (PASSWORD_RESET_TIMEOUT) it only keeps an
    address that someone typed in, perhaps not its owner: that is not worth keeping. It is
    called by the clock (LOSLATEN_CLOCK_JOBS); a later sign-up simply starts afresh.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    unclaimed = User.objects.filter(
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
        last_login__isnull=True,
        date_joined__lt=cutoff,
    )
    count = 0
    for user in unclaimed.iterator():
        delete_account(user)
        count += 1
    return count


def _mail_welcome(user: User) -> None:
    """Mail the link with which the mailbox's owner chooses the account's password."""
    context = {
        "base_url": settings.BASE_URL,
        "site_name": settings.SITE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        # Rounded down (a link said to last 3 days lasts at least that), at least one.
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    }
    send_mail(
        subject=_("Kies je wachtwoord voor %(site_name)s") % {"site_name": settings.SITE_NAME},
        message=render_to_string("accounts/email/signup_welcome.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def _mail_existing_owner(email: str) -> None:
    context = {
        "base_url": settings.BASE_URL,
        "site_name": settings.SITE_NAME,
        "login_path": reverse("accounts:login"),
        "reset_path": reverse("accounts:password_reset"),
    }
    send_mail(
        subject=_("Iemand wilde een account maken met jouw e-mailadres"),
        message=render_to_string("accounts/email/signup_existing.txt", context),
        from_email=None,
        recipient_list=[email],
    )


# --- logging in ------------------------------------------------------------------------------


def login_wait(email: str, now: datetime | None = None) -> int:
    """Seconds before the next login attempt on this account may be tried; 0: at once.

    django-axes locks out one address *from one IP* after AXES_FAILURE_LIMIT failures,
    so a stranger elsewhere cannot lock the owner out. Guessing from many IPs is slowed
    down instead of locked: once LOSLATEN_LOGIN_SLOW_AFTER failures (from all IPs
    together) fell within the cool-off time, one attempt per LOSLATEN_LOGIN_SLOW_SECONDS
    is tried. The owner waits seconds, not an hour, and a password reset always works.
    """
    from axes.models import AccessAttempt
    from django.db.models import Max, Sum

    now = now or timezone.now()
    since = now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    failures = AccessAttempt.objects.filter(
        username=normalize_email(email), attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"), last=Max("attempt_time"))
    if (failures["total"] or 0) < settings.LOSLATEN_LOGIN_SLOW_AFTER:
        return 0
    waited = (now - failures["last"]).total_seconds()
    return max(0, int(settings.LOSLATEN_LOGIN_SLOW_SECONDS - waited + 0.999))


def forget_failed_logins(email: str) -> None:
    """Clear the failed logins of an account (its owner just chose a new password)."""
    from axes.utils import reset

    reset(username=normalize_email(email))


# --- tokens ----------------------------------------------------------------------------------


def hash_token(secret: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user: User, name: str) -> tuple[Token, str]:
    """Make a token for ``user``; return it and its secret, which is never stored or shown
    again."""
    name = (name or "").strip()[:TOKEN_NAME_MAX] or _("token")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = Token.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + VISIBLE_CHARS],
        digest=hash_token(secret),
    )
    return token, secret


@dataclass(frozen=True)
class TokenCheck:
    """The result of checking a bearer token: the token, or why it was refused."""

    token: Token | None
    reason: str = ""


def check_token(secret: str, now: datetime | None = None) -> TokenCheck:
    """Find the live token for ``secret`` and note that it was used.

    The lookup is by digest, so the secret is never compared byte by byte against stored
    data; the final ``compare_digest`` only keeps the check's timing independent of where a
    guessed digest would first differ.
    """
    digest = hash_token(secret or "")
    token = Token.objects.select_related("user").filter(digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        return TokenCheck(None, "invalid token")
    if token.revoked_at is not None:
        return TokenCheck(None, "token revoked")
    if not token.user.is_active:
        return TokenCheck(None, "account inactive")
    touch_token(token, now)
    return TokenCheck(token)


def touch_token(token: Token, now: datetime | None = None) -> bool:
    """Set last_used_at, at most once per ``TOUCH_INTERVAL``; return whether it wrote."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return False
    # The filter makes concurrent requests agree: only one of them writes.
    updated = (
        Token.objects.filter(pk=token.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_INTERVAL))
        .update(last_used_at=now)
    )
    token.last_used_at = now
    return bool(updated)


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; return False when there is no such live token."""
    return bool(
        Token.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


# --- my data ---------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def account_data(user: User) -> dict[str, list[dict[str, Any]]]:
    """The account's own rows for an export: its fields and its tokens' names and dates.

    Never the password hash and never a token's digest (let alone its secret).
    """
    return {
        "account": [
            {
                "email": user.email,
                "first_name": user.first_name,
                "date_joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
            }
        ],
        "tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created_at": _iso(token.created_at),
                "last_used_at": _iso(token.last_used_at),
                "revoked_at": _iso(token.revoked_at),
            }
            for token in user.tokens.order_by("created_at", "id")
        ],
    }


def export_everything(user: User) -> dict[str, list[dict[str, Any]]]:
    """Everything stored about ``user``: the account's rows plus the practice's own export."""
    from loslaten.practice.services import export_user_data

    data = account_data(user)
    for key, rows in export_user_data(user).items():
        # The practice app owns its keys; ours come first and are never overwritten.
        data.setdefault(key, rows)
    return data


def export_csv(user: User) -> bytes:
    """Everything as a zip archive of CSV files: account.csv and tokens.csv, then the
    practice's own files (checkins.csv, moments.csv, journal.csv, ...), all in the person's
    language and time zone (see loslaten.practice.exports)."""
    from loslaten.practice.exports import csv_file, export_user_csv, language_of

    out = io.BytesIO()
    mine = account_data(user)
    lang = language_of(user)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("account", "tokens"):
            archive.writestr(f"{name}.csv", csv_file(name, mine[name], lang))
        with zipfile.ZipFile(io.BytesIO(export_user_csv(user, lang))) as practice:
            for info in practice.infolist():
                if info.filename not in archive.namelist():
                    archive.writestr(info.filename, practice.read(info))
    return out.getvalue()


# --- deletion --------------------------------------------------------------------------------


def confirms_deletion(user: User, typed: str) -> bool:
    """Whether ``typed`` is the account's email address or its password."""
    typed = (typed or "").strip()
    if not typed:
        return False
    if normalize_email(typed) == user.email:
        return True
    return user.check_password(typed)


def delete_account(user: User) -> None:
    """Delete the account and, by cascade, every row that belongs to it."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    with transaction.atomic():
        # The login records name the address; they go too.
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username=user.email).delete()
        user.delete()
