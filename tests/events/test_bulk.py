"""The benchmark's bulk seeding writes a tree Wagtail itself would have written."""

from datetime import timedelta

from django.utils import timezone

from wagtail.models import Page

import pytest

from events.agenda import agenda_occurrences
from events.bulk import seed_agenda
from events.factories import EventCategoryFactory, RegionPageFactory
from events.models import EventOccurrence, EventPage, OrganizerPage, VenuePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(network):
    home = network["quatremille"].root_page
    regions = [RegionPageFactory(parent=home, title=t) for t in ("Liège", "Verviers")]
    EventCategoryFactory(slug="concert", name="Concert")
    EventCategoryFactory(slug="theatre", name="Théâtre")
    created = seed_agenda(regions, venues=6, organizers=4, events=40)
    return home, regions, created


def test_seeds_the_requested_sizes(seeded):
    _, _, created = seeded
    assert created["venues"] == VenuePage.objects.count() == 6
    assert created["organizers"] == OrganizerPage.objects.count() == 4
    assert created["events"] == EventPage.objects.count() == 40
    assert created["occurrences"] == EventOccurrence.objects.count() >= 40


def test_tree_is_consistent(seeded):
    problems = Page.find_problems()
    assert all(not group for group in problems), problems
    for page in EventPage.objects.all():
        assert page.get_parent().specific_class is OrganizerPage
        assert page.url_path == page.get_parent().url_path + page.slug + "/"


def test_seeded_events_are_found_by_the_agenda_and_by_url(seeded, client):
    home, _, _ = seeded
    assert agenda_occurrences(home, now=timezone.now() - timedelta(days=1)).exists()
    event = EventPage.objects.first()
    assert Page.objects.get(url_path=event.url_path).specific == event
    long_ones = EventOccurrence.objects.filter(long_running=True)
    assert all(o.ends_at - o.start > timedelta(days=6) for o in long_ones)


def test_seeding_again_adds_alongside(seeded):
    _, regions, _ = seeded
    seed_agenda(regions, venues=2, organizers=2, events=4, seed=5)
    assert all(not group for group in Page.find_problems())
    assert len(set(Page.objects.values_list("path", flat=True))) == Page.objects.count()
    siblings = Page.objects.values_list("url_path", flat=True)
    assert len(set(siblings)) == len(siblings)
