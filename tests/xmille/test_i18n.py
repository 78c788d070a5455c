"""The interface in four languages: complete catalogues, compiled in pure Python, dates written
the way each language writes them, and the public pages and feeds translated under /nl/,
/de/ and /en/ (the content stays French until it is translated: another concern)."""

import importlib
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import trans_real

import feedparser
import polib
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from events.models import EventPage
from magazine.factories import InterviewPageFactory, MagazineIndexPageFactory
from tests.events.factories_detail import AgendaPageFactory, add_date, build_scene
from tests.xmille.helpers import translate
from xmille.catalogues import catalogue_problems, compile_catalogues, po_files
from xmille.formats import NAMED_FORMATS
from xmille.locales import ensure_locale_structure

HOST = "quatremille.localhost"
TRANSLATED = ["nl", "de", "en"]
# A Wednesday far enough ahead to stay upcoming (2 December 2037, like 2 December 2026).
DAY = date(2037, 12, 2)


# Catalogues -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_complete_and_faithful(language):
    """No empty or fuzzy msgstr, no placeholder or HTML tag lost: a failure lists them."""
    (po,) = po_files([language])
    assert catalogue_problems(po) == []
    catalogue = polib.pofile(str(po))
    assert catalogue.metadata["Language"] == language
    assert not catalogue.metadata_is_fuzzy
    assert len(catalogue) > 400


