"""The iCal feeds as `icalendar` built them before `events.ical` wrote them directly: the
reference the fast path is compared with, byte for byte (tests only)."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from events import feeds


def vevent(occurrence, *, uid, url, now, organizer=None) -> Event:
    event = occurrence.page
    item = Event()
    item.add("uid", uid)
    item.add("dtstamp", event.last_published_at or now)
    if event.last_published_at:
        item.add("last-modified", event.last_published_at)
    if occurrence.all_day:
        first_day = timezone.localtime(occurrence.start).date()
        last_day = timezone.localtime(occurrence.end or occurrence.start).date()
        item.add("dtstart", first_day)
        item.add("dtend", max(last_day, first_day) + timedelta(days=1))
    else:
        end = occurrence.effective_end
        if end <= occurrence.start:
            end = occurrence.start + timedelta(hours=1)
        item.add("dtstart", occurrence.start.astimezone(feeds.local_tz()))
        item.add("dtend", end.astimezone(feeds.local_tz()))
    item.add("summary", feeds.summary_of(event, occurrence))
    item.add("description", feeds.description_of(event, url))
    location = feeds.location_of(event)
    if location:
        item.add("location", location)
    venue = event.venue
    if venue is not None and venue.has_point and event.attendance_mode != "online":
        item.add("geo", (venue.latitude, venue.longitude))
    item.add("url", url)
    if organizer is not None:
        item.add("organizer", organizer)
    categories = [category.name for category in event.categories.all()]
    if categories:
        item.add("categories", categories)
    item.add("status", feeds.status_of(event, occurrence))
    return item


def build_calendar(occurrences, *, request, name: str, now) -> bytes:
    hostname = feeds.site_hostname(request)
    calendar = Calendar()
    calendar.add("prodid", feeds.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", feeds.REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(feeds.REFRESH_INTERVAL))
    occurrences = list(occurrences)
    organizers = feeds.organizers_of({occurrence.page for occurrence in occurrences})
    seen = set()
    first_day: date | None = None
    last_day: date | None = None
    for occurrence in occurrences:
        event = occurrence.page
        uid = feeds.occurrence_uid(occurrence, hostname)
        if uid in seen:
            uid = uid.replace("@", f"-{occurrence.pk}@", 1)
        seen.add(uid)
        organizer = organizers.get(event.path[: -Page.steplen])
        address = None
        if organizer is not None:
            url = organizer.get_full_url(request) or ""
            address = vCalAddress(
                f"mailto:{organizer.contact_email}" if organizer.contact_email else url
            )
            address.params["cn"] = vText(organizer.title)
        calendar.add_component(
            vevent(
                occurrence,
                uid=uid,
                url=event.get_full_url(request) or "",
                now=now,
                organizer=address,
            )
        )
        start_day = timezone.localtime(occurrence.start).date()
        end_day = timezone.localtime(occurrence.effective_end).date()
        first_day = min(first_day or start_day, start_day)
        last_day = max(last_day or end_day, end_day)
    if first_day is not None:
        calendar.add_missing_timezones(
            first_date=first_day - timedelta(days=1), last_date=last_day + timedelta(days=366)
        )
    return calendar.to_ical()
