"""The agenda's demo data: what every demo site shows, and a loader safe to rerun."""

from datetime import UTC, timedelta

from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

import pytest

from events import demo as events_demo
from events.models import (
    AgendaPage,
    EventCategory,
    EventOccurrence,
    EventPage,
    OrganizerPage,
    RegionPage,
    VenuePage,
)
from xmille.demo import sites as demo_sites
from xmille.demo.sites import DemoNetwork


def load(slugs=("cinqmille",)) -> DemoNetwork:
    """The sites of the demo, with the agenda demo on the given sites only (fast enough)."""
    network = DemoNetwork()
    demo_sites.build(network)
    network.sites = [s for s in network.sites if s.spec.slug in slugs]
    events_demo.build(network)
    return network


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            EventCategory,
            EventOccurrence,
            get_image_model(),
        )
    }


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at its end; each
    test then runs in its own savepoint (pytest-django's `db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        network = load()
        yield network.sites[0]
        transaction.set_rollback(True)


@pytest.fixture
def cinqmille(_demo_once, db):
    return _demo_once


def site_events(demo):
    return EventPage.objects.descendant_of(demo.home).specific()


def test_each_site_has_an_agenda_regions_venues_organizers_and_40_events(cinqmille):
    home = cinqmille.home
    agenda = AgendaPage.objects.child_of(home).get()
    assert agenda.slug == "agenda" and agenda.show_in_menus and agenda.live
    regions = RegionPage.objects.child_of(home)
    assert {r.title for r in regions} == set(cinqmille.spec.regions)
    namur = regions.get(title="Namur")
    assert (namur.latitude, namur.longitude) == (50.4674, 4.8720)  # its first town
    assert VenuePage.objects.descendant_of(home).count() >= 3
    assert OrganizerPage.objects.descendant_of(home).count() == 5
    assert site_events(cinqmille).count() == 40


def test_pages_are_published_with_a_revision(cinqmille):
    pages = Page.objects.descendant_of(cinqmille.home)
    assert pages.count() > 40
    for page in pages:
        assert page.live and page.live_revision_id and not page.has_unpublished_changes, page


def test_venues_are_in_the_sites_towns_with_varied_accessibility(cinqmille):
    towns = {t.name: t for r in cinqmille.spec.regions.values() for t in r.towns}
    venues = list(VenuePage.objects.descendant_of(cinqmille.home))
    for venue in venues:
        town = towns[venue.city]
        assert venue.postal_code == town.postal_code
        assert abs(venue.latitude - town.latitude) < 0.02
        assert abs(venue.longitude - town.longitude) < 0.02
    assert {v.wheelchair_access for v in venues} == {True, False}


def test_organizers_have_varied_sectors_and_services(cinqmille):
    organizers = list(OrganizerPage.objects.descendant_of(cinqmille.home))
    assert len({o.sector for o in organizers}) >= 3
    for organizer in organizers:
        assert len(organizer.services) >= 1
        assert organizer.services[0].value["title"]


def test_events_cover_every_category_and_every_special_case(cinqmille):
    events = list(site_events(cinqmille).prefetch_related("categories", "occurrences"))
    used = {c.slug for e in events for c in e.categories.all()}
    assert used == {slug for slug, _ in events_demo.CATEGORIES}
    assert EventCategory.objects.filter(locale__language_code="fr").count() >= 14

    statuses = {e.status for e in events}
    assert {EventPage.Status.CANCELLED, EventPage.Status.POSTPONED} <= statuses
    assert any(e.is_free for e in events)
    assert any(e.ticket_url.startswith("https://") and e.price for e in events)
    young = [e for e in events if e.audience == EventPage.Audience.YOUNG]
    assert young and all(e.min_age for e in young)

    online = [e for e in events if e.attendance_mode == EventPage.AttendanceMode.ONLINE]
    assert online and all(e.online_url and e.venue_id is None for e in online)
    mixed = [e for e in events if e.attendance_mode == EventPage.AttendanceMode.MIXED]
    assert mixed and all(e.online_url and e.venue_id for e in mixed)
    offline = [e for e in events if e.attendance_mode == EventPage.AttendanceMode.OFFLINE]
    assert all(e.venue_id for e in offline)

    long_running = [e for e in events if any(o.long_running for o in e.occurrences.all())]
    exhibition = [
        e
        for e in long_running
        if e.occurrences.get().ends_at - e.occurrences.get().start > timedelta(days=80)
    ]
    assert exhibition, "a three-month exhibition"
    assert max(e.occurrences.count() for e in events) >= 8, "a weekly workshop"


def test_events_have_credited_images_with_alt_text(cinqmille):
    for event in site_events(cinqmille).select_related("main_image"):
        assert event.main_image.description and event.main_image.credit, event


def test_dates_are_local_times_over_the_coming_eight_weeks(cinqmille):
    today = timezone.localdate()
    starts = EventOccurrence.objects.filter(page__in=site_events(cinqmille)).values_list(
        "start", "all_day", "long_running"
    )
    for start, all_day, long_running in starts:
        local = timezone.localtime(start)
        if not long_running:
            assert today <= local.date() <= today + timedelta(weeks=8)
        if all_day:
            assert (local.hour, local.minute) == (0, 0)
        else:
            assert local.minute in (0, 30), local  # 20:00, 14:30: round local times


def test_today_and_this_weekend_are_never_empty(cinqmille):
    today = timezone.localdate()
    saturday, sunday = events_demo.coming_weekend(today)
    assert saturday.weekday() == 5 and today <= sunday <= today + timedelta(days=6)
    occurrences = EventOccurrence.objects.filter(page__in=site_events(cinqmille))
    days = {timezone.localtime(o.start).date() for o in occurrences}
    assert today in days
    assert max(saturday, today) in days and sunday in days


def test_loading_twice_creates_nothing_twice(cinqmille):
    before = counts()
    load()
    assert counts() == before


def test_coming_weekend(db):
    from datetime import date

    monday = date(2026, 10, 19)
    assert events_demo.coming_weekend(monday) == (date(2026, 10, 24), date(2026, 10, 25))
    assert events_demo.coming_weekend(date(2026, 10, 24))[0] == date(2026, 10, 24)
    assert events_demo.coming_weekend(date(2026, 10, 25)) == (
        date(2026, 10, 24),
        date(2026, 10, 25),
    )


def test_local_keeps_wall_clock_time_across_dst():
    from datetime import date

    before = events_demo.local(date(2026, 10, 21), 20)
    after = events_demo.local(date(2026, 10, 28), 20)
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(
        days=7, hours=1
    )  # the autumn change is in between
    assert timezone.localtime(after).hour == 20
