"""The map and "près de moi": distances and radius, the GeoJSON of the agenda selection (same
events as the list, RFC 7946, private events absent, constant queries), bad input, and the
missing point of a venue. "Now" is frozen on Wednesday 21 October 2026."""

import json
from unittest import mock
from urllib.parse import urlencode

from django.http import QueryDict

from wagtail.models import PageViewRestriction

import pytest

from events.agenda import AgendaFilterForm, agenda_occurrences, build_agenda
from events.geo import bounding_box, haversine_km, network_towns, parse_near
from events.models import EventPage
from tests.events.helpers import (
    CENTER,
    NOW,
    SATURDAY,
    at,
    build_geo_scene,
    count_queries,
    get,
    north_of,
)
from xmille.workflows import check_page


@pytest.fixture
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def scene(network, frozen):
    return build_geo_scene(network["quatremille"])


def cleaned(scene, **params) -> dict:
    form = AgendaFilterForm(QueryDict(urlencode(params)), root=scene.home)
    assert form.is_valid(), form.errors
    return form.cleaned_data


def near_params(point=CENTER, **params):
    return {"near": f"{point.latitude},{point.longitude}", **params}


def geojson(client, **params) -> dict:
    response = get(client, "/agenda/carte/geojson/", **params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)


def geojson_titles(collection) -> set[str]:
    return {
        event["t"]
        for feature in collection["features"]
        for event in feature["properties"]["events"]
    }


# --- distances ------------------------------------------------------------------------------


def test_haversine_and_the_bounding_box_hold_the_circle():
    assert haversine_km(CENTER, north_of(CENTER, 9.9)) == pytest.approx(9.9, abs=1e-6)
    liege, namur = network_towns()["liege"].point, network_towns()["namur"].point
    assert haversine_km(liege, namur) == pytest.approx(53.3, abs=0.5)
    min_lat, max_lat, _, max_lng = bounding_box(CENTER, 10)
    assert min_lat < north_of(CENTER, -10).latitude and max_lat > north_of(CENTER, 10).latitude
    east = haversine_km(CENTER, type(CENTER)(CENTER.latitude, max_lng))
    assert 10 <= east < 10.1


def test_a_venue_at_9_9_km_is_in_at_10_km_and_one_at_10_1_km_is_not(scene):
    scene.venue("Près", north_of(CENTER, 9.9))
    scene.venue("Loin", north_of(CENTER, 10.1))
    scene.event("Concert près", venue="Près")
    scene.event("Concert loin", venue="Loin")

    rows = list(agenda_occurrences(scene.home, cleaned(scene, **near_params(radius="10"))))

    assert [o.page.title for o in rows] == ["Concert près"]
    assert rows[0].distance == pytest.approx(9.9, abs=0.001)
    wider = agenda_occurrences(scene.home, cleaned(scene, **near_params(radius="10.2")))
    assert {o.page.title for o in wider} == {"Concert près", "Concert loin"}


def test_near_sorts_by_distance_shows_it_and_leaves_online_events_out(client, scene):
    scene.venue("Cinq", north_of(CENTER, 5))
    scene.venue("Un", north_of(CENTER, 1))
    scene.venue("Trois", north_of(CENTER, -3))
    # Dates in the opposite order: distance wins over the date.
    scene.event("A un km", venue="Un", dates=[(at(SATURDAY, 22), None)])
    scene.event("A trois km", venue="Trois", dates=[(at(SATURDAY, 21), None)])
    scene.event("A cinq km", venue="Cinq", dates=[(at(SATURDAY, 20), None)])
    scene.event(
        "Stream",
        venue=None,
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://example.be/live",
    )

    agenda = build_agenda(scene.home, cleaned(scene, **near_params()), now=NOW)
    entries = agenda.days[0].entries
    assert agenda.by_distance
    assert [e.event.title for e in entries] == ["A un km", "A trois km", "A cinq km"]
    assert [round(e.distance) for e in entries] == [1, 3, 5]

    page = get(client, "/agenda/", **near_params()).content.decode()
    assert page.index("A un km") < page.index("A trois km") < page.index("A cinq km")
    assert "à 1,0 km" in page and "à 3,0 km" in page
    assert "Stream" not in page
    assert "uniquement en ligne" in page  # the list says why online events are absent
    assert "Stream" in get(client, "/agenda/").content.decode()


def test_a_town_of_the_network_stands_for_its_point(client, scene):
    namur = network_towns()["namur"].point
    scene.venue("Centre", north_of(namur, 2))
    scene.venue("Ailleurs", north_of(namur, 40))
    scene.event("Au centre", venue="Centre")
    scene.event("Ailleurs", venue="Ailleurs")

    data = cleaned(scene, town="namur")
    assert data["near"] == namur and data["radius"] == 10

    titles = geojson_titles(geojson(client, town="namur", radius="5"))
    assert titles == {"Au centre"}
    page = get(client, "/agenda/", town="namur").content.decode()
    assert "Au centre" in page and "Ailleurs</a>" not in page


# --- the GeoJSON ----------------------------------------------------------------------------


