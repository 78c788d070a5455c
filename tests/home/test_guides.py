"""Tutorials ("Tutos"): reading order with previous/next, audiences, print style, what the
public may see (private guides nowhere), sitemap and search, links from the footer, the home
page and the editors' help panels."""

from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from events.factories import OrganizerPageFactory, RegionPageFactory, VenuePageFactory
from home.models import TutorialPage

from .helpers import guide_index, screenshot, tutorial

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "quatremille.localhost"}


@pytest.fixture
def guides(network):
    home = network["quatremille"].root_page
    index = guide_index(home, intro="Des guides pas à pas.")
    pages = {
        "first": tutorial(
            index, "Votre premier événement", audiences=["organizers"], topic="event"
        ),
        "chronicle": tutorial(index, "Écrire une chronique", audiences=["writers"], topic="piece"),
        "dates": tutorial(
            index, "Des dates qui se répètent", audiences=["organizers"], topic="event"
        ),
        "line": tutorial(
            index, "La ligne éditoriale", audiences=["organizers", "writers", "visitors"]
        ),
        "moderate": tutorial(index, "Modérer", audiences=["moderators"], topic="moderation"),
    }
    return index, pages


def rel(page) -> str:
    """A page's address on its own site, as its links write it."""
    return page.get_url(current_site=page.get_site())


def soup_of(client, url, **params):
    response = client.get(url, params, **HOST)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def pager(soup) -> tuple[str | None, str | None]:
    prev_link, next_link = soup.find("a", rel="prev"), soup.find("a", rel="next")
    return (
        prev_link["href"] if prev_link else None,
        next_link["href"] if next_link else None,
    )


def test_previous_and_next_follow_the_reading_order(client, guides):
    _index, g = guides
    assert pager(soup_of(client, rel(g["first"]))) == (None, rel(g["chronicle"]))
    assert pager(soup_of(client, rel(g["chronicle"]))) == (rel(g["first"]), rel(g["dates"]))
    assert pager(soup_of(client, rel(g["moderate"]))) == (rel(g["line"]), None)


def test_an_audiences_reader_stays_among_its_guides(client, guides):
    index, g = guides
    soup = soup_of(client, rel(index), pour="organisateurs")
    listed = [a.get_text() for a in soup.select(".guides__list h2 a")]
    assert listed == ["Votre premier événement", "Des dates qui se répètent", "La ligne éditoriale"]
    # From that list, previous/next skip the writers' and moderators' guides.
    soup = soup_of(client, rel(g["first"]), pour="organisateurs")
    assert pager(soup) == (None, f"{rel(g['dates'])}?pour=organisateurs")
    soup = soup_of(client, rel(g["dates"]), pour="organisateurs")
    assert pager(soup) == (
        f"{rel(g['first'])}?pour=organisateurs",
        f"{rel(g['line'])}?pour=organisateurs",
    )
    # A guide not for that audience, or an unknown audience: the plain reading order.
    assert pager(soup_of(client, rel(g["chronicle"]), pour="organisateurs")) == (
        rel(g["first"]),
        rel(g["dates"]),
    )
    assert pager(soup_of(client, rel(g["chronicle"]), pour="<script>")) == (
        rel(g["first"]),
        rel(g["dates"]),
    )
    # Each guide names its audiences, linked to their lists.
    soup = soup_of(client, rel(g["line"]))
    links = [a["href"] for a in soup.select(".guide__audiences a")]
    assert links == [
        f"{rel(index)}?pour=organisateurs",
        f"{rel(index)}?pour=redacteurs",
        f"{rel(index)}?pour=visiteurs",
    ]


def test_visitors_list_has_only_their_guides(client, guides):
    index, _g = guides
    soup = soup_of(client, rel(index), pour="visiteurs")
    assert [a.get_text() for a in soup.select(".guides__list h2 a")] == ["La ligne éditoriale"]


