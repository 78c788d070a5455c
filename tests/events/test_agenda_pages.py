"""The agenda as people get it: the agenda page, its weekend address, region pages and the
home page's highlights. "Now" is frozen on Wednesday 21 October 2026 (see test_agenda)."""

import html as html_lib
import re
from unittest import mock
from urllib.parse import parse_qs, urljoin, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.models import EventPage
from tests.events.test_agenda import (
    FRIDAY,
    NOW,
    SATURDAY,
    SUNDAY,
    THURSDAY,
    WEDNESDAY,
    ImageFactory,
    at,
    build_scene,
)

HOST = "quatremille.localhost"


@pytest.fixture
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def scene(network, frozen):
    return build_scene(network["quatremille"])


def get(client, path, **params):
    return client.get(path, params, headers={"host": HOST})


def text(response) -> str:
    """The page's visible text, tags removed, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_agenda_page_lists_days_with_times_and_the_ongoing_block(client, scene):
    scene.event("Rétrospective", [(at(WEDNESDAY, 10), at(SATURDAY.replace(month=12), 18))])
    scene.event("Festival", [(at(FRIDAY, 18), at(SUNDAY, 23))], categories=["concert"])
    scene.event("Hamlet", [(at(SATURDAY, 20), at(SATURDAY, 22, 30))], categories=["theatre"])
    scene.event("Annulé", [(at(SATURDAY, 21), None)], status=EventPage.Status.CANCELLED)

    response = get(client, "/agenda/", when="weekend")

    assert response.status_code == 200
    page = text(response)
    assert "En cours" in page and "Rétrospective" in page
    assert page.index("Vendredi 23 octobre 2026") < page.index("Samedi 24 octobre 2026")
    assert page.index("Samedi 24 octobre 2026") < page.index("Dimanche 25 octobre 2026")
    saturday = page[page.index("Samedi 24 octobre") : page.index("Dimanche 25 octobre")]
    assert "Festival" in saturday and "Hamlet" in saturday and "20:00 \u2013 22:30" in saturday
    assert "Annulé" in saturday and "annulé" in saturday
    assert page.count("Rétrospective") == 1  # once in "ongoing", never in the days
    html = response.content.decode()
    assert 'class="event-card event-card--cancelled"' in html
    assert '<a href="/agenda/?when=weekend" aria-current="true">ce week-end</a>' in html
    assert re.search(r'href="/agenda/feed\.ics/?\?when=weekend"', html)


def test_the_weekend_address_shows_this_weekend_and_keeps_other_filters(client, scene):
    scene.event("Concert du samedi", [(at(SATURDAY, 20), None)], categories=["concert"])
    scene.event("Théâtre du samedi", [(at(SATURDAY, 20), None)], categories=["theatre"])
    scene.event("Concert de jeudi", [(at(THURSDAY, 20), None)], categories=["concert"])

    response = get(client, "/agenda/ce-week-end/", category="concert")

    assert response.status_code == 200
    page = text(response)
    assert "Concert du samedi" in page
    assert "Théâtre du samedi" not in page and "Concert de jeudi" not in page
    assert '<option value="weekend" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"when": "yesterday"}, "Sélectionnez un choix valide"),
        ({"date_from": "notadate"}, "Saisissez une date valide"),
        ({"date_from": "2026-10-20", "date_to": "2026-10-15"}, "La date de fin est avant"),
        ({"region": "999999"}, "Ce choix n'existe pas sur ce site"),
        ({"venue": "abc"}, "Saisissez un nombre entier"),
        ({"category": "nope"}, "nope n\u2019en fait pas partie"),
        ({"page": "abc", "when": "yesterday"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_filter_values_show_the_error_and_still_answer(client, scene, params, message):
    scene.event("Concert du samedi", [(at(SATURDAY, 20), None)])

    response = get(client, "/agenda/", **params)

    assert response.status_code == 200
    page = text(response)
    assert "Certains filtres n'ont pas été compris" in page
    assert message in page
    assert "Concert du samedi" in page  # the other filters still select


def test_page_numbers_out_of_range_or_garbage_never_fail(client, scene):
    scene.event("Seul", [(at(SATURDAY, 20), None)])
    for value in ("abc", "999", "-1"):
        response = get(client, "/agenda/", page=value)
        assert response.status_code == 200
        assert "Seul" in text(response)


def test_pagination_links_keep_the_filters(client, scene):
    for day in (THURSDAY, FRIDAY, SATURDAY, SUNDAY):
        for hour in range(8, 23):
            scene.event(
                f"Concert {day:%d} {hour}h", [(at(day, hour), None)], categories=["concert"]
            )

    first = get(client, "/agenda/", category="concert")
    html = first.content.decode()
    assert "Page 1 sur 2" in text(first)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    assert parse_qs(urlsplit(next_link.replace("&amp;", "&")).query) == {
        "category": ["concert"],
        "page": ["2"],
    }
    second = client.get(
        urljoin("/agenda/", next_link.replace("&amp;", "&")), headers={"host": HOST}
    )
    assert "Page 2 sur 2" in text(second)
    assert "(suite)" in text(second)  # the day cut by the page break carries on


def test_empty_result_suggests_removing_each_filter(client, scene):
    scene.event("Concert", [(at(SATURDAY, 20), None)], categories=["concert"])

    response = get(client, "/agenda/", when="today", category="theatre", free="on")

    assert response.status_code == 200
    page = text(response)
    assert "Rien à l'agenda pour cette sélection" in page
    html = response.content.decode().replace("&amp;", "&")
    found = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', html)
    links = {label.strip(): href for href, label in found}
    assert links["Élargir à toute la semaine"] == "/agenda/?category=theatre&free=on&when=week"
    assert links["Sans le filtre « Catégorie : Théâtre »"] == "/agenda/?when=today&free=on"
    assert links["Sans le filtre « Gratuit »"] == "/agenda/?when=today&category=theatre"
    assert links["Tout ce qui est à venir"] == "/agenda/"


def test_region_page_shows_its_agenda_venues_and_organizers(client, scene):
    scene.event("Au Liège", [(at(SATURDAY, 20), None)])
    scene.event(
        "À Verviers", [(at(SATURDAY, 20), None)], venue="grange", organizer=scene.asbl_verviers
    )

    response = get(client, "/verviers/")

    assert response.status_code == 200
    page = text(response)
    assert "À Verviers" in page and "Au Liège" not in page
    assert "La Grange" in page and "ASBL Vesdre" in page
    assert "Opéra" not in page.split("Les lieux")[1]
    html = response.content.decode()
    assert 'name="region"' not in html  # the region is the page itself
    assert re.search(rf'href="/agenda/feed\.ics/?\?region={scene.verviers.pk}"', html)

    empty = get(client, "/verviers/", q="introuvable")
    assert "L'agenda de tout le site" in text(empty)


def test_home_page_shows_today_and_this_weekend(client, scene):
    scene.event("Midi musical", [(at(WEDNESDAY, 18), None)])
    scene.event("Bal du samedi", [(at(SATURDAY, 21), None)])
    scene.event("Annulé samedi", [(at(SATURDAY, 20), None)], status=EventPage.Status.CANCELLED)

    response = get(client, "/")

    assert response.status_code == 200
    page = text(response)
    today = page[page.index("Aujourd'hui") : page.index("Ce week-end")]
    weekend = page[page.index("Ce week-end") :]
    assert "Midi musical" in today and "Bal du samedi" not in today
    assert "Bal du samedi" in weekend and "Samedi 24 octobre, 21:00" in weekend
    assert "Annulé samedi" not in page
    html = response.content.decode()
    assert 'href="/agenda/ce-week-end/"' in html and 'href="/agenda/?when=today"' in html


def test_home_page_without_agenda_page_has_no_highlights(client, network, frozen):
    response = get(client, "/")
    assert response.status_code == 200
    assert 'id="highlights-weekend"' not in response.content.decode()


# --- A constant number of queries, whatever the number of events -----------------------------


def fill(scene, count: int, offset: int = 0):
    for n in range(offset, offset + count):
        day = (FRIDAY, SATURDAY, SUNDAY)[n % 3]
        venue = scene.opera if n % 2 else scene.grange
        organizer = scene.collectif if n % 2 else scene.asbl_verviers
        event = scene.event(
            f"Événement {n}",
            [(at(day, 10 + n % 12), None)],
            organizer=organizer,
            venue=venue,
            categories=["concert", "theatre"][: 1 + n % 2],
            main_image=ImageFactory(),
        )
        if n % 4 == 0:
            scene.event(
                f"Exposition {n}",
                [(at(WEDNESDAY, 9), at(SATURDAY.replace(month=12), 18))],
                organizer=organizer,
                venue=venue,
                categories=["expo"],
                main_image=ImageFactory(),
            )
        del event


def count_queries(client, path, **params) -> int:
    get(client, path, **params)  # first visit generates the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = get(client, path, **params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/agenda/", {}),
        ("/agenda/", {"when": "weekend", "category": "concert", "region": "liege"}),
        ("/agenda/ce-week-end/", {"free": "", "q": "Événement"}),
        ("/liege/", {}),
        ("/", {}),
    ],
)
def test_pages_run_a_constant_number_of_queries(
    client, scene, path, params, django_assert_max_num_queries
):
    params = {k: str(scene.liege.pk) if v == "liege" else v for k, v in params.items()}
    fill(scene, 4)
    few = count_queries(client, path, **params)
    fill(scene, 20, offset=4)
    many = count_queries(client, path, **params)
    # More events never mean more queries (the home page may even skip its exhibitions query
    # once dated events fill the highlights).
    assert many <= few
    with django_assert_max_num_queries(30):
        get(client, path, **params)


def test_field_errors_are_tied_to_their_inputs_for_screen_readers(client, scene):
    html = get(client, "/agenda/", date_from="notadate").content.decode()
    field = re.search(r'<input[^>]*name="date_from"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_date_from_error"' in field
    assert 'id="id_date_from_error"' in html
