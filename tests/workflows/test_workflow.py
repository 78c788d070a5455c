"""The Agenda and Magazine workflows through the admin views: the automated check's refusals
with reasons, the moderators' approval publishing, "request changes", trusted organizers and
the e-mails each step sends."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import rich_text

import pytest

from events.factories import EventPageFactory
from events.models import EventPage, OrganizerPage
from xmille.models import EditorialLine

from .admin import (
    assert_denied,
    client_for,
    create_form,
    edit_form,
    fill_event,
    form_errors,
    post_create,
    post_edit,
    set_stream,
    workflow_action,
)
from .conftest import next_week

pytestmark = pytest.mark.django_db


def new_event(tree, user="orga_a", organizer="org_a", **fields):
    client = client_for(tree.users[user])
    data = create_form(client, "events.eventpage", tree.pages[organizer])
    start = fields.pop("start", next_week())
    fill_event(
        data,
        title=fields.pop("title", "Soirée slam au Carré"),
        teaser=fields.pop("teaser", "Une scène ouverte pour les poètes de tout âge."),
        venue=fields.pop("venue", tree.pages["venue_liege"]),
        start=start,
        end=fields.pop("end", start + timedelta(hours=3)),
    )
    data.update(fields)
    response = post_create(client, "events.eventpage", tree.pages[organizer], data, "submit")
    assert response.status_code == 302, form_errors(response)
    page = EventPage.objects.filter(title=data["title"]).order_by("-pk").first()
    return client, response, page


def latest_state(page) -> WorkflowState:
    return WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()


def test_check_refuses_with_reasons_shown_to_the_submitter(tree):
    line = EditorialLine.for_site(tree.sites["quatremille"])
    line.forbidden_words = "promo exceptionnelle"
    line.save()
    past = timezone.now() - timedelta(days=30)
    mail.outbox.clear()
    client, response, page = new_event(
        tree,
        title="SOIRÉE SLAM GÉANTE",
        teaser="Promo exceptionnelle sur les boissons !",
        start=past,
        end=past + timedelta(hours=2),
    )
    # Back on the editor, with the reasons, not "submitted for moderation".
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    state = latest_state(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    comment = state.current_task_state.comment
    assert "capitales" in comment
    assert "promo exceptionnelle" in comment
    assert "passées" in comment
    assert not EventPage.objects.get(pk=page.pk).live

    editor = client.get(response.url)
    html = editor.content.decode()
    assert "Toutes les dates sont passées" in html
    assert "submitted for moderation" not in html and "soumise à la modération" not in html

    # The submitter also gets the reasons by e-mail; moderators are not bothered.
    assert [m.to for m in mail.outbox] == [["orga_a@example.org"]]
    assert "Le titre est écrit en capitales" in mail.outbox[0].body

    # The history page shows the refusal and its reasons.
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "Refusé par la vérification automatique" in history.content.decode()


def test_fixed_event_goes_to_the_regions_moderators_who_approve_and_publish(tree):
    past = timezone.now() - timedelta(days=30)
    client, _, page = new_event(tree, start=past, end=past + timedelta(hours=2))
    assert latest_state(page).status == WorkflowState.STATUS_NEEDS_CHANGES

    mail.outbox.clear()
    data = edit_form(client, page)
    start = next_week()
    fill_event(
        data,
        title=page.title,
        teaser=page.teaser,
        start=start,
        end=start + timedelta(hours=2),
        slug=page.slug,
    )
    response = post_edit(client, page, data, "submit")
    assert response.status_code == 302
    state = latest_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.__class__.__name__ == "ModerationTask"
    # Only Liège's moderators (and no other region's) are told.
    assert sorted(r for m in mail.outbox for r in m.to) == ["mod_liege@example.org"]

    # The organizer cannot approve their own event; Namur's moderator cannot either.
    assert_denied(workflow_action(client, page, "approve"))
    namur = client_for(tree.users["mod_namur"])
    assert_denied(workflow_action(namur, page, "approve"))
    assert latest_state(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert not EventPage.objects.get(pk=page.pk).live

    mail.outbox.clear()
    liege = client_for(tree.users["mod_liege"])
    response = workflow_action(liege, page, "approve", comment="Parfait, merci !")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert latest_state(page).status == WorkflowState.STATUS_APPROVED
    assert [m.to for m in mail.outbox] == [["orga_a@example.org"]]
    assert "Parfait, merci !" in mail.outbox[0].body


def test_request_changes_returns_the_page_and_rechecks_the_fix(tree):
    client, _, page = new_event(tree)
    liege = client_for(tree.users["mod_liege"])
    mail.outbox.clear()
    response = workflow_action(liege, page, "reject", comment="Précisez le prix, s'il vous plaît.")
    assert response.status_code == 302
    state = latest_state(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [["orga_a@example.org"]]
    assert "Précisez le prix" in mail.outbox[0].body

    # The organizer can edit again; a resubmission passes the check again, first.
    data = edit_form(client, page)
    data["teaser"] = "UNE ACCROCHE QUI CRIE TRÈS FORT"
    post_edit(client, page, data, "submit")
    state = latest_state(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.task.specific.__class__.__name__ == "EditorialCheckTask"

    data = edit_form(client, page)  # the editor, reopened on the refused revision
    data["teaser"] = "Une accroche calme, avec le prix : 5 €."
    post_edit(client, page, data, "submit")
    state = latest_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.__class__.__name__ == "ModerationTask"
    workflow_action(liege, page, "approve")
    page.refresh_from_db()
    assert page.live and page.teaser == "Une accroche calme, avec le prix : 5 €."


def test_edit_of_a_live_event_waits_for_approval(tree):
    event = tree.page("event_a")
    client = client_for(tree.users["orga_a"])
    data = edit_form(client, event)
    data["title"] = "Concert a, nouvelle affiche"
    post_edit(client, event, data, "submit")
    event.refresh_from_db()
    assert event.live and event.title == "Concert a"
    assert event.has_unpublished_changes
    workflow_action(client_for(tree.users["mod_liege"]), event, "approve")
    event.refresh_from_db()
    assert event.title == "Concert a, nouvelle affiche"


def test_trusted_organizer_skips_the_moderators_but_not_the_check(tree):
    organizer = tree.page("org_a")
    organizer.trusted = True
    organizer.save_revision().publish()
    mail.outbox.clear()
    _, _, page = new_event(tree, title="Atelier d'écriture")
    page.refresh_from_db()
    assert page.live, (list(WorkflowState.objects.values()), list(TaskState.objects.values()))
    assert page.live
    assert mail.outbox == []  # nobody had to act
    tasks = [
        (ts.task.specific.__class__.__name__, ts.status)
        for ts in latest_state(page).task_states.order_by("pk")
    ]
    assert tasks == [("EditorialCheckTask", "approved"), ("ModerationTask", "approved")]

    _, _, faulty = new_event(tree, title="ATELIER EN CAPITALES")
    # Shouting title: refused by the check even for a trusted organizer.
    data_state = latest_state(faulty)
    assert data_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not EventPage.objects.get(pk=faulty.pk).live


def test_organizer_cannot_make_itself_trusted(tree):
    organizer = tree.page("org_a")
    client = client_for(tree.users["orga_a"])
    data = edit_form(client, organizer)
    data["trusted"] = "on"
    response = post_edit(client, organizer, data, "submit")
    assert response.status_code == 302
    assert not OrganizerPage.objects.get(pk=organizer.pk).trusted
    assert latest_state(organizer) is None  # nothing was saved nor submitted
    # The region's moderator can.
    mod = client_for(tree.users["mod_liege"])
    data = edit_form(mod, organizer)
    data["trusted"] = "on"
    post_edit(mod, organizer, data, "publish")
    assert OrganizerPage.objects.get(pk=organizer.pk).trusted


def test_likely_duplicate_is_flagged_not_refused(tree):
    existing = tree.page("event_b")  # "Concert b" at La Cité Miroir, next week
    occurrence = existing.occurrences.first()
    _, _, page = new_event(
        tree,
        title="Concert b !",
        start=occurrence.start + timedelta(minutes=30),
        end=occurrence.start + timedelta(hours=2),
    )
    state = latest_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    check = state.task_states.get(task__name="Vérification de la ligne éditoriale")
    assert check.status == TaskState.STATUS_APPROVED
    assert "Doublon possible" in check.comment and "Concert b" in check.comment
    # The moderator reads it at the top of the editor.
    html = (
        client_for(tree.users["mod_liege"])
        .get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        .content.decode()
    )
    assert "Doublon possible" in html


def test_duplicates_are_found_across_sites(tree):
    from xmille.workflows import check_page

    start = next_week()
    namur = EventPageFactory(
        parent=tree.pages["org_n"],
        title="Concert a",
        venue=tree.pages["venue_liege"],
        dates=[(start, start + timedelta(hours=1))],
    )
    result = check_page(EventPage.objects.get(pk=namur.pk))
    assert result.passed
    assert any("Concert a" in w and "Quatremille" in w for w in result.warnings)


def test_magazine_piece_is_proofread_by_another_writer_then_approved_by_the_chief(tree):
    from magazine.factories import ChroniclePageFactory

    writer = tree.users["writer"]
    piece = ChroniclePageFactory(
        parent=tree.pages["magazine_quatre"],
        title="Un disque lumineux",
        owner=writer,
        live=False,
        body=[],
    )
    piece.save_revision(user=writer)
    client = client_for(writer)
    data = edit_form(client, piece)
    set_stream(
        data, "body", [("paragraph", rich_text("<p>Un disque qui tient ses promesses.</p>"))]
    )
    mail.outbox.clear()
    response = post_edit(client, piece, data, "submit")
    assert response.status_code == 302, form_errors(response)
    state = latest_state(piece)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS, state.current_task_state.comment
    assert state.current_task_state.task.name == "Relecture"
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert "writer@example.org" not in recipients
    assert "writer2@example.org" in recipients and "writer_cinq@example.org" not in recipients

    # The author cannot proofread their own piece; a writer of another site cannot either.
    assert_denied(workflow_action(client, piece, "approve"))
    assert_denied(workflow_action(client_for(tree.users["writer_cinq"]), piece, "approve"))
    assert latest_state(piece).current_task_state.task.name == "Relecture"
    workflow_action(client_for(tree.users["writer2"]), piece, "approve")
    piece.refresh_from_db()
    assert not piece.live
    state = latest_state(piece)
    assert state.current_task_state.task.name == "Validation par la rédaction en chef"
    # Cinqmille's chief cannot approve Quatremille's piece; Quatremille's can.
    assert_denied(workflow_action(client_for(tree.users["chief_cinq"]), piece, "approve"))
    assert latest_state(piece).current_task_state_id == state.current_task_state_id
    workflow_action(client_for(tree.users["chief_quatre"]), piece, "approve")
    piece.refresh_from_db()
    assert piece.live


def test_moderators_queue_lists_only_their_region(tree):
    from wagtail.models import TaskState as TS

    new_event(tree, title="Fanfare de quartier")
    new_event(
        tree, user="orga_n", organizer="org_n", title="Bal folk", venue=tree.pages["venue_namur"]
    )
    liege = {
        ts.workflow_state.content_object.title
        for ts in TS.objects.reviewable_by(tree.users["mod_liege"])
    }
    namur = {
        ts.workflow_state.content_object.title
        for ts in TS.objects.reviewable_by(tree.users["mod_namur"])
    }
    assert liege == {"Fanfare de quartier"}
    assert namur == {"Bal folk"}
    dashboard = (
        client_for(tree.users["mod_liege"]).get(reverse("wagtailadmin_home")).content.decode()
    )
    assert "Fanfare de quartier" in dashboard and "Bal folk" not in dashboard


def pending(tree, organizer, title, user=None):
    """An event of `organizer` submitted and waiting for its region's moderators."""
    start = next_week()
    page = EventPageFactory(
        parent=tree.pages[organizer],
        title=title,
        venue=tree.pages["venue_namur" if organizer == "org_n" else "venue_liege"],
        dates=[(start, start + timedelta(hours=2))],
        live=False,
    )
    submitter = tree.users[user or {"org_a": "orga_a", "org_b": "orga_b"}.get(organizer, "orga_n")]
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    page = EventPage.objects.get(pk=page.pk)
    assert page.current_workflow_task.specific.__class__.__name__ == "ModerationTask"
    return page


