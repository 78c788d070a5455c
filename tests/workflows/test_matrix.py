"""Role x action x place, through the admin views with raw POSTs (what an attacker can send,
not only what the UI shows). Each case asserts the effect in the database: an allowed action
happened, a denied one left no trace.

Places (see conftest): Liège has organizers Alpha (event_a, draft_a) and Bêta (event_b);
Namur has organizer Namuroise; Quatremille's magazine has a writer's draft piece.
"""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision, WorkflowState

import pytest

from events.factories import EventPageFactory
from events.models import EventPage
from magazine.factories import ChroniclePageFactory

from .admin import (
    client_for,
    create_form,
    edit_form,
    fill_event,
    local,
    post_create,
    post_edit,
)
from .conftest import build_roles_tree, next_week


@pytest.fixture(scope="module")
def matrix_tree(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at the end; each test runs in
    a savepoint of its own (pytest-django's `db`)."""
    from tests.conftest import build_network

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            tree = build_roles_tree(build_network())
            p, u = tree.pages, tree.users
            start = next_week()
            p["draft_a"] = EventPageFactory(
                parent=p["org_a"],
                title="Brouillon Alpha",
                live=False,
                owner=u["orga_a"],
                venue=p["venue_liege"],
                dates=[(start, start + timedelta(hours=1))],
            )
            p["draft_a"].save_revision(user=u["orga_a"])
            p["piece"] = ChroniclePageFactory(
                parent=p["magazine_quatre"],
                title="Chronique en cours",
                owner=u["writer"],
                live=False,
                body=[],
            )
            p["piece"].save_revision(user=u["writer"])
            p["live_piece"] = ChroniclePageFactory(
                parent=p["magazine_quatre"], title="Chronique publiée", owner=u["writer"], body=[]
            )
            p["live_piece"].save_revision(user=u["writer"]).publish()
            yield tree
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def tree(matrix_tree, db):
    return matrix_tree


def fresh(tree, name):
    return Page.objects.get(pk=tree.pages[name].pk).specific


# --- actions: each returns whether its effect is in the database ----------------------------


def do_create(client, tree, target):
    parent = fresh(tree, target)
    model = "events.eventpage" if target.startswith("org") else "magazine.chroniclepage"
    title = "Nouvelle page de la matrice"
    admin = client_for(tree.users["admin"])
    data = create_form(admin, model, parent)
    if model == "events.eventpage":
        start = next_week()
        fill_event(
            data,
            title=title,
            teaser="Une accroche.",
            venue=fresh(tree, "venue_liege"),
            start=start,
            end=start + timedelta(hours=1),
        )
    else:
        from wagtail.test.utils.form_data import rich_text

        from .admin import set_stream

        data["title"], data["slug"], data["teaser"] = title, "nouvelle-chronique", "Une accroche."
        data["subject_title"] = "Un album"
        set_stream(data, "body", [("paragraph", rich_text("<p>Texte.</p>"))])
    post_create(client, model, parent, data)
    return Page.objects.child_of(parent).filter(title=title).exists()


def _edit_data(tree, page):
    from wagtail.test.utils.form_data import rich_text

    from .admin import set_stream

    data = edit_form(client_for(tree.users["admin"]), page)
    if page._meta.app_label == "magazine":
        set_stream(data, "body", [("paragraph", rich_text("<p>Texte.</p>"))])
    return data


def do_edit(client, tree, target):
    page = fresh(tree, target)
    data = _edit_data(tree, page)
    data["title"] = "Titre modifié par la matrice"
    post_edit(client, page, data)
    latest = Page.objects.get(pk=page.pk).get_latest_revision()
    return latest is not None and latest.as_object().title == "Titre modifié par la matrice"


def do_publish(client, tree, target):
    page = fresh(tree, target)
    data = _edit_data(tree, page)
    data["title"] = "Publié par la matrice"
    post_edit(client, page, data, "publish")
    page = Page.objects.get(pk=page.pk)
    # A draft's row takes the draft's title on save: only a live page with it is published.
    return page.live and page.title == "Publié par la matrice" and not page.has_unpublished_changes


def do_schedule(client, tree, target):
    page = fresh(tree, target)
    data = _edit_data(tree, page)
    data["go_live_at"] = local(timezone.now() + timedelta(days=3))
    post_edit(client, page, data, "publish")
    return Revision.page_revisions.filter(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    ).exists()


def do_unpublish(client, tree, target):
    page = fresh(tree, target)
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {})
    return not Page.objects.get(pk=page.pk).live


SUBMITTERS = {"event_a": "orga_a", "draft_a": "orga_a", "event_b": "orga_b", "event_n": "orga_n"}


def do_approve(client, tree, target):
    page = fresh(tree, target)
    submitter = tree.users[SUBMITTERS.get(target, "writer")]
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    state = page.current_workflow_state
    assert state.current_task_state.task.specific.__class__.__name__ == "ModerationTask"
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    return WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


def do_delete(client, tree, target):
    page = fresh(tree, target)
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), {})
    return not Page.objects.filter(pk=page.pk).exists()


