"""iCal feeds (RFC 5545), parsed back with `icalendar`: agenda with filters, venue,
organizer, event; local times across DST, cancelled dates, stable UIDs, bad filters."""

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from icalendar import Calendar

from events import feeds
from events.agenda import soonest_occurrences
from events.factories import EventCategoryFactory, EventPageFactory, VenuePageFactory
from events.models import EventOccurrence, EventPage
from xmille.content_cache import site_changed
from xmille.page_cache import site_hosts

from .factories_detail import (
    AgendaPageFactory,
    add_date,
    build_scene,
    local,
    next_autumn_dst_change,
    soon,
)

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"


def path(page) -> str:
    return urlsplit(page.url).path


def fetch(client, url, **params):
    response = client.get(url, params, HTTP_HOST=HOST)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def summaries(calendar) -> list[str]:
    return [str(item["SUMMARY"]) for item in events_of(calendar)]


@pytest.fixture
def scene(network):
    return build_scene(network["quatremille"].root_page)


def test_event_feed_has_local_times_across_the_autumn_dst_change(client, scene):
    sunday = next_autumn_dst_change()
    saturday, monday = sunday - timedelta(days=1), sunday + timedelta(days=1)
    add_date(scene.event, local(saturday, 20), local(saturday, 23))
    add_date(scene.event, local(monday, 20), local(monday, 22, 30))

    response = client.get(f"{path(scene.event)}feed.ics", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nuit-du-jazz.ics"'
    raw = response.content.decode()
    assert f"DTSTART;TZID=Europe/Brussels:{saturday:%Y%m%d}T200000" in raw
    assert f"DTSTART;TZID=Europe/Brussels:{monday:%Y%m%d}T200000" in raw

    calendar = Calendar.from_ical(response.content)
    first, second = events_of(calendar)
    start1, start2 = first.decoded("DTSTART"), second.decoded("DTSTART")
    assert (start1.hour, start1.utcoffset()) == (20, timedelta(hours=2))
    assert (start2.hour, start2.utcoffset()) == (20, timedelta(hours=1))
    assert first.decoded("DTEND").hour == 23
    assert (second.decoded("DTEND").hour, second.decoded("DTEND").minute) == (22, 30)
    assert start1.isoformat() == f"{saturday.isoformat()}T20:00:00+02:00"
    assert start2.isoformat() == f"{monday.isoformat()}T20:00:00+01:00"

    # The VTIMEZONE that the TZID points to, with both offsets of the period.
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Brussels"
    offsets = {sub.decoded("TZOFFSETTO") for sub in vtimezone.subcomponents}
    assert {timedelta(hours=1), timedelta(hours=2)} <= offsets


def test_event_feed_items_carry_every_property(client, scene):
    published = timezone.now().replace(microsecond=0) - timedelta(days=2)
    EventPage.objects.filter(pk=scene.event.pk).update(last_published_at=published)
    start = soon(10)
    add_date(scene.event, start, start + timedelta(hours=3))
    calendar = fetch(client, f"{path(scene.event)}feed.ics")

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == feeds.PRODID
    assert str(calendar["X-WR-CALNAME"]) == "Quatremille · Nuit du jazz"
    raw = calendar.to_ical().decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in raw
    assert "X-PUBLISHED-TTL:PT6H" in raw
    assert "X-WR-TIMEZONE:Europe/Brussels" in raw
    (item,) = events_of(calendar)
    assert str(item["SUMMARY"]) == "Nuit du jazz"
    description = str(item["DESCRIPTION"])
    assert "Trois groupes, une nuit" in description
    assert "12 € / 8 € réduit" in description
    assert "https://tickets.example.be/nuit-du-jazz" in description
    assert str(item["LOCATION"]) == "La Cité Miroir, Place Xavier-Neujean 22, 4000 Liège"
    assert tuple(map(float, item.decoded("GEO"))) == (50.6404, 5.5703)
    assert str(item["URL"]) == f"http://{HOST}{path(scene.event)}"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert item.decoded("DTSTAMP") == published
    assert item.decoded("LAST-MODIFIED") == published
    assert [str(c) for c in item["CATEGORIES"].cats] == ["Concert"]
    assert item.decoded("DTSTART") == start


def test_all_day_dates_are_plain_dates(client, scene):
    first_day = timezone.localdate() + timedelta(days=5)
    last_day = first_day + timedelta(days=60)
    add_date(scene.event, local(first_day, 0), local(last_day, 0), all_day=True)
    add_date(scene.event, local(first_day + timedelta(days=70), 0), all_day=True)
    raw = client.get(f"{path(scene.event)}feed.ics", HTTP_HOST=HOST).content.decode()
    assert f"DTSTART;VALUE=DATE:{first_day:%Y%m%d}" in raw
    exhibition, one_day = events_of(Calendar.from_ical(raw))
    assert exhibition.decoded("DTSTART") == first_day
    assert exhibition.decoded("DTEND") == last_day + timedelta(days=1)  # exclusive end
    assert not isinstance(exhibition.decoded("DTSTART"), datetime)
    assert one_day.decoded("DTEND") - one_day.decoded("DTSTART") == timedelta(days=1)


def test_cancelled_event_and_cancelled_date(client, scene):
    add_date(scene.event, soon(3))
    add_date(scene.event, soon(4), cancelled=True)
    items = events_of(fetch(client, f"{path(scene.event)}feed.ics"))
    assert [str(item["STATUS"]) for item in items] == ["CONFIRMED", "CANCELLED"]
    assert str(items[1]["SUMMARY"]) == "Date annulée : Nuit du jazz"

    scene.event.status = EventPage.Status.CANCELLED
    scene.event.save()
    items = events_of(fetch(client, f"{path(scene.event)}feed.ics"))
    assert [str(item["STATUS"]) for item in items] == ["CANCELLED", "CANCELLED"]
    assert str(items[0]["SUMMARY"]) == "Annulé : Nuit du jazz"


def test_postponed_event_is_tentative(client, scene):
    add_date(scene.event, soon(3))
    scene.event.status = EventPage.Status.POSTPONED
    scene.event.save()
    (item,) = events_of(fetch(client, f"{path(scene.event)}feed.ics"))
    assert str(item["STATUS"]) == "TENTATIVE"
    assert str(item["SUMMARY"]) == "Reporté : Nuit du jazz"


def test_online_event_has_its_link_as_location_and_no_geo(client, scene):
    add_date(scene.event, soon(3))
    scene.event.attendance_mode = EventPage.AttendanceMode.ONLINE
    scene.event.online_url = "https://live.example.be/nuit"
    scene.event.save()
    (item,) = events_of(fetch(client, f"{path(scene.event)}feed.ics"))
    assert str(item["LOCATION"]) == "En ligne : https://live.example.be/nuit"
    assert "GEO" not in item


def test_uids_survive_republishing_with_recreated_dates(client, scene):
    add_date(scene.event, soon(3))
    add_date(scene.event, soon(4), all_day=True)
    before = [str(item["UID"]) for item in events_of(fetch(client, f"{path(scene.event)}feed.ics"))]
    assert len(set(before)) == 2
    assert all(uid.endswith(f"@{HOST}") for uid in before)
    assert all(str(scene.event.translation_key) in uid for uid in before)

    # An editor reworks the page: the rows of dates are deleted and created again, then
    # the page is published through a revision (which keeps the new rows).
    starts = [(o.start, o.all_day) for o in scene.event.occurrences.all()]
    old_pks = set(scene.event.occurrences.values_list("pk", flat=True))
    EventOccurrence.objects.filter(page=scene.event).delete()
    for start, all_day in starts:
        add_date(scene.event, start, all_day=all_day)
    event = EventPage.objects.get(pk=scene.event.pk)
    event.teaser = "Une nouvelle accroche."
    event.save_revision().publish()
    assert not old_pks & set(event.occurrences.values_list("pk", flat=True))

    after = events_of(fetch(client, f"{path(scene.event)}feed.ics"))
    assert [str(item["UID"]) for item in after] == before
    assert "Une nouvelle accroche." in str(after[0]["DESCRIPTION"])


def test_two_rows_with_the_same_start_keep_distinct_uids(client, scene):
    start = soon(3)
    add_date(scene.event, start)
    add_date(scene.event, start)
    uids = [str(i["UID"]) for i in events_of(fetch(client, f"{path(scene.event)}feed.ics"))]
    assert len(set(uids)) == 2


def test_feeds_leave_out_drafts_past_dates_and_other_sites(client, scene, network):
    add_date(scene.event, soon(3))
    add_date(scene.event, soon(-3))
    draft = EventPageFactory(
        parent=scene.organizer, title="Brouillon", venue=scene.venue, live=False, dates=[]
    )
    add_date(draft, soon(3))
    other = build_scene(network["cinqmille"].root_page)
    add_date(other.event, soon(3))
    AgendaPageFactory(parent=scene.home)
    assert summaries(fetch(client, "/agenda/feed.ics")) == ["Nuit du jazz"]
    assert summaries(fetch(client, f"{path(scene.venue)}feed.ics")) == ["Nuit du jazz"]
    assert summaries(fetch(client, f"{path(scene.organizer)}feed.ics")) == ["Nuit du jazz"]


def test_agenda_feed_applies_the_list_filters(client, scene):
    AgendaPageFactory(parent=scene.home)
    theatre = EventCategoryFactory(name="Théâtre", slug="theatre")
    other_venue = VenuePageFactory(parent=scene.region, title="Le Reflektor")
    add_date(scene.event, soon(3))
    play = EventPageFactory(
        parent=scene.organizer,
        title="Hamlet",
        venue=other_venue,
        is_free=True,
        category_list=[theatre],
        dates=[],
    )
    add_date(play, soon(4))

    assert summaries(fetch(client, "/agenda/feed.ics")) == ["Nuit du jazz", "Hamlet"]
    assert summaries(fetch(client, "/agenda/feed.ics", category="theatre")) == ["Hamlet"]
    assert summaries(fetch(client, "/agenda/feed.ics", category="concert")) == ["Nuit du jazz"]
    assert summaries(fetch(client, "/agenda/feed.ics", free="1")) == ["Hamlet"]
    assert summaries(fetch(client, "/agenda/feed.ics", venue=other_venue.pk)) == ["Hamlet"]
    assert summaries(fetch(client, "/agenda/feed.ics", q="hamlet")) == ["Hamlet"]
    day = timezone.localtime(soon(4)).date().isoformat()
    assert summaries(fetch(client, "/agenda/feed.ics", date_from=day, date_to=day)) == ["Hamlet"]
    calendar = fetch(client, "/agenda/feed.ics", category="theatre")
    assert str(calendar["X-WR-CALNAME"]) == "Quatremille · Agenda"
    # the trailing-slash form that Wagtail's routing produces works as well
    assert summaries(fetch(client, "/agenda/feed.ics/", category="theatre")) == ["Hamlet"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"venue": "abc"}, "venue"),
        ({"venue": "999999"}, "venue"),
        ({"when": "someday"}, "when"),
        ({"date_from": "2026-13-45"}, "date_from"),
        ({"date_from": "2026-05-10", "date_to": "2026-05-01"}, "date_to"),
        ({"q": "x" * 500}, "q"),
    ],
)
def test_agenda_feed_bad_filter_is_a_400_with_reasons(client, scene, params, field):
    AgendaPageFactory(parent=scene.home)
    response = client.get("/agenda/feed.ics", params, HTTP_HOST=HOST)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("Filtre invalide")
    assert f"{field}: " in body


