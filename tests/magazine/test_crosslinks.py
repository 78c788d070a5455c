"""Weekly favourites on the home page and the agenda; "in the magazine" on the pages a piece
is about; offline embeds."""

from datetime import timedelta
from unittest import mock

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

import pytest

from events.factories import EventPageFactory
from magazine.embeds import RecordedOEmbedFinder
from magazine.factories import (
    ChroniclePageFactory,
    InterviewPageFactory,
    MagazineIndexPageFactory,
    ReportPageFactory,
    WeeklyFavouritesPageFactory,
)
from magazine.models import monday_of

from .helpers import HOST, soup_of, url

pytestmark = pytest.mark.django_db


def this_monday():
    return monday_of(timezone.localdate())


def render_tag(source, page=None, host=HOST):
    request = RequestFactory().get("/", HTTP_HOST=host)
    template = Template("{% load magazine_tags %}" + source)
    return soup_of_html(template.render(Context({"request": request, "page": page})))


def soup_of_html(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def cancelled(world):
    return EventPageFactory(
        parent=world.organizer, title="Bal annulé", slug="bal-annule", status="cancelled"
    )


def test_home_page_shows_the_current_weeks_picks(client, world, cancelled):
    WeeklyFavouritesPageFactory(
        parent=world.magazine,
        title="Nos coups de cœur",
        week_start=this_monday() + timedelta(days=2),  # any day of the week means that week
        picks=[(world.event, "Des voix qui donnent des frissons."), (cancelled, "Quel dommage.")],
    )
    WeeklyFavouritesPageFactory(
        parent=world.magazine,
        title="La semaine passée",
        week_start=this_monday() - timedelta(days=7),
        picks=[(world.event, "Déjà vu.")],
    )
    soup = soup_of(client.get("/", HTTP_HOST=HOST))
    section = soup.select_one("section.weekly-picks")
    assert section.find("h2").get_text() == "Nos coups de cœur de la semaine"
    picks = section.select("li.pick")
    assert [p.select_one(".pick__title a").get_text() for p in picks] == [
        "Concert des Hirondelles",
        "Bal annulé",
    ]
    assert picks[0].select_one(".pick__blurb").get_text() == "Des voix qui donnent des frissons."
    assert picks[0].select_one(".pick__when time")
    assert not picks[0].select_one(".pick__status")
    assert "pick--cancelled" in picks[1]["class"]
    assert "Cet événement est annulé." in picks[1].select_one(".pick__status").get_text()
    assert "Déjà vu." not in soup.get_text()


def test_weekly_favourites_page_says_a_pick_is_cancelled(client, world, cancelled):
    page = WeeklyFavouritesPageFactory(parent=world.magazine, picks=[(cancelled, "On y croyait.")])
    assert page.week_start.weekday() == 0
    soup = soup_of(client.get(url(page), HTTP_HOST=HOST))
    pick = soup.select_one("li.pick")
    assert pick.select_one(".badge--cancelled").get_text() == "Annulé"
    assert "Semaine du" in soup.select_one(".favourites__week").get_text()


def test_no_picks_this_week_means_no_section(client, world):
    WeeklyFavouritesPageFactory(
        parent=world.magazine,
        week_start=this_monday() - timedelta(days=7),
        picks=[(world.event, "Vieux.")],
    )
    soup = soup_of(client.get("/", HTTP_HOST=HOST))
    assert soup.select_one("section.weekly-picks") is None


def test_picks_are_per_site_and_drop_unpublished_events(client, world, network):
    hidden = EventPageFactory(parent=world.organizer, title="Retiré", live=False)
    WeeklyFavouritesPageFactory(
        parent=world.magazine, picks=[(world.event, "Oui."), (hidden, "Non.")]
    )
    assert [
        p.get_text() for p in soup_of(client.get("/", HTTP_HOST=HOST)).select(".pick__title")
    ] == ["Concert des Hirondelles"]
    MagazineIndexPageFactory(parent=network["cinqmille"].root_page)
    soup = soup_of(client.get("/", HTTP_HOST="cinqmille.localhost"))
    assert soup.select_one("section.weekly-picks") is None


def test_agenda_include_renders_the_weeks_picks(world):
    WeeklyFavouritesPageFactory(parent=world.magazine, picks=[(world.event, "À voir.")])
    soup = render_tag('{% include "magazine/includes/agenda_picks.html" %}')
    assert soup.select_one("section.weekly-picks .pick__blurb").get_text() == "À voir."
    assert soup.find("link", rel="stylesheet")


def test_home_lists_the_latest_pieces(client, world):
    InterviewPageFactory(parent=world.magazine, title="Dernière interview")
    soup = soup_of(client.get("/", HTTP_HOST=HOST))
    latest = soup.select_one("section.latest-pieces")
    assert latest.select_one(".piece-card__title a").get_text() == "Dernière interview"
    assert latest.find("a", href="/magazine/")


def test_pages_a_piece_is_about_show_it_in_the_magazine(world):
    """Every way a piece names a page counts: its mentions, an interviewee's organization, a
    chronicle's subject, a weekly pick. Drafts do not."""
    by_mention = ReportPageFactory(
        parent=world.magazine, title="Reportage au concert", mentions=[world.event, world.venue]
    )
    InterviewPageFactory(
        parent=world.magazine, title="L'ASBL parle", interviewee_page=world.organizer
    )
    ChroniclePageFactory(
        parent=world.magazine, title="Chronique du concert", subject_page=world.event
    )
    WeeklyFavouritesPageFactory(
        parent=world.magazine, title="Coups de cœur", picks=[(world.event, "Oui.")]
    )
    InterviewPageFactory(
        parent=world.magazine, title="Brouillon", live=False, mentions=[world.event]
    )

    def shown(page):
        soup = render_tag("{% magazine_mentions page %}", page)
        section = soup.select_one("section.magazine-mentions")
        return section and sorted(a.get_text() for a in section.select(".piece-card__title a"))

    assert shown(world.event) == ["Chronique du concert", "Coups de cœur", "Reportage au concert"]
    assert shown(world.venue) == ["Reportage au concert"]
    assert shown(world.organizer) == ["L'ASBL parle"]
    other = EventPageFactory(parent=world.organizer, title="Rien à dire")
    assert shown(other) is None
    # and the other way round: the piece links to the pages it is about
    assert [p.pk for p in by_mention.about_pages()] == [world.event.pk, world.venue.pk]


def test_piece_links_to_the_pages_it_is_about(client, world):
    piece = ReportPageFactory(parent=world.magazine, mentions=[world.venue])
    soup = soup_of(client.get(url(piece), HTTP_HOST=HOST))
    about = soup.select_one(".piece__about")
    assert about.find("a", href=url(world.venue)).get_text() == "La Zone"


@pytest.mark.parametrize(
    ("address", "player"),
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "https://www.youtube-nocookie.com/embed/"),
        ("https://youtu.be/aqz-KE-bpKQ", "https://www.youtube-nocookie.com/embed/"),
        ("https://vimeo.com/1084537", "https://player.vimeo.com/video/1084537"),
        ("https://framatube.org/w/abc-123", "https://framatube.org/videos/embed/abc-123"),
    ],
)
def test_recorded_finder_answers_known_providers_offline(address, player):
    finder = RecordedOEmbedFinder()
    assert finder.accept(address)
    embed = finder.find_embed(address)
    assert f'src="{player}' in embed["html"]
    assert embed["type"] == "video"


