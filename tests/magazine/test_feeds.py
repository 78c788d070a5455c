"""RSS and Atom feeds: valid, absolute URLs on the site's own host, per type, bad input 400."""

import feedparser
import pytest

from magazine.factories import (
    ChroniclePageFactory,
    InterviewPageFactory,
    MagazineIndexPageFactory,
)

from .helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def namur(network, world):
    magazine = MagazineIndexPageFactory(parent=network["cinqmille"].root_page)
    InterviewPageFactory(
        parent=magazine, title="Entretien à Namur & alentours", authors=[world.lea]
    )
    ChroniclePageFactory(parent=magazine, title="Chronique <namuroise>", authors=[world.tom])
    InterviewPageFactory(parent=magazine, title="Brouillon", live=False)
    InterviewPageFactory(parent=world.magazine, title="À Liège")
    return magazine


@pytest.mark.parametrize(("feed", "version"), [("rss", "rss20"), ("atom", "atom10")])
def test_feed_is_valid_with_absolute_urls_on_the_sites_host(client, namur, feed, version):
    response = client.get(f"{url(namur)}{feed}/", HTTP_HOST="cinqmille.localhost")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    assert parsed.feed.title == "Cinqmille — Magazine"
    assert parsed.feed.link == "http://cinqmille.localhost/magazine/"
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Chronique <namuroise>", "Entretien à Namur & alentours"]
    for entry in parsed.entries:
        assert entry.link.startswith("http://cinqmille.localhost/magazine/")
        assert entry.published_parsed
    assert parsed.entries[1].author == "Léa Martin"


@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_feed_per_type(client, namur, feed):
    response = client.get(
        f"{url(namur)}{feed}/", {"type": "interview"}, HTTP_HOST="cinqmille.localhost"
    )
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    assert parsed.feed.title == "Cinqmille — Magazine — interviews"
    assert [entry.title for entry in parsed.entries] == ["Entretien à Namur & alentours"]


@pytest.mark.parametrize("params", [{"type": "podcast"}, {"category": "inconnue"}])
def test_bad_filter_is_a_400_with_reasons(client, namur, params):
    response = client.get(f"{url(namur)}rss/", params, HTTP_HOST="cinqmille.localhost")
    assert response.status_code == 400
    assert "Filtre invalide" in response.content.decode()


def test_index_links_to_its_feeds(client, namur):
    from .helpers import soup_of

    soup = soup_of(client.get(url(namur), {"type": "interview"}, HTTP_HOST="cinqmille.localhost"))
    alternates = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates["application/rss+xml"] == "/magazine/rss/?type=interview"
    assert alternates["application/atom+xml"] == "/magazine/atom/?type=interview"
