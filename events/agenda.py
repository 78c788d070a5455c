"""The agenda's one query: which event dates to show, for the list, region pages, the map,
the iCal feeds and the API. Filters come from the URL through `AgendaFilterForm`; a bad value
is a form error (the HTML list shows it, feeds answer 400 with the reasons)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django import forms
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.lookups import Contains
from django.forms.utils import flatatt
from django.utils import dateformat, timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from xmille.content_cache import content_version
from xmille.folding import Fold, fold
from xmille.models import CustomRendition

from .models import (
    LONG_RUNNING,
    EventCategory,
    EventOccurrence,
    EventPage,
    OrganizerPage,
    RegionPage,
    VenuePage,
)

MAX_RANGE_DAYS = 366
SITE_HOME_DEPTH = 2  # Root is 1, each site's home (in each language) 2
MAX_KEYWORD_LENGTH = 100
KEYWORD_FIELDS = (
    "page__title",
    "page__teaser",
    "page__performers",
    "page__venue__title",
    "page__venue__city",
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


def _not_over_at(filters: dict, window: Window, now: datetime) -> datetime:
    """What ends before this is not shown. An explicit start date may look at the past
    (archives); otherwise what is over is gone."""
    return window.start if filters.get("date_from") else max(window.start, now)


def dated_only(occurrences: QuerySet, filters: dict, window: Window, now: datetime) -> QuerySet:
    """The occurrences that are not long-running. Those last at most LONG_RUNNING, so their
    start is bounded too: the database walks the (long_running, start) index in date order
    instead of every date that ends in the future. (`__in`: see long_running_only.)"""
    return occurrences.filter(
        long_running__in=[False], start__gt=_not_over_at(filters, window, now) - LONG_RUNNING
    )


def long_running_only(occurrences: QuerySet) -> QuerySet:
    """Exhibitions and other long dates. (`__in` and not `=True`: Django writes a bare
    `WHERE long_running` for the latter, and SQLite then ignores the (long_running, ...)
    indexes.)"""
    return occurrences.filter(long_running__in=[True])


class CappedPaginator(Paginator):
    """Counts at most a few pages beyond the one asked for: with tens of thousands of dates,
    counting them all costs more than the whole page. `count_is_exact` says whether the total
    is known; otherwise there is at least one more page."""

    LOOKAHEAD_PAGES = 5

    def __init__(self, object_list, per_page, *, page_number=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            wanted = max(1, int(page_number))
        except (TypeError, ValueError):
            wanted = 1
        self.limit = (wanted + self.LOOKAHEAD_PAGES) * per_page
        self.count_is_exact = True

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: self.limit + 1].count()
        if counted > self.limit:
            self.count_is_exact = False
            return self.limit + 1
        return counted


PLACE_CHOICES_TIMEOUT = 60 * 60


def place_choices(model, root: Page) -> list[tuple[int, str]]:
    """(pk, title) of the live regions, venues or organizers under `root`, by title: the
    filter lists. Cached until content changes, since listing a thousand venues costs more
    than the agenda query itself."""
    key = f"xmille:agenda-place-choices:{content_version()}:{model._meta.model_name}:{root.pk}"
    choices = cache.get(key)
    if choices is None:
        # By content type, which the page table indexes (a path prefix is a scan on SQLite).
        pages = Page.objects.live().descendant_of(root).exact_type(model)
        choices = list(pages.order_by("title").values_list("pk", "title"))
        cache.set(key, choices, PLACE_CHOICES_TIMEOUT)
    return choices


class LongSelect(forms.Select):
    """A single-choice list rendered in Python from `load_choices` (a callable, run only when the
    list is shown): Django renders each <option> through a template, which costs more than the
    whole agenda query once a site has a thousand venues. Same markup and attributes
    (aria-invalid, aria-describedby) as `forms.Select`."""

    def __init__(self, load_choices, attrs=None):
        super().__init__(attrs)
        self.load_choices = load_choices

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == selected else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.load_choices()
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")


class AgendaFilterForm(forms.Form):
    """The agenda's filters, as they appear in the URL (shareable, bookmarkable)."""

    when = forms.ChoiceField(
        label=_("Quand"), choices=[("", _("à venir")), *When.CHOICES], required=False
    )
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = forms.MultipleChoiceField(label=_("Catégorie"), required=False)
    region = forms.IntegerField(label=_("Région"), required=False, min_value=1)
    venue = forms.IntegerField(label=_("Lieu"), required=False, min_value=1)
    organizer = forms.IntegerField(label=_("Organisateur"), required=False, min_value=1)
    free = forms.BooleanField(label=_("Gratuit"), required=False)
    accessible = forms.BooleanField(label=_("Accessible en chaise roulante"), required=False)
    young = forms.BooleanField(label=_("Jeune public"), required=False)
    q = forms.CharField(label=_("Mot-clé"), required=False, max_length=MAX_KEYWORD_LENGTH)

    ongoing = forms.BooleanField(
        label=_("Seulement les expositions et événements de longue durée"), required=False
    )

    def __init__(self, data=None, *, root: Page, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.root = root
        self.fields["category"].choices = [
            (c.slug, c.name) for c in EventCategory.objects.filter(locale_id=root.locale_id)
        ]
        self.fields["category"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["category"].choices
        )
        # The page choosers are lists in the HTML form; their options are only queried when
        # the form is rendered (the iCal feed validates the same fields without them).
        for name, model, empty in (
            ("region", RegionPage, _("toutes les régions")),
            ("venue", VenuePage, _("tous les lieux")),
            ("organizer", OrganizerPage, _("tous les organisateurs")),
        ):
            self.fields[name].widget = LongSelect(self._page_choices(model, empty))

    def _page_choices(self, model, empty):
        return lambda: [("", empty), *place_choices(model, self.root)]

    @property
    def active_filters(self) -> list[str]:
        """Names of the URL parameters that narrow the selection (for "remove this filter")."""
        if not hasattr(self, "cleaned_data"):
            return []
        return [
            name for name, value in self.cleaned_data.items() if value not in (None, "", [], False)
        ]

    def _page_in_root(self, field: str, model) -> Page | None:
        pk = self.cleaned_data.get(field)
        if pk is None:
            return None
        page = model.objects.live().descendant_of(self.root).filter(pk=pk).first()
        if page is None:
            raise forms.ValidationError(_("Ce choix n'existe pas sur ce site."), code="unknown")
        return page

    def clean_region(self):
        return self._page_in_root("region", RegionPage)

    def clean_venue(self):
        return self._page_in_root("venue", VenuePage)

    def clean_organizer(self):
        return self._page_in_root("organizer", OrganizerPage)

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("La date de fin est avant la date de début."))
            elif (date_to - date_from).days > MAX_RANGE_DAYS:
                self.add_error("date_to", _("Choisissez une période d'un an au plus."))
        return data

    def error_reasons(self) -> dict[str, list[str]]:
        """The errors as plain text, per URL parameter, for 400 responses."""
        return {field: [str(m) for m in messages] for field, messages in self.errors.items()}


