"""What a visitor gets in each language: the nl agenda with untranslated French events marked,
the switcher, `<html lang>`, canonical and hreflang, the first-visit redirect."""

import pytest

from tests.xmille.helpers import build_translated_scene, client_on, path_of, soup_of, translate


@pytest.fixture
def scene(network):
    scene = build_translated_scene(network)
    scene.pages["concert_nl"] = translate(
        scene.page("concert"), "nl", title="Concert in het park", teaser="Muziek in het groen."
    )
    return scene


@pytest.fixture
def client(network):
    return client_on(network["quatremille"])


def card_titles(response):
    return {
        card.select_one(".event-card__title").get_text(strip=True): card.get("lang")
        for card in soup_of(response).select(".event-card")
    }


def test_translated_event_read_in_dutch(scene, client):
    response = client.get(path_of(scene.page("concert_nl")))
    assert response.status_code == 200
    html = soup_of(response)
    assert html.html["lang"] == "nl"
    assert "Concert in het park" in html.select_one("h1").get_text()
    assert "Muziek in het groen." in response.content.decode()


def test_nl_agenda_shows_translated_once_and_untranslated_in_french(scene, client):
    for path in ("/nl/agenda/", "/nl/liege/"):
        cards = card_titles(client.get(path))
        assert cards.get("Concert in het park", "missing") is None, path  # in Dutch, no lang
        assert "Concert au parc" not in cards, path  # once
        assert cards.get("Exposition de gravures") == "fr", path  # French, marked
    # The French agenda is unchanged.
    cards = card_titles(client.get("/agenda/"))
    assert set(cards) >= {"Concert au parc", "Exposition de gravures"}
    assert "Concert in het park" not in cards


def test_a_draft_translation_leaves_the_french_event_listed(scene, client):
    translate(scene.page("expo"), "nl", title="Tentoonstelling", publish=False)
    cards = card_titles(client.get("/nl/agenda/"))
    assert cards.get("Exposition de gravures") == "fr"
    assert "Tentoonstelling" not in cards


def test_switcher_on_a_translated_page(scene, client):
    html = soup_of(client.get(path_of(scene.page("concert"))))
    link = html.select_one('.language-switcher a[data-language="nl"]')
    assert link["href"].endswith(path_of(scene.page("concert_nl")))
    assert not link.has_attr("data-fallback")


def test_switcher_on_an_untranslated_page(scene, client):
    html = soup_of(client.get(path_of(scene.page("expo"))))
    link = html.select_one('.language-switcher a[data-language="nl"]')
    assert link["href"].endswith("/nl/agenda/#non-traduite")
    assert link["data-fallback"] == "agenda"
    assert "non traduite" in link.parent.get_text()


@pytest.mark.parametrize(
    "path", ["/", "/agenda/", "/magazine/", "/liege/", "/nl/", "/nl/agenda/", "/search/?q=x"]
)
def test_canonical_on_every_page_type(scene, client, path):
    html = soup_of(client.get(path))
    canonical = html.select_one('link[rel="canonical"]')["href"]
    assert canonical.startswith("http://quatremille.localhost/")
    assert "?" not in canonical


def test_hreflang_alternates_on_translated_pages(scene, client):
    for path in ("/nl/agenda/", path_of(scene.page("concert"))):
        html = soup_of(client.get(path))
        langs = {
            link["hreflang"]: link["href"]
            for link in html.select('link[rel="alternate"][hreflang]')
        }
        assert {"fr", "nl", "x-default"} <= set(langs), path
        assert all(href.startswith("http://quatremille.localhost/") for href in langs.values())
    # An untranslated event has no alternates.
    html = soup_of(client.get(path_of(scene.page("expo"))))
    assert not html.select('link[rel="alternate"][hreflang]')


def test_filtered_agenda_and_search_are_noindex(scene, client):
    assert soup_of(client.get("/agenda/?free=on")).select_one('meta[name="robots"]')
    assert soup_of(client.get("/search/?q=concert")).select_one('meta[name="robots"]')
    assert not soup_of(client.get("/agenda/")).select_one('meta[name="robots"]')


def test_first_visit_redirect_once_people_only(scene, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9", HTTP_USER_AGENT="Firefox")
    assert response.status_code == 302 and response["Location"] == "/nl/"
    again = client.get("/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9", HTTP_USER_AGENT="Firefox")
    assert again.status_code == 200  # the cookie: never twice
    bot = client_on(scene.sites["quatremille"]).get(
        "/", HTTP_ACCEPT_LANGUAGE="nl", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)"
    )
    assert bot.status_code == 200
    french = client_on(scene.sites["quatremille"]).get(
        "/", HTTP_ACCEPT_LANGUAGE="fr-BE,nl;q=0.5", HTTP_USER_AGENT="Firefox"
    )
    assert french.status_code == 200
    elsewhere = client_on(scene.sites["quatremille"]).get(
        "/agenda/", HTTP_ACCEPT_LANGUAGE="nl", HTTP_USER_AGENT="Firefox"
    )
    assert elsewhere.status_code == 200


def hreflangs(response) -> set[str]:
    return {
        link["hreflang"] for link in soup_of(response).select('link[rel="alternate"][hreflang]')
    }


def test_a_pages_languages_are_kept_and_a_new_translation_seen_at_once(scene, client):
    """An organizer's translations are kept with the site's structure, an event's with the
    site's content (read once; seen again at once when a translation is published, which
    renews both)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, title in (("org", "ASBL Alpha (de)"), ("concert", "Konzert im Park")):
        page = scene.page(name)
        path = path_of(page)
        before = hreflangs(client.get(path))
        assert "de" not in before
        with CaptureQueriesContext(connection) as queries:
            assert hreflangs(client.get(path + "?utm_source=lettre")) == before
        key = str(page.translation_key)
        assert not [q for q in queries if key in q["sql"] or key.replace("-", "") in q["sql"]]
        translate(page, "de", title=title)
        assert "de" in hreflangs(client.get(path))
