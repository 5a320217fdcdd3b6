"""Moments read by raw SQL come out as the ORM gives them: aware, in UTC when stored so."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from loslaten.core.rawsql import aware

MOMENT = dt.datetime(2026, 3, 29, 0, 59, 30, 250000, tzinfo=dt.UTC)  # the night clocks go on


def test_sqlite_text_is_read_as_a_moment_in_utc():
    assert aware("2026-03-29 00:59:30.250000") == MOMENT
    assert aware("2026-03-29 00:59:30") == MOMENT.replace(microsecond=0)


def test_a_moment_without_a_zone_is_in_utc_and_an_aware_one_is_kept():
    assert aware(MOMENT.replace(tzinfo=None)) == MOMENT
    amsterdam = MOMENT.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert aware(amsterdam) is amsterdam


@pytest.mark.django_db
def test_a_moment_written_by_the_orm_reads_back_the_same_by_raw_sql(alice):
    from loslaten.practice.models import Moment

    Moment.objects.create(user=alice, kind="exhale", duration_s=5, at=MOMENT)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT at FROM {Moment._meta.db_table}")  # noqa: S608
        (stored,) = cursor.fetchone()
    assert aware(stored) == MOMENT == Moment.objects.get().at
