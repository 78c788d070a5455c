"""Factories for the agenda, for tests and benchmarks.

region = RegionPageFactory(parent=site.root_page, title="Liège")
organizer = OrganizerPageFactory(parent=region)
venue = VenuePageFactory(parent=region)
event = EventPageFactory(parent=organizer, venue=venue, dates=[(start, end), ...])
"""

from datetime import timedelta

from django.utils import timezone

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from xmille.factories import default_locale

from .models import EventCategory, EventOccurrence, EventPage, OrganizerPage, RegionPage, VenuePage


class EventCategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = EventCategory
        django_get_or_create = ("slug", "locale")


class RegionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Région {n}")
    live = True
    latitude = 50.6326
    longitude = 5.5797

    class Meta:
        model = RegionPage


class VenuePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Salle {n}")
    live = True
    street = "Rue de la Culture 1"
    postal_code = "4000"
    city = "Liège"
    latitude = 50.64
    longitude = 5.57

    class Meta:
        model = VenuePage


class OrganizerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ASBL {n}")
    live = True
    presentation = "<p>Une association culturelle.</p>"

    class Meta:
        model = OrganizerPage


class EventPageFactory(wagtail_factories.PageFactory):
    """An event; `dates` is a list of (start, end) pairs, by default one date in three days."""

    title = factory.Sequence(lambda n: f"Événement {n}")
    teaser = "Un moment à ne pas manquer."
    live = True

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def dates(self, create, extracted, **kwargs):
        if extracted is None:
            start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
            extracted = [(start, start + timedelta(hours=2))]
        for start, end in extracted:
            occurrence = EventOccurrence(page=self, start=start, end=end)
            if create:
                occurrence.save()

    @factory.post_generation
    def category_list(self, create, extracted, **kwargs):
        if extracted and create:
            self.categories.set(extracted)
            self.save()
