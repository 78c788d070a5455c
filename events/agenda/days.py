"""The list as people read it: an "ongoing" block, then days, each event once per day, one
page at a time, built in a constant number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from xmille.sharing import featured_keys

from ..models import (
    EventOccurrence,
    EventPage,
)
from .card_rows import CardDate, CardEvent, card_dates, cards_of_ids
from .selection import agenda_occurrences
from .window import (
    Window,
    dated_only,
    local_day,
    local_midnight,
    long_running_only,
    window_for,
)


class CappedPaginator(Paginator):
    """Counts at most a few pages beyond the one asked for: with tens of thousands of dates,
    counting them all costs more than the whole page. `count_is_exact` says whether the total
    is known; otherwise there is at least one more page."""

    LOOKAHEAD_PAGES = 5
    # Nobody pages this far; a larger number is a robot's, and would overflow the query.
    MAX_PAGE_NUMBER = 10_000

    def __init__(self, object_list, per_page, *, page_number=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            wanted = min(max(1, int(page_number)), self.MAX_PAGE_NUMBER)
        except (TypeError, ValueError):
            wanted = 1
        self.limit = (wanted + self.LOOKAHEAD_PAGES) * per_page
        self.count_is_exact = True

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, list):  # the first rows, read up to the limit
            counted = len(self.object_list)
        else:
            # The first rows in any order count the same: no sort (of dates by title).
            counted = self.object_list.order_by()[: self.limit + 1].count()
        if counted > self.limit:
            self.count_is_exact = False
            return self.limit + 1
        return counted


PER_PAGE = 40  # dated occurrences per page (a page may show a few more day entries)
# Up to this many dates, a page's dates and their count come from one read of the first
# dates' ids and starts (`build_agenda`); deeper pages count, then read their rows.
FIRST_DATES_MAX = 1000
ONGOING_LIMIT = 12  # long-running events shown on the first page before "see them all"
# Long-running dates counted at most: beyond, the link says "more than" (counting every
# exhibition of a large network costs more than the rest of the list).
ONGOING_COUNT_LIMIT = 100
HIGHLIGHTS_LIMIT = 6
CARD_RENDITION = "fill-400x250"
# A night that ends before this hour belongs to the evening it started (a concert until 01:00
# is not an event of the next day).
NIGHT_ENDS = time(6, 0)


@dataclass(slots=True, frozen=True)
class LocalTimes:
    """A date's start and end in local time, and the last local day it is on."""

    start: datetime
    end: datetime
    last_day: date


def local_times(occurrence: EventOccurrence | CardDate) -> LocalTimes:
    """`occurrence`'s `LocalTimes`, worked out once per date: a card's times, its label and
    the day grouping ask them again and again (a time zone lookup each)."""
    known = getattr(occurrence, "local_times", None)
    if known is not None:
        return known
    zone = timezone.get_current_timezone()
    start = occurrence.start.astimezone(zone)
    end = occurrence.ends_at.astimezone(zone)
    # A date ending at midnight ends the day before; a night ending in the small hours
    # (before NIGHT_ENDS) belongs to the evening before.
    start_day = start.date()
    last_day = (end - timedelta(microseconds=1)).date()
    if not occurrence.all_day and last_day > start_day and end.time() <= NIGHT_ENDS:
        last_day = end.date() - timedelta(days=1)
    known = LocalTimes(start, end, max(last_day, start_day))
    occurrence.local_times = known
    return known


def last_day_of(occurrence: EventOccurrence) -> date:
    """The last local day an occurrence is on (`local_times`)."""
    return local_times(occurrence).last_day


@lru_cache(maxsize=2048)
def _day_label(day: date, format_name: str, language: str) -> str:
    return date_format(day, format_name)


def day_label(day: date, format_name: str) -> str:
    """`date_format(day, format_name)` in the active language, written once per day and
    language (a list shows the same few days dozens of times)."""
    return _day_label(day, format_name, get_language())


