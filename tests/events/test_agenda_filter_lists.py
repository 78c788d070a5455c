"""The agenda's venue and organizer filters with many places: lists scoped to the region
chosen, a text search where a list would be too long, the same selection in the list, the
map's GeoJSON and the iCal feed, and the page's weight bounded whatever the number of places.
"Now" is frozen on Wednesday 21 October 2026."""

import json
import re
from unittest import mock

import pytest
from icalendar import Calendar

from events.agenda import filters
from events.factories import (
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from events.models import OrganizerPage, VenuePage

from .helpers import CENTER, NOW, SATURDAY, at, build_geo_scene, get, north_of

pytestmark = pytest.mark.django_db

MAX_AGENDA_BYTES = 80_000


@pytest.fixture
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def scene(network, frozen, monkeypatch):
    monkeypatch.setattr(filters, "PLACE_LIST_MAX", 2)
    scene = build_geo_scene(network["quatremille"])
    scene.venue("Opéra royal", CENTER, city="Namur")
    scene.venue("La Grange", north_of(CENTER, 2), city="Bouge")
    scene.venue("Le Delta", north_of(CENTER, 3), city="Namur")
    scene.event("Tosca", venue="Opéra royal", dates=[(at(SATURDAY, 20), None)])
    scene.event("Bal folk", venue="La Grange", dates=[(at(SATURDAY, 21), None)])
    # Another region, with one venue and one organizer of its own: a short list.
    scene.dinant = RegionPageFactory(parent=scene.home, title="Dinant", slug="dinant")
    point = north_of(CENTER, 30)
    scene.venues["Citadelle"] = VenuePageFactory(
        parent=scene.dinant,
        title="Citadelle",
        city="Dinant",
        latitude=point.latitude,
        longitude=point.longitude,
    )
    scene.meuse = OrganizerPageFactory(parent=scene.dinant, title="Théâtre de la Meuse")
    scene.event("Saxophones", venue="Citadelle", dates=[(at(SATURDAY, 19), None)])
    EventPageFactory(
        parent=scene.meuse,
        title="Nuit blanche",
        venue=scene.venues["Citadelle"],
        dates=[(at(SATURDAY, 22), None)],
    )
    return scene


def select_options(html: str, name: str) -> list[str] | None:
    found = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if found is None:
        return None
    return re.findall(r"<option[^>]*>([^<]*)</option>", found.group(1))


def titles(html: str) -> set[str]:
    return set(re.findall(r'<h3 class="event-card__title"><a [^>]*>([^<]+)</a>', html))


def geojson_titles(client, **params) -> set[str]:
    response = get(client, "/agenda/carte/geojson/", **params)
    assert response.status_code == 200
    return {
        event["t"]
        for feature in json.loads(response.content)["features"]
        for event in feature["properties"]["events"]
    }


def feed_titles(client, **params) -> set[str]:
    response = get(client, "/agenda/feed.ics", **params)
    assert response.status_code == 200
    return {str(item["SUMMARY"]) for item in Calendar.from_ical(response.content).walk("VEVENT")}


def test_a_long_list_is_a_text_search_and_a_region_lists_its_own(client, scene):
    html = get(client, "/agenda/").content.decode()
    assert select_options(html, "venue") is None  # four venues on the site: too many
    assert 'name="venue_q"' in html and 'name="organizer_q"' not in html
    assert select_options(html, "organizer") == [
        "tous les organisateurs",
        "Collectif Meuse",
        "Théâtre de la Meuse",
    ]
    assert "abord une région pour les voir en liste" in html

    html = get(client, "/agenda/", region=scene.dinant.pk).content.decode()
    assert select_options(html, "venue") == ["tous les lieux", "Citadelle"]
    assert select_options(html, "organizer") == ["tous les organisateurs", "Théâtre de la Meuse"]
    assert 'name="venue_q"' not in html

    # A venue chosen elsewhere (a link from its page) stays shown, as the list's one option.
    opera = VenuePage.objects.get(title="Opéra royal")
    html = get(client, "/agenda/", venue=opera.pk).content.decode()
    assert select_options(html, "venue") == ["tous les lieux", "Opéra royal"]
    assert titles(html) == {"Tosca"}


def test_text_searches_select_the_same_events_in_the_list_the_map_and_the_feed(client, scene):
    for params, expected in (
        ({"venue_q": "opera"}, {"Tosca"}),  # accents and case aside
        ({"venue_q": "namur"}, {"Tosca"}),  # the town
        ({"venue_q": "citadelle dinant"}, {"Saxophones", "Nuit blanche"}),
        ({"organizer_q": "theatre meuse"}, {"Nuit blanche"}),
        ({"organizer_q": "collectif", "venue_q": "grange"}, {"Bal folk"}),
        ({"organizer_q": "personne"}, set()),
    ):
        html = get(client, "/agenda/", **params).content.decode()
        assert titles(html) == expected, params
        assert geojson_titles(client, **params) == expected, params
        assert feed_titles(client, **params) == expected, params
    html = get(client, "/agenda/", organizer_q="meuse").content.decode()
    assert 'name="organizer_q" value="meuse"' in html  # what was typed stays in its field


def test_the_agenda_stays_light_whatever_the_number_of_places(client, network, frozen):
    """2,000 venues and 1,000 organizers on the site (as `make bench` seeds): the page lists
    none of them inline and stays under MAX_AGENDA_BYTES; a region lists at most
    PLACE_LIST_MAX of each."""
    scene = build_geo_scene(network["quatremille"])
    scene.venue("Opéra royal", CENTER, city="Namur")
    for i in range(12):
        scene.event(f"Concert {i}", venue="Opéra royal", dates=[(at(SATURDAY, 10 + i), None)])
    many = {
        VenuePage: [
            (10_000 + i, f"Salle polyvalente numéro {i} de la commune") for i in range(2000)
        ],
        OrganizerPage: [
            (20_000 + i, f"ASBL culturelle et sportive numéro {i}") for i in range(1000)
        ],
    }
    real = filters.place_choices

    def place_choices(model, root, limit=None):
        if model not in many:
            return real(model, root, limit)
        return many[model][: limit + 1] if limit is not None else many[model]

    with mock.patch.object(filters, "place_choices", place_choices):
        response = get(client, "/agenda/")
        region = get(client, "/agenda/", region=scene.region.pk)
    html = response.content.decode()
    assert len(titles(html)) == 12
    assert "Salle polyvalente" not in html and "ASBL culturelle" not in html
    assert len(response.content) < MAX_AGENDA_BYTES
    assert select_options(region.content.decode(), "venue") is None  # still too many
    assert len(region.content) < MAX_AGENDA_BYTES
