"""Open Graph of event, venue and organizer pages: the page and image addresses are on the
page's own site host, never the host the request came in on."""

from django.test import Client

import pytest

from tests.events.factories_detail import CreditedImageFactory
from tests.xmille.helpers import build_translated_scene, client_on, path_of, soup_of


@pytest.fixture
def scene(network):
    scene = build_translated_scene(network)
    for name, field in (("theatre", "main_image"), ("concert", "main_image"), ("org_n", "logo")):
        page = scene.page(name)
        setattr(page, field, CreditedImageFactory())
        page.save_revision().publish()
    return scene


def og_of(response) -> dict:
    assert response.status_code == 200
    return {m["property"]: m["content"] for m in soup_of(response).find_all("meta", property=True)}


@pytest.mark.parametrize("name", ["theatre", "org_n"])
def test_open_graph_on_a_non_default_site(scene, network, name):
    og = og_of(client_on(network["cinqmille"]).get(path_of(scene.page(name))))
    assert og["og:url"].startswith("http://cinqmille.localhost/")
    assert og["og:image"].startswith("http://cinqmille.localhost/")


def test_open_graph_never_on_the_request_host(scene):
    # The default site answers any unknown host (a proxy's "localhost"): the card still
    # names the site's own host.
    response = Client(HTTP_HOST="localhost").get(path_of(scene.page("concert")))
    og = og_of(response)
    assert og["og:url"].startswith("http://quatremille.localhost/")
    assert og["og:image"].startswith("http://quatremille.localhost/")
    assert "//localhost" not in response.content.decode().split("</head>")[0]
