"""The network's directory of actors and services: public organizers of every site, filters
by region, sector, services and words, each with its services and next events; drafts and
private pages never listed; bad filters reported, never a 500."""

from datetime import timedelta

from wagtail.models import PageViewRestriction

import pytest

from events.factories import EventPageFactory, OrganizerPageFactory
from tests.workflows.conftest import next_week

from .helpers import page_text, public_client

pytestmark = pytest.mark.django_db

URL = "/reseau/annuaire/"


def names(response) -> list[str]:
    return [entry.organizer.title for entry in response.context["entries"]]


@pytest.fixture
def directory(tree):
    liege = tree.pages["liege"]
    tree.pages["lending"] = OrganizerPageFactory(
        parent=liege,
        title="Ressourcerie culturelle",
        slug="ressourcerie",
        sector="collective",
        presentation="<p>Du matériel de scène pour tous.</p>",
        services=[("service", {"title": "Prêt de sonorisation", "description": "Deux enceintes."})],
    )
    tree.pages["draft_org"] = OrganizerPageFactory(
        parent=liege, title="Collectif en brouillon", slug="brouillon", live=False
    )
    private = OrganizerPageFactory(parent=liege, title="Cercle privé", slug="cercle-prive")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    start = next_week()
    for n in range(4):
        EventPageFactory(
            parent=tree.pages["lending"],
            title=f"Atelier son {n}",
            dates=[(start + timedelta(days=n), start + timedelta(days=n, hours=2))],
        )
    EventPageFactory(
        parent=tree.pages["lending"],
        title="Atelier passé",
        dates=[(start - timedelta(days=30), start - timedelta(days=30, hours=-1))],
    )
    return tree


def test_every_public_organizer_of_the_network_is_listed(directory):
    response = public_client().get(URL)
    assert response.status_code == 200
    listed = names(response)
    assert {"ASBL Alpha", "ASBL Bêta", "ASBL Namuroise", "Ressourcerie culturelle"} <= set(listed)
    assert "Collectif en brouillon" not in listed and "Cercle privé" not in listed
    assert listed == sorted(listed)
    # Every site shows the same network directory.
    assert names(public_client("cinqmille.localhost").get(URL)) == listed


def test_an_entry_shows_its_services_region_site_and_next_three_events(directory):
    html = page_text(public_client().get(URL, {"q": "ressourcerie"}))
    assert "Prêt de sonorisation" in html and "Du matériel de scène pour tous." in html
    assert "Liège" in html and "Quatremille" in html
    assert "Atelier son 0" in html and "Atelier son 2" in html
    assert "Atelier son 3" not in html and "Atelier passé" not in html


def test_filters_by_region_sector_services_and_words(directory):
    client = public_client()
    namur = directory.pages["namur"]
    assert names(client.get(URL, {"region": namur.pk})) == ["ASBL Namuroise"]
    assert names(client.get(URL, {"sector": "collective"})) == ["Ressourcerie culturelle"]
    assert names(client.get(URL, {"services": "on"})) == ["Ressourcerie culturelle"]
    assert names(client.get(URL, {"q": "bêta"})) == ["ASBL Bêta"]
    liege = directory.pages["liege"]
    assert "ASBL Namuroise" not in names(client.get(URL, {"region": liege.pk}))


@pytest.mark.parametrize(
    "query",
    [
        {"region": "abc"},
        {"region": "99999999999999999999999"},
        {"sector": "<script>"},
        {"q": "x" * 500},
        {"page": "999999999999"},
        {"q": "\x00"},
    ],
)
def test_bad_filters_are_reported_and_ignored_never_a_500(directory, query):
    response = public_client().get(URL, query)
    assert response.status_code == 200
    if "page" not in query and "\x00" not in query.get("q", ""):
        assert response.context["filters"].errors


def test_an_organizer_keeps_its_entry_current_from_its_own_page(directory, settings):
    settings.XMILLE_PAGE_CACHE_SECONDS = 60  # the publication purges the kept directory
    organizer = directory.page("lending")
    organizer.presentation = "<p>Nouvelle présentation en brouillon.</p>"
    organizer.save_revision()  # a draft: the directory still shows the published text
    html = page_text(public_client().get(URL, {"q": "ressourcerie"}))
    assert "Du matériel de scène pour tous." in html and "Nouvelle présentation" not in html
    organizer.get_latest_revision().publish()
    html = page_text(public_client().get(URL, {"q": "ressourcerie"}))
    assert "Nouvelle présentation en brouillon." in html


def test_the_query_count_does_not_grow_with_the_organizers(
    directory, django_assert_max_num_queries
):
    for n in range(15):
        OrganizerPageFactory(parent=directory.pages["verviers"], title=f"Club {n:02d}")
    public_client().get(URL)  # warm the site and network caches
    with django_assert_max_num_queries(25):
        public_client().get(URL)


def test_every_site_links_to_the_three_doors_from_its_home_and_footer(tree):
    from home.models import HomePage

    for host in ("quatremille.localhost", "cinqmille.localhost"):
        response = public_client(host).get("/")
        assert isinstance(response.context["page"], HomePage)
        html = page_text(response)
        section = html.split('class="home-doors"', 1)[1].split("</section>", 1)[0]
        footer = html.split('class="site-footer"', 1)[1]
        for part in (section, footer):
            for url in ("/proposer-un-evenement/", "/rejoindre/", "/reseau/annuaire/"):
                assert f'href="{url}"' in part, (host, url)


@pytest.mark.parametrize("language", ["", "/nl", "/de", "/en"])
def test_the_doors_answer_in_every_language(tree, language):
    for path in (
        "/proposer-un-evenement/",
        "/rejoindre/",
        "/rejoindre/organisation/",
        "/rejoindre/contribuer/",
        "/reseau/annuaire/",
        "/proposer-un-evenement/merci/",
    ):
        response = public_client().get(f"{language}{path}")
        assert response.status_code == 200, (language, path)
