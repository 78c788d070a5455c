"""What the public detail pages show: the context of EventPage, VenuePage and OrganizerPage
(their `get_context` calls these), computed with a constant number of SQL queries whatever
the number of dates or events.

Lists of upcoming events (venue, organizer, related events) come from the agenda's one query,
`events.agenda.agenda_occurrences`, and show each event once with its next date.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode, urljoin

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from xmille.content_cache import structure_cached
from xmille.page_urls import PageUrls
from xmille.visibility import visible

from .agenda import agenda_occurrences
from .agenda.card_rows import ROW_FIELDS, CardEvent, card_dates, cards_of_rows
from .feeds import site_root
from .forms import LANGUAGE_CHOICES
from .jsonld import event_jsonld, place, to_script_json
from .models import AgendaPage, EventOccurrence, EventPage, OrganizerPage, VenuePage

# Related events on an event page: a few, soon, at the same venue or in the same category.
RELATED_LIMIT = 4
RELATED_HORIZON = timedelta(days=90)
# Events listed on a venue or organizer page (each once, with its next date), read from at
# most LIST_DATES_SCAN dates; the agenda, filtered on the venue or organizer, has the rest.
LIST_LIMIT = 20
LIST_DATES_SCAN = 400
# Up to this many dates, a list reads its scan whole rather than ids then chosen rows.
WHOLE_ROWS_SCAN = 50
THUMBNAIL = "fill-480x300"
SOCIAL_IMAGE = "fill-1200x630"

STATUS_NOTICES = {
    EventPage.Status.CANCELLED: (
        gettext_lazy("Annulé"),
        gettext_lazy("Cet événement est annulé."),
    ),
    EventPage.Status.POSTPONED: (
        gettext_lazy("Reporté"),
        gettext_lazy("Cet événement est reporté ; les nouvelles dates seront annoncées ici."),
    ),
    EventPage.Status.RESCHEDULED: (
        gettext_lazy("Nouvelles dates"),
        gettext_lazy("Cet événement a été déplacé : vérifiez les dates ci-dessous."),
    ),
    EventPage.Status.SOLD_OUT: (
        gettext_lazy("Complet"),
        gettext_lazy("Il n'y a plus de places disponibles."),
    ),
}


def _day(value: date, with_year: bool = True) -> str:
    # Named formats of the active language (xmille/formats): "mercredi 2 décembre 2026",
    # "Mittwoch, 2. Dezember 2026"...
    return date_format(value, "WEEKDAY_DATE_FORMAT" if with_year else "WEEKDAY_DAY_MONTH_FORMAT")


def _time(value: datetime) -> str:
    return date_format(value, "CLOCK_FORMAT")


def describe_dates(occurrence: EventOccurrence) -> str:
    """A date in words, local time, in the active language: "Samedi 24 octobre 2026 à 20:00",
    "Du ... au ...", "Saturday 24 October 2026, 20:00-22:00" (sentences in the catalogues)."""
    start = timezone.localtime(occurrence.start)
    if occurrence.all_day:
        last = timezone.localtime(occurrence.end or occurrence.start).date()
        if last <= start.date():
            return capfirst(_day(start.date()))
        return capfirst(
            _("du %(start)s au %(end)s")
            % {"start": _day(start.date(), with_year=start.year != last.year), "end": _day(last)}
        )
    if not occurrence.end:
        return capfirst(_("%(day)s à %(time)s") % {"day": _day(start.date()), "time": _time(start)})
    end = timezone.localtime(occurrence.end)
    if end.date() == start.date():
        return capfirst(
            _("%(day)s de %(start)s à %(end)s")
            % {"day": _day(start.date()), "start": _time(start), "end": _time(end)}
        )
    return capfirst(
        _("du %(start)s à %(start_time)s au %(end)s à %(end_time)s")
        % {
            "start": _day(start.date()),
            "start_time": _time(start),
            "end": _day(end.date()),
            "end_time": _time(end),
        }
    )


@dataclass
class DateLine:
    """One date as shown to the public."""

    occurrence: EventOccurrence
    label: str
    start: datetime
    all_day: bool
    cancelled: bool

    @classmethod
    def of(cls, occurrence: EventOccurrence, event: EventPage | None = None) -> "DateLine":
        return cls(
            occurrence=occurrence,
            label=describe_dates(occurrence),
            start=timezone.localtime(occurrence.start),
            all_day=occurrence.all_day,
            cancelled=occurrence.cancelled or bool(event and event.is_cancelled),
        )


@dataclass
class EventEntry:
    """An event in a list: its next date, how many more dates follow, and its address."""

    event: CardEvent
    next_date: DateLine
    url: str | None = None
    more_dates: int = 0


def group_by_event(occurrences, limit: int, urls: PageUrls, *, scan: int) -> list[EventEntry]:
    """Each event once, at its first date among the first `scan` of `occurrences`, at most
    `limit` events, as the agenda's cards read them (`card_rows`): plain rows, not Wagtail
    pages. A short scan (a few related events) is read whole in one query; a long one (a
    venue's next dates) as bare ids first, then only the chosen dates, through the same
    selection, so the public rule applies to the rows shown too."""
    if scan <= WHOLE_ROWS_SCAN:
        # Dates are mostly of different events: `limit` x 2 of them first, the rest of the
        # scan only when these name fewer than `limit` events.
        whole = occurrences.values(*ROW_FIELDS)
        head = list(whole[: limit * 2])
        firsts: dict[int, dict] = {}
        for row in head:
            firsts.setdefault(row["page_id"], row)
        if len(firsts) < limit and len(head) == limit * 2:
            for row in whole[limit * 2 : scan]:
                firsts.setdefault(row["page_id"], row)
                if len(firsts) >= limit:
                    break
        (rows,) = cards_of_rows([list(firsts.values())[:limit]], THUMBNAIL, categories=False)
    else:
        chosen: dict[int, int] = {}
        for pk, page_id in occurrences.values_list("pk", "page_id")[:scan]:
            if page_id not in chosen:
                chosen[page_id] = pk
                if len(chosen) >= limit:
                    break
        if not chosen:
            return []
        selection = occurrences.filter(pk__in=chosen.values())
        (read,) = card_dates([selection], THUMBNAIL, categories=False)
        by_pk = {o.pk: o for o in read}
        rows = [by_pk[pk] for pk in chosen.values() if pk in by_pk]
    return [
        EventEntry(event=o.page, next_date=DateLine.of(o, o.page), url=urls.url(o.page.url_path))
        for o in rows
    ]


def count_more_dates(entries: list[EventEntry], now: datetime) -> None:
    """How many dates each listed event has after the one shown (one query)."""
    if not entries:
        return
    counts = dict(
        EventOccurrence.objects.filter(
            page_id__in=[entry.event.pk for entry in entries], ends_at__gt=now
        )
        .values_list("page_id")
        .annotate(n=Count("pk"))
        .values_list("page_id", "n")
    )
    for entry in entries:
        entry.more_dates = max(counts.get(entry.event.pk, 1) - 1, 0)


def upcoming_entries(
    root: Page, request: HttpRequest, filters: dict | None = None
) -> list[EventEntry]:
    now = timezone.now()
    entries = group_by_event(
        agenda_occurrences(root, filters, now=now),
        LIST_LIMIT,
        PageUrls(request),
        scan=LIST_DATES_SCAN,
    )
    count_more_dates(entries, now)
    return entries


def agenda_page_of(home: Page) -> AgendaPage | None:
    return visible(AgendaPage.objects.child_of(home)).first()


def agenda_url_of(home: Page, request: HttpRequest) -> str:
    """The address of the agenda of `home` (a site's home in one language), "" when it has
    none: kept until the site's structure changes."""

    def read() -> str:
        agenda = agenda_page_of(home)
        return (agenda.get_url(request) or "") if agenda else ""

    return structure_cached("agenda-url", read, home.pk)


def feed_links(page: Page, request: HttpRequest) -> dict:
    """The page's iCal address, to download and to subscribe to (webcal://)."""
    url = page.get_url(request) or ""
    absolute_url = page.get_full_url(request) or request.build_absolute_uri(url)
    ics_url = f"{url}feed.ics"
    webcal_url = "webcal://" + f"{absolute_url}feed.ics".split("://", 1)[-1]
    return {"ics_url": ics_url, "webcal_url": webcal_url}


def full_url(page: Page, request: HttpRequest) -> str:
    """The page's absolute address; the preview's own for a new page not yet in the tree."""
    if page.pk and page.url_path:
        url = page.get_full_url(request)
        if url:
            return url
    return request.build_absolute_uri()


def absolute(page_url: str, url: str) -> str:
    """`url` (a path, or already absolute: a CDN's) made absolute on the host of `page_url`,
    the page's own site: never the host the request came in on (`localhost` behind a proxy,
    another site's name), so that a shared card points where the canonical does."""
    return urljoin(page_url, url)


def social_image(image, page_url: str) -> dict | None:
    """The Open Graph image of a page whose absolute address is `page_url`."""
    if image is None:
        return None
    rendition = image.get_rendition(SOCIAL_IMAGE)
    return {
        "url": absolute(page_url, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def summary(html: str, fallback: str = "") -> str:
    """Plain text of a rich text field, short enough for a social card."""
    text = " ".join(strip_tags(html or "").split())
    return Truncator(text).chars(200) if text else fallback


def share_links(url: str, title: str) -> list[dict]:
    """Plain share links: no third-party script, nothing loaded before a click."""
    text = f"{title} {url}"
    return [
        {
            "name": "email",
            "label": _("Par e-mail"),
            "url": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        },
        {
            "name": "facebook",
            "label": "Facebook",
            "url": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {
            "name": "x",
            "label": "X",
            "url": "https://x.com/intent/post?" + urlencode({"text": title, "url": url}),
        },
        {
            "name": "whatsapp",
            "label": "WhatsApp",
            "url": "https://wa.me/?" + urlencode({"text": text}),
        },
    ]


def open_graph(
    *, title: str, description: str, url: str, og_type: str, image: dict | None, request
) -> dict:
    language = getattr(request, "LANGUAGE_CODE", "fr") or "fr"
    locales = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE", "en": "en_GB"}
    return {
        "title": title,
        "description": description,
        "url": url,
        "type": og_type,
        "image": image,
        "locale": locales.get(language, language),
    }


def related_events(event: EventPage, categories: list, request: HttpRequest) -> list[EventEntry]:
    """A few events soon at the same venue or in a same category, this site, not cancelled
    (shown in a fragment cached with the site's content: `{% related_events %}`)."""
    if not (event.pk and event.path):  # a new page in preview
        return []
    home = site_root(event)
    now = timezone.now()
    category_ids = [category.pk for category in categories]
    if not event.venue_id and not category_ids:
        return []
    same = Q()
    if event.venue_id:
        same |= Q(page__venue_id=event.venue_id)
    if category_ids:
        # A correlated EXISTS on the (event, category) index for each date read in date
        # order: `page__in` (all the events of these categories, thousands at scale) was
        # built as a list first and made the query grow with the network.
        same |= Q(
            Exists(
                EventPage.categories.through.objects.filter(
                    eventpage_id=OuterRef("page_id"), eventcategory_id__in=category_ids
                )
            )
        )
    occurrences = (
        agenda_occurrences(home, now=now)
        .filter(same, start__lt=now + RELATED_HORIZON, cancelled=False)
        .exclude(page_id=event.pk)
        .exclude(page__status=EventPage.Status.CANCELLED)
    )
    return group_by_event(occurrences, RELATED_LIMIT, PageUrls(request), scan=RELATED_LIMIT * 10)


def add_to_calendar_links(event: EventPage, occurrence: EventOccurrence, url: str) -> list[dict]:
    """ "Add to Google Calendar / Outlook" addresses for one date: plain links (nothing is
    loaded from those services until the visitor clicks). All-day dates are whole days."""
    from .feeds import location_of

    if occurrence.all_day:
        first = timezone.localtime(occurrence.start).date()
        last = max(timezone.localtime(occurrence.end or occurrence.start).date(), first)
        after = last + timedelta(days=1)
        google_dates = f"{first:%Y%m%d}/{after:%Y%m%d}"
        start_iso, end_iso = first.isoformat(), after.isoformat()
    else:
        end = occurrence.effective_end
        if end <= occurrence.start:
            end = occurrence.start + timedelta(hours=1)
        utc = timezone.get_fixed_timezone(0)
        google_dates = f"{occurrence.start.astimezone(utc):%Y%m%dT%H%M%SZ}/{end.astimezone(utc):%Y%m%dT%H%M%SZ}"
        start_iso, end_iso = (
            timezone.localtime(occurrence.start).isoformat(),
            timezone.localtime(end).isoformat(),
        )
    details = f"{event.teaser}\n{url}" if event.teaser else url
    location = location_of(event)
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": event.title,
            "dates": google_dates,
            "details": details,
            "location": location,
        }
    )
    outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": event.title,
            "startdt": start_iso,
            "enddt": end_iso,
            "allday": "true" if occurrence.all_day else "false",
            "body": details,
            "location": location,
        }
    )
    return [
        {"label": _("Google Agenda"), "url": google},
        {"label": _("Outlook"), "url": outlook},
    ]


def event_context(event: EventPage, request: HttpRequest) -> dict:
    now = timezone.now()
    # All dates in one query (in memory in a preview), then what is not over yet.
    dates = sorted(event.occurrences.all(), key=lambda o: (o.start, o.pk or 0))
    upcoming = [o for o in dates if o.effective_end > now]
    categories = list(event.categories.all())
    venue = event.venue
    # A new page in preview has a path under its parent (Wagtail sets it) but no pk yet.
    organizer = event.organizer if event.path else None
    page_url = full_url(event, request)
    venue_url = full_url(venue, request) if venue else None
    organizer_url = full_url(organizer, request) if organizer else None
    image = social_image(event.main_image, page_url)
    languages = dict(LANGUAGE_CHOICES)
    notice = STATUS_NOTICES.get(event.status)

    home = site_root(event) if event.path else None
    agenda_url = agenda_url_of(home, request) if home else ""
    jsonld = event_jsonld(
        event,
        upcoming,
        page_url=page_url,
        image_url=image["url"] if image else None,
        organizer=organizer,
        organizer_url=organizer_url,
        venue_url=venue_url,
    )
    return {
        "dates": [DateLine.of(o, event) for o in upcoming],
        "past_dates": [DateLine.of(o, event) for o in dates[-3:]] if not upcoming else [],
        "categories": categories,
        "agenda_url": agenda_url,
        "venue": venue,
        "organizer": organizer,
        "language_labels": [str(languages.get(code, code)) for code in event.languages or []],
        "status_notice": {"title": notice[0], "text": notice[1]} if notice else None,
        "share_links": share_links(page_url, event.title),
        "calendar_links": add_to_calendar_links(event, upcoming[0], page_url) if upcoming else [],
        "page_full_url": page_url,
        "jsonld": to_script_json(jsonld) if jsonld else None,
        "og": open_graph(
            title=event.title,
            description=event.teaser,
            url=page_url,
            og_type="website",
            image=image,
            request=request,
        ),
        **(feed_links(event, request) if event.pk else {}),
    }


def venue_context(venue: VenuePage, request: HttpRequest) -> dict:
    home = site_root(venue)
    page_url = full_url(venue, request)
    agenda_url = agenda_url_of(home, request)
    image = social_image(venue.image, page_url)
    return {
        "upcoming_events": upcoming_entries(home, request, {"venue": venue}),
        "agenda_url": f"{agenda_url}?{urlencode({'venue': venue.pk})}" if agenda_url else None,
        "jsonld": to_script_json(place(venue, page_url)),
        "og": open_graph(
            title=venue.title,
            description=summary(
                venue.description, f"{venue.street}, {venue.postal_code} {venue.city}"
            ),
            url=page_url,
            og_type="website",
            image=image,
            request=request,
        ),
        **feed_links(venue, request),
    }


def organizer_context(organizer: OrganizerPage, request: HttpRequest) -> dict:
    home = site_root(organizer)
    page_url = full_url(organizer, request)
    agenda_url = agenda_url_of(home, request)
    image = social_image(organizer.logo, page_url)
    return {
        "upcoming_events": upcoming_entries(organizer, request),
        "agenda_url": f"{agenda_url}?{urlencode({'organizer': organizer.pk})}"
        if agenda_url
        else None,
        "jsonld": to_script_json(
            {
                "@context": "https://schema.org",
                "@type": "Organization",
                "name": organizer.title,
                "url": organizer.website or page_url,
                **({"email": organizer.contact_email} if organizer.contact_email else {}),
                **({"telephone": organizer.contact_phone} if organizer.contact_phone else {}),
                **({"logo": image["url"]} if image else {}),
            }
        ),
        "og": open_graph(
            title=organizer.title,
            description=summary(organizer.presentation, organizer.get_sector_display()),
            url=page_url,
            og_type="website",
            image=image,
            request=request,
        ),
        **feed_links(organizer, request),
    }
