"""Each type of piece renders with its blocks, its metadata and its links."""

import json

from django.core.exceptions import ValidationError

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from magazine.factories import (
    ChroniclePageFactory,
    InterviewPageFactory,
    ReportPageFactory,
)
from magazine.models import PieceCredit, PieceMention, ReportPage

pytestmark = pytest.mark.django_db
HOST = "quatremille.localhost"


def image(alt="Une photo", credit="© Marie Dupont"):
    return wagtail_factories.ImageFactory(description=alt, credit=credit)


def url(page) -> str:
    """The page's path on its own site."""
    return page.get_url_parts()[2]


def get(client, page, **params):
    response = client.get(url(page), params, HTTP_HOST=HOST)
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def test_interview_renders_questions_answers_and_a_credited_portrait(client, world):
    portrait = image(alt="Camille sourit, guitare à la main", credit="© Jo Lens")
    piece = InterviewPageFactory(
        parent=world.magazine,
        title="Camille Dubois, l'hirondelle",
        interviewee="Camille Dubois",
        interviewee_role="chanteuse des Hirondelles",
        interviewee_page=world.organizer,
        portrait=portrait,
        authors=[world.lea],
        body=[
            ("question", {"text": "D'où vient le nom du groupe ?"}),
            ("answer", {"text": "<p>D'un <b>printemps</b> à Liège.</p>"}),
            ("pull_quote", {"text": "On joue comme on respire."}),
        ],
    )
    soup = get(client, piece)
    assert soup.find("h1").get_text() == "Camille Dubois, l'hirondelle"
    who = soup.select_one(".interview__who")
    assert "chanteuse des Hirondelles" in who.get_text()
    assert who.find("a", href=url(world.organizer))
    assert soup.select_one(".qa__question").get_text(strip=True) == "D'où vient le nom du groupe ?"
    answer = soup.select_one(".qa__answer")
    assert answer.select_one(".qa__speaker").get_text() == "Camille Dubois :"
    assert answer.find("b", string="printemps")
    assert "On joue comme on respire." in soup.select_one("aside.pull-quote").get_text()
    portrait_figure = soup.select_one(".interview__portrait")
    assert portrait_figure.find("img")["alt"] == "Camille sourit, guitare à la main"
    assert portrait_figure.find("source")  # modern formats through renditions
    assert "© Jo Lens" in portrait_figure.figcaption.get_text()


def test_chronicle_shows_its_subject_and_pull_quotes(client, world):
    piece = ChroniclePageFactory(
        parent=world.magazine,
        subject_kind="show",
        subject_title="",
        subject_page=world.event,
        body=[
            ("paragraph", "<p>Une soirée lumineuse.</p>"),
            ("pull_quote", {"text": "Le public debout"}),
            ("heading", {"text": "La salle", "level": "h2"}),
        ],
    )
    soup = get(client, piece)
    subject = soup.select_one(".chronicle__subject")
    assert "Spectacle" in subject.get_text()
    assert subject.find("a", href=url(world.event)).get_text() == "Concert des Hirondelles"
    assert soup.select_one("aside.pull-quote").get_text(strip=True) == "« Le public debout »"
    assert soup.find("h2", string="La salle")


def test_chronicle_needs_a_subject():
    piece = ChroniclePageFactory.build(subject_title="", subject_page=None)
    with pytest.raises(ValidationError) as error:
        piece.clean()
    assert "subject_title" in error.value.message_dict


def test_video_report_embeds_the_video_offline_with_its_credit(client, world):
    piece = ReportPageFactory(
        parent=world.magazine,
        kind=ReportPage.Kind.VIDEO,
        body=[
            (
                "video",
                {
                    "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "caption": "Le concert en trois minutes",
                    "credit": "Studio Meuse",
                },
            ),
            (
                "video",
                {
                    "video": "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
                    "caption": "",
                    "credit": "",
                },
            ),
        ],
    )
    soup = get(client, piece)
    assert soup.select_one(".piece__type").get_text(strip=True) == "Reportage vidéo"
    frames = soup.select(".video__frame iframe")
    assert frames[0]["src"].startswith("https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")
    assert frames[0]["title"]  # screen readers name the frame
    assert frames[1]["src"].startswith("https://framatube.org/videos/embed/")
    caption = soup.select_one(".video figcaption").get_text()
    assert "Le concert en trois minutes" in caption
    assert "Vidéo : Studio Meuse" in caption


