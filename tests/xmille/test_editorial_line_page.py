"""Each site publishes its own editorial line at /ligne-editoriale/, linked from every page."""

import pytest
from bs4 import BeautifulSoup

from xmille.models import EditorialLine

pytestmark = pytest.mark.django_db


def test_each_site_shows_its_own_editorial_line(client, network):
    line = EditorialLine.for_site(network["cinqmille"])
    line.text = "<p>À Namur, on annonce sobrement.</p>"
    line.forbidden_words = "promo exceptionnelle"
    line.save()

    namur = client.get("/ligne-editoriale/", HTTP_HOST="cinqmille.localhost")
    assert namur.status_code == 200
    soup = BeautifulSoup(namur.content, "html.parser")
    assert soup.find("h1").get_text() == "Ligne éditoriale"
    assert "À Namur, on annonce sobrement." in soup.get_text()
    assert "promo exceptionnelle" in soup.get_text()

    liege = client.get("/ligne-editoriale/", HTTP_HOST="quatremille.localhost")
    assert "À Namur" not in liege.content.decode()


def test_every_page_links_to_the_editorial_line(client, network):
    soup = BeautifulSoup(client.get("/", HTTP_HOST="localhost").content, "html.parser")
    footer = soup.find("footer")
    assert footer.find("a", href="/ligne-editoriale/")
