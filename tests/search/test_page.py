"""The search page: grouped results, one kind page by page, the agenda's filters, the header's
suggestions, and a fixed number of queries whatever the number of results."""

import re

import pytest

from events.factories import EventCategoryFactory, EventPageFactory, VenuePageFactory
from magazine.factories import ChroniclePageFactory

from .helpers import build_scene, count_queries, get, in_days, soup_of, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(network):
    return build_scene(network)


def test_results_are_grouped_by_kind_with_tabs(scene, client):
    soup = soup_of(get(client, q="theatre"))
    groups = [h.get_text(" ", strip=True) for h in soup.select(".search-group h2")]
    assert groups == ["Événements (4)", "Lieux (1)", "Magazine (1)"]
    tabs = [a.get_text(strip=True) for a in soup.select(".search-tabs a")]
    assert tabs == ["Tout (6)", "Événements (4)", "Lieux (1)", "Magazine (1)"]
    assert soup.select_one(".search-tabs a[aria-current=page]").get_text(strip=True) == "Tout (6)"


def test_the_overview_shows_a_few_then_one_kind_is_paged(scene, client):
    for n in range(13):
        scene.event(f"Atelier théâtre {n:02d}", days=10 + n)
    soup = soup_of(get(client, q="atelier"))
    assert len(soup.select(".search-group--events .search-result")) == 4
    more = soup.select_one(".search-group__more a")["href"]
    assert "kind=events" in more and "q=atelier" in more

    first = get(client, q="atelier", kind="events")
    assert titles(first, "events") == [f"Atelier théâtre {n:02d}" for n in range(10)]
    next_url = soup_of(first).select_one('a[rel="next"]')["href"]
    assert "kind=events" in next_url and "q=atelier" in next_url
    second = client.get("/search/" + next_url, headers={"host": "quatremille.localhost"})
    assert titles(second, "events") == [f"Atelier théâtre {n:02d}" for n in range(10, 13)]


def test_the_agenda_filters_narrow_the_events(scene, client):
    response = get(client, q="concert", category="concert")
    assert titles(response, "events") == ["Concert de jazz au parc"]
    assert not soup_of(response).select(".search-group--venues")
    response = get(client, q="concert", when="tomorrow")
    assert titles(response, "events") == []
    response = get(client, q="expo", ongoing="on")
    assert titles(response, "events") == ["Exposition Magritte"]
    # A wrong filter is said, and ignored.
    response = get(client, q="concert", date_from="2026-02-30")
    assert response.status_code == 200
    assert soup_of(response).select_one(".agenda-errors")
    assert len(titles(response, "events")) == 3


def test_the_form_keeps_the_filters_and_the_network_choice(scene, client):
    soup = soup_of(get(client, q="concert", category="concert", network="1"))
    assert soup.select_one("#search-page-q")["value"] == "concert"
    assert soup.select_one("input[name=category][value=concert]").has_attr("checked")
    assert soup.select_one("input[name=network]").has_attr("checked")


def test_suggestions_complete_the_words_typed(scene, client):
    def suggest(query):
        response = get(client, "/search/suggestions/", q=query)
        return [(item["title"], item["kind"]) for item in response.json()["results"]]

    assert suggest("expo") == [("Exposition Magritte", "événement")]
    assert suggest("exposition magr") == [("Exposition Magritte", "événement")]
    assert ("Théâtre de la Place", "lieu") in suggest("thea")
    assert suggest("e") == []  # one letter: nothing asked
    url = get(client, "/search/suggestions/", q="expo").json()["results"][0]["url"]
    assert url.endswith("/exposition-magritte/")


def test_the_header_form_works_without_javascript(scene, client):
    soup = soup_of(client.get("/", headers={"host": "quatremille.localhost"}))
    form = soup.select_one("header form[role=search]")
    assert form["action"] == "/search/" and form["method"] == "get"
    assert form.select_one("input[name=q]")["type"] == "search"
    assert form["data-suggest-url"] == "/search/suggestions/"
    assert form.select_one("button[type=submit]")
    assert soup.select_one('script[src$="search/js/autocomplete.js"]')


def add_results(scene, numbers) -> None:
    concerts = EventCategoryFactory(name="Concert", slug="concert")
    for i in numbers:
        venue = VenuePageFactory(parent=scene.region, title=f"Salle du concert {i}", city="Huy")
        EventPageFactory(
            parent=scene.organizer,
            title=f"Concert numéro {i}",
            venue=venue,
            dates=in_days(i + 1),
            category_list=[concerts],
        )
        ChroniclePageFactory(parent=scene.magazine, title=f"Chronique du concert {i}")
        EventPageFactory(parent=scene.organizer, title=f"Concert passé {i}", dates=in_days(-i - 1))


@pytest.mark.parametrize(
    "params", [{}, {"network": "1"}, {"kind": "events"}, {"category": "concert"}]
)
def test_queries_do_not_grow_with_the_results(scene, client, params):
    add_results(scene, range(1))  # one result of each kind
    get(client, q="concert", **params)  # warm the caches (site root paths, restrictions)
    few, response = count_queries(lambda: get(client, q="concert", **params))
    assert response.status_code == 200
    add_results(scene, range(1, 13))
    get(client, q="concert", **params)
    many, response = count_queries(lambda: get(client, q="concert", **params))
    assert len(soup_of(response).select(".search-result")) >= 4
    assert many <= few, (few, many)
    assert many <= 30, many


def test_suggestions_cost_a_few_queries_then_none(scene, client):
    get(client, "/search/suggestions/", q="conc")
    add_results(scene, range(10))
    queries, response = count_queries(lambda: get(client, "/search/suggestions/", q="concert"))
    assert len(response.json()["results"]) == 8
    assert queries <= 10, queries
    again, _response = count_queries(lambda: get(client, "/search/suggestions/", q="concert"))
    assert again <= 1, again
    assert re.search(r"max-age=\d+", response["Cache-Control"])
