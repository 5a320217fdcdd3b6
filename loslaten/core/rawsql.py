"""Reading rows by raw SQL as the ORM reads them, for the few hot queries that skip it.

Building an ORM query costs about half a millisecond of CPU; a page that is asked for
many times a second (the body's day, the search results) reads its rows with one plain
query instead, in SQL that SQLite and PostgreSQL both understand.
"""

from __future__ import annotations

import datetime as dt


def aware(value: dt.datetime | str) -> dt.datetime:
    """A stored moment as the ORM gives it: aware. SQLite may give text, and gives it
    without a zone (it is stored in UTC); PostgreSQL gives an aware datetime."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def date_of(value: dt.date | str) -> dt.date:
    """A stored date as the ORM gives it: SQLite gives text ("2026-06-02"), PostgreSQL a
    date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
