"""The public JSON API (/api/v1/): filters through the agenda's form, paging, 400s, 429,
CORS, 304, no private fields or pages, tombstones for `updated_since`, OpenAPI validity,
constant queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest
from openapi_spec_validator import validate

from events.factories import EventCategoryFactory, EventPageFactory
from tests.events.factories_detail import add_date, build_scene, soon

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"


def get(client, url, **params):
    return client.get(url, params, HTTP_HOST=HOST)


@pytest.fixture
def scene(network):
    scene = build_scene(network["quatremille"].root_page)
    add_date(scene.event, soon(5), soon(5) + timedelta(hours=3))
    return scene


def test_events_are_the_pages_jsonld_with_stable_ids_and_absolute_urls(client, scene):
    response = get(client, "/api/v1/events/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["count"] == 1 and body["next"] is None
    (item,) = body["results"]
    assert item["@type"] == "Event" and item["name"] == "Nuit du jazz"
    assert item["url"].startswith(f"http://{HOST}/")
    assert item["identifier"].startswith(f"{scene.event.translation_key}-")
    assert item["identifier"].endswith(f"@{HOST}")
    assert item["location"]["name"] == "La Cité Miroir"
    assert item["organizer"]["name"] == "ASBL Jazz à Liège"
    assert item["xmille"]["categories"] == ["concert"]
    assert "email" not in item["organizer"]


def test_event_filters_are_the_agendas(client, scene):
    other = EventPageFactory(parent=scene.organizer, title="Atelier", dates=[], is_free=True)
    add_date(other, soon(3))
    assert get(client, "/api/v1/events/", free="1").json()["count"] == 1
    assert get(client, "/api/v1/events/", category="concert").json()["results"][0]["name"] == (
        "Nuit du jazz"
    )
    assert get(client, "/api/v1/events/", venue=scene.venue.pk).json()["count"] == 1
    assert get(client, "/api/v1/events/", organizer=scene.organizer.pk).json()["count"] == 2


def test_bad_parameters_answer_400_with_reasons_as_json(client, scene):
    response = get(client, "/api/v1/events/", date_from="2026-05-01", date_to="2026-04-01")
    assert response.status_code == 400
    assert "date_to" in response.json()
    response = get(client, "/api/v1/venues/", page_size="100000", updated_since="hier")
    assert response.status_code == 400
    assert set(response.json()) == {"page_size", "updated_since"}
    assert get(client, "/api/v1/events/", venue="999999").status_code == 400


def test_pagination_with_absolute_links(client, scene):
    for day in range(6, 11):
        add_date(scene.event, soon(day))
    first = get(client, "/api/v1/events/", page_size=4).json()
    assert first["count"] == 6 and len(first["results"]) == 4
    assert first["next"].startswith(f"http://{HOST}/api/v1/events/?")
    second = client.get(first["next"], HTTP_HOST=HOST).json()
    assert len(second["results"]) == 2 and second["next"] is None
    ids = [i["identifier"] for i in first["results"] + second["results"]]
    assert len(set(ids)) == 6


def test_private_and_draft_pages_never_appear(client, scene):
    draft = EventPageFactory(parent=scene.organizer, title="Brouillon", dates=[], live=False)
    add_date(draft, soon(2))
    secret = EventPageFactory(parent=scene.organizer, title="Privé", dates=[])
    add_date(secret, soon(2))
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    names = [i["name"] for i in get(client, "/api/v1/events/").json()["results"]]
    assert names == ["Nuit du jazz"]


def test_venues_and_organizers_show_public_fields_only(client, scene):
    venue = get(client, "/api/v1/venues/").json()["results"][0]
    assert venue["name"] == "La Cité Miroir" and venue["email"] == "info@citemiroir.be"
    assert venue["address"]["postalCode"] == "4000"
    organizer = get(client, "/api/v1/organizers/").json()["results"][0]
    assert organizer["email"] == "contact@jazz.example.be"  # the editor's "e-mail public"
    text = str(organizer) + str(venue)
    for private in ("trusted", "owner", "latest_revision", "locked", "draft"):
        assert private not in text


def test_updated_since_reports_removals(client, scene):
    since = timezone.now() - timedelta(minutes=1)
    gone = EventPageFactory(parent=scene.organizer, title="Retiré", dates=[])
    add_date(gone, soon(4))
    gone.unpublish()
    deleted = EventPageFactory(parent=scene.organizer, title="Supprimé", dates=[])
    deleted_pk = deleted.pk
    deleted.delete()
    answer = get(client, "/api/v1/events/", updated_since=since.isoformat()).json()
    removed = {row["id"]: row["reason"] for row in answer["removed"]}
    assert removed == {gone.pk: "unpublished", deleted_pk: "deleted"}
    # A restriction withdraws a whole subtree: the venue list reports nothing of it, the
    # organizer list its organizer.
    PageViewRestriction.objects.create(page=scene.organizer, restriction_type="login")
    answer = get(client, "/api/v1/organizers/", updated_since=since.isoformat()).json()
    assert [(r["id"], r["reason"]) for r in answer["removed"]] == [
        (scene.organizer.pk, "restricted")
    ]
    # Without updated_since, no removed list; a republished page is no longer a tombstone.
    assert "removed" not in get(client, "/api/v1/events/").json()
    gone.save_revision().publish()
    answer = get(client, "/api/v1/events/", updated_since=since.isoformat()).json()
    assert gone.pk not in {row["id"] for row in answer["removed"]}


def test_conditional_get_answers_304(client, scene):
    first = get(client, "/api/v1/events/")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/v1/events/", HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    by_date = client.get("/api/v1/events/", HTTP_HOST=HOST, HTTP_IF_MODIFIED_SINCE=modified)
    assert by_date.status_code == 304
    other_filters = client.get("/api/v1/events/?free=1", HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=etag)
    assert other_filters.status_code == 200
    scene.event.save_revision().publish()
    assert client.get("/api/v1/events/", HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_rate_limit_answers_429_with_retry_after(client, scene, settings, monkeypatch):
    import time
    from types import SimpleNamespace

    from xmille import api

    # The limit counts per calendar minute: the clock stands 15 s into one, so that the run
    # (slower on some databases and machines) does not cross into the next minute.
    now = (time.time() // 60) * 60 + 15
    monkeypatch.setattr(api, "time", SimpleNamespace(time=lambda: now))
    limit = api.per_minute.limit
    for _ in range(limit):
        assert get(client, "/api/v1/venues/").status_code == 200
    refused = get(client, "/api/v1/venues/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    # Another address is counted on its own.
    other = client.get("/api/v1/venues/", HTTP_HOST=HOST, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_cors_only_on_the_api(client, scene):
    assert "Access-Control-Allow-Origin" not in get(client, "/")


def test_openapi_description_is_valid_and_covers_every_route(client, network):
    response = get(client, "/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert set(spec["paths"]) == {"/events/", "/venues/", "/organizers/", "/pieces/"}
    assert spec["servers"][0]["url"] == f"http://{HOST}/api/v1"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url).status_code == 200
    return len(queries)


def test_constant_queries_with_few_or_many_events(client, scene):
    from django.core.cache import cache

    url = "/api/v1/events/?page_size=200"
    get(client, url)  # renditions are made on first use
    cache.clear()
    few = _count(client, url)
    category = EventCategoryFactory(name="Théâtre", slug="theatre")
    for n in range(30):
        event = EventPageFactory(
            parent=scene.organizer,
            title=f"Pièce {n}",
            dates=[],
            venue=scene.venue,
            main_image=scene.image,
            category_list=[category],
        )
        add_date(event, soon(2 + n % 7))
    get(client, url)
    cache.clear()
    many = _count(client, url)
    assert many <= few + 2, (few, many)


def test_magazine_pieces_are_articles_without_drafts(client, network):
    from magazine.factories import ChroniclePageFactory, MagazineIndexPageFactory

    magazine = MagazineIndexPageFactory(parent=network["quatremille"].root_page)
    ChroniclePageFactory(parent=magazine, title="Chronique publique")
    ChroniclePageFactory(parent=magazine, title="Chronique en brouillon", live=False)
    body = get(client, "/api/v1/pieces/").json()
    assert [p["headline"] for p in body["results"]] == ["Chronique publique"]
    item = body["results"][0]
    assert item["@type"] == "Article" and item["url"].startswith(f"http://{HOST}/")
    assert all("user" not in author and "email" not in author for author in item["author"])
    assert get(client, "/api/v1/pieces/", type="nope").status_code == 400
