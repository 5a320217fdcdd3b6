"""Small template filters for the accounts pages."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration(delta: timedelta | None) -> str:
    """A length of time in words, in the active language ("1 uur", "30 minuten")."""
    if not delta:
        return ""
    now = timezone.now()
    return timeuntil(now + delta, now)
