"""Shared helpers for the language and network tests: a small translated network."""

from dataclasses import dataclass, field

from django.test import Client

from wagtail.models import Page

from bs4 import BeautifulSoup

from events.factories import EventPageFactory, OrganizerPageFactory, RegionPageFactory
from xmille.locales import ensure_locale_structure


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def client_on(site) -> Client:
    return Client(HTTP_HOST=site.hostname)


def path_of(page) -> str:
    """The page's path on its own site (with its language prefix)."""
    return page.get_url_parts()[2]


def translate(page, language_code: str, *, publish: bool = True, **fields) -> Page:
    """The page's translation into `language_code` through wagtail-localize, with `fields`
    written on it (title, teaser...), published or left a draft."""
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    locale = Locale.objects.get(language_code=language_code)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    translation.save_target(publish=False)
    copy = page.get_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    revision = copy.save_revision()
    if publish:
        revision.publish()
    copy.refresh_from_db()
    return copy


@dataclass
class Scene:
    sites: dict
    pages: dict = field(default_factory=dict)

    def page(self, name):
        return Page.objects.get(pk=self.pages[name].pk).specific


def build_scene(sites) -> Scene:
    """Quatremille with an agenda, a magazine, a region, an organizer and two events, and
    Cinqmille with its own region and event; the locale structure created."""
    from events.models import AgendaPage
    from magazine.factories import MagazineIndexPageFactory

    scene = Scene(sites=sites)
    p = scene.pages
    for slug in ("quatremille", "cinqmille"):
        home = sites[slug].root_page
        agenda = AgendaPage(title="Agenda", slug="agenda")
        home.add_child(instance=agenda)
        agenda.save_revision().publish()
        p[f"agenda_{slug}"] = agenda
        p[f"magazine_{slug}"] = MagazineIndexPageFactory(
            parent=home, title="Magazine", slug="magazine"
        )
    p["liege"] = RegionPageFactory(
        parent=sites["quatremille"].root_page, title="Liège", slug="liege"
    )
    p["namur"] = RegionPageFactory(parent=sites["cinqmille"].root_page, title="Namur", slug="namur")
    p["org"] = OrganizerPageFactory(parent=p["liege"], title="ASBL Alpha", slug="alpha")
    p["org_n"] = OrganizerPageFactory(parent=p["namur"], title="ASBL Namuroise", slug="namuroise")
    p["concert"] = EventPageFactory(parent=p["org"], title="Concert au parc", slug="concert")
    p["expo"] = EventPageFactory(parent=p["org"], title="Exposition de gravures", slug="expo")
    p["theatre"] = EventPageFactory(parent=p["org_n"], title="Théâtre à Namur", slug="theatre")
    ensure_locale_structure()
    return scene
