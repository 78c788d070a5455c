"""Proposing an event without an account: the record, the acknowledgement, the limits on
uploads, and the moderators' decision (exactly one draft, through the "Agenda" workflow)."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from wagtail.models import Page, TaskState, WorkflowState

import pytest

from events.models import EventPage, EventProposal, OrganizerPage
from tests.workflows.admin import client_for, workflow_action
from xmille import limits
from xmille.models import CustomImage

from .helpers import image_file, in_days, local, mails_to, page_text, proposal_data, public_client

URL = "/proposer-un-evenement/"

pytestmark = pytest.mark.django_db


def propose(data, files=None, client=None, address="203.0.113.7"):
    client = client or public_client()
    return client.post(URL, {**data, **(files or {})}, REMOTE_ADDR=address)


def decide_url(record):
    return reverse("doors_decide_proposal", args=[record.pk])


def test_the_form_is_on_every_site_and_lists_the_sites_regions_and_venues(tree):
    response = public_client().get(URL)
    assert response.status_code == 200
    html = page_text(response)
    assert "Liège" in html and "Verviers" in html and "Namur" not in html
    assert "La Cité Miroir" in html and "Le Delta" not in html
    namur = page_text(public_client("cinqmille.localhost").get(URL))
    assert "Namur" in namur and "Verviers" not in namur


def test_a_proposal_is_stored_as_a_record_and_acknowledged(tree):
    pages_before = Page.objects.count()
    response = propose(proposal_data(tree.pages["liege"]))
    assert response.status_code == 302, page_text(response)[:2000]
    assert response["Location"].endswith("/proposer-un-evenement/merci/")
    record = EventProposal.objects.get()
    assert record.status == EventProposal.Status.PENDING
    assert record.region.pk == tree.pages["liege"].pk
    assert record.site == tree.sites["quatremille"]
    assert Page.objects.count() == pages_before  # not a page
    [ack] = mails_to("claire@example.org")
    assert "Bal folk sous la halle" in ack.body


def test_a_double_submission_stores_one_record_and_sends_one_acknowledgement(tree):
    data = proposal_data(tree.pages["liege"])
    assert propose(data).status_code == 302
    assert propose(data).status_code == 302
    assert EventProposal.objects.count() == 1
    assert len(mails_to("claire@example.org")) == 1


def test_html_is_stripped_from_what_is_typed(tree):
    data = proposal_data(
        tree.pages["liege"],
        title="<b>Bal</b> folk<script>alert(1)</script>",
        description="<p onclick='x()'>Venez <a href='https://evil.example'>danser</a></p>",
    )
    assert propose(data).status_code == 302
    record = EventProposal.objects.get()
    assert record.title == "Bal folkalert(1)"
    assert "<" not in record.description and "Venez danser" in record.description


def test_errors_go_next_to_their_fields_and_every_value_is_kept(tree):
    data = proposal_data(
        tree.pages["liege"], email="pas-une-adresse", venue_description="", organizes=""
    )
    data["end"] = "2020-01-01T10:00"
    response = propose(data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"email", "organizes"}
    assert "Cochez cette case" in form.errors["organizes"][0]
    html = page_text(response)
    assert 'value="pas-une-adresse"' in html
    assert 'value="Bal folk sous la halle"' in html
    assert "Un bal pour toutes les générations" in html
    assert 'id="id_email_error"' in html
    assert EventProposal.objects.count() == 0 and not mail.outbox


def test_a_past_start_and_an_end_before_the_start_are_refused_with_reasons(tree):
    data = proposal_data(tree.pages["liege"], start="2020-05-01T20:00", end="2020-05-01T18:00")
    form = propose(data).context["form"]
    assert "est passé" in form.errors["start"][0]
    data = proposal_data(tree.pages["liege"], end=local(in_days(10) - timedelta(hours=2)))
    form = propose(data).context["form"]
    assert "est avant le début" in form.errors["end"][0]
    assert EventProposal.objects.count() == 0


def test_a_venue_from_another_region_is_refused(tree):
    data = proposal_data(tree.pages["verviers"], venue=tree.pages["venue_liege"])
    form = propose(data).context["form"]
    assert "n'est pas dans la région Verviers" in form.errors["venue"][0]


def test_an_image_is_kept_with_its_alt_text_and_credit(tree):
    data = proposal_data(tree.pages["liege"], image_alt="Des danseurs", image_credit="© Claire")
    assert propose(data, {"image": image_file()}).status_code == 302
    record = EventProposal.objects.get()
    assert record.image.name.startswith("proposals/")
    assert CustomImage.objects.count() == 0  # not an image of the library until accepted


def test_an_image_needs_its_alt_text_and_credit(tree):
    form = propose(proposal_data(tree.pages["liege"]), {"image": image_file()}).context["form"]
    assert set(form.errors) == {"image_alt", "image_credit"}


@pytest.mark.parametrize(
    "upload",
    [
        lambda: image_file("affiche.gif", "GIF"),
        lambda: image_file("affiche.bmp", "BMP"),
        lambda: __import__(
            "django.core.files.uploadedfile"
        ).core.files.uploadedfile.SimpleUploadedFile(
            "affiche.png", b"%PDF-1.4 not an image", content_type="image/png"
        ),
        lambda: __import__(
            "django.core.files.uploadedfile"
        ).core.files.uploadedfile.SimpleUploadedFile(
            "affiche.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            content_type="image/svg+xml",
        ),
    ],
    ids=["gif", "bmp", "pdf-renamed", "svg"],
)
def test_a_file_that_is_not_a_jpeg_png_or_webp_image_is_refused(tree, upload):
    data = proposal_data(tree.pages["liege"], image_alt="Affiche", image_credit="© X")
    response = propose(data, {"image": upload()})
    assert response.status_code == 200
    assert "n'est pas une image JPEG, PNG ou WebP" in response.context["form"].errors["image"][0]
    assert EventProposal.objects.count() == 0 and not mail.outbox


def test_an_oversized_image_is_refused(tree, settings, monkeypatch):
    monkeypatch.setattr(limits, "PROPOSAL_IMAGE_MAX_BYTES", 1000)
    data = proposal_data(tree.pages["liege"], image_alt="Affiche", image_credit="© X")
    big = image_file(size=(400, 400), fmt="PNG")
    assert big.size > 1000
    response = propose(data, {"image": big})
    assert "pèse" in response.context["form"].errors["image"][0]
    assert EventProposal.objects.count() == 0


def test_a_body_above_the_proposal_limit_is_refused_before_being_read(tree):
    response = public_client().post(
        URL,
        data=b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(limits.PROPOSAL_REQUEST_MAX_BYTES + 1),
    )
    assert response.status_code == 413
    # The proposal's own limit, not the 1 MB of the other public forms.
    assert limits.PROPOSAL_REQUEST_MAX_BYTES > limits.PUBLIC_REQUEST_MAX_BYTES


# -- the moderators' decision ----------------------------------------------------------------


def pending(tree, **overrides):
    assert propose(proposal_data(tree.pages["liege"], **overrides)).status_code == 302
    mail.outbox.clear()
    return EventProposal.objects.latest("pk")


def test_the_queue_lists_a_regions_proposals_for_its_moderators_only(tree):
    record = pending(tree)
    queue = reverse("wagtailsnippets_events_eventproposal:list")
    liege = client_for(tree.users["mod_liege"]).get(queue)
    assert liege.status_code == 200 and "Bal folk sous la halle" in page_text(liege)
    network = client_for(tree.users["network"]).get(queue)
    assert "Bal folk sous la halle" in page_text(network)
    namur = client_for(tree.users["mod_namur"]).get(queue)
    assert "Bal folk sous la halle" not in page_text(namur)
    for name in ("mod_namur", "mod_verviers", "orga_a", "writer"):
        client = client_for(tree.users[name])
        assert client.get(decide_url(record)).status_code in (302, 403), name
        response = client.post(decide_url(record), {"approve": "1"})
        assert response.status_code in (302, 403), name
        record.refresh_from_db()
        assert record.is_pending, name
    assert not EventPage.objects.filter(title="Bal folk sous la halle").exists()


def test_accepting_creates_exactly_one_draft_that_goes_through_the_agenda_workflow(tree):
    record = pending(tree)
    moderator = client_for(tree.users["mod_liege"])
    venue = tree.pages["venue_liege"]
    response = moderator.post(decide_url(record), {"approve": "1", "venue": str(venue.pk)})
    assert response.status_code == 302
    # A second click finds it decided: nothing more is created.
    moderator.post(decide_url(record), {"approve": "1", "venue": str(venue.pk)})
    events = EventPage.objects.filter(title="Bal folk sous la halle")
    assert events.count() == 1
    event = events.get()
    record.refresh_from_db()
    assert record.status == EventProposal.Status.APPROVED and record.event_id == event.pk
    assert not event.live and event.venue_id == venue.pk
    parent = event.get_parent().specific
    assert isinstance(parent, OrganizerPage) and parent.slug == "propositions"
    assert parent.get_parent().pk == tree.pages["liege"].pk and not parent.live
    assert event.occurrences.count() == 1
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(event.pk))
    assert state.workflow.name == "Agenda"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Validation par la modération de la région"
    assert TaskState.objects.filter(
        workflow_state=state, status=TaskState.STATUS_APPROVED
    ).exists()  # the editorial check passed
    [outcome] = mails_to("claire@example.org")
    assert "est acceptée" in outcome.body
    # Liège's moderator approves: the event is published, as any event of the region.
    event = EventPage.objects.get(pk=event.pk)
    assert workflow_action(moderator, event, "approve").status_code == 302
    event.refresh_from_db()
    assert event.live


def test_a_second_accepted_proposal_reuses_the_regions_propositions_organizer(tree):
    moderator = client_for(tree.users["mod_liege"])
    first = pending(tree)
    second = pending(tree, title="Conte au jardin", email="autre@example.org")
    moderator.post(decide_url(first), {"approve": "1"})
    moderator.post(decide_url(second), {"approve": "1"})
    assert OrganizerPage.objects.filter(slug="propositions").count() == 1
    assert (
        EventPage.objects.filter(title__in=["Bal folk sous la halle", "Conte au jardin"]).count()
        == 2
    )


def test_an_accepted_image_becomes_a_library_image_with_its_alt_text_and_credit(tree):
    data = proposal_data(tree.pages["liege"], image_alt="Des danseurs", image_credit="© Claire")
    assert propose(data, {"image": image_file()}).status_code == 302
    record = EventProposal.objects.get()
    client_for(tree.users["mod_liege"]).post(
        decide_url(record), {"approve": "1", "venue": str(tree.pages["venue_liege"].pk)}
    )
    event = EventPage.objects.get(title="Bal folk sous la halle")
    assert event.main_image.description == "Des danseurs"
    assert event.main_image.credit == "© Claire"


def test_refusing_needs_a_reason_and_e_mails_it(tree):
    record = pending(tree)
    moderator = client_for(tree.users["mod_liege"])
    response = moderator.post(decide_url(record), {"reject": "1", "reason": ""})
    assert response.status_code == 400
    assert "Écrivez la raison du refus" in page_text(response)
    record.refresh_from_db()
    assert record.is_pending and not mail.outbox
    response = moderator.post(
        decide_url(record), {"reject": "1", "reason": "Ce n'est pas un événement culturel."}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == EventProposal.Status.REJECTED
    [outcome] = mails_to("claire@example.org")
    assert "Ce n'est pas un événement culturel." in outcome.body
    assert not EventPage.objects.filter(title="Bal folk sous la halle").exists()


@pytest.mark.parametrize(
    "path, limit",
    [
        ("/proposer-un-evenement/", limits.PROPOSAL_REQUEST_MAX_BYTES),
        ("/nl/proposer-un-evenement/", limits.PROPOSAL_REQUEST_MAX_BYTES),
        ("/rejoindre/organisation/", limits.PUBLIC_REQUEST_MAX_BYTES),
        ("/proposer-un-evenement/merci/", limits.PUBLIC_REQUEST_MAX_BYTES),
        ("/agenda/proposer-un-evenement/", limits.PUBLIC_REQUEST_MAX_BYTES),
    ],
)
def test_only_the_proposal_form_accepts_an_image_sized_body(path, limit):
    from xmille.middleware import request_size_limit

    assert request_size_limit(path) == limit


def test_the_admin_home_says_what_waits_for_a_decision(tree):
    pending(tree)
    home = reverse("wagtailadmin_home")
    liege = page_text(client_for(tree.users["mod_liege"]).get(home))
    assert "En attente de votre décision" in liege and "Propositions d'événements" in liege
    for name in ("mod_namur", "orga_a"):
        assert "En attente de votre décision" not in page_text(
            client_for(tree.users[name]).get(home)
        )
