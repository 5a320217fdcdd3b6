"""Moments read by raw SQL come out as the ORM gives them: aware, in UTC when stored so."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from loslaten.core.rawsql import aware, date_of

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


def test_a_stored_date_is_read_as_a_date_from_text_or_as_it_is():
    assert date_of("2026-03-29") == dt.date(2026, 3, 29) == date_of(dt.date(2026, 3, 29))


@pytest.mark.django_db
def test_a_date_written_by_the_orm_reads_back_the_same_by_raw_sql(alice):
    from loslaten.practice.models import PathProgress

    day = dt.date(2026, 3, 29)
    PathProgress.objects.create(user=alice, step=1, started_on=day, done_on=day)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT done_on FROM {PathProgress._meta.db_table}")  # noqa: S608
        (stored,) = cursor.fetchone()
    assert date_of(stored) == day == PathProgress.objects.get().done_on
