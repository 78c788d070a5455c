"""The magazine index: featured piece, latest pieces, filters, pagination, author pages."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import wagtail_factories

from magazine.factories import (
    ChroniclePageFactory,
    InterviewPageFactory,
    MagazineIndexPageFactory,
    ReportPageFactory,
    WeeklyFavouritesPageFactory,
)
from magazine.models import PIECES_PER_PAGE

from .helpers import HOST, soup_of, url

pytestmark = pytest.mark.django_db


def titles(soup):
    return [a.get_text() for a in soup.select(".magazine__latest .piece-card__title a")]


def featured_title(soup):
    link = soup.select_one(".magazine__featured .piece-card__title a")
    return link.get_text() if link else None


def days_ago(n):
    return timezone.now() - timedelta(days=n)


@pytest.fixture
def pieces(world):
    mag = world.magazine
    return {
        "interview": InterviewPageFactory(
            parent=mag,
            title="Rencontre",
            first_published_at=days_ago(1),
            category_list=[world.concert],
            region_list=[world.region],
            tag_list=["jazz"],
        ),
        "chronicle": ChroniclePageFactory(
            parent=mag,
            title="Chronique d'album",
            first_published_at=days_ago(2),
            category_list=[world.concert],
            region_list=[world.other_region],
        ),
        "report": ReportPageFactory(
            parent=mag,
            title="Compte rendu",
            first_published_at=days_ago(3),
            category_list=[world.theatre],
            region_list=[world.region],
            tag_list=["jazz", "festival"],
        ),
        "favourites": WeeklyFavouritesPageFactory(
            parent=mag, title="Coups de cœur", first_published_at=days_ago(4)
        ),
        "draft": InterviewPageFactory(parent=mag, title="Brouillon", live=False),
    }


def test_latest_piece_is_featured_and_the_others_follow(client, world, pieces):
    soup = soup_of(client.get(url(world.magazine), HTTP_HOST=HOST))
    assert featured_title(soup) == "Rencontre"
    assert len(soup.select(".piece-card--featured")) == 1
    assert titles(soup) == ["Chronique d'album", "Compte rendu", "Coups de cœur"]


def test_chosen_featured_piece_wins(client, world, pieces):
    world.magazine.featured_piece = pieces["report"]
    world.magazine.save()
    soup = soup_of(client.get(url(world.magazine), HTTP_HOST=HOST))
    assert featured_title(soup) == "Compte rendu"
    assert titles(soup) == ["Rencontre", "Chronique d'album", "Coups de cœur"]


def test_a_draft_featured_piece_falls_back_to_the_latest(client, world, pieces):
    world.magazine.featured_piece = pieces["draft"]
    world.magazine.save()
    soup = soup_of(client.get(url(world.magazine), HTTP_HOST=HOST))
    assert featured_title(soup) == "Rencontre"
    assert "Brouillon" not in soup.get_text()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "interview"}, ["Rencontre"]),
        ({"type": "chronique"}, ["Chronique d'album"]),
        ({"type": "reportage"}, ["Compte rendu"]),
        ({"type": "coups-de-coeur"}, ["Coups de cœur"]),
        ({"category": "concert"}, ["Rencontre", "Chronique d'album"]),
        ({"region": "liege"}, ["Rencontre", "Compte rendu"]),
        ({"tag": "jazz"}, ["Rencontre", "Compte rendu"]),
        ({"tag": "festival", "type": "reportage"}, ["Compte rendu"]),
        ({"category": "concert", "region": "verviers"}, ["Chronique d'album"]),
        ({"tag": "inconnu"}, []),
    ],
)
def test_filters(client, world, pieces, params, expected):
    soup = soup_of(client.get(url(world.magazine), params, HTTP_HOST=HOST))
    assert featured_title(soup) is None  # a filtered list has no "featured" piece
    assert titles(soup) == expected


def test_type_links_mark_the_current_type(client, world, pieces):
    soup = soup_of(client.get(url(world.magazine), {"type": "interview"}, HTTP_HOST=HOST))
    current = soup.select_one(".magazine__types a[aria-current=page]")
    assert current.get_text() == "Interviews"
    assert current["href"] == "/magazine/?type=interview"


@pytest.mark.parametrize(
    "params",
    [
        {"type": "podcast"},
        {"category": "nope"},
        {"region": "namur"},
        {"tag": "<script>"},
        {"page": "abc"},
        {"page": "9999"},
        {"tag": "x" * 5000},
    ],
)
def test_bad_filters_are_explained_never_a_500(client, world, pieces, params):
    response = client.get(url(world.magazine), params, HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = soup_of(response)
    if "page" not in params:
        assert soup.select_one(".magazine__errors[role=alert]")
        assert titles(soup) == []


def test_region_filter_offers_only_the_sites_regions(client, world, network):
    from events.factories import RegionPageFactory

    RegionPageFactory(parent=network["cinqmille"].root_page, title="Namur", slug="namur")
    soup = soup_of(client.get(url(world.magazine), HTTP_HOST=HOST))
    options = [o["value"] for o in soup.select("select[name=region] option")]
    assert options == ["", "liege", "verviers"]


def test_pagination_keeps_the_filters(client, world):
    for n in range(PIECES_PER_PAGE + 2):
        InterviewPageFactory(parent=world.magazine, title=f"Interview {n:02}")
    ChroniclePageFactory(parent=world.magazine)
    soup = soup_of(client.get(url(world.magazine), {"type": "interview"}, HTTP_HOST=HOST))
    assert len(titles(soup)) == PIECES_PER_PAGE
    next_link = soup.select_one(".pagination a[rel=next]")["href"]
    assert "type=interview" in next_link and "page=2" in next_link
    soup = soup_of(client.get(url(world.magazine) + next_link, HTTP_HOST=HOST))
    assert len(titles(soup)) == 2


def test_featured_piece_leads_page_one_only_and_is_never_repeated(client, world):
    for n in range(PIECES_PER_PAGE + 3):
        InterviewPageFactory(
            parent=world.magazine, title=f"Interview {n:02}", first_published_at=days_ago(n)
        )
    page_one = soup_of(client.get(url(world.magazine), HTTP_HOST=HOST))
    page_two = soup_of(client.get(url(world.magazine), {"page": 2}, HTTP_HOST=HOST))
    assert featured_title(page_one) == "Interview 00"
    assert featured_title(page_two) is None
    listed = titles(page_one) + titles(page_two)
    assert listed == [f"Interview {n:02}" for n in range(1, PIECES_PER_PAGE + 3)]


def test_pieces_of_another_site_stay_there(client, world, network):
    other = MagazineIndexPageFactory(parent=network["cinqmille"].root_page)
    InterviewPageFactory(parent=other, title="À Namur")
    InterviewPageFactory(parent=world.magazine, title="À Liège")
    soup = soup_of(client.get(url(world.magazine), HTTP_HOST=HOST))
    assert "À Namur" not in soup.get_text()
    assert featured_title(soup) == "À Liège"


def _count_queries(client, path):
    client.get(path, HTTP_HOST=HOST)  # warm up: renditions are created on first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def test_index_query_count_does_not_grow_with_the_pieces(client, world):
    """Cards come in a fixed number of queries per type of piece (specific pages, authors,
    images, renditions), whatever the number of pieces."""
    types = [
        InterviewPageFactory,
        ChroniclePageFactory,
        ReportPageFactory,
        WeeklyFavouritesPageFactory,
    ]

    def add_pieces(n):
        for i in range(n):
            image = wagtail_factories.ImageFactory(description=f"Image {i}", credit="©")
            types[i % len(types)](
                parent=world.magazine,
                main_image=image,
                authors=[world.lea, world.tom],
                category_list=[world.concert],
            )

    add_pieces(8)  # every type twice: one may be featured, the list still has all four
    few = _count_queries(client, url(world.magazine))
    add_pieces(3 * PIECES_PER_PAGE)
    many = _count_queries(client, url(world.magazine))
    assert many == few
    assert many <= 40
    filtered = _count_queries(client, url(world.magazine) + "?type=interview&category=concert")
    assert filtered <= 25


def test_author_page_lists_their_pieces_on_this_magazine(client, world, network):
    InterviewPageFactory(parent=world.magazine, title="Par Léa", authors=[world.lea])
    ChroniclePageFactory(parent=world.magazine, title="À deux", authors=[world.lea, world.tom])
    ReportPageFactory(parent=world.magazine, title="Par Tom", authors=[world.tom])
    InterviewPageFactory(parent=world.magazine, title="Brouillon de Léa", live=False)
    other = MagazineIndexPageFactory(parent=network["cinqmille"].root_page)
    InterviewPageFactory(parent=other, title="Léa à Namur", authors=[world.lea])

    response = client.get("/magazine/auteurs/lea-martin/", HTTP_HOST=HOST)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("h1").get_text() == "Léa Martin"
    listed = [a.get_text() for a in soup.select(".piece-card__title a")]
    assert listed == ["À deux", "Par Léa"]
    assert "2 articles dans ce magazine" in soup.get_text()


def test_unknown_author_is_a_404(client, world):
    assert client.get("/magazine/auteurs/personne/", HTTP_HOST=HOST).status_code == 404
