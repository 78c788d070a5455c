"""CSV of an agenda selection (events.exports): the agenda's filters, stable columns, UTF-8
with a BOM, 400 with reasons, no drafts or private events, 304, constant queries."""

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from events.exports import HEADER
from events.factories import EventCategoryFactory, EventPageFactory
from tests.events.factories_detail import AgendaPageFactory, add_date, build_scene, soon

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"
URL = "/agenda/csv/"

# The documented columns (README "Open data"): a partner's import depends on them. New
# columns are added at the end; none is renamed, reordered or removed.
STABLE_COLUMNS = [
    "identifier",
    "event_id",
    "title",
    "start",
    "end",
    "all_day",
    "date_cancelled",
    "status",
    "categories",
    "teaser",
    "url",
    "venue_id",
    "venue_name",
    "street",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "wheelchair_access",
    "attendance_mode",
    "online_url",
    "organizer_id",
    "organizer_name",
    "is_free",
    "price",
    "ticket_url",
    "audience",
    "min_age",
    "performers",
    "language",
    "date_modified",
]


def get(client, url, **params):
    return client.get(url, params, HTTP_HOST=HOST)


def rows_of(response, delimiter=","):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.fixture
def scene(network):
    home = network["quatremille"].root_page
    AgendaPageFactory(parent=home)
    scene = build_scene(home)
    add_date(scene.event, soon(5), soon(5) + timedelta(hours=3))
    return scene


def test_columns_are_stable_and_documented():
    assert HEADER[: len(STABLE_COLUMNS)] == STABLE_COLUMNS
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for column in HEADER:
        assert f"`{column}`" in readme, column


def test_a_row_per_date_with_every_column(client, scene):
    add_date(scene.event, soon(6), cancelled=True)
    response = get(client, URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="agenda.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    assert b"\r\n" in response.content
    rows = rows_of(response)
    assert list(rows[0]) == HEADER
    first, second = rows
    assert first["title"] == "Nuit du jazz"
    assert first["identifier"].startswith(f"{scene.event.translation_key}-")
    assert first["identifier"].endswith(f"@{HOST}")
    assert first["event_id"] == str(scene.event.pk)
    assert first["start"] == soon(5).isoformat(timespec="minutes")
    assert first["end"] == (soon(5) + timedelta(hours=3)).isoformat(timespec="minutes")
    assert first["all_day"] == "0" and first["date_cancelled"] == "0"
    assert second["date_cancelled"] == "1" and second["end"] == ""
    assert first["categories"] == "concert"
    assert first["venue_name"] == "La Cité Miroir" and first["city"] == "Liège"
    assert first["postal_code"] == "4000" and first["latitude"] == "50.6404"
    assert first["wheelchair_access"] == "1"
    assert first["organizer_name"] == "ASBL Jazz à Liège"
    assert first["organizer_id"] == str(scene.organizer.pk)
    assert first["price"] == "12 € / 8 € réduit"
    assert first["audience"] == "young" and first["min_age"] == "8"
    assert first["url"] == f"http://{HOST}/liege/jazz-a-liege/nuit-du-jazz/"
    assert first["language"] == "fr"
    # Public fields only: the organizer's e-mail travels nowhere in a spreadsheet.
    assert "contact@jazz.example.be" not in response.content.decode()


def test_all_day_dates_are_dates(client, scene):
    event = EventPageFactory(parent=scene.organizer, title="Brocante", dates=[])
    add_date(event, soon(3, 0), soon(4, 0), all_day=True)
    (row,) = [r for r in rows_of(get(client, URL)) if r["title"] == "Brocante"]
    assert row["all_day"] == "1"
    assert row["start"] == soon(3).date().isoformat()
    assert row["end"] == soon(4).date().isoformat()


def test_limit_keeps_the_soonest_and_says_there_is_more(client, scene):
    add_date(scene.event, soon(2))
    response = get(client, URL, limit="1")
    (row,) = rows_of(response)
    assert row["start"] == soon(2).isoformat(timespec="minutes")
    assert response["X-Xmille-Truncated"] == "1"
    assert "X-Xmille-Truncated" not in get(client, URL)
    assert get(client, URL, limit="0").status_code == 400


def test_semicolon_for_french_excel(client, scene):
    response = get(client, URL, separator="semicolon")
    (row,) = rows_of(response, delimiter=";")
    assert row["title"] == "Nuit du jazz"


def test_filters_are_the_agendas(client, scene):
    other = EventPageFactory(parent=scene.organizer, title="Atelier", dates=[], is_free=True)
    add_date(other, soon(3))
    assert [r["title"] for r in rows_of(get(client, URL, free="1"))] == ["Atelier"]
    assert [r["title"] for r in rows_of(get(client, URL, category="concert"))] == ["Nuit du jazz"]
    assert len(rows_of(get(client, URL, organizer=scene.organizer.pk))) == 2
    assert [r["title"] for r in rows_of(get(client, URL, q="jazz"))] == ["Nuit du jazz"]


def test_bad_parameters_answer_400_with_reasons(client, scene):
    response = get(client, URL, date_from="2026-05-01", date_to="2026-04-01")
    assert response.status_code == 400
    assert "date_to" in response.content.decode()
    response = get(client, URL, venue="999999", separator="tab")
    assert response.status_code == 400
    text = response.content.decode()
    assert "venue" in text and "separator" in text


def test_drafts_and_private_events_are_never_exported(client, scene):
    draft = EventPageFactory(parent=scene.organizer, title="Brouillon", dates=[], live=False)
    add_date(draft, soon(2))
    secret = EventPageFactory(parent=scene.organizer, title="Privé", dates=[])
    add_date(secret, soon(2))
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    assert [r["title"] for r in rows_of(get(client, URL))] == ["Nuit du jazz"]


def test_conditional_get_answers_304(client, scene):
    first = get(client, URL)
    etag = first["ETag"]
    again = client.get(URL, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(URL + "?free=1", HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=etag).status_code == 200
    scene.event.save_revision().publish()
    assert client.get(URL, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_agenda_links_to_the_csv_of_its_selection(client, scene):
    response = get(client, "/agenda/", category="concert", free="on")
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string="Télécharger (CSV)")
    assert link is not None
    assert link["href"] == "/agenda/csv/?category=concert&free=on"
    # A region's agenda: its region is part of the selection.
    response = get(client, "/liege/")
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.find("a", string="Télécharger (CSV)")
    assert link["href"] == f"/agenda/csv/?region={scene.region.pk}"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url).status_code == 200
    return len(queries)


def test_constant_queries_with_few_or_many_dates(client, scene):
    from django.core.cache import cache

    cache.clear()
    few = _count(client, URL)
    theatre = EventCategoryFactory(name="Théâtre", slug="theatre")
    for n in range(30):
        event = EventPageFactory(
            parent=scene.organizer,
            title=f"Pièce {n}",
            dates=[],
            venue=scene.venue,
            category_list=[theatre],
        )
        add_date(event, soon(2 + n % 7))
        add_date(event, soon(9 + n % 7))
    cache.clear()
    many = _count(client, URL)
    assert len(rows_of(get(client, URL))) == 61
    assert many <= few + 1, (few, many)
