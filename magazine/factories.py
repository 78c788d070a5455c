"""Factories for the magazine, for tests and benchmarks.

magazine = MagazineIndexPageFactory(parent=site.root_page)
author = AuthorFactory(name="Léa Martin")
interview = InterviewPageFactory(parent=magazine, authors=[author], body=[("question", ...)])
favourites = WeeklyFavouritesPageFactory(parent=magazine, picks=[(event, "Pourquoi")])
"""

from django.utils import timezone
from django.utils.text import slugify

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from .models import (
    Author,
    ChroniclePage,
    FavouritePick,
    InterviewPage,
    MagazineIndexPage,
    PieceMention,
    ReportPage,
    WeeklyFavouritesPage,
    monday_of,
)


class AuthorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Auteur·ice {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    bio = "<p>Bénévole au magazine.</p>"

    class Meta:
        model = Author
        django_get_or_create = ("slug",)


class MagazineIndexPageFactory(wagtail_factories.PageFactory):
    title = "Magazine"
    slug = "magazine"
    live = True

    class Meta:
        model = MagazineIndexPage


class PieceFactory(wagtail_factories.PageFactory):
    """Common to every type: `authors` (a list; one new author by default), `mentions` (pages
    the piece is about), `category_list`, `region_list`, `tag_list`."""

    live = True
    teaser = "Un article du magazine."
    first_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            self.authors.set(extracted if extracted is not None else [AuthorFactory()])

    @factory.post_generation
    def mentions(self, create, extracted, **kwargs):
        for target in extracted or []:
            self.mentions.add(PieceMention(target=target))

    @factory.post_generation
    def category_list(self, create, extracted, **kwargs):
        if extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def region_list(self, create, extracted, **kwargs):
        if extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def tag_list(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        """Save once the relations above are set (ParentalManyToMany waits for save())."""
        if create:
            self.save()


class InterviewPageFactory(PieceFactory):
    title = factory.Sequence(lambda n: f"Interview {n}")
    interviewee = "Camille Dubois"
    body = [
        ("question", {"text": "Comment est né le projet ?"}),
        ("answer", {"text": "<p>Autour d'une table de cuisine, un soir d'hiver.</p>"}),
    ]

    class Meta:
        model = InterviewPage


class ChroniclePageFactory(PieceFactory):
    title = factory.Sequence(lambda n: f"Chronique {n}")
    subject_kind = ChroniclePage.Subject.ALBUM
    subject_title = "Un premier album"
    body = [("paragraph", "<p>Un disque qui tient ses promesses.</p>")]

    class Meta:
        model = ChroniclePage


class ReportPageFactory(PieceFactory):
    title = factory.Sequence(lambda n: f"Reportage {n}")
    kind = ReportPage.Kind.WRITTEN
    body = [("paragraph", "<p>Nous y étions.</p>")]

    class Meta:
        model = ReportPage


class WeeklyFavouritesPageFactory(PieceFactory):
    """`picks` is a list of (event, blurb) pairs."""

    title = factory.Sequence(lambda n: f"Coups de cœur {n}")
    week_start = factory.LazyFunction(lambda: monday_of(timezone.localdate()))
    intro = "<p>Ce qu'on ira voir cette semaine.</p>"

    class Meta:
        model = WeeklyFavouritesPage

    @factory.post_generation
    def picks(self, create, extracted, **kwargs):
        for order, (event, blurb) in enumerate(extracted or []):
            self.picks.add(FavouritePick(event=event, blurb=blurb, sort_order=order))
        if create and extracted:
            self.save()
