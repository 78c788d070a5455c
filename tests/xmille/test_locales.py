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
