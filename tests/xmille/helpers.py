"""Shared helpers for the tests of site-wide pieces (tests/xmille/): admin logins and upload
bodies for the hardening tests; a small site with one page of every public type, public and
private side by side, for the visibility and odd-input tests; a small translated network for the
language tests."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from bs4 import BeautifulSoup

from events.agenda import window_for
from events.factories import EventPageFactory, OrganizerPageFactory, RegionPageFactory
from magazine.factories import (
    ChroniclePageFactory,
    MagazineIndexPageFactory,
    WeeklyFavouritesPageFactory,
)
from tests.events.factories_detail import AgendaPageFactory, build_scene
from xmille.factories import StandardPageFactory
from xmille.locales import ensure_locale_structure

ADMIN_LOGIN = "/admin/login/"


def make_admin(username: str, password: str = "correct-horse-battery"):
    """A network admin (superuser) who can log in to the Wagtail admin with `password`."""
    return get_user_model().objects.create_superuser(username, f"{username}@example.org", password)


def admin_login(client, username: str, password: str, address: str):
    """POST the Wagtail admin's login form from `address`."""
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def png_bytes(width: int = 8, height: int = 8, mode: str = "RGB") -> bytes:
    """A real PNG image of the given size."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A zip archive holding `entries` (name -> content), in order, the first one stored."""
    import zipfile
    from io import BytesIO

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
        }
    )


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class ExplodingInput:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the request body was read")


SECRET = "Répétition secrète"
LOCKED = "Concert sous mot de passe"
HIDDEN_ORGANIZER_EVENT = "Atelier du collectif privé"
SECRET_PIECE = "Chronique réservée aux membres"
PRIVATE_WORDS = (SECRET, LOCKED, HIDDEN_ORGANIZER_EVENT, SECRET_PIECE)


def this_weekend():
    """A one-hour slot inside "this weekend" as the agenda counts it, seen from now."""
    window = window_for("weekend", None, None, timezone.now())
    start = window.start + timedelta(minutes=30)
    return start, start + timedelta(hours=1)


@dataclass
class PublicTree:
    home: object
    pages: dict = field(default_factory=dict)

    def url(self, name: str) -> str:
        return self.pages[name].url


def build_public_tree(home) -> PublicTree:
    """An agenda, a region with a venue and an organizer, a public event and three private ones
    (logged-in users only, a password, under a restricted organizer), all at the same venue, in
    the same category, this weekend; a magazine with a public and a private piece about them,
    and this week's favourites picking a private event."""
    start, end = this_weekend()
    agenda = AgendaPageFactory(parent=home)
    scene = build_scene(home, dates=[(start, end)])
    common = {
        "venue": scene.venue,
        "category_list": [scene.concert],
        "dates": [(start, end)],
        "online_url": "https://meet.example.org/secret-room",
    }
    secret = EventPageFactory(
        parent=scene.organizer, title=SECRET, teaser="Réservé aux membres connectés.", **common
    )
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    locked = EventPageFactory(
        parent=scene.organizer, title=LOCKED, teaser="Il faut le mot de passe.", **common
    )
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="chut"
    )
    hidden_organizer = OrganizerPageFactory(
        parent=scene.region, title="Collectif privé", slug="collectif-prive"
    )
    PageViewRestriction.objects.create(
        page=hidden_organizer, restriction_type=PageViewRestriction.LOGIN
    )
    under_hidden = EventPageFactory(parent=hidden_organizer, title=HIDDEN_ORGANIZER_EVENT, **common)
    magazine = MagazineIndexPageFactory(parent=home)
    piece = ChroniclePageFactory(
        parent=magazine, title="Une nuit de jazz", mentions=[scene.event], body=[]
    )
    secret_piece = ChroniclePageFactory(
        parent=magazine, title=SECRET_PIECE, mentions=[scene.event], body=[]
    )
    PageViewRestriction.objects.create(
        page=secret_piece, restriction_type=PageViewRestriction.LOGIN
    )
    favourites = WeeklyFavouritesPageFactory(
        parent=magazine,
        title="Nos coups de cœur",
        picks=[(scene.event, "Pour le swing."), (secret, "Pour les initiés.")],
    )
    standard = StandardPageFactory(parent=home, title="À propos", slug="a-propos")
    return PublicTree(
        home,
        {
            "home": home,
            "agenda": agenda,
            "region": scene.region,
            "venue": scene.venue,
            "organizer": scene.organizer,
            "event": scene.event,
            "secret": secret,
            "locked": locked,
            "hidden_organizer": hidden_organizer,
            "under_hidden": under_hidden,
            "magazine": magazine,
            "piece": piece,
            "secret_piece": secret_piece,
            "favourites": favourites,
            "standard": standard,
        },
    )


def module_public_tree(django_db_blocker):
    """Build the tree once for a module inside a transaction rolled back at the end (a
    generator for a module-scoped fixture)."""
    from tests.conftest import build_network

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            sites = build_network()
            yield build_public_tree(sites["quatremille"].root_page.specific)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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
class TranslatedScene:
    sites: dict
    pages: dict = field(default_factory=dict)

    def page(self, name):
        return Page.objects.get(pk=self.pages[name].pk).specific


def build_translated_scene(sites) -> TranslatedScene:
    """Quatremille with an agenda, a magazine, a region, an organizer and two events, and
    Cinqmille with its own region and event; the locale structure created."""
    from events.models import AgendaPage
    from magazine.factories import MagazineIndexPageFactory

    scene = TranslatedScene(sites=sites)
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


class RecordingBackend:
    """A `wagtail.contrib.frontend_cache` backend that records the URLs it is asked to purge
    (WAGTAILFRONTENDCACHE in tests/xmille/test_page_cache.py)."""

    purged: list[str] = []

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname) -> bool:
        return True

    def purge(self, url) -> None:
        RecordingBackend.purged.append(url)

    def purge_batch(self, urls) -> None:
        RecordingBackend.purged.extend(urls)