def days_covered(occurrence: EventOccurrence, first: date, last: date | None) -> list[date]:
    """The local days an occurrence is on, within [first, last] (`last` None: no limit)."""
    times = local_times(occurrence)
    last_day = times.last_day
    day, stop = (
        max(times.start.date(), first),
        last_day if last is None else min(last_day, last),
    )
    days = []
    while day <= stop:
        days.append(day)
        day += timedelta(days=1)
    return days


@dataclass
class Slot:
    """One occurrence of an event as seen on one day."""

    occurrence: EventOccurrence | CardDate
    day: date

    @property
    def starts_today(self) -> bool:
        return local_times(self.occurrence).start.date() == self.day

    @property
    def ends_today(self) -> bool:
        return local_times(self.occurrence).last_day <= self.day

    @property
    def cancelled(self) -> bool:
        return self.occurrence.cancelled

    @property
    def label(self) -> str:
        """Like "20:00 - 22:00", "toute la journée", "jusqu'à 18:00"... in local time."""
        occurrence = self.occurrence
        times = local_times(occurrence)
        start, end = times.start, times.end
        if occurrence.long_running:
            return gettext("jusqu'au %(date)s") % {
                "date": day_label(times.last_day, "WEEKDAY_DATE_FORMAT")
            }
        if occurrence.all_day:
            return gettext("toute la journée")
        if not self.starts_today:
            if self.ends_today:
                return gettext("jusqu'à %(time)s") % {"time": f"{end:%H:%M}"}
            return gettext("toute la journée (suite)")
        if self.ends_today and occurrence.end:
            return f"{start:%H:%M} \u2013 {end:%H:%M}"
        if self.ends_today:
            return f"{start:%H:%M}"
        return gettext("%(time)s, jusqu'au %(date)s") % {
            "time": f"{start:%H:%M}",
            "date": day_label(times.last_day, "WEEKDAY_DAY_MONTH_FORMAT"),
        }


STATUS_LABELS = {
    EventPage.Status.CANCELLED: _("annulé"),
    EventPage.Status.POSTPONED: _("reporté"),
    EventPage.Status.RESCHEDULED: _("nouvelles dates"),
    EventPage.Status.SOLD_OUT: _("complet"),
}


@dataclass
class Entry:
    """An event in a day section (or in the "ongoing" block) with its times that day."""

    event: EventPage | CardEvent
    slots: list[Slot] = field(default_factory=list)
    distance: float | None = None  # km, in a "near" search

    @property
    def status(self) -> str:
        """The event's status, or "cancelled" when every date shown here is cancelled."""
        if (
            self.event.status == EventPage.Status.SCHEDULED
            and self.slots
            and all(slot.cancelled for slot in self.slots)
        ):
            return EventPage.Status.CANCELLED
        return self.event.status

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventPage.Status.CANCELLED

    @property
    def first(self) -> EventOccurrence | CardDate | None:
        return self.slots[0].occurrence if self.slots else None


@dataclass
class Day:
    day: date
    entries: list[Entry]
    continued: bool = False  # the same day began on the previous page


@dataclass
class Agenda:
    """Everything the agenda templates show, built with a constant number of queries."""

    window: Window
    ongoing: list[Entry]
    ongoing_total: int
    days: list[Day]
    page: PaginatorPage
    ongoing_total_is_exact: bool = True
    ongoing_only: bool = False
    by_distance: bool = False  # a "near" search: one list, nearest first, each date's day shown

    @property
    def is_empty(self) -> bool:
        return not self.days and not self.ongoing

    @property
    def count(self) -> int:
        """Number of dates in the selection (dated and ongoing); a lower bound when
        `count_is_exact` is false (see CappedPaginator)."""
        dated = self.page.paginator.count
        if not self.count_is_exact:
            dated -= 1
        return dated + (0 if self.ongoing_only else self.ongoing_total)

    @property
    def count_is_exact(self) -> bool:
        dated_exact = getattr(self.page.paginator, "count_is_exact", True)
        return dated_exact and (self.ongoing_only or self.ongoing_total_is_exact)


