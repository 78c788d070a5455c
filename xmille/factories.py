"""Factories for tests: regional sites with their home page and branding.

site = RegionalSiteFactory(slug="cinqmille", name="Cinqmille")
site.root_page  # a published HomePage; site.hostname == "cinqmille.localhost"
"""

from wagtail.models import Locale, Page, Site

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import HomePage, StandardPage
from xmille.models import SiteBranding


def root_page() -> Page:
    """Wagtail's Root, made by its migrations, and made again here when a transactional test
    (browser tests) has flushed the database: sites' homes must be its children, or nothing
    can be translated (a translation is made under the parent's translation)."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=default_locale())
    return root


def default_locale() -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    return locale


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Site {n}")
    slug = factory.Sequence(lambda n: f"site-{n}")
    parent = factory.LazyFunction(root_page)
    locale = factory.LazyFunction(default_locale)
    live = True

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "Une page de démonstration."
    live = True

    class Meta:
        model = StandardPage


class SiteBrandingFactory(DjangoModelFactory):
    name = factory.LazyAttribute(lambda o: o.site.site_name)
    tagline = "La culture près de chez vous"

    class Meta:
        model = SiteBranding


class RegionalSiteFactory(DjangoModelFactory):
    """A Wagtail Site answering on <slug>.localhost with a HomePage and its branding."""

    class Params:
        slug = factory.Sequence(lambda n: f"site{n}mille")
        name = factory.LazyAttribute(lambda o: o.slug.capitalize())

    hostname = factory.LazyAttribute(lambda o: f"{o.slug}.localhost")
    port = 80
    site_name = factory.SelfAttribute("name")
    root_page = factory.LazyAttribute(lambda o: HomePageFactory(title=o.name, slug=o.slug))
    is_default_site = False
    branding = factory.RelatedFactory(SiteBrandingFactory, factory_related_name="site")

    class Meta:
        model = Site
        skip_postgeneration_save = True
