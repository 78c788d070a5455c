"""The embeddable agenda (events.widget): the agenda's selection, the site's branding, no
third-party request, the only route other sites may frame; the partners' page with its
snippet."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from events.factories import EventPageFactory
from tests.events.factories_detail import AgendaPageFactory, add_date, build_scene, soon

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"
URL = "/agenda/widget/"


def get(client, url, **params):
    return client.get(url, params, HTTP_HOST=HOST)


@pytest.fixture
def scene(network):
    home = network["quatremille"].root_page
    AgendaPageFactory(parent=home)
    scene = build_scene(home)
    add_date(scene.event, soon(5), soon(5) + timedelta(hours=3))
    branding = network["quatremille"].sitebranding
    branding.primary_colour = "#123456"
    branding.save()
    return scene


def test_the_widget_lists_the_selection_in_the_sites_colours(client, scene):
    other = EventPageFactory(parent=scene.organizer, title="Atelier", dates=[], is_free=True)
    add_date(other, soon(3))
    response = get(client, URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    titles = [h.get_text(" ", strip=True) for h in soup.select(".xw__event")]
    assert titles == ["Atelier (nouvel onglet)", "Nuit du jazz (nouvel onglet)"]
    link = soup.select_one(".xw__event a")
    assert link["href"].startswith(f"http://{HOST}/") and link["target"] == "_blank"
    assert "noopener" in link["rel"]
    assert "#123456" in soup.style.string
    assert soup.select_one(".xw__site").get_text(strip=True).startswith("Quatremille")
    # Filters are the agenda's.
    soup = BeautifulSoup(get(client, URL, free="1").content, "html.parser")
    assert [h.a.contents[0] for h in soup.select(".xw__event")] == ["Atelier"]
    soup = BeautifulSoup(get(client, URL, limit="1").content, "html.parser")
    assert len(soup.select(".xw__event")) == 1


def test_no_third_party_request_and_no_script(client, scene):
    html = get(client, URL).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("script")
    assert not soup.find("form")
    for tag in soup.find_all(["link", "img", "iframe", "source"]):
        address = tag.get("href") or tag.get("src") or ""
        assert not re.match(r"(https?:)?//", address) or HOST in address, address


def test_only_the_widget_may_be_framed_by_other_sites(client, scene):
    widget = get(client, URL)
    assert "X-Frame-Options" not in widget
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    for path in ("/agenda/", "/agenda/partenaires/", "/", "/agenda/csv/"):
        response = get(client, path)
        assert response["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors *" not in response.get("Content-Security-Policy", ""), path


def test_bad_filters_show_the_reasons_with_400(client, scene):
    response = get(client, URL, limit="500", date_from="demain")
    assert response.status_code == 400
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "limit" in text and "date_from" in text
    assert "X-Frame-Options" not in response  # the partner sees why, in the frame


def test_drafts_and_private_events_never_appear(client, scene):
    draft = EventPageFactory(parent=scene.organizer, title="Brouillon", dates=[], live=False)
    add_date(draft, soon(2))
    secret = EventPageFactory(parent=scene.organizer, title="Privé", dates=[])
    add_date(secret, soon(2))
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    soup = BeautifulSoup(get(client, URL).content, "html.parser")
    assert [h.a.contents[0] for h in soup.select(".xw__event")] == ["Nuit du jazz"]


def test_constant_queries(client, scene):
    get(client, URL)
    with CaptureQueriesContext(connection) as few:
        get(client, URL, limit=50)
    for n in range(20):
        event = EventPageFactory(parent=scene.organizer, title=f"Pièce {n}", dates=[])
        add_date(event, soon(2 + n % 5))
    get(client, URL)
    with CaptureQueriesContext(connection) as many:
        get(client, URL, limit=50)
    assert len(many) <= len(few) + 1, (len(few), len(many))


def test_partners_copy_the_snippet_of_their_selection(client, scene):
    agenda = BeautifulSoup(get(client, "/agenda/", category="concert").content, "html.parser")
    link = agenda.find("a", string="Intégrer cet agenda sur votre site")
    assert link["href"] == "/agenda/partenaires/?category=concert"
    response = client.get(link["href"], HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    snippet = soup.find("textarea", id="widget-snippet").get_text()
    assert f'src="http://{HOST}/agenda/widget/?category=concert"' in snippet
    assert 'title="Agenda de Quatremille"' in snippet
    assert soup.find("label", attrs={"for": "widget-snippet"})
    preview = soup.find("iframe", class_="partners__preview")
    assert preview["src"] == f"http://{HOST}/agenda/widget/?category=concert"
    hrefs = [a["href"] for a in soup.select("section a")]
    assert f"http://{HOST}/agenda/csv/?category=concert" in hrefs
    assert f"http://{HOST}/agenda/feed.ics?category=concert" in hrefs
    assert f"http://{HOST}/api/v1/events/?category=concert" in hrefs
    # A number of dates chosen there goes into the snippet.
    soup = BeautifulSoup(
        get(
            client, "/agenda/partenaires/", category="concert", limit="5", utm_source="lettre"
        ).content,
        "html.parser",
    )
    snippet = soup.find("textarea", id="widget-snippet").get_text()
    assert "limit=5" in snippet and "utm_source" not in snippet  # a share's tags stay out