def agenda_occurrences(
    root: Page, filters: dict | None = None, *, now: datetime | None = None
) -> QuerySet:
    """Dates of live events under `root` (a site's home in one language, a region, an
    organizer) that are not over, with the filters applied, in date order.

    `filters` is an `AgendaFilterForm.cleaned_data`. Cancelled events and dates stay in: the
    public must see them as cancelled, not find them silently gone."""
    filters = filters or {}
    now = now or timezone.now()
    window = window_for(
        filters.get("when") or None, filters.get("date_from"), filters.get("date_to"), now
    )

    not_over_at = _not_over_at(filters, window, now)
    # Under a whole site the dates' indexes must lead the query, not the site's thousands of
    # pages; under an organizer or an event, its few pages lead (see xmille.tree_paths).
    under = (
        "page__path__startswith_scan" if root.depth <= SITE_HOME_DEPTH else "page__path__startswith"
    )
    occurrences = EventOccurrence.objects.filter(
        page__live=True, ends_at__gt=not_over_at, **{under: root.path}
    )
    if window.end is not None:
        occurrences = occurrences.filter(start__lt=window.end)

    if filters.get("category"):
        occurrences = occurrences.filter(
            page__in=EventPage.objects.filter(categories__slug__in=filters["category"]).values("pk")
        )
    region = filters.get("region")
    if region:
        occurrences = occurrences.filter(
            Q(page__venue__path__startswith=region.path)
            | Q(page__venue__isnull=True, page__path__startswith=region.path)
        )
    if filters.get("venue"):
        occurrences = occurrences.filter(page__venue=filters["venue"])
    if filters.get("organizer"):
        occurrences = occurrences.filter(page__path__startswith=filters["organizer"].path)
    if filters.get("ongoing"):
        occurrences = long_running_only(occurrences)
    if filters.get("free"):
        occurrences = occurrences.filter(page__is_free=True)
    if filters.get("accessible"):
        occurrences = occurrences.filter(page__venue__wheelchair_access=True)
    if filters.get("young"):
        occurrences = occurrences.filter(page__audience=EventPage.Audience.YOUNG)
    for word in fold(filters.get("q")).split():
        # Each word somewhere, whatever its accents and case ("theatre" finds "Théâtre").
        occurrences = occurrences.filter(
            reduce(or_, (Q(Contains(Fold(field), word)) for field in KEYWORD_FIELDS))
        )
    return occurrences.select_related("page", "page__venue").order_by("start", "page__title", "pk")


