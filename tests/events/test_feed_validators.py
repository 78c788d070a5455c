"""Feeds' conditional GET (ETag / Last-Modified, 304 before any build) and the iCal
ORGANIZER (name, mailto only for the organizer's public e-mail)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from magazine.factories import ChroniclePageFactory, MagazineIndexPageFactory

from .factories_detail import add_date, build_scene, soon

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"


@pytest.fixture
def scene(network):
    scene = build_scene(network["quatremille"].root_page)
    add_date(scene.event, soon(5), soon(5) + timedelta(hours=2))
    return scene


def test_ical_organizer_has_name_and_public_mailto(client, scene):
    response = client.get(f"{urlsplit(scene.organizer.url).path}feed.ics", HTTP_HOST=HOST)
    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["ORGANIZER"]) == "mailto:contact@jazz.example.be"
    assert item["ORGANIZER"].params["CN"] == "ASBL Jazz à Liège"

    scene.organizer.contact_email = ""
    scene.organizer.save_revision().publish()
    response = client.get(f"{urlsplit(scene.organizer.url).path}feed.ics", HTTP_HOST=HOST)
    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert not str(item["ORGANIZER"]).startswith("mailto:")
    assert str(item["ORGANIZER"]).startswith(f"http://{HOST}/")


def test_ical_answers_304_on_a_matching_etag_or_date(client, scene):
    url = f"{urlsplit(scene.organizer.url).path}feed.ics"
    first = client.get(url, HTTP_HOST=HOST)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = first["Last-Modified"]
    assert client.get(url, HTTP_HOST=HOST, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    scene.event.save_revision().publish()
    assert client.get(url, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_rss_and_atom_answer_304(client, network):
    magazine = MagazineIndexPageFactory(parent=network["quatremille"].root_page)
    ChroniclePageFactory(parent=magazine, title="Chronique")
    for feed in ("rss/", "atom/"):
        url = f"{urlsplit(magazine.url).path}{feed}"
        first = client.get(url, HTTP_HOST=HOST)
        assert first.status_code == 200 and first["ETag"]
        again = client.get(url, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304


def test_links_to_feeds_and_calendars(client, scene):
    from .factories_detail import AgendaPageFactory

    AgendaPageFactory(parent=scene.home)
    magazine = MagazineIndexPageFactory(parent=scene.home)
    ChroniclePageFactory(parent=magazine, title="Chronique")
    home = client.get("/", HTTP_HOST=HOST).content.decode()
    assert '<link rel="alternate" type="text/calendar"' in home
    assert 'href="/agenda/feed.ics"' in home
    assert 'type="application/rss+xml"' in home and 'type="application/atom+xml"' in home

    agenda = client.get("/agenda/", {"free": "1"}, HTTP_HOST=HOST).content.decode()
    assert 'href="/agenda/feed.ics?free=on"' in agenda or 'href="/agenda/feed.ics?free=1"' in agenda
    assert f'href="webcal://{HOST}/agenda/feed.ics' in agenda

    event = client.get(urlsplit(scene.event.url).path, HTTP_HOST=HOST).content.decode()
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in event
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in event


def test_rss_items_carry_their_image(client, network):
    from .factories_detail import CreditedImageFactory

    magazine = MagazineIndexPageFactory(parent=network["quatremille"].root_page)
    ChroniclePageFactory(parent=magazine, title="Chronique", main_image=CreditedImageFactory())
    rss = client.get(f"{urlsplit(magazine.url).path}rss/", HTTP_HOST=HOST).content.decode()
    assert 'xmlns:media="http://search.yahoo.com/mrss/"' in rss
    assert "<enclosure " in rss and "<media:content " in rss
