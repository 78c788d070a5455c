"""schema.org Event JSON-LD of event pages, parsed back with json.loads: complete for
in-person, online and mixed events, every status, escaped, under the CSP nonce."""

import json
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from events.jsonld import MAX_DATES, price_amount, to_script_json
from events.models import EventPage

from .factories_detail import add_date, build_scene, local, next_autumn_dst_change, soon

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"
SCHEMA = "https://schema.org/"


def path(page) -> str:
    return urlsplit(page.url).path


def jsonld_of(client, page) -> tuple[list[dict], BeautifulSoup, object]:
    response = client.get(path(page), HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string), soup, response


@pytest.fixture
def scene(network):
    scene = build_scene(network["quatremille"].root_page)
    sunday = next_autumn_dst_change()
    add_date(
        scene.event, local(sunday - timedelta(days=1), 20), local(sunday - timedelta(days=1), 23)
    )
    add_date(scene.event, local(sunday + timedelta(days=1), 20))
    return scene


def test_in_person_event_is_complete(client, scene):
    data, _, _ = jsonld_of(client, scene.event)
    assert isinstance(data, list) and len(data) == 2
    first, second = data
    sunday = next_autumn_dst_change()
    page_url = f"http://{HOST}{path(scene.event)}"

    assert first["@context"] == "https://schema.org"
    assert first["@type"] == "Event"
    assert first["name"] == "Nuit du jazz"
    assert first["description"] == "Trois groupes, une nuit, toute la ville qui swingue."
    assert first["url"] == page_url
    assert first["startDate"] == f"{sunday - timedelta(days=1)}T20:00:00+02:00"
    assert first["endDate"] == f"{sunday - timedelta(days=1)}T23:00:00+02:00"
    assert second["startDate"] == f"{sunday + timedelta(days=1)}T20:00:00+01:00"
    assert "endDate" not in second  # none given: none invented
    assert first["eventStatus"] == f"{SCHEMA}EventScheduled"
    assert first["eventAttendanceMode"] == f"{SCHEMA}OfflineEventAttendanceMode"
    assert first["location"] == {
        "@type": "Place",
        "name": "La Cité Miroir",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Place Xavier-Neujean 22",
            "postalCode": "4000",
            "addressLocality": "Liège",
            "addressCountry": "BE",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": 50.6404, "longitude": 5.5703},
        "url": f"http://{HOST}{path(scene.venue)}",
    }
    (image,) = first["image"]
    assert image.startswith(f"http://{HOST}/") and "fill-1200x630" in image.replace(".", "-")
    assert first["offers"] == {
        "@type": "Offer",
        "url": "https://tickets.example.be/nuit-du-jazz",
        "availability": f"{SCHEMA}InStock",
        "price": "12",
        "priceCurrency": "EUR",
        "description": "12 € / 8 € réduit",
    }
    assert first["organizer"] == {
        "@type": "Organization",
        "name": "ASBL Jazz à Liège",
        "url": f"http://{HOST}{path(scene.organizer)}",
    }
    assert first["performer"] == [
        {"@type": "PerformingGroup", "name": "Trio Bleu"},
        {"@type": "PerformingGroup", "name": "Les Cuivres de Meuse"},
    ]
    assert first["inLanguage"] == ["fr", "sfb"]
    assert first["typicalAgeRange"] == "8-"
    assert first["isAccessibleForFree"] is False


def test_online_event_has_a_virtual_location(client, scene):
    scene.event.attendance_mode = EventPage.AttendanceMode.ONLINE
    scene.event.online_url = "https://live.example.be/nuit"
    scene.event.venue = None
    scene.event.save()
    data, _, _ = jsonld_of(client, scene.event)
    assert data[0]["eventAttendanceMode"] == f"{SCHEMA}OnlineEventAttendanceMode"
    assert data[0]["location"] == {
        "@type": "VirtualLocation",
        "url": "https://live.example.be/nuit",
    }


def test_mixed_event_has_both_locations(client, scene):
    scene.event.attendance_mode = EventPage.AttendanceMode.MIXED
    scene.event.online_url = "https://live.example.be/nuit"
    scene.event.save()
    data, _, _ = jsonld_of(client, scene.event)
    assert data[0]["eventAttendanceMode"] == f"{SCHEMA}MixedEventAttendanceMode"
    place, virtual = data[0]["location"]
    assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
    assert place["geo"]["@type"] == "GeoCoordinates"
    assert virtual == {"@type": "VirtualLocation", "url": "https://live.example.be/nuit"}