def test_problems_are_found(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Vide", msgstr=""))
    po.append(polib.POEntry(msgid="Flou", msgstr="Vaag", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Lire « %(title)s »", msgstr="Lees “%(titel)s”"))
    po.append(polib.POEntry(msgid="<b>gras</b>", msgstr="vet"))
    po.append(
        polib.POEntry(
            msgid="%(n)s date",
            msgid_plural="%(n)s dates",
            msgstr_plural={0: "één datum", 1: "%(n)s data"},
        )
    )
    path = tmp_path / "django.po"
    po.save(str(path))
    problems = "\n".join(catalogue_problems(path))
    assert "'Vide': empty translation" in problems
    assert "'Flou': fuzzy" in problems
    assert "%(titel)s" in problems
    assert "HTML tags differ" in problems
    assert "'%(n)s date': placeholders" in problems


@pytest.fixture
def fresh_translations():
    """Forget the catalogues Django loaded, before and after (LOCALE_PATHS changes here)."""
    trans_real._translations = {}
    trans_real._default = None
    yield
    trans_real._translations = {}
    trans_real._default = None


def test_compilemessages_writes_mo_files_that_django_loads(tmp_path, settings, fresh_translations):
    messages = tmp_path / "locale" / "nl" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {
        "Language": "nl",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.append(polib.POEntry(msgid="Chaîne de test Xmille", msgstr="Xmille-testzin"))
    po.append(polib.POEntry(msgid="Non relu", msgstr="Niet nagelezen", flags=["fuzzy"]))
    po.append(polib.POEntry(msgctxt="essai", msgid="Chaîne de test Xmille", msgstr="Met context"))
    po.append(
        polib.POEntry(
            msgid="%(n)s essai Xmille",
            msgid_plural="%(n)s essais Xmille",
            msgstr_plural={0: "%(n)s Xmille-test", 1: "%(n)s Xmille-tests"},
        )
    )
    po.save(str(messages / "django.po"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    call_command("compilemessages", verbosity=0)

    assert (messages / "django.mo").exists()
    with translation.override("nl"):
        assert translation.gettext("Chaîne de test Xmille") == "Xmille-testzin"
        assert translation.pgettext("essai", "Chaîne de test Xmille") == "Met context"
        assert translation.ngettext("%(n)s essai Xmille", "%(n)s essais Xmille", 3) == (
            "%(n)s Xmille-tests"
        )
        # Fuzzy entries are left out, as msgfmt does.
        assert translation.gettext("Non relu") == "Non relu"
    # Up to date: nothing to write a second time.
    assert compile_catalogues() == []


def test_project_catalogues_are_compiled_and_loaded():
    for po in po_files():
        assert po.with_suffix(".mo").exists()
    with translation.override("nl"):
        assert translation.gettext("Aller au contenu") == "Naar de inhoud"
    with translation.override("de"):
        assert translation.gettext("Aller au contenu") == "Zum Inhalt"
    with translation.override("en"):
        assert translation.gettext("Aller au contenu") == "Skip to content"


# Formats --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_language_defines_every_named_format(language):
    module = importlib.import_module(f"xmille.formats.{language}.formats")
    missing = [name for name in NAMED_FORMATS if not getattr(module, name, None)]
    assert missing == []


@pytest.mark.parametrize(
    ("language", "day", "day_month", "long_date", "time_of_day"),
    [
        ("fr", "mercredi 2 décembre 2037", "mercredi 2 décembre", "2 décembre 2037", "19:00"),
        ("nl", "woensdag 2 december 2037", "woensdag 2 december", "2 december 2037", "19:00"),
        ("de", "Mittwoch, 2. Dezember 2037", "Mittwoch, 2. Dezember", "2. Dezember 2037", "19:00"),
        ("en", "Wednesday 2 December 2037", "Wednesday 2 December", "2 December 2037", "19:00"),
    ],
)
def test_named_formats(language, day, day_month, long_date, time_of_day):
    moment = timezone.make_aware(datetime.combine(DAY, time(19)))
    with translation.override(language):
        assert date_format(DAY, "WEEKDAY_DATE_FORMAT") == day
        assert date_format(DAY, "WEEKDAY_DAY_MONTH_FORMAT") == day_month
        assert date_format(DAY, "LONG_DATE_FORMAT") == long_date
        assert date_format(moment, "CLOCK_FORMAT") == time_of_day


# Public pages ---------------------------------------------------------------------------


def local(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def scene(network):
    scene = build_scene(network["quatremille"].root_page)
    AgendaPageFactory(parent=scene.home)
    add_date(scene.event, local(DAY, 19), local(DAY, 21))
    # Each language's structure, and the event translated (its content copied as it is: the
    # interface's language is what these tests read).
    ensure_locale_structure()
    scene.translations = {code: translate(scene.event, code) for code in ("nl", "de", "en")}
    return scene


def in_language(scene, language: str):
    return scene.event if language == "fr" else scene.translations[language]


def path(page) -> str:
    return urlsplit(page.url).path


def get(client, url, **params):
    response = client.get(url, params, HTTP_HOST=HOST)
    assert response.status_code == 200, response.content[:500]
    return response


def page_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, " ".join(soup.get_text(" ").split())


def test_event_page_in_dutch(client, scene):
    soup, text = page_of(get(client, path(scene.translations["nl"])))

    assert soup.html["lang"] == "nl"
    assert (
        soup.select_one(".facts time").get_text() == "Woensdag 2 december 2037 van 19:00 tot 21:00"
    )
    for words in ("Wanneer", "Waar", "Prijs", "Tickets", "Toevoegen aan mijn agenda", "De locatie"):
        assert words in text
    assert "Jong publiek, vanaf 8 jaar" in text
    assert "Frans, gebarentaal (LSFB)" in text
    assert soup.select_one(".skip-link").get_text() == "Naar de inhoud"
    assert "Onze redactielijn" in text
    for french in ("En pratique", "Quand", "Billetterie", "Ajouter à mon agenda", "décembre"):
        assert french not in text
    # The content is not the interface's business: still French until translated.
    assert "Nuit du jazz" in text


@pytest.mark.parametrize(
    ("language", "when", "words"),
    [
        (
            "de",
            "Mittwoch, 2. Dezember 2037, 19:00\u201321:00",
            ["Wann", "Zu meinem Kalender hinzufügen"],
        ),
        ("en", "Wednesday 2 December 2037, 19:00\u201321:00", ["When", "Add to my calendar"]),
        ("fr", "Mercredi 2 décembre 2037 de 19:00 à 21:00", ["Quand", "Ajouter à mon agenda"]),
    ],
)
def test_event_page_in_other_languages(client, scene, language, when, words):
    soup, text = page_of(get(client, path(in_language(scene, language))))
    assert soup.html["lang"] == language
    assert soup.select_one(".facts time").get_text() == when
    for word in words:
        assert word in text


def test_agenda_in_dutch(client, scene):
    response = get(client, "/nl/agenda/", date_from="2037-12-01", date_to="2037-12-03")
    soup, text = page_of(response)

    assert soup.html["lang"] == "nl"
    assert soup.select_one(".agenda-day__title time").get_text() == "Woensdag 2 december 2037"
    assert "De agenda filteren" in text
    assert "Wanneer?" in text
    assert "Filters wissen" in text
    assert "1 datum" in soup.select_one(".agenda__count").get_text()
    assert "Filtrer l'agenda" not in text
    # The French agenda, cached for the same address, stays French.
    soup, text = page_of(get(client, "/agenda/", date_from="2037-12-01", date_to="2037-12-03"))
    assert soup.html["lang"] == "fr"
    assert soup.select_one(".agenda-day__title time").get_text() == "Mercredi 2 décembre 2037"


def test_home_in_german(client, scene):
    soup, text = page_of(get(client, "/de/"))
    assert soup.html["lang"] == "de"
    assert soup.select_one(".skip-link").get_text() == "Zum Inhalt"
    assert "Heute" in text and "Dieses Wochenende" in text
    assert "Unsere redaktionelle Linie" in text
    assert soup.select_one(".site-search button").get_text() == "Suchen"


def test_not_found_page_in_english(client, scene):
    response = client.get("/en/nothing-here/", HTTP_HOST=HOST)
    assert response.status_code == 404
    soup, text = page_of(response)
    assert soup.html["lang"] == "en"
    assert "Page not found" in text


# Feeds ----------------------------------------------------------------------------------


def test_ical_feed_in_dutch(client, scene):
    EventPage.objects.filter(pk=scene.translations["nl"].pk).update(
        status=EventPage.Status.POSTPONED
    )
    response = client.get(f"{path(scene.translations['nl'])}feed.ics", HTTP_HOST=HOST)
    assert response.status_code == 200
    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Uitgesteld: Nuit du jazz"
    assert "Prijs: 12 € / 8 € réduit" in str(item["DESCRIPTION"])
    assert "Met: Trio Bleu" in str(item["DESCRIPTION"])


def test_ical_feed_in_french_is_unchanged(client, scene):
    EventPage.objects.filter(pk=scene.event.pk).update(status=EventPage.Status.POSTPONED)
    response = client.get(f"{path(scene.event)}feed.ics", HTTP_HOST=HOST)
    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Reporté : Nuit du jazz"


@pytest.mark.parametrize(
    ("prefix", "description", "published"),
    [
        ("/nl", "De nieuwste artikels van het magazine van Quatremille.", "gepubliceerd op"),
        ("/de", "Die neuesten Artikel des Magazins von Quatremille.", "veröffentlicht am"),
        ("/en", "The latest articles from the Quatremille magazine.", "published on"),
    ],
)
def test_magazine_feed_and_piece_translated(client, network, prefix, description, published):
    magazine = MagazineIndexPageFactory(parent=network["quatremille"].root_page)
    piece = InterviewPageFactory(
        parent=magazine,
        title="Rencontre",
        interviewee="Léa",
        first_published_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(f"{prefix}{path(magazine)}rss/", HTTP_HOST=HOST)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.description == description

    _soup, text = page_of(get(client, f"{prefix}{path(piece)}"))
    assert published in text
