"""The magazine's demo: every type of piece on every site, pointing to the agenda's events,
videos that render without the network, and a builder safe to rerun."""

from datetime import timedelta

from django.utils import timezone

from wagtail.embeds.models import Embed
from wagtail.models import Site

import pytest

from events.factories import EventPageFactory, OrganizerPageFactory, RegionPageFactory
from magazine import demo as magazine_demo
from magazine.models import (
    Author,
    ChroniclePage,
    InterviewPage,
    MagazineIndexPage,
    MagazinePiece,
    ReportPage,
    WeeklyFavouritesPage,
    monday_of,
)
from xmille.demo import sites as sites_demo
from xmille.demo.sites import DemoNetwork

from .helpers import soup_of, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_network():
    network = DemoNetwork(port=80)
    sites_demo.build(network)
    # A small agenda on the first site: the magazine writes about whatever exists.
    home = network.sites[0].home
    region = RegionPageFactory(parent=home, title="Liège", slug="liege")
    organizer = OrganizerPageFactory(parent=region, title="ASBL Les Ondes")
    soon = timezone.now() + timedelta(days=1)
    for n in range(4):
        EventPageFactory(parent=organizer, title=f"Concert {n}", dates=[(soon, None)])
    EventPageFactory(parent=organizer, title="Bal annulé", status="cancelled", dates=[(soon, None)])
    magazine_demo.build(network)
    return network


def test_every_site_has_its_magazine_and_a_rerun_creates_nothing_twice(demo_network):
    for demo in demo_network.sites:
        magazine = MagazineIndexPage.objects.child_of(demo.home).get()
        pieces = MagazinePiece.objects.live().child_of(magazine)
        assert pieces.count() >= 12
        for model in (InterviewPage, ChroniclePage, ReportPage):
            assert pieces.type(model).count() >= 3
        assert set(ReportPage.objects.child_of(magazine).values_list("kind", flat=True)) == {
            "video",
            "photo",
            "written",
        }
        favourites = WeeklyFavouritesPage.objects.child_of(magazine)
        assert favourites.count() == 4
        assert favourites.filter(week_start=monday_of(timezone.localdate())).exists()
        authors = Author.objects.filter(pieces__in=pieces).distinct()
        assert authors.count() == 6
        # images live in the site's own collection, with alt text and credit
        for piece in pieces.specific():
            assert piece.main_image.collection_id == demo.collection.pk
            assert piece.main_image.description and piece.main_image.credit

    before = (MagazinePiece.objects.count(), Author.objects.count(), Embed.objects.count())
    magazine_demo.build(demo_network)
    assert (MagazinePiece.objects.count(), Author.objects.count(), Embed.objects.count()) == before


def test_videos_render_from_stored_embeds_and_picks_include_the_cancelled_event(
    client, demo_network, settings
):
    settings.WAGTAILEMBEDS_FINDERS = []  # no finder at all: only stored answers can serve
    assert Embed.objects.filter(url__in=magazine_demo.VIDEOS).count() == len(magazine_demo.VIDEOS)
    site = Site.objects.get(hostname="quatremille.localhost")
    report = ReportPage.objects.descendant_of(site.root_page).filter(kind="video").first()
    response = client.get(url(report), HTTP_HOST=site.hostname)
    assert soup_of(response).select_one(".video__frame iframe")["src"].startswith("https://")

    home = demo_network.sites[0].home
    current = WeeklyFavouritesPage.objects.descendant_of(home).get(
        week_start=monday_of(timezone.localdate())
    )
    events = [pick.event for pick in current.picks.all()]
    assert len(events) == 3
    assert all(event.is_descendant_of(home) for event in events)
    assert any(event.status == "cancelled" for event in events)


def test_cards_read_as_base_rows_are_the_cards_of_the_specific_pages(demo_network):
    """The home's latest pieces and "Dans le magazine" read pieces as base rows
    (`card_listing`, three queries whatever the types): each card is the one the specific
    page gives, its type's label included (a report's kind)."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from magazine.models import MagazinePiece, card_listing, listing

    pieces = MagazinePiece.objects.live()
    assert {type(piece).__name__ for piece in listing(pieces)} >= {
        "InterviewPage",
        "ChroniclePage",
        "ReportPage",
        "WeeklyFavouritesPage",
    }
    request = RequestFactory().get("/", HTTP_HOST=Site.objects.get(is_default_site=True).hostname)

    def cards(queryset) -> list[str]:
        return [
            render_to_string("magazine/includes/piece_card.html", {"piece": piece}, request=request)
            for piece in queryset
        ]

    assert cards(card_listing(pieces)) == cards(listing(pieces))
    labels = {piece.type_label for piece in card_listing(pieces)}
    assert {"reportage vidéo", "reportage photo"} <= {str(label).lower() for label in labels}
