"""The locale structure: every site's sections exist in nl, de, en before any translation, and
translating an event creates no parent."""

from django.core.management import call_command

from wagtail.models import Locale, Page

import pytest

from tests.xmille.helpers import build_translated_scene, client_on, path_of, translate
from xmille.locales import ensure_locale_structure


@pytest.fixture
def scene(network):
    return build_translated_scene(network)


def test_sections_answer_in_every_language_before_any_translation(scene, network):
    client = client_on(network["quatremille"])
    for code in ("nl", "de", "en"):
        for path in (f"/{code}/", f"/{code}/agenda/", f"/{code}/magazine/", f"/{code}/liege/"):
            assert client.get(path).status_code == 200, path
    assert client.get("/agenda/").status_code == 200


def test_structure_is_idempotent_and_organizers_are_drafts(scene):
    count = Page.objects.count()
    report = ensure_locale_structure()
    assert report.created == [] and report.published == []
    assert Page.objects.count() == count
    nl = Locale.objects.get(language_code="nl")
    org_nl = scene.page("org").get_translation(nl)
    assert not org_nl.live
    assert scene.page("liege").get_translation(nl).live


def test_translating_an_event_creates_no_parent(scene, network):
    pages_before = Page.objects.count()
    nl_event = translate(scene.page("concert"), "nl", title="Concert in het park")
    assert Page.objects.count() == pages_before + 1
    assert nl_event.get_parent().locale.language_code == "nl"
    client = client_on(network["quatremille"])
    assert client.get("/nl/agenda/").status_code == 200
    assert client.get("/nl/magazine/").status_code == 200
    response = client.get(path_of(nl_event))
    assert response.status_code == 200
    assert "Concert in het park" in response.content.decode()
    # No French alias appeared anywhere as a side effect.
    assert not Page.objects.filter(alias_of__isnull=False).exists()


def test_command_runs_twice(scene):
    call_command("setup_locales", verbosity=0)
    call_command("setup_locales", verbosity=0)


# -- the locales of a request (xmille.locales: locale_by_id, active_locale, visitor_home) --


def test_a_request_reads_the_locales_once(scene, network, django_assert_num_queries):
    """`page.locale` and `Locale.get_active()` query each time; within a request the locales
    are read once for all the pieces of a page that ask."""
    from django.utils import translation

    from xmille.content_cache import request_memo
    from xmille.locales import active_locale, locale_by_id

    fr, nl = Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="nl")
    token = request_memo.set({})
    try:
        with django_assert_num_queries(1), translation.override("nl"):
            assert active_locale() == nl
            assert locale_by_id(fr.pk) == fr
            assert locale_by_id(nl.pk).language_code == "nl"
            with translation.override("fr"):
                assert active_locale() == fr
    finally:
        request_memo.reset(token)
    # Outside a request, nothing is kept: each call reads what is there now.
    with django_assert_num_queries(2), translation.override("nl"):
        assert active_locale() == nl
        assert locale_by_id(fr.pk) == fr


def test_the_site_home_is_the_home_in_the_visitors_language(scene, network, rf):
    from django.utils import translation

    from xmille.locales import visitor_home

    site = network["quatremille"]
    request = rf.get("/", HTTP_HOST=site.hostname)
    with translation.override("nl"):
        home_nl = visitor_home(request)
    assert home_nl.locale.language_code == "nl"
    assert home_nl.translation_key == site.root_page.translation_key
    with translation.override("fr"):
        assert visitor_home(request).pk == site.root_page.pk
    # A language without a live home falls back to the French one, as Page.localized does.
    home_nl.unpublish()
    fresh = rf.get("/", HTTP_HOST=site.hostname)
    with translation.override("nl"):
        assert visitor_home(fresh).pk == site.root_page.pk


def test_language_codes_read_a_locale_added_since_they_were_kept(db):
    """A card of an event in a language added after the site's locales were kept still
    names its language (the kept codes are completed, not trusted blindly)."""
    from wagtail.models import Locale

    from xmille.locales import language_codes

    codes = language_codes()
    added = Locale.objects.create(language_code="en-gb")
    assert added.pk not in codes
    assert codes[added.pk] == "en-gb"
