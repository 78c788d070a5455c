"""schema.org `Event` data (JSON-LD) for an event page, so that search engines and apps
understand what, when, where and at what price.

Choice: one `Event` object per upcoming date (a JSON array in one script element), as search
engines recommend for series, rather than one Event with `subEvent`s: each date carries its
own start, end and status (a cancelled date of a run says `EventCancelled` while the others
stay scheduled). At most `MAX_DATES` dates are described, the soonest first.

Dates are local (Europe/Brussels) with their UTC offset (2026-10-24T20:00:00+02:00); all-day
dates are plain dates. The output is escaped like Django's `json_script` (<, > and & become
\\u003C, \\u003E, \\u0026) so that no text typed by an editor can close the script element.
"""

import json
import re
from datetime import datetime

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import EventOccurrence, EventPage, OrganizerPage, VenuePage

SCHEMA = "https://schema.org"
MAX_DATES = 50
COUNTRY = "BE"
CURRENCY = "EUR"

EVENT_STATUS = {
    EventPage.Status.SCHEDULED: f"{SCHEMA}/EventScheduled",
    EventPage.Status.CANCELLED: f"{SCHEMA}/EventCancelled",
    EventPage.Status.POSTPONED: f"{SCHEMA}/EventPostponed",
    EventPage.Status.RESCHEDULED: f"{SCHEMA}/EventRescheduled",
    # Sold out is not an event status in schema.org: it is the offer's availability.
    EventPage.Status.SOLD_OUT: f"{SCHEMA}/EventScheduled",
}
ATTENDANCE_MODE = {
    EventPage.AttendanceMode.OFFLINE: f"{SCHEMA}/OfflineEventAttendanceMode",
    EventPage.AttendanceMode.ONLINE: f"{SCHEMA}/OnlineEventAttendanceMode",
    EventPage.AttendanceMode.MIXED: f"{SCHEMA}/MixedEventAttendanceMode",
}
# Language codes of the editor (events.forms.LANGUAGE_CHOICES) that are not BCP 47 tags;
# "none" (without words) has no tag and is left out.
BCP47 = {"lsfb": "sfb"}
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
_AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)")


def local_iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


def date_range(occurrence: EventOccurrence) -> tuple[str, str | None]:
    """startDate and endDate: local times with offset, or dates for an all-day date."""
    if occurrence.all_day:
        first = timezone.localtime(occurrence.start).date()
        last = timezone.localtime(occurrence.end or occurrence.start).date()
        return first.isoformat(), max(first, last).isoformat()
    return local_iso(occurrence.start), local_iso(occurrence.end) if occurrence.end else None


def postal_address(venue: VenuePage) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": venue.street,
        "postalCode": venue.postal_code,
        "addressLocality": venue.city,
        "addressCountry": COUNTRY,
    }


def place(venue: VenuePage, url: str | None) -> dict:
    data = {"@type": "Place", "name": venue.title, "address": postal_address(venue)}
    if venue.has_point:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": venue.latitude,
            "longitude": venue.longitude,
        }
    if url:
        data["url"] = url
    return data


def location(event: EventPage, *, venue_url: str | None, page_url: str) -> dict | list | None:
    """Place for in person, VirtualLocation online, both for a mixed event."""
    places = []
    if event.attendance_mode != EventPage.AttendanceMode.ONLINE and event.venue is not None:
        places.append(place(event.venue, venue_url))
    if event.is_online:
        places.append({"@type": "VirtualLocation", "url": event.online_url or page_url})
    if not places:
        return None
    return places[0] if len(places) == 1 else places


def price_amount(text: str) -> str | None:
    """The first amount of a free-text price ("12 € / 8 € réduit" -> "12")."""
    match = _AMOUNT.search(text or "")
    return match.group(1).replace(",", ".") if match else None


def offers(event: EventPage, page_url: str) -> dict | None:
    if not (event.is_free or event.price or event.ticket_url):
        return None
    sold_out = event.status == EventPage.Status.SOLD_OUT
    data = {
        "@type": "Offer",
        "url": event.ticket_url or page_url,
        "availability": f"{SCHEMA}/{'SoldOut' if sold_out else 'InStock'}",
    }
    amount = "0" if event.is_free else price_amount(event.price)
    if amount is not None:
        data["price"] = amount
        data["priceCurrency"] = CURRENCY
    if event.price:
        data["description"] = event.price
    return data


def performers(text: str) -> list[dict]:
    names = [name.strip() for name in (text or "").split(",") if name.strip()]
    return [{"@type": "PerformingGroup", "name": name} for name in names]


def event_jsonld(
    event: EventPage,
    occurrences: list[EventOccurrence],
    *,
    page_url: str,
    image_url: str | None,
    organizer: OrganizerPage | None,
    organizer_url: str | None,
    venue_url: str | None,
) -> list[dict]:
    """One schema.org Event per date (at most MAX_DATES), sharing everything but the dates."""
    common: dict = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "description": event.teaser,
        "url": page_url,
        "eventAttendanceMode": ATTENDANCE_MODE[event.attendance_mode],
        "isAccessibleForFree": bool(event.is_free),
    }
    where = location(event, venue_url=venue_url, page_url=page_url)
    if where is not None:
        common["location"] = where
    if image_url:
        common["image"] = [image_url]
    offer = offers(event, page_url)
    if offer is not None:
        common["offers"] = offer
    if organizer is not None:
        common["organizer"] = {"@type": "Organization", "name": organizer.title}
        if organizer_url:
            common["organizer"]["url"] = organizer_url
    if event.performers:
        common["performer"] = performers(event.performers)
    languages = [BCP47.get(code, code) for code in event.languages or [] if code != "none"]
    if languages:
        common["inLanguage"] = languages
    if event.min_age:
        common["typicalAgeRange"] = f"{event.min_age}-"

    items = []
    for occurrence in occurrences[:MAX_DATES]:
        start, end = date_range(occurrence)
        item = {**common, "startDate": start}
        if end:
            item["endDate"] = end
        item["eventStatus"] = (
            f"{SCHEMA}/EventCancelled" if occurrence.cancelled else EVENT_STATUS[event.status]
        )
        items.append(item)
    return items


def to_script_json(data) -> SafeString:
    """JSON for a <script type="application/ld+json"> element, escaped like json_script."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))
