"""Standard pages and site search."""

import pytest
from bs4 import BeautifulSoup

from xmille.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_standard_page_renders_its_blocks(client, network):
    home = network["quatremille"].root_page
    page = StandardPageFactory(
        parent=home,
        title="Charte éditoriale",
        slug="charte",
        body=[
            ("heading", {"text": "Nos principes", "level": "h2"}),
            ("paragraph", "<p>Pas de <b>MAJUSCULES</b> criardes.</p>"),
            ("quote", {"text": "La culture près de chez vous.", "attribution": "Le réseau"}),
        ],
    )
    response = client.get(page.url, HTTP_HOST="localhost")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("h1").get_text() == "Charte éditoriale"
    assert soup.find("h2", string="Nos principes")
    assert soup.find("b", string="MAJUSCULES")
    assert soup.find("blockquote")


def test_menu_shows_pages_marked_for_menus(client, network):
    home = network["quatremille"].root_page
    StandardPageFactory(parent=home, title="À propos", slug="a-propos", show_in_menus=True)
    StandardPageFactory(parent=home, title="Secret", slug="secret", show_in_menus=False)
    soup = BeautifulSoup(client.get("/", HTTP_HOST="localhost").content, "html.parser")
    menu = soup.find("nav", class_="main-nav")
    assert [a.get_text() for a in menu.find_all("a")] == ["À propos"]


def test_search_finds_pages_of_the_current_site_only(client, network):
    StandardPageFactory(parent=network["quatremille"].root_page, title="Carnaval de Liège")
    StandardPageFactory(parent=network["cinqmille"].root_page, title="Carnaval de Namur")
    response = client.get("/search/", {"q": "carnaval"}, HTTP_HOST="localhost")
    content = response.content.decode()
    assert "Carnaval de Liège" in content
    assert "Carnaval de Namur" not in content


def test_search_hides_drafts(client, network):
    StandardPageFactory(
        parent=network["quatremille"].root_page, title="Brouillon secret", live=False
    )
    response = client.get("/search/", {"q": "brouillon"}, HTTP_HOST="localhost")
    assert "Brouillon secret" not in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"q": "x" * 5000}, {"q": "concert", "page": "abc"}, {"page": "999"}]
)
def test_search_survives_odd_input(client, network, params):
    assert client.get("/search/", params, HTTP_HOST="localhost").status_code == 200


def test_unknown_page_is_a_friendly_404(client, network):
    response = client.get("/nope/", HTTP_HOST="localhost")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
