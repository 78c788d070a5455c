"""Home page of each regional site, and plain editorial pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from xmille.edit_conflicts import GuardedPageForm
from xmille.routing import DirectRouteMixin
from xmille.visibility import KnownRestrictionsMixin

from .blocks import BodyStreamBlock


class HomePage(KnownRestrictionsMixin, DirectRouteMixin, Page):
    """The root of one regional site ("Quatremille", "Cinqmille", ...)."""

    base_form_class = GuardedPageForm

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "events.AgendaPage",
        "events.RegionPage",
        "home.StandardPage",
        "magazine.MagazineIndexPage",
        "home.GuideIndexPage",
    ]
    max_count_per_parent = 1
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")


class StandardPage(KnownRestrictionsMixin, Page):
    """A plain page: editorial line, about, contact, ..."""

    base_form_class = GuardedPageForm

    intro = models.TextField(_("chapeau"), blank=True, max_length=400)
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")


# Tutorials live in their own module (home.guides); Django finds models through this one.
from .guides import GuideIndexPage, TutorialPage  # noqa: E402, F401
