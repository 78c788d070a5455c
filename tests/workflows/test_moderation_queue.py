"""The moderators' queue (xmille.moderation): what waits in their region only, oldest first,
with the check's verdict; the one-screen review deciding through Wagtail's workflow actions; the
reasons going back to the contributor; the registry's model sources; the weekly digest."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState

import pytest

from events.factories import EventPageFactory
from events.models import EventPage
from xmille.models import EditorialLine, EventShare
from xmille.moderation import ModelSource, register_source, unregister_source, waiting_for

from .admin import client_for
from .conftest import next_week

pytestmark = pytest.mark.django_db

ORGANIZER_USER = {"org_a": "orga_a", "org_b": "orga_b", "org_n": "orga_n"}
QUEUE = reverse("xmille_moderation_queue")


def submit(tree, organizer: str, title: str, *, days_ago: float = 0, venue=None) -> EventPage:
    """An event of `organizer`, submitted `days_ago` and waiting for its region's moderators."""
    start = next_week()
    page = EventPageFactory(
        parent=tree.pages[organizer],
        title=title,
        venue=venue or tree.pages["venue_namur" if organizer == "org_n" else "venue_liege"],
        dates=[(start, start + timedelta(hours=2))],
        live=False,
    )
    submitter = tree.users[ORGANIZER_USER[organizer]]
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    page = EventPage.objects.get(pk=page.pk)
    state = page.current_workflow_state.current_task_state
    assert state.task.specific.__class__.__name__ == "ModerationTask"
    TaskState.objects.filter(pk=state.pk).update(
        started_at=timezone.now() - timedelta(days=days_ago)
    )
    return page


def task_state_of(page) -> TaskState:
    return EventPage.objects.get(pk=page.pk).current_workflow_state.current_task_state


def titles(items) -> list[str]:
    return [item.title for item in items]


def test_queue_holds_the_moderators_region_only_oldest_first(tree):
    submit(tree, "org_a", "Fanfare récente", days_ago=1)
    submit(tree, "org_b", "Conte ancien", days_ago=9)
    submit(tree, "org_a", "Lecture du milieu", days_ago=4)
    submit(tree, "org_n", "Bal folk namurois", days_ago=20)

    assert titles(waiting_for(tree.users["mod_liege"])) == [
        "Conte ancien",
        "Lecture du milieu",
        "Fanfare récente",
    ]
    assert titles(waiting_for(tree.users["mod_namur"])) == ["Bal folk namurois"]
    # Same site, another region: nothing of Liège's.
    assert waiting_for(tree.users["mod_verviers"]) == []
    # Network admins see every region's, still oldest first, each with its region.
    everything = waiting_for(tree.users["network"])
    assert titles(everything) == [
        "Bal folk namurois",
        "Conte ancien",
        "Lecture du milieu",
        "Fanfare récente",
    ]
    assert [item.area.title for item in everything] == ["Namur", "Liège", "Liège", "Liège"]
    # Contributors have no queue.
    assert waiting_for(tree.users["orga_a"]) == []

    html = client_for(tree.users["mod_liege"]).get(QUEUE).content.decode()
    assert (
        html.index("Conte ancien") < html.index("Lecture du milieu") < html.index("Fanfare récente")
    )
    assert "Bal folk namurois" not in html
    assert "Conforme" in html  # the check's verdict
    assert "1 attend depuis plus de 7 jours" in html


def test_network_admin_filters_the_queue_by_region(tree):
    submit(tree, "org_a", "Fanfare liégeoise")
    submit(tree, "org_n", "Bal folk namurois")
    client = client_for(tree.users["network"])
    namur = tree.pages["namur"].pk
    html = client.get(QUEUE, {"zone": namur}).content.decode()
    assert "Bal folk namurois" in html and "Fanfare liégeoise" not in html


def test_queue_is_not_for_contributors(tree):
    for user in ("orga_a", "writer"):
        assert client_for(tree.users[user]).get(QUEUE).status_code == 404
    menu = client_for(tree.users["orga_a"]).get(reverse("wagtailadmin_home")).content.decode()
    assert QUEUE not in menu
    menu = client_for(tree.users["mod_liege"]).get(reverse("wagtailadmin_home")).content.decode()
    assert QUEUE in menu


def test_another_regions_moderator_can_neither_see_nor_decide(tree):
    event = submit(tree, "org_a", "Fanfare liégeoise")
    review = reverse("xmille_moderation_review", args=[task_state_of(event).pk])
    for intruder in ("mod_namur", "mod_verviers", "orga_a", "orga_b", "writer", "chief_cinq"):
        client = client_for(tree.users[intruder])
        assert client.get(review).status_code == 404, intruder
        response = client.post(review, {"action": "approve", "comment": "ok"})
        assert response.status_code == 404, intruder
        response = client.post(review, {"action": "reject", "comment": "non"})
        assert response.status_code == 404, intruder
    event.refresh_from_db()
    assert not event.live
    assert task_state_of(event).status == TaskState.STATUS_IN_PROGRESS


def test_moderator_approves_a_clean_event_in_one_screen(tree):
    event = submit(tree, "org_a", "Fanfare liégeoise")
    state = task_state_of(event)
    client = client_for(tree.users["mod_liege"])
    review = reverse("xmille_moderation_review", args=[state.pk])
    html = client.get(review).content.decode()
    # The facts, the check's verdict and both decisions on one screen.
    assert "Fanfare liégeoise" in html
    assert "La Cité Miroir" in html  # the venue
    assert timezone.localtime(next_week()).strftime("%d/%m/%Y") in html  # the date
    assert "Conforme à la ligne éditoriale." in html
    assert 'value="approve"' in html and 'value="reject"' in html

    response = client.post(review, {"action": "approve", "comment": ""})
    assert response.status_code == 302 and response["Location"] == QUEUE
    event.refresh_from_db()
    assert event.live
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_APPROVED
    assert state.finished_by == tree.users["mod_liege"]
    assert waiting_for(tree.users["mod_liege"]) == []