def test_venue_feed_is_named_and_shown_inline(client, scene):
    add_date(scene.event, soon(3))
    calendar = fetch(client, f"{path(scene.venue)}feed.ics")
    assert str(calendar["X-WR-CALNAME"]) == "Quatremille · La Cité Miroir"
    response = client.get(f"{path(scene.venue)}feed.ics", HTTP_HOST=HOST)
    assert response["Content-Disposition"] == 'inline; filename="cite-miroir.ics"'


def test_feed_size_is_capped(client, scene, monkeypatch):
    for day in range(8):
        add_date(scene.event, soon(3 + day))
    monkeypatch.setattr(feeds, "MAX_FEED_ITEMS", 5)
    items = events_of(fetch(client, f"{path(scene.organizer)}feed.ics"))
    assert len(items) == 5
    assert items[0].decoded("DTSTART") == soon(3)  # the soonest first


def test_empty_feed_is_still_a_calendar(client, scene):
    calendar = fetch(client, f"{path(scene.venue)}feed.ics")
    assert events_of(calendar) == []
    assert str(calendar["X-WR-CALNAME"]) == "Quatremille · La Cité Miroir"


def feed_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def test_feeds_run_a_constant_number_of_queries(client, scene):
    AgendaPageFactory(parent=scene.home)
    add_date(scene.event, soon(3))
    urls = [
        "/agenda/feed.ics?category=concert",
        f"{path(scene.venue)}feed.ics",
        f"{path(scene.organizer)}feed.ics",
        f"{path(scene.event)}feed.ics",
    ]
    site_hosts()  # the page cache's map of hosts, read once per process until a site changes
    # What no event changes (the restricted paths) is read once, then kept; the feeds are
    # measured cold, as after an event's publication (which the events below are too).
    for url in urls:
        feed_queries(client, url)
    site_changed(scene.home.get_site().pk, structure=False)
    few = [feed_queries(client, url) for url in urls]
    for i in range(15):
        event = EventPageFactory(
            parent=scene.organizer,
            title=f"Concert {i}",
            venue=scene.venue,
            category_list=[scene.concert],
            dates=[],
        )
        for week in range(3):
            add_date(event, soon(2 + i + 7 * week))
    for day in range(30):
        add_date(scene.event, soon(5 + day))
    many = [feed_queries(client, url) for url in urls]
    assert many == few
    assert max(many) <= 17  # 16, and the events' organizers (ORGANIZER) in one query