def test_private_or_draft_guides_are_nowhere_public(client, guides):
    index, g = guides
    PageViewRestriction.objects.create(page=g["chronicle"], restriction_type="login")
    g["dates"].unpublish()
    assert pager(soup_of(client, rel(g["first"]))) == (None, rel(g["line"]))
    listed = [a.get_text() for a in soup_of(client, rel(index)).select(".guides__list h2 a")]
    assert listed == ["Votre premier événement", "La ligne éditoriale", "Modérer"]
    sitemap = client.get("/sitemap.xml", **HOST).content.decode()
    assert g["first"].full_url in sitemap and index.full_url in sitemap
    assert g["chronicle"].full_url not in sitemap
    results = soup_of(client, "/search/", q="chronique")
    assert not results.find("a", string="Écrire une chronique")


def test_guides_are_in_the_sitemap_and_search(client, guides):
    _index, g = guides
    sitemap = client.get("/sitemap.xml", **HOST).content.decode()
    assert g["moderate"].full_url in sitemap
    results = soup_of(client, "/search/", q="chronique")
    assert results.find("a", string="Écrire une chronique")


def test_steps_show_title_text_screenshot_alt_and_video(client, network):
    index = guide_index(network["quatremille"].root_page)
    image = screenshot()
    page = tutorial(
        index,
        "Votre premier événement",
        steps=[
            (
                "step",
                {
                    "title": "Ouvrez l'éditeur",
                    "text": "<p>Cliquez sur <b>Ajouter</b>.</p>",
                    "screenshot": {
                        "image": image,
                        "alt_text": "Le bouton Ajouter, en haut à droite.",
                        "decorative": False,
                    },
                    "video": "https://vimeo.com/1084537",
                },
            ),
            ("step", {"title": "Envoyez", "text": "<p>Cliquez sur Envoyer.</p>"}),
        ],
    )
    soup = soup_of(client, rel(page))
    steps = soup.select("ol.guide__steps > li")
    assert [s.find("h2").get_text() for s in steps] == ["Ouvrez l'éditeur", "Envoyez"]
    assert steps[0].find("img")["alt"] == "Le bouton Ajouter, en haut à droite."
    assert steps[0].find("iframe")
    assert not steps[1].find("img")
    # Print-friendly: the guides' style sheet has print rules, linked from the page.
    css = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert any(href.endswith("home/css/guides.css") for href in css)
    from django.contrib.staticfiles import finders

    with open(finders.find("home/css/guides.css"), encoding="utf-8") as handle:
        assert "@media print" in handle.read()


def test_footer_and_home_link_to_the_guides(client, guides):
    index, _g = guides
    for url in ("/", "/search/", rel(index)):
        soup = soup_of(client, url)
        footer = soup.find("footer")
        assert footer.find("a", href=rel(index), string="Tutos"), url
    home = soup_of(client, "/")
    assert home.select_one(f".home-guides a[href='{rel(index)}']")
    # A site without guides shows no dead link.
    other = client.get("/", HTTP_HOST="cinqmille.localhost").content.decode()
    assert "Tutos" not in other


def test_translated_footer_link_leads_to_the_translation(client, guides):
    from wagtail.models import Locale

    index, _g = guides
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    home = index.get_parent()
    home_nl = home.copy_for_translation(dutch)
    home_nl.save_revision().publish()
    index_nl = index.copy_for_translation(dutch)
    index_nl.title = "Handleidingen"
    index_nl.save_revision().publish()
    soup = soup_of(client, "/nl/")
    assert soup.find("footer").find("a", href=rel(index_nl))


