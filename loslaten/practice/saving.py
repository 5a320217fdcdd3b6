"""Saving what a person typed when the database cannot take it: keep it, say so, answer 503.

A locked SQLite file ("database is locked"), a read-only disk or replica ("attempt to write a
readonly database", "cannot execute INSERT in a read-only transaction") or a PostgreSQL that
went away mid-request raise `django.db.DatabaseError`. The views that save text call the
service through `save_or_keep`, so instead of a 500 page that drops the text the person gets
their form back, filled in, with a calm message and HTTP 503:

    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = save_or_keep(form, services.create_entry, request.user, **form.cleaned_data)
        if entry is not None:
            return redirect(...)
    return render_form(request, "practice/journal.html", {"form": form})

The save runs in its own transaction (a savepoint inside a request's), so a failed write
leaves nothing half-saved and the page can still read what is already there. The log says
which save failed and the database's error code, never the error's message or the form's
data: both can carry the person's own words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

T = TypeVar("T")

UNSAVED = "database_unavailable"
MESSAGE = _(
    "Dit is nog niet bewaard: de database is even niet bereikbaar. Wat je invulde staat "
    "hieronder nog; probeer het zo nog eens."
)
RETRY_AFTER_SECONDS = 60


def error_code(error: BaseException) -> str:
    """The error's class and the database's own code (SQLITE_READONLY, SQLSTATE 25006),
    without its message, which may quote what was being written."""
    cause = error.__cause__
    code = getattr(cause, "sqlite_errorname", None) or getattr(cause, "sqlstate", None)
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def save_or_keep(form: forms.Form, save: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """`save(*args, **kwargs)` in a transaction; its result, or None when the database
    refused: then the form carries the message (code UNSAVED) and keeps what was typed."""
    try:
        with transaction.atomic():
            return save(*args, **kwargs)
    except DatabaseError as error:
        name = getattr(save, "__name__", type(save).__name__)
        log.error(
            "practice: %s was not saved (%s); the form went back to the person, filled in",
            name,
            error_code(error),
        )
        form.add_error(None, ValidationError(MESSAGE, code=UNSAVED))
        return None


def unsaved(form: forms.Form) -> bool:
    """Whether `save_or_keep` could not save this form."""
    return form.has_error(NON_FIELD_ERRORS, code=UNSAVED)


def render_form(request: HttpRequest, template: str, context: Mapping[str, Any]) -> HttpResponse:
    """Render a page with `context["form"]`: HTTP 503 (and `unsaved` for the template) when
    the database refused to save it, else 200."""
    if not unsaved(context["form"]):
        return render(request, template, context)
    response = render(request, template, {**context, "unsaved": True}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