def _move(client, page, destination):
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]), {})
    return Page.objects.get(pk=page.pk).get_parent().pk == destination.pk


def do_move_into_own(client, tree, target):
    """Move another organizer's event into org_a (the organizer's own subtree)."""
    return _move(client, fresh(tree, target), fresh(tree, "org_a"))


def do_move_out(client, tree, target):
    """Move the event out of its organizer, into org_b."""
    return _move(client, fresh(tree, target), fresh(tree, "org_b"))


def _copy(client, page, destination):
    slug = f"copie-{page.slug}"
    client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": f"Copie de {page.title}",
            "new_slug": slug,
            "new_parent_page": str(destination.pk),
            "publish_copies": "on",
        },
    )
    copy = Page.objects.child_of(destination).filter(slug=slug).first()
    if copy is not None:
        assert not copy.live or client is None  # never published by the copy
    return copy is not None


def do_copy_into_own(client, tree, target):
    return _copy(client, fresh(tree, target), fresh(tree, "org_a"))


def do_copy_out(client, tree, target):
    return _copy(client, fresh(tree, target), fresh(tree, "org_b"))


def do_history(client, tree, target):
    page = fresh(tree, target)
    ok = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200
    revisions = client.get(
        reverse("wagtailadmin_pages:revisions_index", args=[page.pk]), follow=True
    )
    # Wagtail 8 sends the old revisions list to the history; a refusal lands on the dashboard.
    reached = revisions.request["PATH_INFO"]
    assert (reached == reverse("wagtailadmin_pages:history", args=[page.pk])) == ok, reached
    return ok


def do_preview(client, tree, target):
    page = fresh(tree, target)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    return response.status_code == 200


ACTIONS = {
    "create": do_create,
    "edit": do_edit,
    "publish": do_publish,
    "schedule": do_schedule,
    "unpublish": do_unpublish,
    "approve": do_approve,
    "delete": do_delete,
    "move into own subtree": do_move_into_own,
    "move out": do_move_out,
    "copy into own subtree": do_copy_into_own,
    "copy out": do_copy_out,
    "history": do_history,
    "preview": do_preview,
}

ALLOWED, DENIED = True, False
# (action, role, place, expected)
MATRIX = [
    # Organizers: their own subtree, no publishing, nobody else's pages.
    ("create", "orga_a", "org_a", ALLOWED),
    ("create", "orga_a", "org_b", DENIED),
    ("create", "orga_n", "org_a", DENIED),
    ("edit", "orga_a", "event_a", ALLOWED),
    ("edit", "orga_a", "org_a", ALLOWED),
    ("edit", "orga_a", "event_b", DENIED),
    ("edit", "orga_a", "venue_liege", DENIED),
    ("edit", "orga_n", "event_a", DENIED),
    ("publish", "orga_a", "event_a", DENIED),
    ("publish", "orga_a", "draft_a", DENIED),
    ("schedule", "orga_a", "event_a", DENIED),
    ("unpublish", "orga_a", "event_a", DENIED),
    ("approve", "orga_a", "event_a", DENIED),
    ("approve", "orga_b", "event_a", DENIED),
    ("delete", "orga_a", "draft_a", ALLOWED),
    ("delete", "orga_a", "event_a", DENIED),
    ("delete", "orga_b", "draft_a", DENIED),
    ("move into own subtree", "orga_a", "event_b", DENIED),
    ("move out", "orga_a", "draft_a", DENIED),
    ("move out", "orga_a", "event_a", DENIED),
    ("copy into own subtree", "orga_a", "event_b", DENIED),
    ("copy into own subtree", "orga_a", "event_a", ALLOWED),
    ("copy out", "orga_a", "event_a", DENIED),
    ("history", "orga_a", "event_a", ALLOWED),
    ("history", "orga_b", "event_a", DENIED),
    ("preview", "orga_a", "draft_a", ALLOWED),
    ("preview", "orga_b", "draft_a", DENIED),
    # Writers: their own pieces on their site's magazine, no publishing.
    ("create", "writer", "magazine_quatre", ALLOWED),
    ("create", "writer", "magazine_cinq", DENIED),
    ("create", "writer", "org_a", DENIED),
    ("edit", "writer", "piece", ALLOWED),
    ("edit", "writer2", "piece", DENIED),
    ("edit", "writer2", "live_piece", DENIED),
    ("edit", "writer_cinq", "piece", DENIED),
    ("edit", "writer", "event_a", DENIED),
    ("publish", "writer", "piece", DENIED),
    ("schedule", "writer", "piece", DENIED),
    ("schedule", "writer", "live_piece", DENIED),
    ("unpublish", "writer", "live_piece", DENIED),
    ("delete", "writer", "live_piece", DENIED),
    ("history", "writer2", "piece", DENIED),
    ("preview", "writer", "piece", ALLOWED),
    # Moderators: their region only.
    ("create", "mod_liege", "org_b", ALLOWED),
    ("create", "mod_namur", "org_a", DENIED),
    ("edit", "mod_liege", "event_a", ALLOWED),
    ("edit", "mod_liege", "venue_liege", ALLOWED),
    ("edit", "mod_namur", "event_a", DENIED),
    ("edit", "mod_verviers", "event_a", DENIED),
    ("publish", "mod_liege", "event_a", ALLOWED),
    ("publish", "mod_namur", "event_a", DENIED),
    ("schedule", "mod_liege", "event_a", ALLOWED),
    ("schedule", "mod_namur", "event_a", DENIED),
    ("unpublish", "mod_liege", "event_a", ALLOWED),
    ("unpublish", "mod_namur", "event_a", DENIED),
    ("approve", "mod_liege", "event_a", ALLOWED),
    ("approve", "mod_namur", "event_a", DENIED),
    ("approve", "mod_verviers", "event_a", DENIED),
    ("approve", "mod_namur", "event_n", ALLOWED),
    ("approve", "mod_liege", "event_n", DENIED),
    ("delete", "mod_liege", "event_a", ALLOWED),
    ("delete", "mod_namur", "event_a", DENIED),
    ("move out", "mod_liege", "event_a", ALLOWED),
    ("history", "mod_namur", "event_a", DENIED),
    ("preview", "mod_namur", "draft_a", DENIED),
    # Editors-in-chief: their site only.
    ("edit", "chief_quatre", "event_a", ALLOWED),
    ("edit", "chief_cinq", "event_a", DENIED),
    ("publish", "chief_quatre", "piece", ALLOWED),
    ("publish", "chief_cinq", "piece", DENIED),
    ("unpublish", "chief_cinq", "live_piece", DENIED),
    ("create", "chief_cinq", "org_a", DENIED),
    ("approve", "chief_cinq", "event_a", DENIED),
    # Network admins: everything.
    ("create", "network", "org_n", ALLOWED),
    ("publish", "network", "event_n", ALLOWED),
    ("unpublish", "network", "live_piece", ALLOWED),
    ("delete", "network", "event_b", ALLOWED),
    ("approve", "network", "event_a", ALLOWED),
    ("approve", "network", "event_n", ALLOWED),
]