def test_editors_help_panel_links_to_the_guides_for_what_is_edited(guides, django_user_model):
    from tests.workflows.admin import client_for

    index, g = guides
    home = index.get_parent()
    region = RegionPageFactory(parent=home, title="Liège", slug="liege")
    venue = VenuePageFactory(parent=region, title="La Cité Miroir")
    organizer = OrganizerPageFactory(parent=region, title="ASBL Alpha", slug="alpha")
    venue_guide = tutorial(index, "Demander un nouveau lieu", topic="venue")
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client = client_for(admin)

    def panel_links(url):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        return [a.get_text() for a in soup.select(".xmille-guides a")]

    new_event = reverse("wagtailadmin_pages:add", args=["events", "eventpage", organizer.pk])
    assert panel_links(new_event) == ["Votre premier événement", "Des dates qui se répètent"]
    venue_edit = reverse("wagtailadmin_pages:edit", args=[venue.pk])
    assert panel_links(venue_edit) == [venue_guide.title]
    organizer_edit = reverse("wagtailadmin_pages:edit", args=[organizer.pk])
    assert panel_links(organizer_edit) == []  # no guide on organizers on this site: no panel
    soup = BeautifulSoup(client.get(new_event).content, "html.parser")
    link = soup.select_one(".xmille-guides a")
    assert link["href"] == g["first"].full_url


def test_topic_choices_cover_the_editors():
    assert {choice.value for choice in TutorialPage.Topic} >= {
        "event",
        "venue",
        "organizer",
        "piece",
        "moderation",
    }


def test_a_guide_with_empty_optional_parts_can_be_translated(network):
    """wagtail-localize reads every block: an empty screenshot or video must not stop it."""
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    home = network["quatremille"].root_page
    index = guide_index(home)
    page = tutorial(
        index,
        "Votre premier événement",
        steps=[
            (
                "step",
                {
                    "title": "Ouvrez l'éditeur",
                    "text": "<p>Cliquez.</p>",
                    "screenshot": {
                        "image": screenshot(),
                        "alt_text": "Le bouton.",
                        "decorative": False,
                    },
                    "video": "https://vimeo.com/1084537",
                },
            ),
            # As the editor saves an empty screenshot and video.
            (
                "step",
                {"title": "Envoyez", "text": "<p>Envoyez.</p>", "screenshot": None, "video": ""},
            ),
        ],
    )
    page = TutorialPage.objects.get(pk=page.pk)
    for french in (home, index, page):
        source, _created = TranslationSource.get_or_create_from_instance(french)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=dutch, defaults={"enabled": True}
        )
        translation.save_target(publish=True)
    copy = page.get_translation(dutch)
    assert [step.value["title"] for step in copy.steps] == ["Ouvrez l'éditeur", "Envoyez"]
    assert copy.steps[0].value["video"] == "https://vimeo.com/1084537"


def test_a_video_address_that_gives_no_video_is_refused():
    from django.core.exceptions import ValidationError

    from home.guides import VideoBlock

    block = VideoBlock(required=False)
    assert block.clean("") == ""
    assert block.clean("https://vimeo.com/1084537") == "https://vimeo.com/1084537"
    with pytest.raises(ValidationError, match="ne donne pas de vidéo"):
        block.clean("https://example.org/pas-une-video")


@pytest.mark.parametrize(
    "role, expected",
    [
        (
            "organizer",
            ["Votre premier événement", "Des dates qui se répètent", "La ligne éditoriale"],
        ),
        ("writer", ["Écrire une chronique", "La ligne éditoriale"]),
        ("moderator", ["Modérer"]),
    ],
)
def test_a_contributors_admin_home_lists_the_guides_for_their_role(guides, network, role, expected):
    from xmille.admin_home.guides import guides_for

    index, pages = guides
    PageViewRestriction.objects.create(
        page=pages["dates"] if role == "organizer" else pages["line"],
        restriction_type=PageViewRestriction.LOGIN,
    )
    found = guides_for(role, network["quatremille"])
    assert found.index_title == index.title
    hidden = "Des dates qui se répètent" if role == "organizer" else "La ligne éditoriale"
    assert [title for title, _ in found.tutorials] == [t for t in expected if t != hidden]
