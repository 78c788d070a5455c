"""Sitemaps list every locale's public pages with their alternates; robots.txt points to them."""

import pytest

from events.factories import EventPageFactory
from tests.xmille.helpers import build_translated_scene, client_on, translate


@pytest.fixture
def scene(network):
    scene = build_translated_scene(network)
    scene.pages["concert_nl"] = translate(scene.page("concert"), "nl", title="Concert in het park")
    scene.pages["draft"] = EventPageFactory(
        parent=scene.pages["org"], title="Brouillon", live=False
    )
    return scene


def test_sitemap_has_every_locale_and_alternates(scene, network):
    response = client_on(network["quatremille"]).get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    base = "http://quatremille.localhost"
    for path in ("/agenda/", "/nl/agenda/", "/de/agenda/", "/en/magazine/"):
        assert f"<loc>{base}{path}</loc>" in xml, path
    assert 'hreflang="nl"' in xml and 'hreflang="x-default"' in xml
    assert f'href="{base}{scene.page("concert_nl").get_url_parts()[2]}"' in xml
    assert "Brouillon" not in xml and "/brouillon/" not in xml
    assert "cinqmille" not in xml


def test_robots_points_to_the_sites_sitemap(network):
    response = client_on(network["cinqmille"]).get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://cinqmille.localhost/sitemap.xml" in response.content.decode()
