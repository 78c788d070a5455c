"""The demo network: four sites as the README lists them, and a loader safe to rerun.

The full demo is loaded once for the module (it is the slowest fixture of the suite), inside a
transaction rolled back at the end; each test runs in its own savepoint."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Revision, Site

from home.models import HomePage
from xmille.demo.sites import DemoNetwork, ensure_dev_superuser
from xmille.models import SiteBranding
from xmille.page_urls import PageUrls


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Site,
            Page,
            Revision,
            HomePage,
            SiteBranding,
            Collection,
            Locale,
            get_image_model(),
            get_user_model(),
        )
    }


def test_demo_network_has_the_four_sites(demo):
    sites = Site.objects.order_by("hostname")
    assert {s.hostname for s in sites} == {
        "quatremille.localhost",
        "cinqmille.localhost",
        "sixmille.localhost",
        "septmille.localhost",
    }
    default = Site.objects.get(is_default_site=True)
    assert default.hostname == "quatremille.localhost"
    assert all(s.port == 8000 for s in sites)
    for site in sites:
        assert isinstance(site.root_page.specific, HomePage)
        assert site.root_page.live
        assert site.sitebranding.logo.description  # logo has alt text


def test_wagtail_welcome_page_is_gone(demo):
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_locales_exist_for_every_language(demo):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"fr", "nl", "de", "en"}


def test_load_demo_twice_creates_nothing_twice(demo, settings):
    settings.DEBUG = True
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_demo_ships_real_translations(demo, client):
    from events.models import EventCategory, EventPage
    from magazine.models import WeeklyFavouritesPage

    assert EventCategory.objects.get(slug="concert", locale__language_code="de").name == "Konzert"
    assert EventCategory.objects.get(slug="danse", locale__language_code="nl").name == "Dans"
    for code in ("nl", "de", "en"):
        live = EventPage.objects.live().filter(locale__language_code=code)
        assert live.count() >= 12, code
        assert WeeklyFavouritesPage.objects.live().filter(locale__language_code=code).exists()
        event = live.filter(categories__isnull=False).first()
        assert {c.locale.language_code for c in event.categories.all()} == {code}
    html = client.get("/nl/", HTTP_HOST="quatremille.localhost:8000").content.decode()
    assert "De culturele agenda en het magazine van Luik" in html  # the home's intro
    html = client.get("/de/agenda/", HTTP_HOST="cinqmille.localhost:8000").content.decode()
    assert "Alles, was in der Region Namur los ist." in html
    assert "Ailleurs dans le réseau" not in html and "Anderswo im Netzwerk" in html


def test_dev_superuser_only_in_debug(demo, settings):
    get_user_model().objects.filter(username="admin").delete()
    settings.DEBUG = False
    ensure_dev_superuser(DemoNetwork())
    assert not get_user_model().objects.filter(username="admin").exists()
    settings.DEBUG = True
    ensure_dev_superuser(DemoNetwork())
    assert get_user_model().objects.get(username="admin").is_superuser


def test_dev_superuser_can_log_in_to_the_admin(demo, client):
    assert client.login(username="admin", password="admin")
    assert client.get("/admin/").status_code == 200


def test_demo_serves_each_site(demo, client):
    for site in Site.objects.all():
        response = client.get("/", HTTP_HOST=f"{site.hostname}:8000")
        assert response.status_code == 200
        assert site.site_name in response.content.decode()


def test_demo_guides_in_every_language(demo, client):
    from home.models import GuideIndexPage, TutorialPage

    for site in Site.objects.all():
        index = GuideIndexPage.objects.child_of(site.root_page).get()
        guides = TutorialPage.objects.child_of(index).live()
        assert list(guides.values_list("slug", flat=True)) == [
            "votre-premier-evenement",
            "soumettre-et-lire-les-retours",
            "des-dates-qui-se-repetent",
            "demander-un-nouveau-lieu",
            "presenter-votre-organisation",
            "ecrire-une-chronique",
            "la-ligne-editoriale",
            "moderer",
        ]
        first = guides.first()
        step = first.steps[0].value
        assert step["screenshot"].contextual_alt_text
        assert step["screenshot"].credit
    for code, title, step in (
        ("nl", "Uw eerste evenement", "Open de pagina van uw organisatie"),
        ("de", "Ihre erste Veranstaltung", "Öffnen Sie die Seite Ihrer Organisation"),
        ("en", "Your first event", "Open your organisation&#x27;s page"),
    ):
        french = TutorialPage.objects.get(
            slug="votre-premier-evenement",
            path__startswith=Site.objects.get(hostname__startswith="quatremille").root_page.path,
        )
        guide = french.get_translation(Locale.objects.get(language_code=code))
        assert guide.live
        assert guide.title == title
        html = client.get(guide.url, HTTP_HOST="quatremille.localhost:8000").content.decode()
        assert step in html, code
    home = client.get("/", HTTP_HOST="cinqmille.localhost:8000").content.decode()
    assert 'href="/tutos/"' in home  # the footer and the home's guides block


# `xmille.page_urls` gives Wagtail's own addresses (`get_url`, `get_full_url`) for every page of
# the demo network, seen from every site and language: the feeds and the cards rely on it.


def test_every_page_of_the_demo_network_has_wagtails_address_from_every_site(demo):
    pages = list(Page.objects.filter(depth__gt=1).order_by("path"))
    assert len(pages) > 200  # four sites, four languages
    compared = 0
    for site in Site.objects.order_by("pk"):
        for language in ("fr", "nl", "en"):
            request = RequestFactory().get("/", HTTP_HOST=site.hostname)
            with translation.override(language):
                urls = PageUrls(request)
                for page in pages:
                    assert urls.url(page.url_path) == page.get_url(request), page.url_path
                    assert urls.full_url(page.url_path) == page.get_full_url(request)
                    compared += 1
    assert compared == len(pages) * Site.objects.count() * 3


def test_without_a_request_addresses_are_full_or_relative_as_wagtails(db):
    # No site at all: nothing is routable, as Wagtail says.
    assert PageUrls().url("/nowhere/") is None
    assert PageUrls().full_url("/nowhere/") is None


def test_a_page_of_another_site_gets_its_sites_full_address(demo):
    default, other = Site.objects.order_by("-is_default_site", "pk")[:2]
    page = other.root_page.get_children().live().first()
    request = RequestFactory().get("/", HTTP_HOST=default.hostname)
    url = PageUrls(request).url(page.url_path)
    assert url.startswith(other.root_url)
    assert url == page.get_url(request)