@pytest.mark.parametrize(
    ("status", "schema_status", "availability"),
    [
        (EventPage.Status.CANCELLED, "EventCancelled", "InStock"),
        (EventPage.Status.POSTPONED, "EventPostponed", "InStock"),
        (EventPage.Status.RESCHEDULED, "EventRescheduled", "InStock"),
        (EventPage.Status.SOLD_OUT, "EventScheduled", "SoldOut"),
    ],
)
def test_statuses(client, scene, status, schema_status, availability):
    scene.event.status = status
    scene.event.save()
    data, _, _ = jsonld_of(client, scene.event)
    assert {item["eventStatus"] for item in data} == {f"{SCHEMA}{schema_status}"}
    assert data[0]["offers"]["availability"] == f"{SCHEMA}{availability}"


def test_a_cancelled_date_is_cancelled_alone(client, scene):
    add_date(scene.event, soon(3), cancelled=True)
    data, _, _ = jsonld_of(client, scene.event)
    assert [item["eventStatus"].rsplit("/", 1)[-1] for item in data] == [
        "EventCancelled",
        "EventScheduled",
        "EventScheduled",
    ]


def test_free_event_and_all_day_dates(client, scene):
    scene.event.is_free = True
    scene.event.price = ""
    scene.event.ticket_url = ""
    scene.event.performers = ""
    scene.event.save()
    scene.event.occurrences.all().delete()
    first = timezone.localdate() + timedelta(days=3)
    add_date(scene.event, local(first, 0), local(first + timedelta(days=40), 0), all_day=True)
    data, _, _ = jsonld_of(client, scene.event)
    (item,) = data
    assert item["startDate"] == first.isoformat()
    assert item["endDate"] == (first + timedelta(days=40)).isoformat()
    assert item["offers"]["price"] == "0"
    assert item["offers"]["url"] == f"http://{HOST}{path(scene.event)}"
    assert item["isAccessibleForFree"] is True
    assert "performer" not in item


def test_script_is_escaped_and_carries_the_csp_nonce(client, scene):
    scene.event.title = "Rock </script><script>alert(1)</script> & co"
    scene.event.save()
    data, soup, response = jsonld_of(client, scene.event)
    assert data[0]["name"] == "Rock </script><script>alert(1)</script> & co"
    raw = response.content.decode()
    assert (
        "alert(1)</script>"
        not in raw.split('type="application/ld+json"', 1)[1].split("</script>", 1)[0]
    )
    assert "\\u003C/script\\u003E" in raw
    script = soup.find("script", type="application/ld+json")
    nonce = script["nonce"]
    assert nonce and f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    executable = [
        script
        for script in soup.find_all("script")
        if "alert" in (script.string or "") and script.get("type") != "application/ld+json"
    ]
    assert executable == []


def test_no_jsonld_dates_beyond_the_cap(client, scene):
    for day in range(MAX_DATES + 5):
        add_date(scene.event, soon(2 + day))
    data, _, _ = jsonld_of(client, scene.event)
    assert len(data) == MAX_DATES


def test_past_event_has_no_event_jsonld(client, scene):
    scene.event.occurrences.all().delete()
    add_date(scene.event, soon(-4))
    response = client.get(path(scene.event), HTTP_HOST=HOST)
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.find("script", type="application/ld+json")


def test_venue_and_organizer_pages_describe_themselves(client, scene):
    data, _, _ = jsonld_of(client, scene.venue)
    assert data["@type"] == "Place"
    assert data["address"]["postalCode"] == "4000"
    data, _, _ = jsonld_of(client, scene.organizer)
    assert data["@type"] == "Organization"
    assert data["url"] == "https://jazz.example.be"
    assert data["email"] == "contact@jazz.example.be"


@pytest.mark.parametrize(
    ("text", "amount"),
    [("12 € / 8 € réduit", "12"), ("7,50 €", "7.50"), ("Prix libre", None), ("", None)],
)
def test_price_amount(text, amount):
    assert price_amount(text) == amount


def test_to_script_json_escapes_markup():
    out = to_script_json({"a": "<b>&</b>"})
    assert out == '{"a": "\\u003Cb\\u003E\\u0026\\u003C/b\\u003E"}'
    assert json.loads(out) == {"a": "<b>&</b>"}
