"""Shared helpers of the search tests (import them from here, never from a test module)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from bs4 import BeautifulSoup

from events.factories import (
    EventCategoryFactory,
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from events.models import EventPage
from magazine.factories import AuthorFactory, InterviewPageFactory, MagazineIndexPageFactory

HOST = "quatremille.localhost"
OTHER_HOST = "cinqmille.localhost"


def get(client, path="/search/", host=HOST, **params):
    return client.get(path, params, headers={"host": host})


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def titles(response, kind: str | None = None) -> list[str]:
    """The result titles shown, in order (of one group: `kind`, e.g. "events")."""
    soup = soup_of(response)
    scope = soup.select_one(f".search-group--{kind}") if kind else soup
    if scope is None:
        return []
    return [a.get_text(strip=True) for a in scope.select(".search-result__title a")]


def count_queries(callable_):
    with CaptureQueriesContext(connection) as queries:
        result = callable_()
    return len(queries.captured_queries), result


def in_days(days: float, hours: int = 2):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)
    return [(start, start + timedelta(hours=hours))]


@dataclass
class Scene:
    """Quatremille with a region, a venue, an organizer, events past and to come, a magazine;
    Cinqmille with its own concert."""

    home: object
    region: object
    venue: object
    organizer: object
    magazine: object
    pages: dict = field(default_factory=dict)

    def event(self, title, *, days=3, hours=2, **fields):
        fields.setdefault("venue", self.venue)
        event = EventPageFactory(
            parent=self.organizer, title=title, dates=in_days(days, hours), **fields
        )
        self.pages[title] = event
        return event


def build_scene(network) -> Scene:
    home = network["quatremille"].root_page
    region = RegionPageFactory(parent=home, title="Liège", slug="liege")
    venue = VenuePageFactory(
        parent=region, title="Théâtre de la Place", slug="theatre-de-la-place", city="Liège"
    )
    organizer = OrganizerPageFactory(parent=region, title="ASBL Les Voix du Quartier")
    magazine = MagazineIndexPageFactory(parent=home)
    scene = Scene(home, region, venue, organizer, magazine)
    scene.pages["venue"] = venue
    scene.pages["organizer"] = organizer
    concerts = EventCategoryFactory(name="Concert", slug="concert")
    scene.event("Concert de jazz au parc", days=5, category_list=[concerts])
    scene.event("Concerts d'automne", days=-40)
    scene.event("Grand concert du Nouvel An", days=2, status=EventPage.Status.CANCELLED)
    scene.event("Exposition Magritte", days=1, hours=24 * 30)
    scene.event("Brouillon de concert", days=4, live=False)
    secret = scene.event("Concert secret des membres", days=4)
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    locked = scene.event("Concert sous mot de passe", days=4)
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="chut"
    )
    scene.pages["interview"] = InterviewPageFactory(
        parent=magazine,
        title="Rencontre avec une troupe de théâtre",
        authors=[AuthorFactory(name="Léa Martin")],
    )
    other_home = network["cinqmille"].root_page
    other_region = RegionPageFactory(parent=other_home, title="Namur", slug="namur")
    other_organizer = OrganizerPageFactory(parent=other_region, title="ASBL Namuroise")
    scene.pages["Concert à la citadelle"] = EventPageFactory(
        parent=other_organizer,
        title="Concert à la citadelle",
        venue=VenuePageFactory(parent=other_region, title="Citadelle", city="Namur"),
        dates=in_days(6),
    )
    return scene


def module_scene(django_db_blocker):
    """`build_scene` once for a module, inside a transaction rolled back at the end (a
    generator for a module-scoped fixture; the tests then also ask for `db`)."""
    from tests.conftest import build_network

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_scene(build_network())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