def test_uid_of_an_all_day_date_uses_the_local_day(scene):
    occurrence = add_date(scene.event, local(date(2027, 3, 28), 0), all_day=True)
    uid = feeds.occurrence_uid(occurrence, "quatremille.be")
    assert uid == f"{scene.event.translation_key}-20270328@quatremille.be"
    timed = add_date(scene.event, local(date(2027, 3, 28), 20))
    assert feeds.occurrence_uid(timed, "quatremille.be") == (
        f"{scene.event.translation_key}-20270328T180000Z@quatremille.be"
    )


@pytest.mark.parametrize(
    ("status", "summary", "ical_status"),
    [
        (EventPage.Status.RESCHEDULED, "Nouvelles dates : Nuit du jazz", "CONFIRMED"),
        (EventPage.Status.SOLD_OUT, "Complet : Nuit du jazz", "CONFIRMED"),
        (EventPage.Status.SCHEDULED, "Nuit du jazz", "CONFIRMED"),
    ],
)
def test_summary_says_what_changed(client, scene, status, summary, ical_status):
    add_date(scene.event, soon(3))
    scene.event.status = status
    scene.event.save()
    (item,) = events_of(fetch(client, f"{path(scene.event)}feed.ics"))
    assert (str(item["SUMMARY"]), str(item["STATUS"])) == (summary, ical_status)


