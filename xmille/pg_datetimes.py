"""PostgreSQL dates read by psycopg's compiled loader, not Django's Python one.

Django's psycopg 3 backend reads every `timestamptz` through its own loader, a subclass of
psycopg's *Python* `TimestamptzLoader` (it only sets the time zone), so `psycopg[binary]` never
parses a date: about 5 µs a value against 0.5. An iCal feed of 1,000 dates reads some 3,000 of
them: 16 ms of a 150 ms target, spent parsing text (Django ticket 36960, psycopg issue 1273;
the compiled loader is a final class, so it cannot be subclassed).

With `USE_TZ` and the connection in UTC (what Django sets up unless `DATABASES` names a
`TIME_ZONE`), psycopg's own loader gives exactly Django's values: aware datetimes whose
`tzinfo` is `datetime.timezone.utc`. So on such a connection it is put back in place."""

import datetime
from functools import cache

from django.conf import settings

UTC = datetime.UTC


@cache
def utc_loader_class():
    """A loader class with Django's `timezone` attribute (its cursors check it before
    registering their own) whose instances are psycopg's fastest `timestamptz` loader: the
    compiled one when `psycopg[binary]` is installed, else psycopg's Python one."""
    import psycopg
    from psycopg.adapt import Loader
    from psycopg.pq import Format

    fastest = psycopg.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)

    class UtcTimestamptzLoader(Loader):
        timezone = UTC

        def __new__(cls, oid, context=None):
            return fastest(oid, context)

        def load(self, data):  # never called: instances are `fastest`'s
            raise NotImplementedError

    return UtcTimestamptzLoader


def use_fast_datetimes(sender, connection, **kwargs) -> None:
    """`connection_created`: on a PostgreSQL connection in UTC, read dates with psycopg's
    loader."""
    if connection.vendor != "postgresql" or not settings.USE_TZ:
        return
    if connection.timezone is not UTC or connection.timezone_name != "UTC":
        return
    adapters = getattr(connection.connection, "adapters", None)
    if adapters is None:  # psycopg2: its own C loader is already used
        return
    adapters.register_loader("timestamptz", utc_loader_class())
