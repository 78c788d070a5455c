"""Two people edit the same page: the second one, saving from a form loaded before the first
one saved, is refused with a French message, keeps their input and gets a link to compare; the
first one's work stays in the database. Raw POSTs built from the real editor form."""

from datetime import timedelta

from django.apps import apps
from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import querydict_from_html

import pytest

from magazine.factories import ChroniclePageFactory
from xmille.edit_conflicts import RevisionGuardFormMixin

from .admin import client_for, edit_form, form_errors, post_edit

pytestmark = pytest.mark.django_db

REFUSED = "a enregistré une version plus récente"


def latest_title(page) -> str:
    return Page.objects.get(pk=page.pk).get_latest_revision().as_object().title


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def two_editors(tree, page, first, second):
    """Both open the editor; the first saves a new title."""
    first_client, second_client = client_for(tree.users[first]), client_for(tree.users[second])
    first_data, second_data = edit_form(first_client, page), edit_form(second_client, page)
    first_data["title"] = "Titre de la première personne"
    response = post_edit(first_client, page, first_data)
    assert response.status_code == 302, form_errors(response)
    return second_client, second_data


def test_a_stale_save_is_refused_with_the_input_kept_and_a_comparison(tree):
    event = tree.pages["event_a"]
    client, stale = two_editors(tree, event, "orga_a", "mod_liege")
    opened = stale["loaded_revision_id"]
    stale["title"] = "Titre de la seconde personne"

    response = post_edit(client, event, stale)

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any(REFUSED in e and "Orga_a" in e for e in errors), errors
    shown = " ".join(messages_of(response))
    assert REFUSED in shown
    newest = Page.objects.get(pk=event.pk).latest_revision_id
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[event.pk, opened, newest])
    assert compare in shown
    # The first one's title is what the database holds; the second's input is still on screen.
    assert latest_title(event) == "Titre de la première personne"
    again = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    assert again["title"] == "Titre de la seconde personne"
    # Having seen the conflict, saving again is a deliberate choice: it goes through.
    assert again["loaded_revision_id"] == str(newest)
    retry = stale.copy()
    for key in ("loaded_revision_id", "loaded_revision_created_at"):
        retry[key] = again[key]
    response = post_edit(client, event, retry)
    assert response.status_code == 302, form_errors(response)
    assert latest_title(event) == "Titre de la seconde personne"


def test_a_save_from_the_current_revision_passes(tree):
    event = tree.pages["event_a"]
    client = client_for(tree.users["mod_liege"])
    data = edit_form(client, event)
    data["title"] = "Titre à jour"
    response = post_edit(client, event, data)
    assert response.status_code == 302, form_errors(response)
    assert latest_title(event) == "Titre à jour"


@pytest.mark.parametrize("action", ["publish", "submit"])
def test_publishing_or_submitting_a_stale_form_is_refused_too(tree, action):
    event = tree.pages["event_a"]
    second = "admin" if action == "publish" else "orga_a"
    client, stale = two_editors(tree, event, "mod_liege", second)
    stale["title"] = "Titre périmé"
    response = post_edit(client, event, stale, action)
    assert response.status_code == 200
    assert REFUSED in " ".join(messages_of(response))
    assert latest_title(event) == "Titre de la première personne"
    assert Page.objects.get(pk=event.pk).title != "Titre périmé"
    assert not Page.objects.get(pk=event.pk).workflow_states.exists()


def test_a_magazine_piece_between_two_writers(tree):
    writer = tree.users["writer"]
    piece = ChroniclePageFactory(
        parent=tree.pages["magazine_quatre"], title="Chronique", owner=writer, live=False, body=[]
    )
    piece.save_revision(user=writer)
    client, stale = two_editors(tree, piece, "writer", "chief_quatre")
    stale["title"] = "Titre de la rédaction en chef"
    response = post_edit(client, piece, stale)
    assert response.status_code == 200
    assert REFUSED in " ".join(messages_of(response))
    assert latest_title(piece) == "Titre de la première personne"


def test_an_autosave_that_rewrote_the_loaded_revision_makes_the_form_stale(tree):
    """Same revision id, but rewritten in place since (autosave overwrites its own revision):
    Wagtail's `loaded_revision_created_at` tells them apart."""
    event = tree.pages["event_a"]
    client = client_for(tree.users["mod_liege"])
    stale = edit_form(client, event)
    revision = Page.objects.get(pk=event.pk).latest_revision
    Revision.objects.filter(pk=revision.pk).update(
        created_at=revision.created_at + timedelta(seconds=5)
    )
    stale["title"] = "Titre périmé"
    response = post_edit(client, event, stale)
    assert response.status_code == 200
    assert REFUSED in " ".join(messages_of(response))
    assert Page.objects.get(pk=event.pk).latest_revision_id == revision.pk
    assert latest_title(event) != "Titre périmé"


def test_the_persons_own_autosave_in_flight_is_not_a_conflict(tree):
    """They click "Envoyer à la modération" while their editor's autosave of a moment ago is
    still being written: that newer revision is theirs, and what they send holds it all."""
    event = tree.pages["event_a"]
    client = client_for(tree.users["orga_a"])
    data = edit_form(client, event)
    autosaved = data.copy()
    autosaved["title"] = "Titre en cours de frappe"
    assert post_edit(client, event, autosaved).status_code == 302  # their own, newer revision
    data["title"] = "Titre final"
    response = post_edit(client, event, data, "submit")
    assert response.status_code == 302, form_errors(response)
    assert latest_title(event) == "Titre final"
    assert Page.objects.get(pk=event.pk).workflow_states.exists()


def test_the_open_editor_is_told_by_wagtails_editing_session(tree):
    """What the second editor's screen asks every few seconds: Wagtail's ping names who saved
    a newer revision, so the editor offers to reload before any save."""
    event = tree.pages["event_a"]
    client, stale = two_editors(tree, event, "orga_a", "mod_liege")
    newest = Page.objects.get(pk=event.pk).latest_revision_id
    ping = reverse("wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", event.pk, 0])
    response = client.post(
        ping,
        {
            "revision_id": stale["loaded_revision_id"],
            "revision_created_at": stale["loaded_revision_created_at"],
        },
    )
    assert response.status_code == 200
    others = response.json()["other_sessions"]
    assert [(o["user"], o["revision_id"]) for o in others if o["revision_id"]] == [
        ("Orga_a", newest)
    ]


def test_every_page_type_has_the_guard():
    ours = {"events", "home", "magazine", "xmille", "search"}
    for model in apps.get_models():
        if issubclass(model, Page) and model._meta.app_label in ours and model.is_creatable:
            form_class = model.get_edit_handler().get_form_class()
            assert issubclass(form_class, RevisionGuardFormMixin), model