def test_recorded_finder_refuses_other_addresses():
    assert not RecordedOEmbedFinder().accept("https://example.com/video/1")


def test_event_venue_and_organizer_pages_show_in_the_magazine(client, world):
    ReportPageFactory(
        parent=world.magazine, title="Reportage au concert", mentions=[world.event, world.venue]
    )
    InterviewPageFactory(
        parent=world.magazine, title="L'ASBL parle", interviewee_page=world.organizer
    )
    for page, expected in [
        (world.event, "Reportage au concert"),
        (world.venue, "Reportage au concert"),
        (world.organizer, "L'ASBL parle"),
    ]:
        response = client.get(url(page), HTTP_HOST=HOST)
        assert response.status_code == 200
        section = soup_of(response).select_one("section.magazine-mentions")
        assert section.find("h2").get_text() == "Dans le magazine"
        assert [a.get_text() for a in section.select(".piece-card__title a")] == [expected]


def test_agenda_page_shows_the_weeks_picks(client, world):
    from events.models import AgendaPage

    agenda = AgendaPage(title="Agenda", slug="agenda")
    world.home.add_child(instance=agenda)
    WeeklyFavouritesPageFactory(parent=world.magazine, picks=[(world.event, "À voir.")])
    soup = soup_of(client.get(url(agenda), HTTP_HOST=HOST))
    assert soup.select_one("section.weekly-picks .pick__blurb").get_text() == "À voir."


