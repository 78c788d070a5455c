"""A site with a magazine, an agenda corner (region, venue, organizer, events) and authors."""

from datetime import timedelta

from django.utils import timezone

import pytest

from events.factories import (
    EventCategoryFactory,
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from magazine.factories import AuthorFactory, MagazineIndexPageFactory


class World:
    """What the magazine tests build on, for one site (quatremille)."""

    def __init__(self, network):
        self.network = network
        self.site = network["quatremille"]
        self.home = self.site.root_page
        self.magazine = MagazineIndexPageFactory(parent=self.home)
        self.region = RegionPageFactory(parent=self.home, title="Liège", slug="liege")
        self.other_region = RegionPageFactory(parent=self.home, title="Verviers", slug="verviers")
        self.venue = VenuePageFactory(parent=self.region, title="La Zone", slug="la-zone")
        self.organizer = OrganizerPageFactory(
            parent=self.region, title="ASBL Les Ondes", slug="les-ondes"
        )
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        self.event = EventPageFactory(
            parent=self.organizer,
            title="Concert des Hirondelles",
            slug="concert-hirondelles",
            venue=self.venue,
            dates=[(start, start + timedelta(hours=2))],
        )
        self.concert = EventCategoryFactory(name="Concert", slug="concert")
        self.theatre = EventCategoryFactory(name="Théâtre", slug="theatre")
        self.lea = AuthorFactory(name="Léa Martin", slug="lea-martin")
        self.tom = AuthorFactory(name="Tom Lambert", slug="tom-lambert")


@pytest.fixture
def world(network):
    return World(network)
