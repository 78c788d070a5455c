"""Shared helpers of the agenda's tests (import them from here, never from a test module)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.factories import (
    EventCategoryFactory,
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from events.geo import KM_PER_DEGREE_LATITUDE, Point
from events.models import AgendaPage

HOST = "quatremille.localhost"
# Wednesday 21 October 2026, noon in Brussels (the agenda tests' frozen "now").
NOW = timezone.make_aware(datetime(2026, 10, 21, 12, 0))
SATURDAY = date(2026, 10, 24)
# Namur's Place d'Armes: the centre of the map tests' near searches.
CENTER = Point(50.4626, 4.8672)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def north_of(center: Point, km: float) -> Point:
    """The point `km` kilometres due north of `center` (along a meridian: exact)."""
    return Point(center.latitude + km / KM_PER_DEGREE_LATITUDE, center.longitude)


def get(client, path, **params):
    return client.get(path, params, headers={"host": HOST})


def count_queries(callable_):
    with CaptureQueriesContext(connection) as queries:
        result = callable_()
    return len(queries.captured_queries), result


@dataclass
class GeoScene:
    """A site with an agenda, a region, an organizer and venues at chosen distances."""

    home: object
    agenda: AgendaPage
    region: object
    organizer: object
    venues: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)

    def venue(self, name: str, point: Point | None, **fields):
        venue = VenuePageFactory(
            parent=self.region,
            title=name,
            latitude=point.latitude if point else None,
            longitude=point.longitude if point else None,
            **fields,
        )
        self.venues[name] = venue
        return venue

    def event(self, title, *, venue=None, dates=None, categories=(), **fields):
        return EventPageFactory(
            parent=self.organizer,
            title=title,
            venue=self.venues[venue] if isinstance(venue, str) else venue,
            dates=dates,  # None: the factory's, three days from now
            category_list=[self.category(c) for c in categories],
            **fields,
        )

    def category(self, slug: str):
        if slug not in self.categories:
            self.categories[slug] = EventCategoryFactory(name=slug.capitalize(), slug=slug)
        return self.categories[slug]


def build_geo_scene(site) -> GeoScene:
    home = site.root_page.specific
    agenda = AgendaPage(title="Agenda", slug="agenda")
    home.add_child(instance=agenda)
    region = RegionPageFactory(parent=home, title="Namur", slug="namur")
    organizer = OrganizerPageFactory(parent=region, title="Collectif Meuse")
    return GeoScene(home=home, agenda=agenda, region=region, organizer=organizer)
