"""Search never leaks: no draft, no private or password-protected page, no other site's
content unless the visitor asks for the whole network; promotions show on their own site only.
On the search page and in the header's suggestions alike."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from .helpers import OTHER_HOST, get, module_scene, soup_of, titles

pytestmark = pytest.mark.django_db

NEVER_FOUND = ("Brouillon de concert", "Concert secret des membres", "Concert sous mot de passe")


@pytest.fixture(scope="module")
def module_tree(django_db_setup, django_db_blocker):
    yield from module_scene(django_db_blocker)


@pytest.fixture
def scene(module_tree, db):
    return module_tree


def suggestion_titles(client, query, host="quatremille.localhost"):
    response = get(client, "/search/suggestions/", host=host, q=query)
    assert response.status_code == 200
    return [item["title"] for item in response.json()["results"]]


@pytest.mark.parametrize("query", ["concert", "brouillon", "secret", "membres", "mot de passe"])
@pytest.mark.parametrize("network", [False, True])
def test_drafts_and_private_pages_are_never_found(scene, client, query, network):
    params = {"q": query, **({"network": "1"} if network else {})}
    text = get(client, **params).content.decode()
    for title in NEVER_FOUND:
        assert title not in text, (query, title)
    for title in NEVER_FOUND:
        assert title not in suggestion_titles(client, query), (query, title)


def test_a_logged_in_member_does_not_find_private_pages_either(scene, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("membre", password="x"))
    assert "Concert secret des membres" not in get(client, q="secret").content.decode()


def test_only_this_site_unless_the_whole_network_is_asked(scene, client):
    assert "Concert à la citadelle" not in titles(get(client, q="concert"))
    assert titles(get(client, host=OTHER_HOST, q="concert"), "events") == ["Concert à la citadelle"]
    everywhere = get(client, q="concert", network="1")
    found = titles(everywhere, "events")
    assert "Concert à la citadelle" in found and "Concert de jazz au parc" in found
    # Another site's result links to its own host and says where it comes from.
    result = next(
        r
        for r in soup_of(everywhere).select(".search-result")
        if "citadelle" in r.get_text().lower()
    )
    assert result.select_one("a")["href"].startswith("http://cinqmille.localhost")
    assert "Cinqmille" in result.select_one(".badge--origin").get_text()
    assert soup_of(everywhere).select_one("input[name=network]").has_attr("checked")


def test_suggestions_stay_on_the_site(scene, client):
    assert "Concert à la citadelle" not in suggestion_titles(client, "concert")
    assert set(suggestion_titles(client, "citadel", host=OTHER_HOST)) == {
        "Concert à la citadelle",
        "Citadelle",
    }


def promote(query: str, page, description: str = "") -> SearchPromotion:
    return SearchPromotion.objects.create(
        query=Query.get(query), page=page, description=description, sort_order=0
    )


def test_promotions_come_first_on_their_own_site_only(scene, client):
    promote("Festival", scene.pages["Exposition Magritte"], "Le rendez-vous de l'automne.")
    promote("festival", scene.pages["Concert à la citadelle"])
    response = get(client, q="festival")
    promoted = soup_of(response).select(".search-group--promoted .search-result")
    assert [r.select_one("a").get_text() for r in promoted] == ["Exposition Magritte"]
    assert "Le rendez-vous de l'automne." in promoted[0].get_text()
    # Whatever the case and accents typed.
    assert titles(get(client, q="FESTÏVAL"), None)[:1] == ["Exposition Magritte"]
    other = get(client, host=OTHER_HOST, q="festival")
    assert [
        r.select_one("a").get_text()
        for r in soup_of(other).select(".search-group--promoted .search-result")
    ] == ["Concert à la citadelle"]


def test_a_promoted_page_that_is_not_public_is_not_shown(scene, client):
    from wagtail.models import Page

    promote("jazz", Page.objects.get(title="Concert secret des membres"))
    promote("jazz", Page.objects.get(title="Brouillon de concert"))
    response = get(client, q="jazz")
    assert not soup_of(response).select(".search-group--promoted")
    assert "Concert secret des membres" not in response.content.decode()


def test_a_search_records_nothing(scene, client):
    """Searching writes no row: robots and odd queries cannot fill the database."""
    get(client, q="une requête jamais vue")
    assert not Query.objects.exists()
