"""Factories and helpers for the detail pages, feeds and JSON-LD tests (events.factories
builds the tree; this adds images, an agenda page, dates with every option and a full scene)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

import factory
import wagtail_factories

from events.factories import (
    EventCategoryFactory,
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from events.models import AgendaPage, EventOccurrence, EventPage


class CreditedImageFactory(wagtail_factories.ImageFactory):
    """An image with the alt text (`description`) and credit the editorial line requires."""

    title = factory.Sequence(lambda n: f"Photo {n}")
    description = "Le groupe sur scène, sous une lumière bleue"
    credit = "© Marie Dupont"
    file = factory.django.ImageField(width=1600, height=1000, color="navy")


class AgendaPageFactory(wagtail_factories.PageFactory):
    title = "Agenda"
    slug = "agenda"
    live = True

    class Meta:
        model = AgendaPage


def local(day: date, hour: int = 20, minute: int = 0) -> datetime:
    """A Europe/Brussels time, with the offset of that day."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def add_date(
    event: EventPage,
    start: datetime,
    end: datetime | None = None,
    *,
    all_day: bool = False,
    cancelled: bool = False,
) -> EventOccurrence:
    return EventOccurrence.objects.create(
        page=event, start=start, end=end, all_day=all_day, cancelled=cancelled
    )


def next_autumn_dst_change(today: date | None = None) -> date:
    """The next last Sunday of October (Europe's switch back to winter time), at least a week
    ahead so that the Saturday before it is still to come."""
    today = today or timezone.localdate()
    for year in (today.year, today.year + 1):
        day = date(year, 10, 31)
        while day.weekday() != 6:
            day -= timedelta(days=1)
        if day - timedelta(days=1) > today + timedelta(days=7):
            return day
    raise AssertionError("unreachable")


def soon(days: int = 10, hour: int = 20) -> datetime:
    return local(timezone.localdate() + timedelta(days=days), hour)


@dataclass
class Scene:
    """A region with a venue, an organizer and a richly described event."""

    home: object
    region: object
    venue: object
    organizer: object
    event: EventPage
    concert: object
    image: object


def build_scene(home, **event_fields) -> Scene:
    region = RegionPageFactory(parent=home, title="Liège", slug="liege")
    venue = VenuePageFactory(
        parent=region,
        title="La Cité Miroir",
        slug="cite-miroir",
        street="Place Xavier-Neujean 22",
        postal_code="4000",
        city="Liège",
        latitude=50.6404,
        longitude=5.5703,
        wheelchair_access=True,
        adapted_toilets=True,
        hearing_loop=True,
        accessibility_notes="Entrée de plain-pied par la rue Hors-Château.",
        capacity=800,
        website="https://www.citemiroir.be",
        phone="04 230 70 50",
        email="info@citemiroir.be",
    )
    organizer = OrganizerPageFactory(
        parent=region,
        title="ASBL Jazz à Liège",
        slug="jazz-a-liege",
        website="https://jazz.example.be",
        contact_email="contact@jazz.example.be",
        contact_phone="04 123 45 67",
    )
    concert = EventCategoryFactory(name="Concert", slug="concert")
    image = CreditedImageFactory()
    fields = {
        "title": "Nuit du jazz",
        "slug": "nuit-du-jazz",
        "teaser": "Trois groupes, une nuit, toute la ville qui swingue.",
        "main_image": image,
        "venue": venue,
        "audience": EventPage.Audience.YOUNG,
        "min_age": 8,
        "price": "12 € / 8 € réduit",
        "ticket_url": "https://tickets.example.be/nuit-du-jazz",
        "languages": ["fr", "lsfb"],
        "performers": "Trio Bleu, Les Cuivres de Meuse",
        "accessibility_notes": "Interprétation en langue des signes.",
        "body": [("paragraph", "<p>Une soirée <b>inoubliable</b> au bord de la Meuse.</p>")],
        "dates": [],
        "category_list": [concert],
        **event_fields,
    }
    event = EventPageFactory(parent=organizer, **fields)
    return Scene(home, region, venue, organizer, event, concert, image)