def test_request_changes_needs_a_reason_which_goes_back_to_the_contributor(tree):
    site = tree.sites["quatremille"]
    line = EditorialLine.for_site(site)
    line.text = "<ul><li>Une accroche qui dit ce qu'on va voir.</li><li>Des dates justes.</li></ul>"
    line.save()
    event = submit(tree, "org_a", "Fanfare liégeoise")
    state = task_state_of(event)
    client = client_for(tree.users["mod_liege"])
    review = reverse("xmille_moderation_review", args=[state.pk])
    html = client.get(review).content.decode()
    assert "Des dates justes." in html  # the rules to pick from

    # No reason: refused, nothing changes.
    response = client.post(review, {"action": "reject", "reason": "", "comment": "  "})
    assert response.status_code == 200
    assert "Dites au contributeur quoi changer" in response.content.decode()
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS

    # A rule that is not the line's is not accepted either.
    response = client.post(review, {"action": "reject", "reason": "Inventée", "comment": ""})
    assert response.status_code == 200
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS

    mail.outbox.clear()
    response = client.post(
        review,
        {"action": "reject", "reason": "Des dates justes.", "comment": "Le 12 est un lundi."},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_REJECTED
    assert state.comment == "Des dates justes.\nLe 12 est un lundi."
    event.refresh_from_db()
    assert not event.live
    # The contributor is told, with the reason.
    to_submitter = [m for m in mail.outbox if m.to == [tree.users["orga_a"].email]]
    assert to_submitter and "Le 12 est un lundi." in to_submitter[0].body


def test_an_action_the_task_does_not_offer_is_refused(tree):
    event = submit(tree, "org_a", "Fanfare liégeoise")
    review = reverse("xmille_moderation_review", args=[task_state_of(event).pk])
    response = client_for(tree.users["mod_liege"]).post(review, {"action": "cancel"})
    assert response.status_code == 404
    assert task_state_of(event).status == TaskState.STATUS_IN_PROGRESS


def test_a_model_registers_as_a_source_with_one_call(tree):
    """What public proposals and join requests will do: a plain model, scoped by the page its
    area field points to (here shares, whose event lies in a region)."""
    EventShare.objects.create(event=tree.pages["event_a"], site=tree.sites["cinqmille"])
    EventShare.objects.create(event=tree.pages["event_n"], site=tree.sites["quatremille"])
    register_source(
        ModelSource(
            "shares",
            EventShare,
            kind="partage",
            area="event",
            submitted_at="created",
            title=lambda row: f"Partage de {row.event.title}",
            review_url=lambda row: f"/admin/partager/{row.event_id}/",
        )
    )
    try:
        assert titles(waiting_for(tree.users["mod_liege"])) == ["Partage de Concert a"]
        assert titles(waiting_for(tree.users["mod_namur"])) == ["Partage de Concert n"]
        assert waiting_for(tree.users["mod_verviers"]) == []
        assert len(waiting_for(tree.users["network"])) == 2
    finally:
        unregister_source("shares")


def test_queue_costs_the_same_queries_however_long(tree):
    client = client_for(tree.users["mod_liege"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(QUEUE).status_code == 200
        return len(context)

    submit(tree, "org_a", "Premier")
    queries()  # warm what the first request reads once (the sites' hosts)
    few = queries()
    for n in range(5):
        submit(tree, "org_b", f"Suivant {n}")
    assert queries() == few


def test_weekly_digest_tells_each_moderator_what_waits_and_what_is_old(tree):
    liege_old = submit(tree, "org_a", "Conte ancien", days_ago=10)
    submit(tree, "org_b", "Fanfare récente", days_ago=1)
    submit(tree, "org_n", "Bal folk namurois", days_ago=2)
    mail.outbox.clear()

    call_command("send_moderation_digest", stdout=StringIO())

    by_user = {m.to[0]: m for m in mail.outbox}
    # Verviers has nothing waiting: no e-mail. Network admins get the network's through the
    # queue, not by e-mail.
    assert set(by_user) == {tree.users["mod_liege"].email, tree.users["mod_namur"].email}
    liege = by_user[tree.users["mod_liege"].email]
    assert "2 contenus à modérer, dont 1 en attente depuis plus de 7 jours" in liege.subject
    assert liege.body.index("Conte ancien") < liege.body.index("Fanfare récente")
    assert "Bal folk namurois" not in liege.body
    # Links on the site's own address, never the admin's development default.
    root = tree.sites["quatremille"].root_url
    review = reverse("xmille_moderation_review", args=[task_state_of(liege_old).pk])
    assert f"{root}{review}" in liege.body
    assert f"{root}{QUEUE}" in liege.body
    assert "localhost:8000" not in liege.body
    namur = by_user[tree.users["mod_namur"].email]
    assert "Bal folk namurois" in namur.body and "Conte ancien" not in namur.body
    assert tree.sites["cinqmille"].root_url in namur.body
    assert "dont" not in namur.subject


def test_digest_dry_run_sends_nothing(tree):
    submit(tree, "org_a", "Conte ancien", days_ago=10)
    mail.outbox.clear()
    call_command("send_moderation_digest", "--dry-run", stdout=StringIO())
    assert mail.outbox == []