def _group(rows, first: date, last: date | None, skip_until: date | None = None) -> list[Day]:
    """Rows (in date order) spread on the days they cover, each event once per day."""
    by_day: dict[date, dict[int, Entry]] = {}
    for occurrence, own in rows:
        for day in days_covered(occurrence, first, last):
            if not own and skip_until is not None and day <= skip_until:
                continue
            entries = by_day.setdefault(day, {})
            entry = entries.setdefault(occurrence.page_id, Entry(occurrence.page))
            entry.slots.append(Slot(occurrence, day))
    days = []
    for day in sorted(by_day):
        # Events begun on an earlier day first, then by start time and title.
        entries = sorted(
            by_day[day].values(),
            key=lambda e: (
                e.slots[0].starts_today,
                e.first.start,
                e.event.title.lower(),
            ),
        )
        days.append(Day(day, entries))
    return days


def build_agenda(
    root: Page,
    filters: dict | None = None,
    *,
    now: datetime | None = None,
    page_number=1,
    per_page: int = PER_PAGE,
) -> Agenda:
    """The agenda of `root` with `filters` (cleaned form data), one page of it.

    Dated events are paginated by occurrences in date order; each page shows the days its
    occurrences cover, so an event spanning three days appears on each of them, even across a
    page break. Long-running events (exhibitions) go to an "ongoing" block on the first page."""
    filters = filters or {}
    now = now or timezone.now()
    window = window_for(
        filters.get("when") or None, filters.get("date_from"), filters.get("date_to"), now
    )
    first_day = local_day(window.start)
    last_day = local_day(window.end - timedelta(microseconds=1)) if window.end else None
    selection = agenda_occurrences(root, filters, now=now)
    ongoing_only = bool(filters.get("ongoing"))

    if filters.get("near") is not None:
        return _by_distance(selection, window, page_number, per_page)

    dated = selection if ongoing_only else dated_only(selection, filters, window, now)
    paginator = CappedPaginator(dated, per_page, page_number=page_number)
    firsts = None
    if paginator.limit <= FIRST_DATES_MAX:
        # The ids and starts of the first dates, up to the count's limit: the count, the
        # page's dates and the previous page's last start in one narrow read.
        firsts = list(dated.values_list("pk", "start")[: paginator.limit + 1])
        paginator = CappedPaginator(firsts, per_page, page_number=page_number)
    page = paginator.get_page(page_number)
    offset = page.start_index() - 1 if page.paginator.count else 0
    page_ids = [pk for pk, _ in page.object_list] if firsts is not None else None

    def read(long_ids=()) -> list[list]:
        """[the "ongoing" block's dates of `long_ids`, the page's dates] as card rows."""
        if page_ids is not None:
            return cards_of_ids([list(long_ids), page_ids], CARD_RENDITION)
        ongoing_dates = EventOccurrence.objects.filter(pk__in=long_ids).order_by(
            "ends_at", "page__title", "pk"
        )
        return card_dates([ongoing_dates, page.object_list], CARD_RENDITION)

    if ongoing_only:
        rows = read()[1]
        days = [Day(first_day, [Entry(o.page, [Slot(o, first_day)]) for o in rows])]
        return Agenda(window, [], 0, days if rows else [], page, ongoing_only=True)

    # The page's dates and, on the first page, the "ongoing" block's, read together; the
    # block counts the ids of its first dates (at most ONGOING_COUNT_LIMIT + 1).
    ongoing, ongoing_total, ongoing_exact = [], 0, True
    if page.number == 1:
        long_ones = long_running_only(selection).order_by("ends_at", "page__title", "pk")
        long_ids = list(long_ones.values_list("pk", flat=True)[: ONGOING_COUNT_LIMIT + 1])
        long_rows, rows = read(long_ids[:ONGOING_LIMIT])
        ongoing = [Entry(o.page, [Slot(o, first_day)]) for o in long_rows]
        ongoing_exact = len(long_ids) <= ONGOING_COUNT_LIMIT
        ongoing_total = min(len(long_ids), ONGOING_COUNT_LIMIT)
    else:
        rows = read()[1]
    if not rows:
        return Agenda(
            window, ongoing, ongoing_total, [], page, ongoing_total_is_exact=ongoing_exact
        )
    # The days this page shows: from its first occurrence's day to its last one's (the next
    # page carries on from there), or to the end of the window on the last page.
    span_first = max(first_day, local_day(rows[0].start))
    span_last = max(span_first, local_day(rows[-1].start)) if page.has_next() else last_day
    tagged = [(o, True) for o in rows]
    skip_until = None
    continued = False
    if offset:
        # Multi-day events begun on earlier pages still run on this page's days.
        if firsts is not None:
            previous = firsts[offset - 1][1]
        else:
            previous = dated.values_list("start", flat=True)[offset - 1]
        skip_until = local_day(previous)
        continued = skip_until == local_day(rows[0].start)
        next_midnight = local_midnight(skip_until + timedelta(days=1))
        seen = {o.pk for o in rows}
        (running,) = card_dates(
            [dated.filter(start__lt=next_midnight, ends_at__gt=next_midnight)], CARD_RENDITION
        )
        tagged = [(o, False) for o in running if o.pk not in seen] + tagged
    days = _group(tagged, span_first, span_last, skip_until)
    if days and continued and days[0].day == skip_until:
        days[0].continued = True
    return Agenda(window, ongoing, ongoing_total, days, page, ongoing_total_is_exact=ongoing_exact)