def test_network_admin_acts_on_any_regions_moderation_without_being_mailed(tree):
    mail.outbox.clear()
    liege = pending(tree, "org_a", "Fanfare de quartier")
    namur = pending(tree, "org_n", "Bal folk")
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == ["mod_liege@example.org", "mod_namur@example.org"]

    network = client_for(tree.users["network"])
    dashboard = network.get(reverse("wagtailadmin_home")).content.decode()
    assert "Fanfare de quartier" in dashboard and "Bal folk" in dashboard
    # Verviers' moderator still cannot act in Liège, nor Liège's in Namur.
    assert_denied(workflow_action(client_for(tree.users["mod_verviers"]), liege, "approve"))
    assert_denied(workflow_action(client_for(tree.users["mod_liege"]), namur, "approve"))

    assert workflow_action(network, liege, "approve").status_code == 302
    assert EventPage.objects.get(pk=liege.pk).live
    assert (
        workflow_action(network, namur, "reject", comment="Quel est le prix ?").status_code == 302
    )
    assert latest_state(namur).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not EventPage.objects.get(pk=namur.pk).live


def test_network_admin_proofreads_and_approves_a_magazine_piece(tree):
    from magazine.factories import ChroniclePageFactory

    writer = tree.users["writer_cinq"]
    piece = ChroniclePageFactory(
        parent=tree.pages["magazine_cinq"], title="Un livre", owner=writer, live=False, body=[]
    )
    piece.save_revision(user=writer)
    mail.outbox.clear()
    piece.get_workflow().start(piece, writer)
    assert latest_state(piece).current_task_state.task.name == "Relecture"
    assert "network@example.org" not in {r for m in mail.outbox for r in m.to}
    network = client_for(tree.users["network"])
    workflow_action(network, piece, "approve")
    assert latest_state(piece).current_task_state.task.name == "Validation par la rédaction en chef"
    workflow_action(network, piece, "approve")
    piece.refresh_from_db()
    assert piece.live


