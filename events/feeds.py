"""iCal feeds (RFC 5545) of the agenda: the whole agenda with its filters, a venue, an
organizer, one event ("add to my calendar"). Every feed selects its dates through
`events.agenda.agenda_occurrences`: one query, many doors.

Choices worth knowing:

- Address: `<page url>feed.ics` on an agenda, venue, organizer or event page. The agenda's feed
  takes the list's filters (`feed.ics?when=weekend&category=concert`); a bad value answers 400
  text/plain with the reasons, never 500.
- Times carry `TZID=Europe/Brussels` and the calendar embeds the matching VTIMEZONE (covering
  the feed's dates); all-day dates are `VALUE=DATE`, their DTEND the day after the last day.
- UIDs are `<event translation_key>-<start>@<site hostname>`: they survive republishing (rows
  of dates may be deleted and recreated by the editor) and translations (one real-world date is
  one calendar item in any language). Moving a date gives it a new UID: it is another date.
- DTSTAMP and LAST-MODIFIED are the event's last publication, so an unchanged event is
  byte-for-byte the same item at every refresh.
- A cancelled event or date keeps its place with `STATUS:CANCELLED` (calendars strike it out);
  a postponed event is `TENTATIVE`; everything else `CONFIRMED`. The summary says it too.
- Size: at most `MAX_FEED_ITEMS` dates, the soonest first (what is over is gone).
- ORGANIZER: the organizer's name (CN) and its public e-mail (`contact_email`, "e-mail
  public" in the editor) as mailto:, or its page's address when it has none.
- Conditional GET (`xmille.conditional`): ETag and Last-Modified from the content version and
  the address, checked before the cache or the build; 304 on a match.
- A constant number of SQL queries whatever the number of dates; the built feed is cached
  until the content changes (or `FEED_CACHE_SECONDS` pass).
- Written as text (`events.ical`), not as an `icalendar` object tree: a thousand dates in a
  few milliseconds instead of a second, so the first request after a publication is fast
  too; the same content gives the same bytes (the tests parse it back with `icalendar`).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime, timedelta
from functools import wraps
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page, Site

from xmille.conditional import conditional
from xmille.content_cache import request_cache_key
from xmille.page_urls import PageUrls
from xmille.routing import routed_home
from xmille.visibility import visible

from . import ical
from .agenda import AgendaFilterForm, soonest_values
from .models import EventOccurrence, EventPage, OrganizerPage, VenuePage

MAX_FEED_ITEMS = 1000
PRODID = "-//Xmille//Agenda culturel de Wallonie//FR"
# How often calendar applications should fetch a subscribed feed again.
REFRESH_INTERVAL = timedelta(hours=6)
CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE_SECONDS = 10 * 60
SUMMARY_PREFIXES = {
    EventPage.Status.CANCELLED: gettext_lazy("Annulé"),
    EventPage.Status.POSTPONED: gettext_lazy("Reporté"),
    EventPage.Status.RESCHEDULED: gettext_lazy("Nouvelles dates"),
    EventPage.Status.SOLD_OUT: gettext_lazy("Complet"),
}


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def site_root(page: Page) -> Page:
    """The home page (in the page's language) of the site a page belongs to: the ancestor at
    depth 2, the one the request was routed from, else found by its tree path in one query."""
    path = page.path[: Page.steplen * 2]
    return routed_home(path) or Page.objects.get(path=path)


def site_hostname(request: HttpRequest) -> str:
    site = Site.find_for_request(request)
    return site.hostname if site else request.get_host().split(":")[0]


def occurrence_uid(occurrence: EventOccurrence, hostname: str, tz: ZoneInfo | None = None) -> str:
    """A UID that survives republishing: the event's translation key and the date's start
    (an all-day date's day in `tz`, the current time zone by default)."""
    if occurrence.all_day:
        stamp = ical.day_stamp(timezone.localtime(occurrence.start, tz).date())
    else:
        stamp = ical.utc_stamp(occurrence.start)
    return f"{occurrence.page.translation_key}-{stamp}@{hostname}"


def status_of(event: EventPage, occurrence: EventOccurrence) -> str:
    if event.is_cancelled or occurrence.cancelled:
        return "CANCELLED"
    if event.status == EventPage.Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def summary_of(event: EventPage, occurrence: EventOccurrence) -> str:
    """The title, preceded by what changed: calendars show little else."""
    if occurrence.cancelled and not event.is_cancelled:
        return _("Date annulée : %(title)s") % {"title": event.title}
    prefix = SUMMARY_PREFIXES.get(event.status)
    if prefix:
        return _("%(status)s : %(title)s") % {"status": prefix, "title": event.title}
    return event.title


def location_of(event: EventPage) -> str:
    parts = []
    venue = event.venue if event.attendance_mode != EventPage.AttendanceMode.ONLINE else None
    if venue is not None:
        parts.append(f"{venue.title}, {venue.street}, {venue.postal_code} {venue.city}")
    if event.is_online and event.online_url:
        parts.append(_("En ligne : %(url)s") % {"url": event.online_url})
    return " — ".join(parts)


def description_of(event: EventPage, url: str) -> str:
    lines = [event.teaser]
    if event.is_free:
        lines.append(_("Gratuit"))
    elif event.price:
        lines.append(_("Prix : %(price)s") % {"price": event.price})
    if event.ticket_url:
        lines.append(_("Billetterie : %(url)s") % {"url": event.ticket_url})
    if event.performers:
        lines.append(_("Avec : %(names)s") % {"names": event.performers})
    lines.append(url)
    return "\n".join(line for line in lines if line)


def organizer_pages(paths) -> QuerySet:
    """The public organizer pages at `paths` (events' parents), from the page table by its
    path index: joined the other way, from the organizers' table, PostgreSQL merged the two
    tables in id order and read most of the page table (20 ms for 300 organizers)."""
    organizer_type = ContentType.objects.get_for_model(OrganizerPage)
    return visible(Page.objects.filter(path__in=paths, content_type=organizer_type))


def organizers_of(events) -> dict[str, OrganizerPage]:
    """The public organizer of each event (its parent page), by path, in two queries."""
    parent_paths = {event.path[: -Page.steplen] for event in events}
    ids = list(organizer_pages(parent_paths).values_list("pk", flat=True))
    return {o.path: o for o in OrganizerPage.objects.filter(pk__in=ids)} if ids else {}


def organizer_line(organizer: OrganizerPage, url: str) -> str:
    """ORGANIZER: the name, and mailto: only for the organizer's public e-mail."""
    address = f"mailto:{organizer.contact_email}" if organizer.contact_email else url
    return ical.fold(f"ORGANIZER;CN={ical.param(organizer.title)}:{address}")


@dataclass(slots=True)
class EventLines:
    """What every date of one event shares in a feed, written once per event: its DTSTAMP,
    the lines from CATEGORIES to ORGANIZER, its URL, and its summaries (the date cancelled or
    not)."""

    dtstamp: str
    shared: str
    url: str
    summaries: dict = dataclass_field(default_factory=dict)


def event_lines(
    event: EventPage,
    *,
    url: str,
    now: datetime,
    organizer: str | None = None,
    categories: list[str] | None = None,
) -> EventLines:
    """`event`'s lines of a VEVENT that do not depend on the date (`vevent`). `organizer` is
    an ORGANIZER line (`organizer_line`); `categories` the event's names."""
    lines = []
    if categories:
        lines.append(ical.fold("CATEGORIES:" + ",".join(ical.text(name) for name in categories)))
    lines.append(ical.fold("DESCRIPTION:" + ical.text(description_of(event, url))))
    venue = event.venue
    if (
        venue is not None
        and venue.has_point
        and event.attendance_mode != EventPage.AttendanceMode.ONLINE
    ):
        lines.append(f"GEO:{float(venue.latitude)};{float(venue.longitude)}")
    if event.last_published_at:
        lines.append("LAST-MODIFIED:" + ical.utc_stamp(event.last_published_at))
    location = location_of(event)
    if location:
        lines.append(ical.fold("LOCATION:" + ical.text(location)))
    if organizer is not None:
        lines.append(organizer)
    return EventLines(
        dtstamp="DTSTAMP:" + ical.utc_stamp(event.last_published_at or now),
        shared=ical.CRLF.join(lines),
        url=ical.fold("URL:" + url),
    )


def vevent(
    occurrence: EventOccurrence, *, uid: str, lines: EventLines, tz: ZoneInfo, ends: datetime
) -> str:
    """One VEVENT as text (CRLF line ends), its lines in `icalendar`'s order (`events.ical`),
    the event's own (`event_lines`) written once for all its dates. `ends` is the date's
    `effective_end`."""
    event = occurrence.page
    if occurrence.all_day:
        first_day = occurrence.start.astimezone(tz).date()
        last_day = (occurrence.end or occurrence.start).astimezone(tz).date()
        start = f"DTSTART;VALUE=DATE:{ical.day_stamp(first_day)}"
        end = f"DTEND;VALUE=DATE:{ical.day_stamp(max(last_day, first_day) + timedelta(days=1))}"
    else:
        # An end before the start (data from before the editor's checks) would make the whole
        # feed invalid for strict clients: such a date gets the default hour instead.
        if ends <= occurrence.start:
            ends = occurrence.start + timedelta(hours=1)
        start = f"DTSTART;TZID={tz.key}:{ical.local_stamp(occurrence.start, tz)}"
        end = f"DTEND;TZID={tz.key}:{ical.local_stamp(ends, tz)}"
    cancelled = occurrence.cancelled
    summary = lines.summaries.get(cancelled)
    if summary is None:
        summary = lines.summaries[cancelled] = ical.fold(
            "SUMMARY:" + ical.text(summary_of(event, occurrence))
        )
    return ical.CRLF.join(
        (
            "BEGIN:VEVENT",
            summary,
            start,
            end,
            lines.dtstamp,
            ical.fold("UID:" + ical.text(uid)),
            lines.shared,
            "STATUS:" + status_of(event, occurrence),
            lines.url,
            "END:VEVENT" + ical.CRLF,
        )
    )


def build_calendar(occurrences: Iterable["FeedDate"], *, request: HttpRequest, name: str) -> bytes:
    """A VCALENDAR of these dates (already selected and capped), with its VTIMEZONE when a
    date has a time, written directly (`events.ical`): the same bytes for the same content.
    What an event's dates share is written once per event (`EventLines`)."""
    now = timezone.now()
    tz = local_tz()
    hostname = site_hostname(request)
    refresh = ical.duration(REFRESH_INTERVAL)
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        ical.fold("PRODID:" + ical.text(PRODID)),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        ical.fold("X-WR-CALNAME:" + ical.text(name)),
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
        "X-WR-TIMEZONE:" + ical.text(settings.TIME_ZONE),
    ]

    occurrences = list(occurrences)
    parent_paths = {occurrence.page.path[: -Page.steplen] for occurrence in occurrences}
    organizers = {
        row["path"]: SimpleNamespace(
            path=row["path"],
            url_path=row["url_path"],
            title=row["title"],
            contact_email=row["organizerpage__contact_email"],
        )
        for row in organizer_pages(parent_paths).values(
            "path", "url_path", "title", "organizerpage__contact_email"
        )
    }
    pages = PageUrls(request)
    addresses: dict[str, str] = {}
    events: dict[int, EventLines] = {}
    seen: set[str] = set()
    items: list[str] = []
    first_start = last_end = None
    timed = False
    for occurrence in occurrences:
        event = occurrence.page
        lines = events.get(event.pk)
        if lines is None:
            organizer = organizers.get(event.path[: -Page.steplen])
            if organizer is not None and organizer.path not in addresses:
                addresses[organizer.path] = organizer_line(
                    organizer, pages.full_url(organizer.url_path) or ""
                )
            lines = events[event.pk] = event_lines(
                event,
                url=pages.full_url(event.url_path) or "",
                now=now,
                organizer=addresses[organizer.path] if organizer else None,
                categories=event.categories,
            )
        uid = occurrence_uid(occurrence, hostname, tz)
        if uid in seen:  # the same start twice on one event: keep both, distinctly
            uid = uid.replace("@", f"-{occurrence.pk}@", 1)
        seen.add(uid)
        ends = occurrence.effective_end
        items.append(vevent(occurrence, uid=uid, lines=lines, tz=tz, ends=ends))
        timed = timed or not occurrence.all_day
        # Local days follow instants in order: the feed's first and last days are those of
        # its earliest start and latest end.
        if first_start is None or occurrence.start < first_start:
            first_start = occurrence.start
        if last_end is None or ends > last_end:
            last_end = ends
    body = ical.CRLF.join(head) + ical.CRLF
    if timed:
        # The VTIMEZONE only needs to cover the feed's dates (a short, exact component).
        first_day = first_start.astimezone(tz).date()
        last_day = last_end.astimezone(tz).date()
        body += ical.vtimezone(
            settings.TIME_ZONE, first_day - timedelta(days=1), last_day + timedelta(days=366)
        )
    body += "".join(items) + "END:VCALENDAR" + ical.CRLF
    return body.encode()


def calendar_response(calendar: bytes, *, filename: str, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(calendar, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# What a VEVENT reads of a date and its event, venue and organizer (`vevent`, `build_calendar`),
# read as `values()` rows: a thousand Wagtail pages built as model instances cost several times
# the whole feed's text.
EVENT_FIELDS = (
    "title",
    "url_path",
    "path",
    "translation_key",
    "last_published_at",
    "status",
    "teaser",
    "is_free",
    "price",
    "ticket_url",
    "performers",
    "attendance_mode",
    "online_url",
    "venue_id",
)
VENUE_FIELDS = ("title", "street", "postal_code", "city", "latitude", "longitude")
FEED_FIELDS = (
    "start",
    "end",
    "all_day",
    "cancelled",
    "page_id",
    *(f"page__{name}" for name in EVENT_FIELDS),
    *(f"page__venue__{name}" for name in VENUE_FIELDS),
)


@dataclass(slots=True, eq=False)
class FeedVenue:
    title: str
    street: str
    postal_code: str
    city: str
    latitude: float | None
    longitude: float | None

    has_point = VenuePage.has_point


@dataclass(slots=True, eq=False)
class FeedEvent:
    """The event of a feed's date: the attributes of `EventPage` that a VEVENT reads."""

    pk: int
    title: str
    url_path: str
    path: str
    translation_key: object
    last_published_at: datetime | None
    status: str
    teaser: str
    is_free: bool
    price: str
    ticket_url: str
    performers: str
    attendance_mode: str
    online_url: str
    venue: FeedVenue | None
    categories: list[str] = dataclass_field(default_factory=list)

    Status = EventPage.Status
    AttendanceMode = EventPage.AttendanceMode
    is_cancelled = EventPage.is_cancelled
    is_online = EventPage.is_online


@dataclass(slots=True, eq=False)
class FeedDate:
    """A feed's date: the attributes of `EventOccurrence` that a VEVENT reads."""

    pk: int
    start: datetime
    end: datetime | None
    all_day: bool
    cancelled: bool
    page: FeedEvent

    effective_end = EventOccurrence.effective_end


def feed_occurrences(root: Page, filters: dict | None = None) -> list[FeedDate]:
    """The dates a feed shows: the agenda's selection, the soonest first, capped, each with
    its event (and the event's venue and category names), in two queries."""
    rows = soonest_values(root, filters, limit=MAX_FEED_ITEMS, fields=FEED_FIELDS)
    names: dict[int, list[str]] = {}
    links = EventPage.categories.through.objects.filter(
        eventpage_id__in={row["page_id"] for row in rows}
    ).order_by("eventcategory__name", "eventcategory_id")
    for event_id, name in links.values_list("eventpage_id", "eventcategory__name"):
        names.setdefault(event_id, []).append(name)
    events: dict[int, FeedEvent] = {}
    dates = []
    for row in rows:
        event = events.get(row["page_id"])
        if event is None:
            venue = None
            if row["page__venue_id"] is not None:
                venue = FeedVenue(*(row[f"page__venue__{name}"] for name in VENUE_FIELDS))
            event = events[row["page_id"]] = FeedEvent(
                row["page_id"],
                *(row[f"page__{name}"] for name in EVENT_FIELDS[:-1]),
                venue=venue,
                categories=names.get(row["page_id"], []),
            )
        dates.append(
            FeedDate(row["pk"], row["start"], row["end"], row["all_day"], row["cancelled"], event)
        )
    return dates


def safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "agenda"


def calendar_name(request: HttpRequest, *parts: str) -> str:
    from xmille.models import SiteBranding

    site = Site.find_for_request(request)
    site_name = ""
    if site is not None:
        site_name = SiteBranding.for_site(site).name or site.site_name
    return " · ".join(part for part in (site_name, *parts) if part)


def bad_filter_response(form: AgendaFilterForm) -> HttpResponseBadRequest:
    lines = [_("Filtre invalide :")]
    for field, messages in form.error_reasons().items():
        for message in messages:
            lines.append(f"{field}: {message}")
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def cached_feed(view):
    """Serve a feed from the cache while the published content is unchanged (calendar apps
    poll the same addresses again and again; building a thousand items takes a second), for
    at most `FEED_CACHE_SECONDS` since the dates shown depend on the time too. Only successful
    responses are kept."""

    @conditional("ical")
    @wraps(view)
    def wrapper(page: Page, request: HttpRequest) -> HttpResponse:
        key = request_cache_key("xmille:feed", request)
        cached = cache.get(key)
        if cached is not None:
            body, disposition = cached
            response = HttpResponse(body, content_type=CONTENT_TYPE)
            response["Content-Disposition"] = disposition
            return response
        response = view(page, request)
        if response.status_code == 200:
            cache.set(key, (response.content, response["Content-Disposition"]), FEED_CACHE_SECONDS)
        return response

    return wrapper


@cached_feed
def agenda_feed(agenda_page: Page, request: HttpRequest) -> HttpResponse:
    """The agenda of the agenda page's site and language, with the list's filters."""
    root = agenda_page.get_parent()
    form = AgendaFilterForm(request.GET, root=root)
    if not form.is_valid():
        return bad_filter_response(form)
    calendar = build_calendar(
        feed_occurrences(root, form.cleaned_data),
        request=request,
        name=calendar_name(request, agenda_page.title),
    )
    return calendar_response(calendar, filename=f"{safe_filename(agenda_page.slug)}.ics")


@cached_feed
def venue_feed(venue: VenuePage, request: HttpRequest) -> HttpResponse:
    """What's on at a venue, whichever organizer of the site brings it."""
    calendar = build_calendar(
        feed_occurrences(site_root(venue), {"venue": venue}),
        request=request,
        name=calendar_name(request, venue.title),
    )
    return calendar_response(calendar, filename=f"{safe_filename(venue.slug)}.ics")


@cached_feed
def organizer_feed(organizer: OrganizerPage, request: HttpRequest) -> HttpResponse:
    """An organizer's events: they live under its page, which is the query's root."""
    calendar = build_calendar(
        feed_occurrences(organizer), request=request, name=calendar_name(request, organizer.title)
    )
    return calendar_response(calendar, filename=f"{safe_filename(organizer.slug)}.ics")


@cached_feed
def event_feed(event: EventPage, request: HttpRequest) -> HttpResponse:
    """The upcoming dates of one event, downloaded to be added to a calendar."""
    calendar = build_calendar(
        feed_occurrences(event), request=request, name=calendar_name(request, event.title)
    )
    return calendar_response(calendar, filename=f"{safe_filename(event.slug)}.ics", attachment=True)
