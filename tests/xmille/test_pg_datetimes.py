"""PostgreSQL dates are read by psycopg's own (compiled) loader, with Django's values."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.db import connection

import psycopg
import pytest
from psycopg.adapt import AdaptersMap
from psycopg.pq import Format

from xmille.pg_datetimes import use_fast_datetimes

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid
FASTEST = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@on_postgresql
@pytest.mark.django_db
def test_dates_come_back_as_django_gives_them_through_psycopgs_loader():
    moment = datetime.datetime(2026, 12, 7, 19, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Brussels"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz, '2026-03-29 01:30:00+00'::timestamptz", [moment])
        read, dst_day = cursor.fetchone()
    # Aware, in UTC, with the same tzinfo object as Django's own loader gives.
    assert read == moment
    assert read.tzinfo is datetime.UTC
    assert read.utcoffset() == datetime.timedelta(0)
    assert dst_day == datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert type(loader(TIMESTAMPTZ, connection.connection)) is FASTEST
    # Django's cursors keep it: they register their own only when the zone disagrees.
    assert loader.timezone is datetime.UTC


def test_a_connection_in_another_zone_keeps_djangos_loader():
    adapters = AdaptersMap(psycopg.adapters)
    before = adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    brussels = SimpleNamespace(
        vendor="postgresql",
        timezone=ZoneInfo("Europe/Brussels"),
        timezone_name="Europe/Brussels",
        connection=SimpleNamespace(adapters=adapters),
    )
    use_fast_datetimes(None, brussels)
    assert adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is before

    in_utc = SimpleNamespace(**{**vars(brussels), "timezone": datetime.UTC})
    in_utc.timezone_name = "UTC"
    use_fast_datetimes(None, in_utc)
    assert adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is not before