def test_geojson_is_rfc_7946_one_feature_per_venue_longitude_first(client, scene):
    venue = scene.venue("Théâtre", north_of(CENTER, 1), wheelchair_access=True, hearing_loop=True)
    scene.event(
        "Hamlet",
        venue="Théâtre",
        dates=[(at(SATURDAY, 20), None), (at(SATURDAY.replace(day=25), 15), None)],
    )
    scene.event("Annulé", venue="Théâtre", status=EventPage.Status.CANCELLED)

    collection = geojson(client)

    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [round(venue.longitude, 6), round(venue.latitude, 6)],
    }
    properties = feature["properties"]
    assert properties["name"] == "Théâtre"
    assert properties["url"] == "/namur/theatre/"
    assert "accessible en chaise roulante" in properties["access"]
    assert "boucle à induction" in properties["access"]
    hamlet, cancelled = sorted(properties["events"], key=lambda e: e["t"])[::-1]
    assert hamlet["t"] == "Hamlet" and hamlet["n"] == 1 and "s" not in hamlet
    assert hamlet["d"] == "2026-10-24T20:00+02:00"
    assert hamlet["u"].endswith("/hamlet/")
    assert cancelled["s"] == "cancelled" and collection["labels"]["cancelled"] == "annulé"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"when": "weekend"},
        {"category": "concert"},
        {"free": "on"},
        {"accessible": "on"},
        {"q": "jazz"},
        {"near": f"{CENTER.latitude},{CENTER.longitude}", "radius": "4"},
        {"town": "namur", "when": "weekend", "category": "concert"},
    ],
)
def test_the_list_and_the_geojson_show_the_same_events(client, scene, params):
    scene.venue("Proche", north_of(CENTER, 2), wheelchair_access=True)
    scene.venue("Moyen", north_of(CENTER, 6))
    scene.venue("Sans point", None)
    scene.event("Jazz au parc", venue="Proche", categories=["concert"], is_free=True)
    scene.event("Théâtre du lundi", venue="Moyen", dates=[(at(SATURDAY.replace(day=26), 20), None)])
    scene.event("Concert de jazz", venue="Moyen", categories=["concert"])
    scene.event("Récital", venue="Sans point", categories=["concert"])
    scene.event(
        "Concert en ligne",
        venue=None,
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://example.be/live",
        categories=["concert"],
    )

    listed = {o.page for o in agenda_occurrences(scene.home, cleaned(scene, **params))}
    collection = geojson(client, **params)

    mapped = {e for e in listed if e.venue is not None and e.venue.has_point}
    assert geojson_titles(collection) == {e.title for e in mapped}
    assert collection["count"] == len(mapped)
    assert collection["unmapped"] == len(listed - mapped)
    # And the HTML list of the map page shows the whole selection.
    page = get(client, "/agenda/carte/", **params).content.decode()
    for event in listed:
        assert f">{event.title}</a>" in page


def test_private_events_are_not_in_the_geojson(client, scene):
    scene.venue("Salle", north_of(CENTER, 1))
    scene.event("Public", venue="Salle")
    private = scene.event("Réservé aux membres", venue="Salle")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    collection = geojson(client)
    assert geojson_titles(collection) == {"Public"}
    assert "Réservé" not in json.dumps(collection, ensure_ascii=False)
    assert "Réservé" not in geojson(client, **near_params()).__repr__()


def test_geojson_queries_do_not_grow_with_the_number_of_events(client, scene):
    def build(count, prefix):
        for n in range(count):
            venue = scene.venue(f"{prefix} lieu {n}", north_of(CENTER, n / 10))
            scene.event(f"{prefix} {n}", venue=venue, categories=["concert"])

    build(2, "Peu")
    get(client, "/agenda/carte/geojson/")  # warm the site and visibility caches
    few, _ = count_queries(lambda: get(client, "/agenda/carte/geojson/", q="peu"))
    build(25, "Beaucoup")
    get(client, "/agenda/carte/geojson/")  # the content changed: warm again
    many, response = count_queries(lambda: get(client, "/agenda/carte/geojson/", q="beaucoup"))
    assert len(json.loads(response.content)["features"]) == 25
    assert many == few
    assert many <= 11  # the root's site, for the events shared with it (xmille.sharing)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "abc"}, "near"),
        ({"near": "95,5"}, "near"),
        ({"near": "50.4,190"}, "near"),
        ({"near": "50.4"}, "near"),
        ({"near": "50.4,4.8", "radius": "0"}, "radius"),
        ({"near": "50.4,4.8", "radius": "500"}, "radius"),
        ({"near": "50.4,4.8", "radius": "loin"}, "radius"),
        ({"town": "atlantis"}, "town"),
    ],
)
def test_bad_coordinates_or_radius_answer_400_with_reasons(client, scene, params, field):
    response = get(client, "/agenda/carte/geojson/", **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["errors"][field]

    page = get(client, "/agenda/", **params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Certains filtres n'ont pas été compris" in html
    assert f'id="id_{field}_error"' in html  # next to its field in the form

    assert get(client, "/agenda/carte/", **params).status_code == 200
    assert get(client, "/agenda/feed.ics", **params).status_code == 400


def test_parse_near_accepts_what_phones_and_people_write():
    assert parse_near("50.4626,4.8672") == CENTER
    assert parse_near(" 50.4626 , 4.8672 ") == CENTER
    assert parse_near("-33.9,151.2") is not None
    assert parse_near("50,4626;4,8672") is None


# --- the missing point ----------------------------------------------------------------------


def test_the_editorial_check_refuses_an_event_whose_venue_has_no_point(scene):
    scene.venue("Placé", north_of(CENTER, 1))
    scene.venue("Pas placé", None)
    fine = scene.event("Bien situé", venue="Placé")
    lost = scene.event("Mal situé", venue="Pas placé")
    online = scene.event(
        "En ligne",
        venue="Pas placé",
        attendance_mode=EventPage.AttendanceMode.ONLINE,
        online_url="https://example.be/live",
    )

    assert not any("point sur la carte" in r for r in check_page(fine).reasons)
    reasons = check_page(lost).reasons
    assert any("« Pas placé » n'a pas de point sur la carte" in r for r in reasons)
    assert not any("point sur la carte" in r for r in check_page(online).reasons)