def _by_distance(selection: QuerySet, window: Window, page_number, per_page: int) -> Agenda:
    """A "near" search: every date of the selection (dated and long-running alike) in one list,
    nearest first (the selection's order), one entry per date with its day and distance."""
    paginator = CappedPaginator(selection, per_page, page_number=page_number)
    page = paginator.get_page(page_number)
    first_day = local_day(window.start)
    entries = [
        Entry(o.page, [Slot(o, max(first_day, local_day(o.start)))], distance=o.distance)
        for o in card_dates([page.object_list], CARD_RENDITION)[0]
    ]
    days = [Day(first_day, entries)] if entries else []
    return Agenda(window, [], 0, days, page, by_distance=True)


def highlights(root: Page, when: str, *, now: datetime | None = None, limit=HIGHLIGHTS_LIMIT):
    """A few events for the home page ("today", "this weekend"): each event once, dated events
    before exhibitions, cancelled ones left out (the full agenda still shows them); events
    shared with the site and featured by it first (`xmille.sharing`)."""
    now = now or timezone.now()
    filters = {"when": when}
    window = window_for(when, None, None, now)
    selection = (
        agenda_occurrences(root, filters, now=now)
        .exclude(cancelled=True)
        .exclude(page__status=EventPage.Status.CANCELLED)
    )
    order = ("start", "page__title", "pk")
    featured = featured_keys(root)
    entries: dict[int, Entry] = {}
    for occurrences in (
        dated_only(selection, filters, window, now),
        long_running_only(selection),
    ):
        if len(entries) == limit:
            break
        # Events another site shared here and this site's moderators featured come first,
        # read apart: sorting the whole selection by "featured" first made the database
        # sort every date of the weekend (21 ms) where the dates' index gives the soonest.
        lists = [occurrences.order_by(*order)[: limit * 4]]
        if featured is not None:
            featured_first = occurrences.filter(page__translation_key__in=featured)
            lists.insert(0, featured_first.order_by(*order)[: limit * 4])
        for read in card_dates(lists, CARD_RENDITION):
            for occurrence in read:
                if occurrence.page_id not in entries:
                    entries[occurrence.page_id] = Entry(
                        occurrence.page, [Slot(occurrence, local_day(max(occurrence.start, now)))]
                    )
                if len(entries) == limit:
                    break
            if len(entries) == limit:
                break
    return list(entries.values())
