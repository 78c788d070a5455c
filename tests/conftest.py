"""Fixtures shared by the whole suite."""

from wagtail.models import Site

import pytest

from xmille.factories import RegionalSiteFactory
from xmille.network import clear_network_cache

NETWORK = [
    ("quatremille", "Quatremille"),
    ("cinqmille", "Cinqmille"),
    ("sixmille", "Sixmille"),
    ("septmille", "Septmille"),
]


def pytest_configure(config):
    """The interface catalogues are build products: compile those that changed (a no-op when
    `make test` already did), so that a bare `pytest` translates too."""
    from xmille.catalogues import compile_catalogues

    compile_catalogues()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, as a fresh server would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def build_network(port: int = 80) -> dict[str, Site]:
    """Four regional sites, quatremille the default one, as the demo network has."""
    Site.objects.all().delete()
    sites = {}
    for order, (slug, name) in enumerate(NETWORK):
        site = RegionalSiteFactory(slug=slug, name=name, port=port, is_default_site=order == 0)
        site.sitebranding.network_order = order
        site.sitebranding.save()
        sites[slug] = site
    clear_network_cache()
    return sites


@pytest.fixture
def network(db) -> dict[str, Site]:
    return build_network()