def test_an_end_before_the_start_never_makes_an_invalid_item(client, scene):
    start = soon(3)
    add_date(scene.event, start, start - timedelta(hours=2))  # saved without the editor's checks
    (item,) = events_of(fetch(client, f"{path(scene.event)}feed.ics"))
    assert item.decoded("DTEND") - item.decoded("DTSTART") == timedelta(hours=1)


# -- the fast path (events.ical): the same bytes as icalendar wrote, stable, parsed back ------


def varied_agenda(scene):
    """Events with every kind of date and value the writer must escape or fold."""
    AgendaPageFactory(parent=scene.home)
    published = timezone.now().replace(microsecond=0) - timedelta(days=1)
    add_date(scene.event, soon(3), soon(3) + timedelta(hours=3))
    add_date(scene.event, soon(4), cancelled=True)
    first_day = timezone.localdate() + timedelta(days=5)
    add_date(
        scene.event, local(first_day, 0), local(first_day + timedelta(days=40), 0), all_day=True
    )
    theatre = EventCategoryFactory(name="Théâtre, danse; cirque", slug="theatre")
    long_text = EventPageFactory(
        parent=scene.organizer,
        title='Le "grand" soir; a\\b, c — ' + "é" * 40,
        teaser="Première ligne,\nseconde ligne; avec \\ et des accents : àéèêëïîôöùû " * 2,
        venue=scene.venue,
        category_list=[theatre, scene.concert],
        status=EventPage.Status.POSTPONED,
        price="10 €",
        dates=[],
    )
    add_date(long_text, soon(6))
    online = EventPageFactory(
        parent=scene.organizer,
        title="En ligne",
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://live.example.be/x?a=1;b=2,3",
        venue=None,
        is_free=True,
        dates=[],
    )
    add_date(online, soon(7))
    scene.organizer.title = "ASBL Jazz, Blues: et « Soul »"
    scene.organizer.save_revision().publish()
    EventPage.objects.filter(path__startswith=scene.organizer.path).update(
        last_published_at=published
    )


