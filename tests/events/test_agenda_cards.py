"""The agenda's cards written in Python (events.agenda.cards) show what the template they
replace showed (tests/events/reference/event_card.html, the include of before), card for card:
image, title and link, origin of a shared event, language, status, times, place, distance,
tags, teaser. "Now" is frozen on Wednesday 21 October 2026."""

import re
from pathlib import Path
from unittest import mock

from django.template import engines
from django.test import RequestFactory
from django.utils import translation

import pytest

from events.agenda import Entry, build_agenda, highlights
from events.agenda.cards import event_cards
from events.factories import EventPageFactory, OrganizerPageFactory, RegionPageFactory
from events.models import EventOccurrence, EventPage
from xmille.models import EventShare

from .factories_detail import CreditedImageFactory
from .helpers import CENTER, HOST, NOW, SATURDAY, at, build_geo_scene, north_of

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference" / "event_card.html"


@pytest.fixture
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


def normalized(html: str) -> str:
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(r"\s+", " ", html)


def reference_cards(entries, request, show_day=False) -> str:
    """The include of before, given each entry's event as the page itself (the fast cards
    read it as a `values()` row: `events.agenda.card_rows`)."""
    template = engines["django"].from_string(REFERENCE.read_text())
    entries = [
        Entry(EventPage.objects.get(pk=entry.event.pk), entry.slots, entry.distance)
        for entry in entries
    ]
    return "".join(
        "<li>"
        + template.render(
            {"event": entry.event, "entry": entry, "show_day": show_day, "request": request},
            request,
        )
        + "</li>"
        for entry in entries
    )


@pytest.fixture
def scene(network, frozen):
    scene = build_geo_scene(network["quatremille"])
    scene.venue("Opéra", CENTER, city="Namur", wheelchair_access=True)
    scene.venue("Grange", north_of(CENTER, 5), city="Bouge")
    friday, sunday = SATURDAY.replace(day=23), SATURDAY.replace(day=25)
    scene.event(
        'Jazz & "blues" <live>',
        venue="Opéra",
        dates=[(at(SATURDAY, 20), at(SATURDAY, 23)), (at(SATURDAY, 23, 30), None)],
        categories=["concert", "théâtre"],
        main_image=CreditedImageFactory(),
        is_free=True,
        audience=EventPage.Audience.YOUNG,
        min_age=8,
        teaser="Une nuit <b>entière</b> & plus.",
    )
    cancelled = scene.event("Annulé", venue="Grange", dates=[(at(SATURDAY, 21), None)])
    cancelled.status = EventPage.Status.CANCELLED
    cancelled.save()
    scene.event(
        "Reporté",
        venue="Grange",
        dates=[(at(friday, 19), at(sunday, 2))],
        status=EventPage.Status.POSTPONED,
        audience=EventPage.Audience.YOUNG,
    )
    one_cancelled = scene.event(
        "Deux séances", venue="Opéra", dates=[(at(SATURDAY, 14), None), (at(SATURDAY, 17), None)]
    )
    EventOccurrence.objects.filter(page=one_cancelled, start=at(SATURDAY, 14)).update(
        cancelled=True
    )
    scene.event(
        "En ligne",
        dates=[(at(SATURDAY, 18), at(SATURDAY, 19))],
        attendance_mode=EventPage.AttendanceMode.ONLINE,
    )
    scene.event(
        "Hybride",
        venue="Opéra",
        dates=[(at(SATURDAY, 10), None)],
        attendance_mode=EventPage.AttendanceMode.MIXED,
        status=EventPage.Status.SOLD_OUT,
    )
    scene.event(
        "Exposition", venue="Grange", dates=[(at(SATURDAY, 10), at(sunday.replace(month=12), 18))]
    )
    # An event of another site shared with this one: "depuis Cinqmille", its own host's URL.
    other = network["cinqmille"].root_page.specific
    region = RegionPageFactory(parent=other, title="Namur", slug="namur-5")
    organizer = OrganizerPageFactory(parent=region, title="ASBL Meuse")
    shared = EventPageFactory(parent=organizer, title="Partagé", dates=[(at(SATURDAY, 16), None)])
    EventShare.objects.create(event=shared, site=network["quatremille"])
    return scene


def compare(entries, request, show_day=False):
    assert entries
    fast = event_cards(entries, request, show_day=show_day)
    assert normalized(fast) == normalized(reference_cards(entries, request, show_day))
    return fast


def test_cards_are_what_the_template_wrote(scene):
    request = RequestFactory().get("/agenda/", HTTP_HOST=HOST)
    agenda = build_agenda(scene.home, {"when": "weekend"})
    entries = [entry for day in agenda.days for entry in day.entries]
    assert {e.event.title for e in entries} >= {"Annulé", "Reporté", "Partagé", "En ligne"}
    html = compare(entries, request)
    assert 'class="event-card__image"' in html and 'loading="lazy"' in html
    assert "depuis" in html and "http://cinqmille" in html
    assert "Jazz &amp; &quot;blues&quot; &lt;live&gt;" in html
    assert "date annulée" in html and "jeune public, dès 8 ans" in html
    compare(agenda.ongoing, request)
    compare(highlights(scene.home, "weekend"), request, show_day=True)


def test_cards_in_another_language_and_by_distance(scene):
    request = RequestFactory().get("/agenda/", HTTP_HOST=HOST)
    near = build_agenda(scene.home, {"near": CENTER, "radius": 20.0})
    (day,) = near.days
    html = compare(day.entries, request, show_day=True)
    assert "event-card__distance" in html
    with translation.override("nl"):
        # French events on a Dutch page say so (lang, hreflang, "en français").
        html = compare(day.entries, request, show_day=True)
        assert 'lang="fr"' in html and 'hreflang="fr"' in html
