"""Counters that traffic cannot push out: rate limits and the page-cache generation.

They used to live in Django's cache, whose in-process flavour keeps 300 entries: 400
anonymous page views were enough to push out "one sign-up mail per ten minutes". In the
database nothing is evicted; loslaten.core.limits is the interface.
"""

from django.db import models


class Counter(models.Model):
    """A named count, e.g. mails sent to one (hashed) address in the current window."""

    key = models.CharField(max_length=120, primary_key=True)
    value = models.BigIntegerField(default=0)
    # When the window ends and the row may go; empty for a counter that lasts.
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