def test_fast_feed_is_byte_for_byte_what_icalendar_wrote(rf, scene):
    from .ical_reference import build_calendar as reference

    varied_agenda(scene)
    request = rf.get("/agenda/feed.ics", HTTP_HOST=HOST)
    occurrences = feeds.feed_occurrences(scene.home)
    assert len(occurrences) == 5
    fast = feeds.build_calendar(occurrences, request=request, name="Quatremille · Agenda")
    # The reference reads the same dates as model instances, and Wagtail's own URLs.
    before = reference(
        soonest_occurrences(scene.home, limit=feeds.MAX_FEED_ITEMS),
        request=request,
        name="Quatremille · Agenda",
        now=timezone.now(),
    )
    assert fast == before
    assert all(len(line) <= 75 for line in fast.split(b"\r\n"))
    calendar = Calendar.from_ical(fast)
    items = events_of(calendar)
    assert str(items[0]["ORGANIZER"].params["CN"]) == "ASBL Jazz, Blues: et « Soul »"
    postponed = next(i for i in items if str(i["STATUS"]) == "TENTATIVE")
    assert str(postponed["SUMMARY"]).startswith('Reporté : Le "grand" soir; a\\b, c — é')
    assert [str(c) for c in postponed["CATEGORIES"].cats] == ["Concert", "Théâtre, danse; cirque"]
    assert "seconde ligne; avec \\ et" in str(postponed["DESCRIPTION"])


def test_fast_feed_is_stable_between_two_builds_and_keeps_everything(client, scene):
    from xmille.content_cache import content_changed

    varied_agenda(scene)
    first = client.get("/agenda/feed.ics", HTTP_HOST=HOST)
    content_changed()  # nothing cached: the second response is built again
    second = client.get("/agenda/feed.ics", HTTP_HOST=HOST)
    assert first.content == second.content
    assert first["ETag"]
    assert (
        client.get(
            "/agenda/feed.ics", HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=second["ETag"]
        ).status_code
        == 304
    )
    calendar = Calendar.from_ical(second.content)
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Brussels"
    items = events_of(calendar)
    assert [str(item["STATUS"]) for item in items] == [
        "CONFIRMED",
        "CANCELLED",
        "CONFIRMED",
        "TENTATIVE",
        "CONFIRMED",
    ]
    online = items[-1]
    assert "GEO" not in online
    assert str(online["LOCATION"]) == "En ligne : https://live.example.be/x?a=1;b=2,3"
    assert all("URL" in item and "ORGANIZER" in item and "UID" in item for item in items)
    assert tuple(map(float, items[0].decoded("GEO"))) == (50.6404, 5.5703)


def test_ical_writer_folds_at_75_octets_without_splitting_characters_or_escapes():
    from events import ical

    value = ical.text("àé;," * 40 + "\\" * 10 + "\n")
    folded = ical.fold("DESCRIPTION:" + value)
    lines = folded.encode().split(b"\r\n")
    assert len(lines) > 3
    assert all(len(line) <= 75 for line in lines)
    assert all(line.startswith(b" ") for line in lines[1:])
    for line in lines:
        line.decode()  # no UTF-8 sequence cut in two
    unfolded = folded.replace("\r\n ", "")
    assert unfolded == "DESCRIPTION:" + value
    # No line ends inside an escape ("\;", "\,", "\\", "\n").
    for line in folded.split("\r\n"):
        assert (len(line) - len(line.rstrip("\\"))) % 2 == 0
    assert ical.param('Les "amis"; et: ^ça') == "\"Les ^'amis^'; et: ^^ça\""
    # The organizer's CN exactly as icalendar writes it (quoted with a space, an apostrophe...).
    from icalendar.parser import Parameters

    for name in ("ASBL Jazz", "Collectif", "L\u2019Atelier", "Théâtre d'ici", 'Les "amis"; ok'):
        assert ical.param(name) == Parameters({"CN": name}).to_ical().decode()[3:], name