def soonest_occurrences(
    root: Page, filters: dict | None = None, *, limit: int, now: datetime | None = None
) -> list[EventOccurrence]:
    """The first `limit` dates of `agenda_occurrences`, in its order (the feeds' selection).

    Read as two index-friendly queries, dated and long-running, merged here: one query ordered
    by start would make the database sort every date not over yet (all the agenda's future)
    to keep the first thousand."""
    filters = filters or {}
    now = now or timezone.now()
    window = window_for(
        filters.get("when") or None, filters.get("date_from"), filters.get("date_to"), now
    )
    selection = (
        agenda_occurrences(root, filters, now=now)
        .defer("page__body")
        .prefetch_related("page__categories")
    )
    long_ones = long_running_only(selection)
    rows = []
    if not filters.get("ongoing"):
        rows = list(dated_only(selection, filters, window, now)[:limit])
        if len(rows) == limit:  # long-running dates starting after the last one kept are out
            long_ones = long_ones.filter(start__lte=rows[-1].start)
    rows += long_ones[:limit]
    rows.sort(key=lambda o: (o.start, o.page.title, o.pk))
    return rows[:limit]


# ---------------------------------------------------------------------------------------------
# The list as people read it: an "ongoing" block, then days, each event once per day.

PER_PAGE = 40  # dated occurrences per page (a page may show a few more day entries)
ONGOING_LIMIT = 12  # long-running events shown on the first page before "see them all"
HIGHLIGHTS_LIMIT = 6
CARD_RENDITION = "fill-400x250"
# A night that ends before this hour belongs to the evening it started (a concert until 01:00
# is not an event of the next day).
NIGHT_ENDS = time(6, 0)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def with_display_data(occurrences: QuerySet) -> QuerySet:
    """What an event card shows, fetched in a constant number of queries: the event, its venue,
    categories, image and the image's card rendition."""
    return occurrences.select_related("page", "page__venue", "page__main_image").prefetch_related(
        "page__categories",
        Prefetch(
            "page__main_image__renditions",
            queryset=CustomRendition.objects.filter(filter_spec=CARD_RENDITION),
            to_attr="prefetched_renditions",
        ),
    )


def last_day_of(occurrence: EventOccurrence) -> date:
    """The last local day an occurrence is on. A date ending at midnight ends the day before;
    a night ending in the small hours (before NIGHT_ENDS) belongs to the evening before."""
    start_day = local_day(occurrence.start)
    end = timezone.localtime(occurrence.ends_at)
    last_day = (end - timedelta(microseconds=1)).date()
    if not occurrence.all_day and last_day > start_day and end.time() <= NIGHT_ENDS:
        last_day = end.date() - timedelta(days=1)
    return max(last_day, start_day)


