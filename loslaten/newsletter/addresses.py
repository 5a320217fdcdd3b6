"""Which addresses we accept: RFC 5321 ones and, since RFC 6531, non-ASCII ones (zoë@…).

Django's EmailValidator accepts only ASCII before the @. An address like `zoë@example.org`
is a real address that a server offering SMTPUTF8 delivers; where the server does not
offer it, that one delivery is refused with a clear reason (see transport.py).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

MESSAGE = _("Voer een geldig e-mailadres in.")


def validate_address(value: str) -> None:
    """Raise ValidationError unless `value` is an address we can send to (UTF-8 allowed)."""
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain or len(local) > 64 or len(value) > 254:
        raise ValidationError(MESSAGE, code="invalid")
    if any(not c.isprintable() or c.isspace() for c in local):
        raise ValidationError(MESSAGE, code="invalid")
    # A non-ASCII character counts as one letter; every other rule is Django's own (the
    # domain is checked in its IDNA form there).
    stand_in = "".join(c if c.isascii() else "a" for c in local)
    validate_email(f"{stand_in}@{domain}")


class AddressField(forms.EmailField):
    """An email form field that also takes non-ASCII addresses."""

    default_validators = [validate_address]


class AddressModelField(models.EmailField):
    """The model's address field: the same rule in the admin as in the sign-up form."""

    default_validators = [validate_address]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": AddressField, **kwargs})