def test_queue_is_what_each_reviewer_may_act_on(tree):
    """`reviewable_by` (a queryset) agrees with `get_actions` (page by page) for every user."""
    from magazine.factories import ChroniclePageFactory

    pending(tree, "org_a", "Fanfare de quartier")
    pending(tree, "org_b", "Conte en wallon")
    pending(tree, "org_n", "Bal folk")
    pending(tree, "org_a", "Bal de la moderation", user="mod_liege")
    for writer, magazine in (("writer", "magazine_quatre"), ("writer_cinq", "magazine_cinq")):
        piece = ChroniclePageFactory(
            parent=tree.pages[magazine], owner=tree.users[writer], live=False, body=[]
        )
        piece.save_revision(user=tree.users[writer])
        piece.get_workflow().start(piece, tree.users[writer])
    at_the_chief = ChroniclePageFactory(
        parent=tree.pages["magazine_quatre"], owner=tree.users["writer2"], live=False, body=[]
    )
    at_the_chief.save_revision(user=tree.users["writer2"])
    at_the_chief.get_workflow().start(at_the_chief, tree.users["writer2"])
    workflow_action(client_for(tree.users["writer"]), at_the_chief, "approve")

    in_progress = list(TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS))
    assert len(in_progress) == 7
    for name, user in tree.users.items():
        user = type(user).objects.get(pk=user.pk)
        queue = set(TaskState.objects.reviewable_by(user))
        allowed = {
            ts
            for ts in in_progress
            if ts.task.specific.get_actions(ts.workflow_state.content_object, user)
        }
        assert queue == allowed, name
    reviewable = {
        name: len(TaskState.objects.reviewable_by(user)) for name, user in tree.users.items()
    }
    assert reviewable == {
        "admin": 7,
        "network": 7,
        "chief_quatre": 2,
        "chief_cinq": 1,
        "writer": 0,  # their own piece is not theirs to proofread
        "writer2": 1,
        "writer_cinq": 0,
        "mod_liege": 3,
        "mod_namur": 1,
        "mod_verviers": 0,
        "orga_a": 0,
        "orga_b": 0,
        "orga_n": 0,
    }


