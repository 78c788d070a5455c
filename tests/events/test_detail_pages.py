"""The public event, venue and organizer pages: every fact, dates, blocks, links, OG tags."""

from datetime import timedelta
from itertools import count
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from events.factories import EventCategoryFactory, EventPageFactory, VenuePageFactory
from events.models import EventOccurrence, EventPage

from .factories_detail import AgendaPageFactory, CreditedImageFactory, add_date, build_scene, soon

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"


def get(client, url, **params):
    response = client.get(url, params, HTTP_HOST=HOST)
    assert response.status_code == 200, response.content[:500]
    return response


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def scene(network):
    scene = build_scene(network["quatremille"].root_page)
    add_date(scene.event, soon(10), soon(10) + timedelta(hours=3))
    add_date(scene.event, soon(11), soon(11) + timedelta(hours=3), cancelled=True)
    add_date(scene.event, soon(12))
    return scene


def path(page) -> str:
    """The page's address on its own site (page.url is absolute on a multi-site network)."""
    return urlsplit(page.url).path


def text_of(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def test_event_page_shows_every_fact(client, scene):
    AgendaPageFactory(parent=scene.home)
    soup = soup_of(get(client, scene.event.url))
    text = text_of(soup)

    assert soup.find("h1").get_text() == "Nuit du jazz"
    assert "Trois groupes, une nuit, toute la ville qui swingue." in text
    assert [li.get_text() for li in soup.select(".detail__categories li")] == ["Concert"]
    category_link = soup.select_one(".detail__categories a")
    assert category_link["href"] == "/agenda/?category=concert"
    assert "Jeune public, dès 8 ans" in text
    assert "12 € / 8 € réduit" in text
    ticket = soup.find("a", href="https://tickets.example.be/nuit-du-jazz")
    assert ticket.get_text(strip=True) == "Billetterie"
    assert "Sur place" in text
    assert "Français, langue des signes (LSFB)" in text
    assert "Trio Bleu, Les Cuivres de Meuse" in text
    assert "Interprétation en langue des signes." in text
    assert soup.select_one(".stream b").get_text() == "inoubliable"


def test_event_image_is_responsive_with_alt_text_and_credit(client, scene):
    soup = soup_of(get(client, scene.event.url))
    figure = soup.select_one(".detail__figure")
    picture = figure.find("picture")
    img = picture.find("img")
    assert img["alt"] == "Le groupe sur scène, sous une lumière bleue"
    assert "480w" in img["srcset"] and "1200w" in img["srcset"]
    assert img["sizes"]
    assert {source["type"] for source in picture.find_all("source")} == {"image/webp"}
    assert figure.find("figcaption").get_text(" ", strip=True).endswith("© Marie Dupont")


def test_event_lists_upcoming_dates_with_cancelled_ones_marked(client, scene):
    past = add_date(scene.event, soon(-3))
    soup = soup_of(get(client, scene.event.url))
    items = soup.select("#dates .date-list__item")
    assert len(items) == 3  # the past date is gone
    assert [("is-cancelled" in item["class"]) for item in items] == [False, True, False]
    assert "annulé" in items[1].get_text()
    assert items[1].find("s")
    first = items[0].find("time")
    assert first["datetime"] == timezone.localtime(soon(10)).isoformat()
    day = timezone.localtime(soon(10))
    assert str(day.day) in first.get_text() and "20:00" in first.get_text()
    assert timezone.localtime(past.start).isoformat() not in str(items)


def test_event_without_upcoming_date_says_so(client, network):
    scene = build_scene(network["quatremille"].root_page)
    add_date(scene.event, soon(-5))
    soup = soup_of(get(client, scene.event.url))
    assert "Cet événement n'a plus de date à venir." in text_of(soup)
    assert soup.select(".date-list--past li")
    assert not soup.find("a", string="Ajouter à mon agenda")


@pytest.mark.parametrize(
    ("status", "title"),
    [
        (EventPage.Status.CANCELLED, "Annulé"),
        (EventPage.Status.POSTPONED, "Reporté"),
        (EventPage.Status.RESCHEDULED, "Nouvelles dates"),
        (EventPage.Status.SOLD_OUT, "Complet"),
    ],
)
def test_event_status_is_prominent(client, scene, status, title):
    scene.event.status = status
    scene.event.save()
    soup = soup_of(get(client, scene.event.url))
    banner = soup.select_one("header .status-banner")
    assert banner.find("strong").get_text() == title
    # the banner comes right after the title and teaser, before the facts
    assert banner.find_previous("h1")


def test_scheduled_event_has_no_status_banner(client, scene):
    assert not soup_of(get(client, scene.event.url)).select(".status-banner")


def test_online_and_mixed_events_show_the_online_link(client, scene):
    scene.event.attendance_mode = EventPage.AttendanceMode.MIXED
    scene.event.online_url = "https://live.example.be/nuit"
    scene.event.save()
    soup = soup_of(get(client, scene.event.url))
    assert soup.find("a", href="https://live.example.be/nuit").get_text() == "Rejoindre en ligne"
    assert "Sur place et en ligne" in text_of(soup)
    assert soup.find("h2", string="Le lieu")

    scene.event.attendance_mode = EventPage.AttendanceMode.ONLINE
    scene.event.venue = None
    scene.event.save()
    soup = soup_of(get(client, scene.event.url))
    assert "En ligne" in text_of(soup.select_one(".facts"))
    assert not soup.find("h2", string="Le lieu")


def test_free_event(client, scene):
    scene.event.is_free = True
    scene.event.price = ""
    scene.event.ticket_url = ""
    scene.event.save()
    facts = soup_of(get(client, scene.event.url)).select_one(".facts")
    assert facts.find("strong", string="Gratuit")


def test_event_venue_and_organizer_blocks(client, scene):
    soup = soup_of(get(client, scene.event.url))
    venue_block = soup.find("h2", string="Le lieu").parent
    assert venue_block.find("a", href=path(scene.venue)).get_text() == "La Cité Miroir"
    address = venue_block.find("address").get_text(" ", strip=True)
    assert address == "Place Xavier-Neujean 22 4000 Liège"
    access = text_of(venue_block.select_one(".access-icons"))
    assert "Accessible en chaise roulante" in access
    assert "Toilettes adaptées" in access
    assert "Boucle à induction" in access
    assert venue_block.select("svg[aria-hidden=true]")
    assert "Entrée de plain-pied" in text_of(venue_block)

    organizer_block = soup.find("h2", string="L'organisateur").parent
    link = organizer_block.find("a", href=path(scene.organizer))
    assert link.get_text() == "ASBL Jazz à Liège"


def test_event_add_to_calendar_and_share_links(client, scene):
    soup = soup_of(get(client, scene.event.url))
    add = soup.find("a", string="Ajouter à mon agenda")
    assert add["href"] == f"{path(scene.event)}feed.ics"
    response = client.get(add["href"], HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"

    full_url = f"http://{HOST}{path(scene.event)}"
    links = {a["class"][-1].rsplit("--", 1)[-1]: a["href"] for a in soup.select(".share-links a")}
    assert set(links) == {"email", "facebook", "x", "whatsapp"}
    assert links["email"].startswith("mailto:?")
    assert parse_qs(urlsplit(links["email"]).query)["body"] == [full_url]
    assert parse_qs(urlsplit(links["email"]).query)["subject"] == ["Nuit du jazz"]
    assert parse_qs(urlsplit(links["facebook"]).query)["u"] == [full_url]
    assert links["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?")
    assert parse_qs(urlsplit(links["x"]).query)["url"] == [full_url]
    assert links["x"].startswith("https://x.com/intent/post?")
    assert parse_qs(urlsplit(links["whatsapp"]).query)["text"] == [f"Nuit du jazz {full_url}"]


def test_pages_load_no_third_party_script_or_style(client, scene):
    for url in (scene.event.url, scene.venue.url, scene.organizer.url):
        soup = soup_of(get(client, url))
        for script in soup.find_all("script"):
            assert not script.get("src") or script["src"].startswith("/")
            assert script.get("nonce")
        for link in soup.find_all("link", rel="stylesheet"):
            assert link["href"].startswith("/static/")
        assert soup.find("link", href="/static/events/css/detail.css")


def test_open_graph_tags(client, scene):
    soup = soup_of(get(client, scene.event.url))

    def og(name):
        return soup.find("meta", property=f"og:{name}")["content"]

    assert og("title") == "Nuit du jazz"
    assert og("description") == "Trois groupes, une nuit, toute la ville qui swingue."
    assert og("url") == f"http://{HOST}{path(scene.event)}"
    assert og("type") == "website"
    assert og("image").startswith(f"http://{HOST}/")
    assert og("image:alt") == "Le groupe sur scène, sous une lumière bleue"
    assert og("image:width") == "1200"
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert soup.find("link", rel="canonical")["href"] == og("url")
    # the image URL really serves an image rendition of the right size
    assert scene.image.renditions.filter(filter_spec="fill-1200x630").exists()


def test_related_events_same_venue_or_category_soon(client, scene):
    home = scene.home
    other_venue = VenuePageFactory(parent=scene.region, title="Le Reflektor")
    theatre = EventCategoryFactory(name="Théâtre", slug="theatre")

    def event(title, **kwargs):
        return EventPageFactory(parent=scene.organizer, title=title, dates=[], **kwargs)

    same_venue = event("Même lieu", venue=scene.venue, category_list=[theatre])
    add_date(same_venue, soon(4))
    same_category = event("Même catégorie", venue=other_venue, category_list=[scene.concert])
    add_date(same_category, soon(5))
    add_date(same_category, soon(6))
    unrelated = event("Sans rapport", venue=other_venue, category_list=[theatre])
    add_date(unrelated, soon(3))
    cancelled = event("Annulé aussi", venue=scene.venue, status=EventPage.Status.CANCELLED)
    add_date(cancelled, soon(3))
    far = event("Trop loin", venue=scene.venue)
    add_date(far, soon(200))
    draft = event("Brouillon", venue=scene.venue, live=False)
    add_date(draft, soon(3))
    assert home

    soup = soup_of(get(client, scene.event.url))
    related = soup.select(".detail__related .event-card__title a")
    assert [a.get_text() for a in related] == ["Même lieu", "Même catégorie"]
    assert related[0]["href"] == path(same_venue)


def test_related_events_look_past_a_festival_of_many_dates(client, scene):
    """An event with a date every hour fills the first dates read: the related list still
    finds four events, each once, in the order of their next date, and no more."""
    festival = EventPageFactory(
        parent=scene.organizer, title="Festival", dates=[], venue=scene.venue
    )
    for hour in range(12):
        add_date(festival, soon(2) + timedelta(hours=hour))
    others = []
    for day, title in enumerate(["Deux", "Trois", "Quatre", "Cinq"], start=3):
        other = EventPageFactory(parent=scene.organizer, title=title, dates=[], venue=scene.venue)
        add_date(other, soon(day))
        add_date(other, soon(day + 20))
        others.append(other)

    soup = soup_of(get(client, scene.event.url))
    titles = [a.get_text() for a in soup.select(".detail__related .event-card__title a")]
    assert titles == ["Festival", "Deux", "Trois", "Quatre"]


def test_related_events_are_kept_with_the_sites_content(client, scene, network, monkeypatch):
    """Whatever the address (a campaign's parameters, a new query string), an event's related
    events are read once for the site's content: a publication on another site leaves them,
    one on this site renews them at once."""
    import events.views as views

    built = []
    real = views.related_events
    monkeypatch.setattr(views, "related_events", lambda *a, **k: built.append(1) or real(*a, **k))

    def titles(**params):
        soup = soup_of(get(client, scene.event.url, **params))
        return [a.get_text() for a in soup.select(".detail__related .event-card__title a")]

    same_venue = EventPageFactory(
        parent=scene.organizer, title="Même lieu", dates=[], venue=scene.venue
    )
    add_date(same_venue, soon(4))
    same_venue.save_revision().publish()
    for params in ({}, {"utm_source": "lettre"}, {"render": "1"}):
        assert titles(**params) == ["Même lieu"]
    assert len(built) == 1

    build_scene(network["cinqmille"].root_page)  # published in Namur
    assert titles() == ["Même lieu"]
    assert len(built) == 1

    sooner = EventPageFactory(parent=scene.organizer, title="Plus tôt", dates=[], venue=scene.venue)
    add_date(sooner, soon(2))
    sooner.save_revision().publish()
    assert titles(utm_source="lettre") == ["Plus tôt", "Même lieu"]
    assert len(built) == 2


def test_preview_of_unsaved_changes_renders(scene, rf):
    """The editor's preview uses the dates and fields in memory, not the saved ones."""
    event = EventPage.objects.get(pk=scene.event.pk)
    event.title = "Titre en cours d'écriture"
    unsaved = EventOccurrence(start=soon(30))
    event.occurrences.add(unsaved)
    request = rf.get("/", HTTP_HOST=HOST)
    response = event.make_preview_request(request)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("h1").get_text() == "Titre en cours d'écriture"
    times = [t["datetime"] for t in soup.select("#dates time")]
    assert timezone.localtime(unsaved.start).isoformat() in times
    assert len(times) == 4


# Venue and organizer pages


def test_venue_page_shows_details_and_upcoming_events(client, scene):
    AgendaPageFactory(parent=scene.home)
    other_venue = VenuePageFactory(parent=scene.region, title="Le Reflektor")
    elsewhere = EventPageFactory(
        parent=scene.organizer, title="Ailleurs", venue=other_venue, dates=[(soon(2), None)]
    )
    assert elsewhere

    soup = soup_of(get(client, scene.venue.url))
    text = text_of(soup)
    assert soup.find("h1").get_text() == "La Cité Miroir"
    assert "Place Xavier-Neujean 22" in text and "4000 Liège" in text
    assert "Accessible en chaise roulante" in text
    assert "Entrée de plain-pied par la rue Hors-Château." in text
    assert "800 places" in text
    assert soup.find("a", href="https://www.citemiroir.be")
    assert soup.find("a", href="tel:042307050")
    assert soup.find("a", href="mailto:info@citemiroir.be")

    cards = soup.select(".event-card")
    assert [c.select_one(".event-card__title").get_text(strip=True) for c in cards] == [
        "Nuit du jazz"
    ]
    assert "et 2 autres dates" in text_of(cards[0])

    agenda_link = soup.find("a", string="Tout le programme de ce lieu dans l'agenda")
    assert agenda_link["href"] == f"/agenda/?venue={scene.venue.pk}"
    assert soup.find("a", href=f"{path(scene.venue)}feed.ics")
    assert soup.find("a", href=f"webcal://{HOST}{path(scene.venue)}feed.ics")
    assert soup.find("link", rel="alternate", type="text/calendar")["href"] == (
        f"{path(scene.venue)}feed.ics"
    )


def test_organizer_page_shows_services_contact_and_its_events(client, scene, network):
    organizer = scene.organizer
    organizer.services = [
        (
            "service",
            {
                "title": "Prêt de matériel",
                "description": "Sono et éclairages\npour les associations.",
                "audience": "ASBL de la région",
            },
        )
    ]
    organizer.links = [("link", {"label": "Mastodon", "url": "https://mastodon.example/@jazz"})]
    organizer.save()
    other = build_scene(network["cinqmille"].root_page)
    add_date(other.event, soon(3))

    soup = soup_of(get(client, organizer.url))
    text = text_of(soup)
    assert soup.find("h1").get_text() == "ASBL Jazz à Liège"
    service = soup.select_one(".services .service")
    assert service.find("h3").get_text() == "Prêt de matériel"
    assert service.find("br")
    assert "Pour qui : ASBL de la région" in text_of(service)
    assert soup.find("a", href="https://mastodon.example/@jazz").get_text() == "Mastodon"
    assert soup.find("a", href="https://jazz.example.be")
    assert soup.find("a", href="mailto:contact@jazz.example.be")
    cards = soup.select(".event-card")
    assert len(cards) == 1
    assert "La Cité Miroir, Liège" in text_of(cards[0])
    assert "Nuit du jazz" in text
    assert soup.find("a", href=f"{path(organizer)}feed.ics")


def test_venue_and_organizer_without_events(client, network):
    scene = build_scene(network["quatremille"].root_page)
    for url in (scene.venue.url, scene.organizer.url):
        assert "Aucun événement annoncé pour le moment." in text_of(soup_of(get(client, url)))


# A constant number of SQL queries whatever the number of dates or events


EVENT_NUMBERS = count()


def count_queries(client, url) -> int:
    client.get(url, HTTP_HOST=HOST)  # first visit creates image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 200
    return len(queries)


def add_events(scene, n: int) -> None:
    for _ in range(n):
        i = next(EVENT_NUMBERS)
        event = EventPageFactory(
            parent=scene.organizer,
            title=f"Concert {i}",
            venue=scene.venue,
            main_image=CreditedImageFactory(),
            category_list=[scene.concert],
            dates=[],
        )
        for day in range(3):
            add_date(event, soon(2 + i + day * 7))


def test_event_page_query_count_is_constant(client, scene):
    add_events(scene, 1)  # one related event, with its image
    few = count_queries(client, scene.event.url)
    for day in range(40):
        add_date(scene.event, soon(20 + day))
    add_events(scene, 8)
    many = count_queries(client, scene.event.url)
    assert many == few
    assert many <= 30


def test_an_event_page_built_again_reads_only_itself_once_its_site_is_warm(client, scene):
    """Built for a new address (nothing kept for it: a campaign's link, an expired copy), an
    event's page reads its way from the home, itself with its venue and image, its organizer,
    its dates and its categories; what shows the site around it (menus, related events, "in
    the magazine", its languages, the restrictions) is kept."""
    add_events(scene, 2)
    get(client, scene.event.url)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, scene.event.url, utm_source="lettre")
    assert "Le lieu" in response.content.decode()
    assert len(queries) <= 5, [q["sql"][:120] for q in queries]


def test_venue_and_organizer_pages_query_count_is_constant(client, scene):
    """The clock stands still: the pages' fragments are keyed on the minute too, and a minute
    turning between a page's two visits would rebuild one (its query is not the events')."""
    AgendaPageFactory(parent=scene.home)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        add_events(scene, 1)
        few = {url: count_queries(client, url) for url in (scene.venue.url, scene.organizer.url)}
        add_events(scene, 12)
        many = {url: count_queries(client, url) for url in (scene.venue.url, scene.organizer.url)}
    assert many == few
    assert max(many.values()) <= 25


def test_preview_of_a_new_event_renders(scene, rf):
    """Creating an event: the preview runs before the page exists in the tree or the base."""
    organizer = scene.organizer
    event = EventPage(
        title="Tout nouveau",
        teaser="Pas encore enregistré.",
        venue=scene.venue,
        depth=organizer.depth + 1,
        path=organizer.get_last_child()._inc_path(),
        locale=organizer.locale,
    )
    event.occurrences.add(EventOccurrence(start=soon(5)))
    response = event.make_preview_request(rf.get("/", HTTP_HOST=HOST))
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("h1").get_text() == "Tout nouveau"
    assert soup.find("a", href=path(organizer)).get_text() == "ASBL Jazz à Liège"
    assert len(soup.select("#dates time")) == 1
