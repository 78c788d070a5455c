"""Who may translate what: raw POSTs to wagtail-localize's views, and what the database holds
afterwards. A translation goes through the page's workflow, never straight to the public."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from wagtail.models import Locale, Page, WorkflowState

import pytest

from events.factories import EventPageFactory
from tests.xmille.helpers import build_translated_scene, translate
from xmille.models import RoleGroup
from xmille.roles import role_group, setup_roles

HOST = "quatremille.localhost"


@pytest.fixture
def scene(network):
    scene = build_translated_scene(network)
    scene.pages["draft"] = EventPageFactory(
        parent=scene.pages["org_n"], title="Brouillon namurois", slug="brouillon", live=False
    )
    setup_roles()
    return scene


def user_in(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(*groups)
    return user


def client_for(user) -> Client:
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return client


def locale(code):
    return Locale.objects.get(language_code=code)


def submit(client, page, *codes):
    return client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale(code).pk for code in codes]},
    )


@pytest.fixture
def organizer(scene):
    return user_in("alpha", role_group(RoleGroup.Role.ORGANIZER, scene.page("org")))


@pytest.fixture
def translator(scene):
    return user_in("vertaler", Group.objects.get(name="Translators nl"))


def test_organizer_translation_goes_through_moderation(scene, organizer):
    concert = scene.page("concert")
    pages = Page.objects.count()
    response = submit(client_for(organizer), concert, "nl")
    assert response.status_code == 302
    assert Page.objects.count() == pages + 1  # the translation, no parent
    nl = concert.get_translation(locale("nl"))
    assert not nl.live
    # The translation editor's "publish" (or our submit button) starts the workflow.
    response = client_for(organizer).post(
        reverse("wagtailadmin_pages:edit", args=[nl.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    nl.refresh_from_db()
    assert not nl.live
    state = WorkflowState.objects.get(object_id=str(nl.pk))
    # Under moderation: the editorial check already asked for changes, or a moderator reviews.
    assert state.status in (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)
    assert state.workflow.name == "Agenda"


def test_organizer_cannot_translate_another_organizers_event(scene, organizer):
    pages = Page.objects.count()
    response = submit(client_for(organizer), scene.page("theatre"), "nl")
    assert response.status_code in (200, 302, 403)  # the locale is not offered: nothing created
    assert Page.objects.count() == pages


def test_translator_refused_outside_their_rights(scene, translator):
    client = client_for(translator)
    pages = Page.objects.count()
    # A draft they may not read.
    assert submit(client, scene.page("draft"), "nl").status_code in (302, 403)
    # A language that is not theirs.
    submit(client, scene.page("concert"), "de")
    # A whole subtree.
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[scene.page("org").pk]),
        {"locales": [locale("nl").pk], "include_subtree": "on"},
    )
    assert response.status_code in (200, 302, 403)
    assert Page.objects.count() == pages
    # Wagtail's simple_translation "copy for translation" door is not installed.
    assert (
        client.post(f"/admin/translation/submit/page/{scene.page('draft').pk}/").status_code == 404
    )


def test_translator_may_translate_a_public_page_into_their_language_not_publish(scene, translator):
    client = client_for(translator)
    assert submit(client, scene.page("theatre"), "nl").status_code == 302
    nl = scene.page("theatre").get_translation(locale("nl"))
    assert not nl.live
    client.post(reverse("wagtailadmin_pages:edit", args=[nl.pk]), {"action": "publish"})
    nl.refresh_from_db()
    assert not nl.live


def test_sync_and_publish_refused_to_a_translator(scene, translator):
    from wagtail_localize.models import TranslationSource

    translate(scene.page("concert"), "nl", publish=False)
    source = TranslationSource.objects.get(object_id=scene.page("concert").translation_key)
    response = client_for(translator).post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )
    assert response.status_code in (302, 403)  # Wagtail answers a refusal with /admin/
    assert not scene.page("concert").get_translation(locale("nl")).live