def test_moderators_queue_costs_the_same_queries_however_long_the_queues(tree):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pending(tree, "org_a", "Fanfare de quartier 1")
    pending(tree, "org_n", "Bal folk 1")
    client = client_for(tree.users["mod_liege"])

    def dashboard_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("wagtailadmin_home"))
        html = response.content.decode()
        assert "Fanfare de quartier" in html and "Bal folk" not in html
        return len(queries)

    def queue_queries() -> tuple[int, int]:
        user = get_user_model().objects.get(username="mod_liege")  # no cached permissions
        with CaptureQueriesContext(connection) as queries:
            size = len(TaskState.objects.reviewable_by(user))
        return size, len(queries)

    dashboard_queries()  # warm caches (content types, site root paths...)
    dashboard = dashboard_queries()
    # The moderator's home (xmille.admin_home), the requests waiting for them (open doors)
    # and Wagtail's own panels.
    assert dashboard <= 58, dashboard
    size, queue = queue_queries()
    assert size == 1
    for n in range(2, 8):
        pending(tree, "org_n", f"Bal folk {n}")
    # Other regions' submissions cost nothing on the dashboard...
    assert dashboard_queries() == dashboard
    for n in range(2, 5):
        pending(tree, "org_a", f"Fanfare de quartier {n}")
    # ... and the queue itself costs the same queries whatever its length (the dashboard then
    # spends a query per row, in Wagtail's panel).
    assert queue_queries() == (4, queue)