def test_agenda_picks_are_built_once_for_every_filter_and_again_after_a_publication(
    client, world, monkeypatch
):
    """The week's picks are the same whatever the agenda's filters: one cached block for the
    site and language, renewed when the site's content changes."""
    import magazine.templatetags.magazine_tags as tags
    from tests.events.factories_detail import AgendaPageFactory

    AgendaPageFactory(parent=world.home, slug="agenda")
    picks = WeeklyFavouritesPageFactory(
        parent=world.magazine, week_start=this_monday(), picks=[(world.event, "À voir.")]
    )
    built = []
    real = tags.current_favourites
    monkeypatch.setattr(
        tags, "current_favourites", lambda *a, **k: built.append(1) or real(*a, **k)
    )
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):  # one minute
        for path in ("/agenda/", "/agenda/?when=weekend", "/agenda/?page=2"):
            response = client.get(path, HTTP_HOST=HOST)
            assert "À voir." in soup_of(response).select_one("section.weekly-picks").get_text()
    assert len(built) == 1
    picks.picks.first().delete()  # not seen until a publication renews the site's content
    picks.save_revision().publish()
    section = soup_of(client.get("/agenda/?when=weekend", HTTP_HOST=HOST)).select_one(
        "section.weekly-picks"
    )
    assert len(built) == 2
    assert section is None or "À voir." not in section.get_text()


def test_in_the_magazine_is_kept_with_the_sites_content_and_sees_other_sites_pieces(
    client, world, network, monkeypatch
):
    """ "Dans le magazine" is read once for the site's content, whatever the address; a piece
    about the event published on another site's magazine shows at once (its publication
    renews the event's site), and so does its unpublication."""
    import magazine.templatetags.magazine_tags as tags

    built = []
    real = tags.pieces_about
    monkeypatch.setattr(tags, "pieces_about", lambda *a, **k: built.append(1) or real(*a, **k))

    def titles(query=""):
        response = client.get(url(world.event) + query, HTTP_HOST=HOST)
        section = soup_of(response).select_one("section.magazine-mentions")
        return [a.get_text() for a in section.select(".piece-card__title a")] if section else []

    # The clock stands still: the fragment is keyed on the minute too (one turning between
    # the two visits would build it twice).
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        assert titles() == titles("?utm_source=lettre") == []
    assert len(built) == 1

    namur = MagazineIndexPageFactory(parent=network["cinqmille"].root_page)
    piece = ReportPageFactory(parent=namur, title="Vu de Namur", live=False, mentions=[world.event])
    piece.save_revision().publish()
    assert titles("?utm_source=lettre") == ["Vu de Namur"]
    piece.refresh_from_db()
    piece.unpublish()
    assert titles() == []


def test_picks_are_kept_through_other_publications_and_renewed_by_a_picked_events(
    client, world, monkeypatch
):
    """The week's picks on the agenda and the home are kept with the site's structure: an
    event published on the site leaves them (most are not picked), the picked event's
    publication shows at once."""
    import magazine.templatetags.magazine_tags as tags
    from events.models import EventPage
    from tests.events.factories_detail import AgendaPageFactory

    AgendaPageFactory(parent=world.home, slug="agenda")
    WeeklyFavouritesPageFactory(
        parent=world.magazine, week_start=this_monday(), picks=[(world.event, "À voir.")]
    )
    built = []
    real = tags.current_favourites
    monkeypatch.setattr(
        tags, "current_favourites", lambda *a, **k: built.append(1) or real(*a, **k)
    )

    def picks(path):
        section = soup_of(client.get(path, HTTP_HOST=HOST)).select_one("section.weekly-picks")
        return section.get_text(" ", strip=True)

    assert "Concert des Hirondelles" in picks("/agenda/") and "À voir." in picks("/")
    assert len(built) == 2  # the agenda's and the home's

    other = EventPageFactory(parent=world.organizer, title="Pas choisi", live=False)
    other.save_revision().publish()
    assert "Concert des Hirondelles" in picks("/agenda/?when=weekend")
    assert "Concert des Hirondelles" in picks("/?utm_source=lettre")
    assert len(built) == 2

    event = EventPage.objects.get(pk=world.event.pk)
    event.title = "Les Hirondelles en concert"
    event.save_revision().publish()
    assert "Les Hirondelles en concert" in picks("/agenda/?when=today")
    assert "Les Hirondelles en concert" in picks("/?utm_source=affiche")
    assert len(built) == 4
