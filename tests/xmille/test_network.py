"""Every public page shows its own site's branding and the bar linking the whole network."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from xmille.factories import RegionalSiteFactory

pytestmark = pytest.mark.django_db


def get_soup(client, host, path="/"):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def test_default_site_answers_on_localhost(client, network):
    _, soup = get_soup(client, "localhost:8000")
    assert soup.find("h1").get_text(strip=True) == "Quatremille"


def test_each_site_answers_on_its_own_host_with_its_own_branding(client, network):
    for slug, site in network.items():
        _, soup = get_soup(client, f"{slug}.localhost:8000")
        assert soup.select_one(".site-brand__name").get_text(strip=True) == site.site_name
        assert soup.title.get_text(strip=True).startswith(site.site_name)


def test_branding_colours_reach_the_page_under_the_csp_nonce(client, network):
    branding = network["cinqmille"].sitebranding
    branding.primary_colour = "#123456"
    branding.save()
    response, soup = get_soup(client, "cinqmille.localhost")
    style = soup.find("style")
    assert "--brand: #123456" in style.string
    nonce = re.search(r"style-src [^;]*'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce and style["nonce"] == nonce.group(1)


def test_network_bar_links_every_site_and_marks_the_current_one(client, network):
    _, soup = get_soup(client, "sixmille.localhost")
    bar = soup.find("nav", class_="network-bar")
    links = bar.find_all("a")
    assert [a["href"] for a in links] == [
        "http://quatremille.localhost/",
        "http://cinqmille.localhost/",
        "http://sixmille.localhost/",
        "http://septmille.localhost/",
    ]
    current = [a for a in links if a.get("aria-current")]
    assert len(current) == 1
    assert "Sixmille" in current[0].get_text()


def test_network_bar_follows_a_renamed_site(client, network):
    get_soup(client, "localhost")  # fills the cache
    branding = network["septmille"].sitebranding
    branding.name = "Septmille Mons-Centre"
    branding.save()
    _, soup = get_soup(client, "localhost")
    assert "Septmille Mons-Centre" in soup.find("nav", class_="network-bar").get_text()


def test_base_template_is_accessible(client, network):
    _, soup = get_soup(client, "localhost")
    assert soup.html["lang"] == "fr"
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main" and soup.find("main", id="main")
    assert soup.find("header", role="banner") and soup.find("footer", role="contentinfo")
    assert soup.find("meta", attrs={"name": "viewport"})
    assert soup.find("form", role="search").find("label")


def test_public_pages_load_nothing_from_third_parties(client, network):
    _, soup = get_soup(client, "localhost")
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            if tag == "link" and {"canonical", "alternate"} & set(element.get("rel", [])):
                continue  # addresses of this page, not loaded by the browser
            url = element.get(attr) or ""
            assert not url.startswith(("http://", "https://", "//")), url


def test_security_headers(client, network):
    response = client.get("/", HTTP_HOST="localhost")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp


def test_home_page_query_count_does_not_grow_with_sites(client, network):
    def home_queries() -> int:
        client.get("/", HTTP_HOST="localhost")  # warm the network cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/", HTTP_HOST="localhost").status_code == 200
        return len(queries)

    with_four_sites = home_queries()
    RegionalSiteFactory(slug="huitmille", name="Huitmille")
    RegionalSiteFactory(slug="neufmille", name="Neufmille")
    assert home_queries() == with_four_sites
    assert with_four_sites <= 40
