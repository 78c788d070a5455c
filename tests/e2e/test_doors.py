"""Open doors in a real browser: an organization asks to join, a moderator approves, the new
organizer chooses a password and lands on the admin's home; a visitor proposes an event and
the region's moderator accepts it (a draft in the "Agenda" workflow)."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from wagtail.models import Collection

from playwright.sync_api import expect

from events.models import EventPage, EventProposal, JoinRequest
from tests.workflows.conftest import build_roles_tree
from xmille import limits


def log_in(page, base: str, username: str, password: str = "pw") -> None:
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def take_your_time(page) -> None:
    """A person takes longer than the minimum fill time; Playwright does not."""
    page.wait_for_timeout(limits.PUBLIC_FORM_MIN_SECONDS * 1000 + 300)


def build(live_network) -> str:
    """The roles tree of tests/workflows on the live network; the base URL of Quatremille."""
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    build_roles_tree({k: v for k, v in live_network.items() if k != "port"})
    return f"http://quatremille.localhost:{live_network['port']}"


def test_an_organization_joins_is_approved_and_lands_in_the_admin(page, browser, live_network):
    base = build(live_network)

    # From the home page's "Rejoindre le réseau" to the organizations' form.
    page.goto(f"{base}/")
    page.locator(".home-doors").get_by_role("link", name=re.compile("Rejoindre le réseau")).click()
    page.get_by_role("link", name="Inscrire mon organisation").click()
    page.get_by_label("Nom de l'organisation").fill("Les Ateliers du Pont")
    page.get_by_label("Type d'organisation").select_option("asbl")
    page.get_by_label("Région").select_option(label="Liège (Quatremille)")
    page.get_by_label("Personne de contact").fill("Marc Lejeune")
    page.get_by_label("E-mail de contact").fill("marc@ateliers.example.org")
    page.get_by_label("Présentez votre organisation").fill("Une ASBL d'arts plastiques.")
    page.get_by_label("J'ai lu la ligne éditoriale").check()
    take_your_time(page)
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    record = JoinRequest.objects.get()

    # Liège's moderator approves it from the admin's queue.
    moderator_context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    moderator = moderator_context.new_page()
    try:
        log_in(moderator, base, "mod_liege")
        moderator.goto(f"{base}/admin/snippets/events/joinrequest/")
        moderator.get_by_role("link", name="Les Ateliers du Pont").click()
        moderator.get_by_role("button", name=re.compile("Accepter")).click()
        expect(moderator.locator(".messages")).to_contain_text("marc@ateliers.example.org")
    finally:
        moderator_context.close()
    record.refresh_from_db()
    assert record.status == JoinRequest.Status.APPROVED

    # The e-mail's link: choose a password, enter the admin.
    [welcome] = [m for m in mail.outbox if "/bienvenue/" in m.body]
    path = re.search(r"(/bienvenue/\S+/)", welcome.body).group(1)
    page.goto(f"{base}{path}")
    page.get_by_label("Nouveau mot de passe", exact=True).fill("un mot de passe solide 42")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("un mot de passe solide 42")
    page.get_by_role("button", name="Enregistrer et entrer").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".messages")).to_contain_text("Bienvenue dans le réseau")


def test_a_visitor_proposes_an_event_and_a_moderator_accepts_it(page, browser, live_network):
    base = build(live_network)
    start = timezone.localtime(timezone.now() + timedelta(days=12)).replace(
        hour=20, minute=0, second=0, microsecond=0
    )

    page.goto(f"{base}/")
    page.locator(".site-footer").get_by_role("link", name="Proposer un événement").click()
    page.get_by_label("Votre nom").fill("Claire Dumont")
    page.get_by_label("Votre e-mail").fill("claire@example.org")
    page.get_by_label("J'organise cet événement").check()
    page.get_by_label("Titre de l'événement").fill("Bal folk sous la halle")
    page.get_by_label("Début").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Région").select_option(label="Liège (Quatremille)")
    page.get_by_label("Lieu (dans la liste)").select_option(label="La Cité Miroir (Liège)")
    page.get_by_label("Description").fill("Un bal pour toutes les générations.")
    # A mistake first: an end before the start. The error is next to the field, values kept.
    page.get_by_label("Fin").fill((start - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    take_your_time(page)
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.locator("#id_end_error")).to_contain_text("est avant le début")
    expect(page.get_by_label("Titre de l'événement")).to_have_value("Bal folk sous la halle")
    page.get_by_label("Fin").fill((start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_role("heading", name="Merci !")).to_be_visible()
    record = EventProposal.objects.get()
    assert any("claire@example.org" in m.to for m in mail.outbox)

    moderator_context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    moderator = moderator_context.new_page()
    try:
        log_in(moderator, base, "mod_liege")
        moderator.goto(f"{base}/admin/snippets/events/eventproposal/")
        moderator.get_by_role("link", name="Bal folk sous la halle").click()
        moderator.get_by_role("button", name=re.compile("Accepter")).click()
        expect(moderator.locator(".messages")).to_contain_text("soumis au workflow")
        expect(moderator).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    finally:
        moderator_context.close()
    record.refresh_from_db()
    event = EventPage.objects.get(title="Bal folk sous la halle")
    assert record.event_id == event.pk and not event.live
    assert event.current_workflow_task.name == "Validation par la modération de la région"
