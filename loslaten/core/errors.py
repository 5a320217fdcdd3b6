"""What the error page gives back when the database is out of reach before a view could save.

`loslaten.practice.saving` keeps a form filled in when the *save* fails. When the database is
already unreachable earlier on — the session or the signed-in person cannot be loaded — Django
raises before any view runs and calls the 500 handler (`loslaten.core.views.server_error`).
That handler answers 503 with the fields below, so what the person typed is on the page and
can be sent again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve

View = TypeVar("View", bound=Callable)

#: The Retry-After the 503 page sends, in seconds.
RETRY_AFTER_SECONDS = 60
#: A value longer than this (or with a line break in it) is shown in a textarea.
SHORT_CHARS = 60
#: Never shown again: the CSRF token (a fresh one goes into the form) and any password.
HIDDEN_NAMES = ("csrfmiddlewaretoken",)
HIDDEN_WORDS = ("password",)


@dataclass(frozen=True)
class TypedField:
    """One submitted value to show again: the field's name, its label, its text, and whether
    it is long (a textarea)."""

    name: str
    label: str
    value: str
    long: bool


def shown_again(name: str) -> bool:
    """Whether a submitted field may be put back on the page: not the CSRF token and not a
    field whose name says password (in any case: ``new_password1``, ``Password``)."""
    lowered = name.lower()
    return lowered not in HIDDEN_NAMES and not any(word in lowered for word in HIDDEN_WORDS)


def readable_post(request: HttpRequest) -> QueryDict:
    """``request.POST``, or nothing when the body cannot be read (a charset other than
    UTF-8, a broken multipart, a body that ended early): an error page must not fail on it."""
    try:
        return request.POST
    except Exception:  # whatever the body did, the page still renders
        return QueryDict()


def typed_fields(data: QueryDict, labels: dict[str, str] | None = None) -> list[TypedField]:
    """The submitted text fields to show again, in the order they came, every value of a
    repeated name kept. ``data`` is ``request.POST``, so uploaded files are never in it;
    ``labels`` (see field_labels) names the fields as the form did, else the name shows."""
    labels = labels or {}
    return [
        TypedField(name, labels.get(name, name), value, "\n" in value or len(value) > SHORT_CHARS)
        for name, values in data.lists()
        if shown_again(name)
        for value in values
    ]


def keeps_typed(*form_classes: type[forms.Form]) -> Callable[[View], View]:
    """Mark a view whose forms' labels the 503 page uses for what was typed.

    Put it right above the view function: Django's view decorators copy the mark outwards.
    """

    def mark(view: View) -> View:
        view.typed_forms = form_classes  # type: ignore[attr-defined]
        return view

    return mark


def field_labels(path: str) -> dict[str, str]:
    """The labels of the fields of the forms of the view at ``path`` (see keeps_typed), in
    the active language; empty for a path without such a view."""
    try:
        view = resolve(path).func
    except Resolver404:
        return {}
    labels: dict[str, str] = {}
    for form_class in getattr(view, "typed_forms", ()):
        for name, field in form_class.base_fields.items():
            labels.setdefault(name, str(field.label or name))
    return labels