def days_covered(occurrence: EventOccurrence, first: date, last: date | None) -> list[date]:
    """The local days an occurrence is on, within [first, last] (`last` None: no limit)."""
    last_day = last_day_of(occurrence)
    day, stop = (
        max(local_day(occurrence.start), first),
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

    occurrence: EventOccurrence
    day: date

    @property
    def starts_today(self) -> bool:
        return local_day(self.occurrence.start) == self.day

    @property
    def ends_today(self) -> bool:
        return last_day_of(self.occurrence) <= self.day

    @property
    def cancelled(self) -> bool:
        return self.occurrence.cancelled

    @property
    def label(self) -> str:
        """Like "20:00 - 22:00", "toute la journée", "jusqu'à 18:00"... in local time."""
        occurrence = self.occurrence
        start = timezone.localtime(occurrence.start)
        end = timezone.localtime(occurrence.ends_at)
        if occurrence.long_running:
            last_day = last_day_of(occurrence)
            return gettext("jusqu'au %(date)s") % {"date": dateformat.format(last_day, "l j F Y")}
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
            "date": dateformat.format(last_day_of(occurrence), "l j F"),
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

    event: EventPage
    slots: list[Slot] = field(default_factory=list)

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
    def first(self) -> EventOccurrence | None:
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
    ongoing_only: bool = False

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
        return getattr(self.page.paginator, "count_is_exact", True)


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

    dated = selection if ongoing_only else dated_only(selection, filters, window, now)
    paginator = CappedPaginator(dated, per_page, page_number=page_number)
    page = paginator.get_page(page_number)
    offset = page.start_index() - 1 if page.paginator.count else 0

    ongoing, ongoing_total = [], 0
    if page.number == 1 and not ongoing_only:
        long_ones = long_running_only(selection).order_by("ends_at", "page__title", "pk")
        rows = list(with_display_data(long_ones[: ONGOING_LIMIT + 1]))
        ongoing = [Entry(o.page, [Slot(o, first_day)]) for o in rows[:ONGOING_LIMIT]]
        ongoing_total = long_ones.count() if len(rows) > ONGOING_LIMIT else len(rows)

    if ongoing_only:
        rows = list(with_display_data(page.object_list))
        days = [Day(first_day, [Entry(o.page, [Slot(o, first_day)]) for o in rows])]
        return Agenda(window, [], 0, days if rows else [], page, ongoing_only=True)

    rows = list(with_display_data(page.object_list))
    if not rows:
        return Agenda(window, ongoing, ongoing_total, [], page)
    # The days this page shows: from its first occurrence's day to its last one's (the next
    # page carries on from there), or to the end of the window on the last page.
    span_first = max(first_day, local_day(rows[0].start))
    span_last = max(span_first, local_day(rows[-1].start)) if page.has_next() else last_day
    tagged = [(o, True) for o in rows]
    skip_until = None
    continued = False
    if offset:
        # Multi-day events begun on earlier pages still run on this page's days.
        previous = dated.values_list("start", flat=True)[offset - 1]
        skip_until = local_day(previous)
        continued = skip_until == local_day(rows[0].start)
        next_midnight = local_midnight(skip_until + timedelta(days=1))
        seen = {o.pk for o in rows}
        running = with_display_data(
            dated.filter(start__lt=next_midnight, ends_at__gt=next_midnight)
        )
        tagged = [(o, False) for o in running if o.pk not in seen] + tagged
    days = _group(tagged, span_first, span_last, skip_until)
    if days and continued and days[0].day == skip_until:
        days[0].continued = True
    return Agenda(window, ongoing, ongoing_total, days, page)


def highlights(root: Page, when: str, *, now: datetime | None = None, limit=HIGHLIGHTS_LIMIT):
    """A few events for the home page ("today", "this weekend"): each event once, dated events
    before exhibitions, cancelled ones left out (the full agenda still shows them)."""
    now = now or timezone.now()
    filters = {"when": when}
    window = window_for(when, None, None, now)
    selection = (
        agenda_occurrences(root, filters, now=now)
        .exclude(cancelled=True)
        .exclude(page__status=EventPage.Status.CANCELLED)
    )
    entries: dict[int, Entry] = {}
    for occurrences in (
        dated_only(selection, filters, window, now),
        long_running_only(selection),
    ):
        if len(entries) == limit:
            break
        ordered = occurrences.order_by("start", "page__title", "pk")
        for occurrence in with_display_data(ordered[: limit * 4]):
            if occurrence.page_id not in entries:
                entries[occurrence.page_id] = Entry(
                    occurrence.page, [Slot(occurrence, local_day(max(occurrence.start, now)))]
                )
            if len(entries) == limit:
                break
    return list(entries.values())


# The filters folded under "more filters" (open when one of them is in use).
MORE_FILTERS = ("region", "venue", "organizer", "free", "accessible", "young", "ongoing")


def _url(base_url: str, params) -> str:
    query = params.urlencode()
    return f"{base_url}?{query}" if query else base_url


def _without(request, *names: str):
    params = request.GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    return params


def when_tabs(form: AgendaFilterForm, request, base_url: str) -> list[dict]:
    """The period shortcuts ("aujourd'hui", "ce week-end", ...), keeping the other filters."""
    data = getattr(form, "cleaned_data", {})
    has_range = bool(data.get("date_from") or data.get("date_to"))
    current = "" if has_range else (data.get("when") or "")
    tabs = []
    for value, label in [("", _("tout")), *When.CHOICES]:
        params = _without(request, "when", "date_from", "date_to")
        if value:
            params["when"] = value
        tabs.append(
            {
                "value": value,
                "label": label,
                "url": _url(base_url, params),
                "current": value == current and not has_range,
            }
        )
    return tabs


def describe_filter(form: AgendaFilterForm, name: str) -> str:
    """ "Catégorie : Concert, Théâtre", "Gratuit"... for the "remove this filter" links."""
    field, value = form.fields[name], form.cleaned_data.get(name)
    if isinstance(field, forms.BooleanField):
        return str(field.label)
    if name == "category":
        names = dict(field.choices)
        value = ", ".join(str(names.get(slug, slug)) for slug in value)
    elif name == "when":
        value = dict(When.CHOICES).get(value, value)
    elif isinstance(value, Page):
        value = value.title
    elif isinstance(value, date):
        value = dateformat.format(value, "j F Y")
    return f"{field.label} : {value}"


def empty_suggestions(
    form: AgendaFilterForm, request, base_url: str, fixed=(), wider_url: str | None = None
) -> list[dict]:
    """Ways out of an empty result: drop one filter, widen the period, see everything."""
    suggestions = []
    data = form.cleaned_data
    when = data.get("when")
    if when in (When.TODAY, When.TOMORROW) and not (data.get("date_from") or data.get("date_to")):
        params = _without(request, "when")
        params["when"] = When.WEEK
        suggestions.append(
            {"label": _("Élargir à toute la semaine"), "url": _url(base_url, params)}
        )
    for name in form.active_filters:
        if name in fixed or name == "date_to":
            continue
        if name == "date_from":
            label = _("Sans les dates choisies")
            params = _without(request, "date_from", "date_to")
        else:
            label = _("Sans le filtre « %(filter)s »") % {"filter": describe_filter(form, name)}
            params = _without(request, name)
        suggestions.append({"label": label, "url": _url(base_url, params)})
    if "date_to" in form.active_filters and "date_from" not in form.active_filters:
        suggestions.append(
            {
                "label": _("Sans les dates choisies"),
                "url": _url(base_url, _without(request, "date_from", "date_to")),
            }
        )
    if len(suggestions) > 1 or (suggestions and fixed):
        suggestions.append({"label": _("Tout ce qui est à venir"), "url": base_url})
    if wider_url:
        suggestions.append({"label": _("L'agenda de tout le site"), "url": wider_url})
    return suggestions


def agenda_context(
    request,
    root: Page,
    *,
    base_url: str,
    fixed: dict | None = None,
    defaults: dict | None = None,
    feed_url: str | None = None,
    wider_url: str | None = None,
    now=None,
) -> dict:
    """Template context of an agenda page (the site's agenda, a region's): the filter form
    bound to the URL, and one page of results. `fixed` filters override the URL (a region
    page's region), `defaults` apply when the URL says nothing (the weekend route's "when").
    Invalid filters are shown as form errors and left out of the selection: the page still
    answers with what the valid ones select."""
    data = request.GET.copy()
    for key, value in (defaults or {}).items():
        if not data.get(key):
            data.setlist(key, [str(value)])
    for key, value in (fixed or {}).items():
        data.setlist(key, [str(value)])
    form = AgendaFilterForm(data, root=root)
    form.is_valid()
    # Built only when the results are rendered: a cached fragment skips the work.
    agenda = SimpleLazyObject(
        lambda: build_agenda(root, form.cleaned_data, now=now, page_number=request.GET.get("page"))
    )
    if feed_url:
        params = _without(request)
        for key, value in (fixed or {}).items():
            params.setlist(key, [str(value)])
        feed_url = _url(feed_url, params)
    return {
        "filter_form": form,
        "agenda": agenda,
        "agenda_url": base_url,
        "fixed_filters": set(fixed or {}),
        "when_tabs": when_tabs(form, request, base_url),
        "more_filters_open": any(
            name in form.errors or (name in form.active_filters and name not in (fixed or {}))
            for name in MORE_FILTERS
        ),
        "empty_suggestions": SimpleLazyObject(
            lambda: (
                empty_suggestions(form, request, base_url, set(fixed or {}), wider_url)
                if agenda.is_empty
                else []
            )
        ),
        "feed_url": feed_url,
    }