def test_photo_report_gallery_has_captions_alt_texts_and_credits(client, world):
    first = image(alt="La scène vue du balcon", credit="© Ana Photo")
    second = image(alt="Le public applaudit", credit="© Ben Pix")
    piece = ReportPageFactory(
        parent=world.magazine,
        kind=ReportPage.Kind.PHOTO,
        body=[
            (
                "gallery",
                {
                    "title": "La soirée en images",
                    "photos": [
                        {"image": first, "caption": "20 h 30, la salle est pleine"},
                        {"image": second, "caption": ""},
                    ],
                },
            )
        ],
    )
    piece.credits.add(PieceCredit(role="photo", name="Ana Photo"))
    piece.save()
    soup = get(client, piece)
    gallery = soup.select_one("section.gallery")
    assert gallery.find("h2").get_text() == "La soirée en images"
    items = gallery.select(".gallery__item")
    assert [item.find("img")["alt"] for item in items] == [
        "La scène vue du balcon",
        "Le public applaudit",
    ]
    assert "20 h 30, la salle est pleine" in items[0].figcaption.get_text()
    assert "© Ana Photo" in items[0].figcaption.get_text()
    assert "© Ben Pix" in items[1].figcaption.get_text()
    assert soup.select_one(".piece__credits").get_text(strip=True) == "Photos : Ana Photo"


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        ("video", [("paragraph", "<p>Texte.</p>")], "au moins une vidéo"),
        ("photo", [("paragraph", "<p>Texte.</p>")], "au moins une galerie"),
    ],
)
def test_report_kind_requires_its_media(kind, body, message):
    piece = ReportPageFactory.build(kind=kind, body=body)
    with pytest.raises(ValidationError) as error:
        piece.clean()
    assert message in str(error.value.message_dict["body"])


def test_written_report_needs_no_media():
    ReportPageFactory.build(kind="written", body=[("paragraph", "<p>Texte.</p>")]).clean()


def test_article_shows_authors_date_reading_time_and_links_to_author_pages(client, world):
    words = " ".join(["mot"] * 1000)
    piece = ChroniclePageFactory(
        parent=world.magazine,
        authors=[world.lea, world.tom],
        body=[("paragraph", f"<p>{words}</p>")],
    )
    assert piece.reading_minutes == 5
    soup = get(client, piece)
    authors = soup.select(".piece__authors a[rel=author]")
    assert [a.get_text() for a in authors] == ["Léa Martin", "Tom Lambert"]
    assert authors[0]["href"] == "/magazine/auteurs/lea-martin/"
    time = soup.select_one(".piece__meta time")
    assert time["datetime"].startswith(piece.first_published_at.astimezone().date().isoformat())
    assert "5 minutes de lecture" in soup.select_one(".piece__reading").get_text()


def test_article_head_carries_json_ld_and_open_graph_on_the_site_host(client, world):
    picture = image(alt="Affiche du concert")
    piece = InterviewPageFactory(
        parent=world.magazine,
        title="Pas de </script><b>balise</b> ici & là",
        teaser="Un chapeau.",
        main_image=picture,
        authors=[world.lea],
        mentions=[world.event],
    )
    response = client.get(url(piece), HTTP_HOST=HOST)
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    nonce = scripts[0]["nonce"]
    assert nonce and nonce in response.headers["Content-Security-Policy"]
    raw = scripts[0].string
    assert "</script>" not in raw and "<b>" not in raw
    data = json.loads(raw)
    assert data["@type"] == "Article"
    assert data["headline"] == "Pas de </script><b>balise</b> ici & là"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Léa Martin",
            "url": "http://quatremille.localhost/magazine/auteurs/lea-martin/",
        }
    ]
    assert data["url"] == f"http://quatremille.localhost{url(piece)}"
    assert data["datePublished"].startswith(str(piece.first_published_at.year))
    assert data["image"][0].startswith("http://quatremille.localhost/")
    assert data["about"] == [
        {
            "@type": "Event",
            "name": "Concert des Hirondelles",
            "url": "http://quatremille.localhost/liege/les-ondes/concert-hirondelles/",
        }
    ]
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:url"] == f"http://quatremille.localhost{url(piece)}"
    assert og["og:image"].startswith("http://quatremille.localhost/")
    assert og["og:image:alt"] == "Affiche du concert"
    assert og["og:site_name"] == "Quatremille"
    assert og["article:author"] == "http://quatremille.localhost/magazine/auteurs/lea-martin/"


def test_a_report_is_a_news_article(client, world):
    piece = ReportPageFactory(parent=world.magazine)
    soup = get(client, piece)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"


def test_related_pieces_share_a_category_or_a_subject(client, world):
    piece = ChroniclePageFactory(
        parent=world.magazine, title="Le concert", category_list=[world.concert]
    )
    same_category = ReportPageFactory(
        parent=world.magazine, title="Autre concert", category_list=[world.concert]
    )
    same_subject = InterviewPageFactory(
        parent=world.magazine, title="L'organisateur", mentions=[world.event]
    )
    piece.mentions.add(PieceMention(target=world.event))
    piece.save()
    ReportPageFactory(parent=world.magazine, title="Sans rapport", category_list=[world.theatre])
    soup = get(client, piece)
    related = [a.get_text() for a in soup.select(".related .piece-card__title a")]
    assert set(related[:2]) == {same_category.title, same_subject.title}
    assert "Le concert" not in related


def test_drafts_are_not_served(client, world):
    piece = InterviewPageFactory(parent=world.magazine, live=False)
    assert client.get(url(piece), HTTP_HOST=HOST).status_code == 404
