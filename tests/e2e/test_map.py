"""The map in a real browser, with OpenStreetMap's tiles blocked (as a strict network or an
offline demo would): the agenda's map shows its markers and clusters for a filter and a popup
leads to the event; in the admin, dragging a venue's marker changes its saved point, and a
failed geocoding says so."""

import re

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from events.models import VenuePage
from tests.events.helpers import CENTER, build_geo_scene, north_of

TILES = "**/tile.openstreetmap.org/**"


@pytest.fixture
def scene(live_network):
    scene = build_geo_scene(live_network["quatremille"])
    scene.port = live_network["port"]
    scene.base = f"http://quatremille.localhost:{scene.port}"
    return scene


def test_the_agenda_map_clusters_close_venues_and_a_popup_leads_to_the_event(page, scene):
    scene.venue("Théâtre", CENTER)
    scene.venue("Théâtre, petite salle", north_of(CENTER, 0.005))  # 5 m away: one cluster
    scene.venue("Grange", north_of(CENTER, 15))
    scene.venue("Salle sud", north_of(CENTER, -15))
    scene.event("Concert au théâtre", venue="Théâtre", categories=["concert"])
    scene.event("Concert en petite salle", venue="Théâtre, petite salle", categories=["concert"])
    scene.event("Concert à la grange", venue="Grange", categories=["concert"])
    scene.event("Pièce au sud", venue="Salle sud", categories=["theatre"])
    tiles = []
    page.route(TILES, lambda route: (tiles.append(route.request.url), route.abort()))

    page.goto(f"{scene.base}/agenda/carte/?category=concert")

    expect(page.get_by_role("heading", name="La sélection sur la carte")).to_be_visible()
    the_map = page.get_by_role("region", name="Carte des événements de la sélection")
    expect(the_map).to_be_visible()
    expect(the_map.locator(".marker-cluster")).to_have_count(1)
    expect(the_map.locator(".marker-cluster")).to_have_text("2")
    markers = the_map.locator(".leaflet-marker-icon:not(.marker-cluster)")
    expect(markers).to_have_count(1)
    assert tiles, "the map asked for tiles (blocked here)"
    # The list below says the same, with the filter applied.
    results = page.locator("#resultats")
    expect(results.get_by_role("link", name="Concert à la grange")).to_be_visible()
    expect(results.get_by_role("link", name="Pièce au sud")).to_have_count(0)

    markers.first.focus()  # keyboard: a marker is a focusable button
    page.keyboard.press("Enter")
    popup = the_map.locator(".leaflet-popup")
    expect(popup.get_by_role("heading", name="Grange")).to_be_visible()
    # Still by keyboard: a mouse click may land while Leaflet pans the popup into view.
    popup.get_by_role("link", name="Concert à la grange").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concert à la grange")

    # "Près de moi": the position is asked on the click only, then the list is by distance.
    grange = north_of(CENTER, 15)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": grange.latitude, "longitude": grange.longitude})
    page.goto(f"{scene.base}/agenda/?radius=50")
    page.get_by_role("button", name="Utiliser ma position").click()
    expect(page).to_have_url(re.compile(r"near=50\.59[78]%2C4\.867"))  # about 100 m
    cards = page.locator("#resultats .event-card")
    expect(cards).to_have_count(4)
    expect(cards.first).to_contain_text("Concert à la grange")
    expect(cards.first).to_contain_text(re.compile(r"à 0,[01] km"))
    expect(cards.last).to_contain_text("Pièce au sud")
    expect(cards.last).to_contain_text(re.compile(r"à (29,9|30,0) km"))


def log_in_admin(page, base):
    get_user_model().objects.create_superuser("chef", "chef@example.be", "pw")
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill("chef")
    page.locator("#id_password").fill("pw")
    page.locator("form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def still_box(page, locator, *, settled_ms: int = 1000, timeout_ms: int = 15000) -> dict:
    """The element's bounding box once it has not moved for `settled_ms`."""
    box, still_since, waited = locator.bounding_box(), 0, 0
    while still_since < settled_ms and waited < timeout_ms:
        page.wait_for_timeout(250)
        waited += 250
        now = locator.bounding_box()
        still_since = still_since + 250 if now == box else 0
        box = now
    return box


def test_dragging_the_marker_moves_the_venue_and_a_failed_geocoding_says_so(page, scene, settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9/search"  # nothing listens there: offline
    settings.GEOCODER_TIMEOUT = 2
    venue = scene.venue("La Chapelle", CENTER)
    page.route(TILES, lambda route: route.abort())
    log_in_admin(page, scene.base)

    page.goto(f"{scene.base}/admin/pages/{venue.pk}/edit/")
    location = page.locator("#id_location")
    expect(location).to_have_value(f"SRID=4326;POINT({CENTER.longitude} {CENTER.latitude})")

    # A failed geocoding: a clear message, the point unchanged.
    page.locator("#id_find_address").fill("Rue Imaginaire 99, 5000 Namur")
    page.get_by_role("button", name="Placer cette adresse sur la carte").click()
    status = page.locator("[data-geocoder-status]")
    expect(status).to_contain_text("ne répond pas")
    expect(status).to_contain_text("Le point n'a pas changé")
    expect(location).to_have_value(f"SRID=4326;POINT({CENTER.longitude} {CENTER.latitude})")

    marker = page.locator(".leaflet-marker-draggable")
    marker.scroll_into_view_if_needed()
    # wagtailgeowidget re-centres its map once it sees it is visible (it checks every second,
    # later on a busy machine): grab the marker once it has stayed put for a second.
    box = still_box(page, marker)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 4
    # The move is a change of the form: Wagtail's autosave posts it half a second later. Publish
    # only once that answer is in, as a person would after seeing "saved"; two writes racing
    # through the live server's threads share one in-memory SQLite connection (a flaky 500).
    edit_url = f"/admin/pages/{venue.pk}/edit/"
    with page.expect_response(
        lambda response: response.request.method == "POST" and edit_url in response.url
    ) as autosave:
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 60, y - 40, steps=8)
        page.mouse.up()
    assert autosave.value.ok, f"autosave answered {autosave.value.status}"
    expect(location).not_to_have_value(f"SRID=4326;POINT({CENTER.longitude} {CENTER.latitude})")

    button = page.locator("footer button[name='action-publish']").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()
    expect(page.locator(".messages")).to_contain_text("La Chapelle")

    venue = VenuePage.objects.get(pk=venue.pk)
    assert venue.latitude > CENTER.latitude and venue.longitude > CENTER.longitude
