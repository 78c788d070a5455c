"""The venue editor's map, through the real Wagtail admin views: the widget's point is written
to the venue's latitude/longitude, a venue without a point is saved with a warning, Leaflet
comes from our static files, and the geocoding proxy keeps Nominatim's policy and says
clearly when it fails."""

import io
import json
import urllib.error
from unittest import mock

from django.core.cache import cache
from django.urls import reverse

from wagtail.test.utils.form_data import querydict_from_html

import pytest

from events import geocoding
from events.factories import RegionPageFactory, VenuePageFactory
from events.models import VenuePage


@pytest.fixture
def region(network):
    return RegionPageFactory(parent=network["quatremille"].root_page, title="Namur")


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chef", "chef@example.be", "x")
    client.force_login(user)
    return client


def edit_data(client, venue) -> dict:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[venue.pk]))
    assert response.status_code == 200
    return response, querydict_from_html(response.content.decode(), form_id="page-edit-form")


def test_the_map_widget_writes_the_venue_latitude_and_longitude(admin_client, region):
    venue = VenuePageFactory(parent=region, title="La Chapelle", latitude=50.46, longitude=4.86)
    response, data = edit_data(admin_client, venue)
    html = response.content.decode()
    assert data["location"] == "SRID=4326;POINT(4.86 50.46)"
    assert "unpkg.com" not in html and "events/vendor/leaflet/leaflet.js" in html
    assert "strict-origin-when-cross-origin" in html  # the tiles' referrer policy

    data["location"] = "SRID=4326;POINT(4.8721 50.4673)"  # the marker dragged
    data["action-publish"] = "1"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[venue.pk]), data)
    assert response.status_code == 302

    venue = VenuePage.objects.get(pk=venue.pk)
    assert (venue.latitude, venue.longitude) == (50.4673, 4.8721)


def test_a_venue_saved_without_a_point_warns_the_editor(admin_client, region):
    venue = VenuePageFactory(parent=region, title="Salle sans point", latitude=None, longitude=None)
    _, data = edit_data(admin_client, venue)
    assert data["location"] == ""

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[venue.pk]), data, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("« Salle sans point » n'a pas de point sur la carte" in m for m in messages)
    assert VenuePage.objects.get(pk=venue.pk).latitude is None  # the draft is saved all the same


def test_an_unreadable_point_is_refused_on_its_field(admin_client, region):
    venue = VenuePageFactory(parent=region, title="Salle", latitude=50.46, longitude=4.86)
    _, data = edit_data(admin_client, venue)
    data["location"] = "quelque part"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[venue.pk]), data)
    assert response.status_code == 200
    assert "Le point « quelque part » n&#x27;est pas lisible" in response.content.decode()
    assert VenuePage.objects.get(pk=venue.pk).latitude == 50.46


# --- the geocoding proxy --------------------------------------------------------------------


def nominatim_answer(payload):
    """What urllib.request.urlopen returns: a context manager around the body."""
    return io.BytesIO(json.dumps(payload).encode())


def geocode(client, q):
    return client.get(reverse("xmille_geocode"), {"q": q})


def test_the_geocoder_asks_nominatim_once_identified_and_caches(admin_client, network, settings):
    settings.GEOCODER_USER_AGENT = "Xmille-test/1 (contact@example.be)"
    answer = [{"lat": "50.4673", "lon": "4.8721", "display_name": "Place d'Armes, Namur"}]
    with mock.patch("urllib.request.urlopen", return_value=nominatim_answer(answer)) as urlopen:
        first = geocode(admin_client, "Place d'Armes 1, 5000 Namur")
        cache.delete(geocoding.LOCK_KEY)
        second = geocode(admin_client, "place d'armes 1,   5000 namur")

    assert first.status_code == 200
    assert first.json()["lat"] == 50.4673 and first.json()["lng"] == 4.8721
    assert "OpenStreetMap" in first.json()["attribution"]
    assert second.json() == first.json()
    assert urlopen.call_count == 1  # the second answer came from the cache
    request = urlopen.call_args.args[0]
    assert request.get_header("User-agent") == "Xmille-test/1 (contact@example.be)"
    assert "countrycodes=be" in request.full_url and "limit=1" in request.full_url


def test_the_geocoder_keeps_one_request_per_second(admin_client, network, monkeypatch):
    monkeypatch.setattr(geocoding, "GEOCODER_WAIT_SECONDS", 0)
    cache.add(geocoding.LOCK_KEY, 1, 1)  # another request just went out
    with mock.patch("urllib.request.urlopen") as urlopen:
        response = geocode(admin_client, "Rue de Fer 1, Namur")
    assert response.status_code == 429
    assert "réessayez" in response.json()["error"]
    urlopen.assert_not_called()


@pytest.mark.parametrize(
    ("failure", "status", "words"),
    [
        (urllib.error.URLError("offline"), 502, "ne répond pas"),
        (
            urllib.error.HTTPError("https://x", 429, "Too Many Requests", {}, None),
            502,
            "quota",
        ),
        (None, 404, "introuvable"),
    ],
)
def test_a_failed_geocoding_says_why_in_french_and_the_point_stays(
    admin_client, network, failure, status, words
):
    patch = (
        mock.patch("urllib.request.urlopen", side_effect=failure)
        if failure
        else mock.patch("urllib.request.urlopen", return_value=nominatim_answer([]))
    )
    with patch:
        response = geocode(admin_client, "Rue Imaginaire 99, Nullepart")
    assert response.status_code == status
    message = response.json()["error"]
    assert words in message and "Le point n'a pas changé" in message


def test_only_the_admin_reaches_the_geocoder(client, network):
    response = client.get(reverse("xmille_geocode"), {"q": "Namur"})
    assert response.status_code == 302  # to the login page
