"""Error answers of the API, all in ninja's shape.

Validation errors (ninja's and ours) answer 422 with
``{"detail": [{"type": ..., "loc": ["body", "payload", "<field>"], "msg": ...}]}``;
other errors answer ``{"detail": "<reason>"}`` with their status.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

BODY = ("body", "payload")


def field_error(
    loc: tuple[str, ...], message: str, kind: str = "value_error"
) -> NinjaValidationError:
    """A 422 naming one field, e.g. ``field_error(("path", "day"), "not a date")``."""
    return NinjaValidationError([{"type": kind, "loc": list(loc), "msg": str(message)}])


def form_errors(form: forms.Form, prefix: tuple[str, ...] = BODY) -> NinjaValidationError:
    """A practice form's errors as one 422; errors not tied to a field name the body."""
    errors: list[dict[str, Any]] = []
    for name, problems in form.errors.as_data().items():
        loc = list(prefix) if name == forms.forms.NON_FIELD_ERRORS else [*prefix, name]
        for problem in problems:
            for message in problem.messages:
                errors.append({"type": problem.code or "value_error", "loc": loc, "msg": message})
    return NinjaValidationError(errors)


def django_errors(error: DjangoValidationError) -> NinjaValidationError:
    """A model's full_clean error (the last line of defence) in the same shape."""
    if hasattr(error, "error_dict"):
        items = [
            {"type": "value_error", "loc": [*BODY, name], "msg": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        items = [{"type": "value_error", "loc": list(BODY), "msg": m} for m in error.messages]
    return NinjaValidationError(items)


def install(api: NinjaAPI) -> None:
    """Register the handlers that give our own errors the shapes above."""

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.on_exception(request, django_errors(exc))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # Normally loslaten.core's RequestLimitMiddleware answers first; this is the fallback
        # for a body that turns out too big only while being read, in the same shape.
        return api.create_response(
            request,
            {"detail": f"request body too large: at most {limit} bytes", "limit_bytes": limit},
            status=413,
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(request, {"detail": exc.message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="loslaten"'
        return response
