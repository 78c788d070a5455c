"""What the search finds, the same on SQLite and PostgreSQL (CI runs the suite on both):
plural and singular, accents, prefixes, events to come before past ones, cancelled ones
marked."""

import pytest

from .helpers import get, module_scene, soup_of, titles

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_tree(django_db_setup, django_db_blocker):
    yield from module_scene(django_db_blocker)


@pytest.fixture
def scene(module_tree, db):
    return module_tree


def test_concert_and_concerts_find_the_same_events(scene, client):
    singular = titles(get(client, q="concert"), "events")
    plural = titles(get(client, q="concerts"), "events")
    assert singular == plural
    assert set(singular) == {
        "Concert de jazz au parc",
        "Concerts d'automne",
        "Grand concert du Nouvel An",
    }


def test_theatre_finds_theatre_with_its_accents_and_back(scene, client):
    for query in ("theatre", "théâtre", "THEATRE", "théatres"):
        response = get(client, q=query)
        assert titles(response, "venues") == ["Théâtre de la Place"], query
        assert titles(response, "magazine") == ["Rencontre avec une troupe de théâtre"], query
        # Events at that venue are found through it.
        assert "Concert de jazz au parc" in titles(response, "events"), query


def test_a_prefix_finds_the_whole_word(scene, client):
    assert titles(get(client, q="expo"), "events") == ["Exposition Magritte"]
    assert titles(get(client, q="magrit"), "events") == ["Exposition Magritte"]


def test_upcoming_events_first_soonest_first_then_past_ones(scene, client):
    response = get(client, q="concert")
    assert titles(response, "events") == [
        "Grand concert du Nouvel An",  # in 2 days
        "Concert de jazz au parc",  # in 5 days
        "Concerts d'automne",  # 40 days ago
    ]
    past = soup_of(response).select(".search-group--events .search-result")[-1]
    assert "passé" in past.get_text()


def test_a_cancelled_event_says_so(scene, client):
    results = soup_of(get(client, q="nouvel an")).select(".search-group--events .search-result")
    assert len(results) == 1
    badge = results[0].select_one(".badge--cancelled")
    assert badge is not None and badge.get_text(strip=True) == "Annulé"


def test_each_result_says_what_it_is(scene, client):
    soup = soup_of(get(client, q="jazz"))
    event = soup.select_one(".search-group--events .search-result")
    assert "Théâtre de la Place, Liège" in event.get_text()
    assert event.select_one("time[datetime]")
    soup = soup_of(get(client, q="troupe"))
    piece = soup.select_one(".search-group--magazine .search-result").get_text(" ", strip=True)
    assert "Interview" in piece and "Léa Martin" in piece
    soup = soup_of(get(client, q="place"))
    venue = soup.select_one(".search-group--venues .search-result").get_text(" ", strip=True)
    assert "Liège" in venue


def test_several_words_must_all_match(scene, client):
    assert titles(get(client, q="concert jazz"), "events") == ["Concert de jazz au parc"]
    assert titles(get(client, q="concert de jazz"), "events") == ["Concert de jazz au parc"]
