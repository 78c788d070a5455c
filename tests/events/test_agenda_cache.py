"""The agenda's caches (results, filter lists, feeds) never show stale content: any change
to published content is seen on the next request, and time passing is seen within a minute.
Also the feeds' selection read as two queries, and the long filter lists rendered in Python."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from events.agenda import agenda_occurrences, soonest_occurrences
from events.factories import VenuePageFactory
from events.models import EventPage
from tests.events.test_agenda import FRIDAY, NOW, SATURDAY, WEDNESDAY, at, build_scene
from tests.events.test_agenda_pages import get, text
from xmille.widget_rendering import PythonWidgetRenderer


@pytest.fixture
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW) as now:
        yield now


@pytest.fixture
def scene(network, frozen):
    return build_scene(network["quatremille"])


def test_a_second_visit_reuses_the_results_without_querying_events(client, scene):
    scene.event("Hamlet", [(at(SATURDAY, 20), None)])
    first = get(client, "/agenda/")
    with CaptureQueriesContext(connection) as queries:
        second = get(client, "/agenda/")
    assert second.content.count(b"Hamlet") == first.content.count(b"Hamlet") >= 1
    assert not [q for q in queries if "events_eventoccurrence" in q["sql"]]


def test_a_published_event_shows_at_once_and_an_unpublished_one_goes(client, scene):
    scene.event("Hamlet", [(at(SATURDAY, 20), None)])
    assert "Hamlet" in text(get(client, "/agenda/"))
    assert b"Hamlet" in get(client, "/agenda/feed.ics").content

    macbeth = scene.event("Macbeth", [(at(FRIDAY, 20), None)])
    assert "Macbeth" in text(get(client, "/agenda/"))
    assert b"Macbeth" in get(client, "/agenda/feed.ics").content

    macbeth.unpublish()
    assert "Macbeth" not in text(get(client, "/agenda/"))
    assert b"Macbeth" not in get(client, "/agenda/feed.ics").content


def test_an_edited_event_is_seen_in_the_cached_list(client, scene):
    hamlet = scene.event("Hamlet", [(at(SATURDAY, 20), None)])
    assert "Hamlet" in text(get(client, "/agenda/"))
    hamlet.title = "Hamlet (complet)"
    hamlet.status = EventPage.Status.SOLD_OUT
    hamlet.save_revision().publish()
    page = text(get(client, "/agenda/"))
    assert "Hamlet (complet)" in page and "complet" in page


def test_each_address_has_its_own_results(client, scene):
    scene.event("Les Nuits Rock", [(at(SATURDAY, 20), None)], categories=["concert"])
    scene.event("Hamlet", [(at(SATURDAY, 20), None)], categories=["theatre"])
    everything = text(get(client, "/agenda/"))
    assert "Les Nuits Rock" in everything and "Hamlet" in everything
    concerts = text(get(client, "/agenda/", category="concert"))
    assert "Les Nuits Rock" in concerts and "Hamlet" not in concerts
    plays = text(get(client, "/agenda/", category="theatre"))
    assert "Hamlet" in plays and "Les Nuits Rock" not in plays


def test_an_address_with_a_shares_tags_reuses_the_agendas_results(client, scene):
    """A link shared on a social network comes back with `fbclid`, `utm_*`...: the agenda
    reads none of them, so it answers from the results kept for its filters, and carries
    none of them (nor another visitor's) into its links."""
    scene.event("Les Nuits Rock", [(at(SATURDAY, 20), None)], categories=["concert"])
    scene.event("Hamlet", [(at(SATURDAY, 20), None)], categories=["theatre"])
    first = get(client, "/agenda/", category="concert", fbclid="IwAR-first-visitor")
    with CaptureQueriesContext(connection) as queries:
        shared = get(client, "/agenda/", category="concert", utm_source="newsletter")
    assert not [q for q in queries if "events_eventoccurrence" in q["sql"]]
    assert "Les Nuits Rock" in text(shared) and "Hamlet" not in text(shared)
    assert b"IwAR-first-visitor" not in shared.content  # nothing of the first visitor's
    for page in (first, shared):
        html = page.content.decode()
        assert "fbclid" not in html and "utm_source" not in html
        assert "?category=concert&amp;when=today" in html  # the tabs keep the filters
    # Its own parameters still make a page apart.
    plays = text(get(client, "/agenda/", category="theatre", utm_source="newsletter"))
    assert "Hamlet" in plays and "Les Nuits Rock" not in plays


def test_an_event_that_ends_drops_out_within_a_minute(client, scene, frozen):
    scene.event("Brunch", [(NOW - timedelta(hours=1), NOW + timedelta(seconds=30))])
    assert "Brunch" in text(get(client, "/agenda/"))
    frozen.return_value = NOW + timedelta(minutes=1)
    assert "Brunch" not in text(get(client, "/agenda/"))


def test_a_new_venue_appears_in_the_venue_filter_at_once(client, scene):
    assert "Salle des fêtes" not in get(client, "/agenda/").content.decode()
    VenuePageFactory(parent=scene.liege, title="Salle des fêtes", city="Huy")
    assert "Salle des fêtes" in get(client, "/agenda/").content.decode()


def filter_form_of(html: str) -> str:
    start = html.index('<form class="agenda-filters"')
    return html[start : html.index("</form>", start)]


def test_the_filter_form_is_kept_through_an_events_publication(client, scene):
    """The form shows the address's filters and the site's lists, not events: an event's
    publication rebuilds the results, not the form; a new venue rebuilds it."""
    first = get(client, "/agenda/").content.decode()
    scene.event("Hamlet", [(at(SATURDAY, 20), None)])
    with mock.patch.object(
        PythonWidgetRenderer, "render", autospec=True, side_effect=PythonWidgetRenderer.render
    ) as rendered:
        html = get(client, "/agenda/").content.decode()
    assert "Hamlet" in html
    assert rendered.call_count == 0
    assert filter_form_of(html) == filter_form_of(first)

    VenuePageFactory(parent=scene.liege, title="Salle des fêtes", city="Huy")
    with mock.patch.object(
        PythonWidgetRenderer, "render", autospec=True, side_effect=PythonWidgetRenderer.render
    ) as rendered:
        html = get(client, "/agenda/").content.decode()
    assert rendered.call_count > 0
    assert "Salle des fêtes" in filter_form_of(html)


def test_the_venue_list_is_escaped_and_keeps_the_choice_and_its_error(client, scene):
    venue = VenuePageFactory(parent=scene.liege, title="<b>Le Hangar</b>", city="Liège")
    html = get(client, "/agenda/", venue=venue.pk).content.decode()
    assert "&lt;b&gt;Le Hangar&lt;/b&gt;" in html and "<b>Le Hangar" not in html
    assert f'<option value="{venue.pk}" selected>' in html

    html = get(client, "/agenda/", venue=999999).content.decode()
    select = html[html.index('<select aria-describedby="id_venue_error"') :]
    assert 'aria-invalid="true"' in select[: select.index(">")]
    assert 'id="id_venue_error"' in html


def test_the_feed_selection_is_the_agenda_order_read_in_two_queries(scene):
    scene.event("Rétrospective", [(at(WEDNESDAY, 10), at(SATURDAY.replace(month=12), 18))])
    scene.event("Expo d'hiver", [(at(FRIDAY, 10), at(SATURDAY.replace(month=12), 18))])
    for hour in (14, 16, 18, 20):
        scene.event(f"Concert {hour}h", [(at(FRIDAY, hour), None), (at(SATURDAY, hour), None)])

    expected = [o.pk for o in agenda_occurrences(scene.home)]
    assert [o.pk for o in soonest_occurrences(scene.home, limit=100)] == expected
    for limit in (1, 2, 3, 5, 9):
        assert [o.pk for o in soonest_occurrences(scene.home, limit=limit)] == expected[:limit]
    ongoing = soonest_occurrences(scene.home, {"ongoing": True}, limit=10)
    assert [o.page.title for o in ongoing] == ["Rétrospective", "Expo d'hiver"]


def test_the_home_highlights_follow_publishing_and_the_clock(client, scene, frozen):
    scene.event("Midi musical", [(at(WEDNESDAY, 12), at(WEDNESDAY, 13))])
    assert "Midi musical" in text(get(client, "/"))
    scene.event("Bal du samedi", [(at(SATURDAY, 21), None)])
    assert "Bal du samedi" in text(get(client, "/"))
    frozen.return_value = at(WEDNESDAY, 13, 1)
    assert "Midi musical" not in text(get(client, "/"))