@pytest.mark.parametrize(
    ("action", "role", "place", "expected"),
    MATRIX,
    ids=[
        f"{role}-{action}-{place}-{'allowed' if ok else 'denied'}"
        for action, role, place, ok in MATRIX
    ],
)
def test_matrix(tree, action, role, place, expected):
    client = client_for(tree.users[role])
    assert ACTIONS[action](client, tree, place) is expected


def test_liege_moderator_cannot_approve_in_namur_even_by_raw_post(tree):
    page = fresh(tree, "event_n")
    page.save_revision(user=tree.users["orga_n"])
    page.get_workflow().start(page, tree.users["orga_n"])
    task_state = page.current_workflow_state.current_task_state
    for action in ("approve", "reject"):
        client_for(tree.users["mod_liege"]).post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
            {"comment": "pirate"},
        )
    task_state.refresh_from_db()
    assert task_state.status == "in_progress" and task_state.comment == ""
    # Nor through the editor's workflow action button.
    data = edit_form(client_for(tree.users["admin"]), page)
    data["workflow-action-name"] = "approve"
    post_edit(client_for(tree.users["mod_liege"]), page, data, "workflow-action")
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"


def test_writer_cannot_publish_through_schedule_even_with_dates_in_the_past(tree):
    piece = fresh(tree, "piece")
    data = _edit_data(tree, piece)
    data["go_live_at"] = local(timezone.now() - timedelta(minutes=5))
    post_edit(client_for(tree.users["writer"]), piece, data, "publish")
    piece.refresh_from_db()
    assert not piece.live
    assert not Revision.page_revisions.filter(
        object_id=str(piece.pk), approved_go_live_at__isnull=False
    ).exists()


XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_stored_xss_is_escaped_in_admin_and_public_views(tree):
    page = fresh(tree, "event_a")
    organizer = client_for(tree.users["orga_a"])
    data = edit_form(organizer, page)
    for name in ("title", "teaser", "performers", "price", "accessibility_notes"):
        data[name] = XSS[: 200 if name == "teaser" else 250]
    response = post_edit(organizer, page, data, "submit")
    assert response.status_code == 302
    moderator = client_for(tree.users["mod_liege"])
    from .admin import workflow_action

    page = fresh(tree, "event_a")
    workflow_action(moderator, page, "approve")
    page = EventPage.objects.get(pk=page.pk)
    assert page.title == XSS
    for url in (
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_home"),
    ):
        html = moderator.get(url).content.decode()
        assert "<script>alert(" not in html, url
        assert "onerror=alert(1)>" not in html, url
    public = moderator.get(page.url, HTTP_HOST="quatremille.localhost")
    assert public.status_code == 200
    html = public.content.decode()
    assert "&lt;script&gt;" in html
    assert "<script>alert(" not in html and "<img src=x" not in html
