"""Time windows of the agenda: what "today", "this weekend", "this week" cover, and which
dates are still to come, seen from a given moment in Europe/Brussels."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import (
    LONG_RUNNING,
)


class When:
    TODAY = "today"
    TOMORROW = "tomorrow"
    WEEKEND = "weekend"
    WEEK = "week"
    CHOICES = [
        (TODAY, _("aujourd'hui")),
        (TOMORROW, _("demain")),
        (WEEKEND, _("ce week-end")),
        (WEEK, _("cette semaine")),
    ]


def local_midnight(day: date) -> datetime:
    """00:00 on `day` in Europe/Brussels, with the right offset whatever the DST."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Window:
    """A half-open time range [start, end); `end` None means open-ended."""

    start: datetime
    end: datetime | None


def window_for(
    when: str | None, date_from: date | None, date_to: date | None, now: datetime
) -> Window:
    """The time range a "when" choice or date range covers, seen from `now`.

    "This weekend" runs from Friday 17:00 to Monday 00:00; on a Saturday or a Sunday it is the
    current weekend. An explicit date range wins over a "when" choice."""
    today = timezone.localtime(now).date()
    if date_from or date_to:
        start = local_midnight(date_from) if date_from else now
        end = local_midnight(date_to + timedelta(days=1)) if date_to else None
        return Window(start, end)
    if when == When.TODAY:
        return Window(now, local_midnight(today + timedelta(days=1)))
    if when == When.TOMORROW:
        tomorrow = today + timedelta(days=1)
        return Window(local_midnight(tomorrow), local_midnight(tomorrow + timedelta(days=1)))
    if when == When.WEEKEND:
        weekday = today.weekday()  # Monday 0 ... Sunday 6
        friday = today + timedelta(days=(4 - weekday) if weekday <= 4 else -(weekday - 4))
        start = timezone.make_aware(datetime.combine(friday, time(17, 0)))
        end = local_midnight(friday + timedelta(days=3))
        return Window(max(start, now), end)
    if when == When.WEEK:
        monday_next = today + timedelta(days=7 - today.weekday())
        return Window(now, local_midnight(monday_next))
    return Window(now, None)


def not_over_since(filters: dict, window: Window, now: datetime) -> datetime:
    """What ends before this is not shown. An explicit start date may look at the past
    (archives); otherwise what is over is gone."""
    return window.start if filters.get("date_from") else max(window.start, now)


def dated_only(occurrences: QuerySet, filters: dict, window: Window, now: datetime) -> QuerySet:
    """The occurrences that are not long-running. Those last at most LONG_RUNNING, so their
    start is bounded too: the database walks the (long_running, start) index in date order
    instead of every date that ends in the future. (`__in`: see long_running_only.)"""
    return occurrences.filter(
        long_running__in=[False], start__gt=not_over_since(filters, window, now) - LONG_RUNNING
    )


def long_running_only(occurrences: QuerySet) -> QuerySet:
    """Exhibitions and other long dates. (`__in` and not `=True`: Django writes a bare
    `WHERE long_running` for the latter, and SQLite then ignores the (long_running, ...)
    indexes.)"""
    return occurrences.filter(long_running__in=[True])


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()
