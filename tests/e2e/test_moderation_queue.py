"""A moderator approves a clean event from the queue, in one screen: the queue lists it with
the check's verdict, its review shows the facts and the verdict, one click publishes it."""

import re
from datetime import timedelta

from django.utils import translation

from wagtail.models import Collection

from playwright.sync_api import expect

from events.factories import EventPageFactory
from events.models import EventPage
from tests.workflows.conftest import build_roles_tree, next_week


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw")
    page.locator("form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_moderator_approves_a_clean_event_from_the_queue_in_one_screen(page, live_network):
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    tree = build_roles_tree({k: v for k, v in live_network.items() if k != "port"})
    start = next_week()
    event = EventPageFactory(
        parent=tree.pages["org_a"],
        title="Fanfare du dimanche",
        venue=tree.pages["venue_liege"],
        dates=[(start, start + timedelta(hours=2))],
        live=False,
    )
    organizer = tree.users["orga_a"]
    # The check writes its verdict in the language active when it runs (the submitter's): in
    # French, as an organizer of Liège submits, whatever an earlier test left active here.
    with translation.override("fr"):
        event.save_revision(user=organizer)
        event.get_workflow().start(event, organizer)
    base = f"http://quatremille.localhost:{live_network['port']}"

    log_in(page, base, "mod_liege")
    # The menu leads to the queue.
    page.get_by_role("link", name="À modérer").click()
    expect(page).to_have_url(re.compile(r"/admin/moderation/$"))
    row = page.locator("tr", has_text="Fanfare du dimanche")
    expect(row).to_contain_text("Conforme")
    expect(row).to_contain_text("Liège")

    # One screen: the facts, the check's verdict, the decision.
    row.get_by_role("link", name="Fanfare du dimanche").click()
    expect(page.locator(".xmille-review__verdict")).to_contain_text(
        "Conforme à la ligne éditoriale."
    )
    expect(page.locator(".xmille-review__facts")).to_contain_text("La Cité Miroir")
    page.get_by_role("button", name="Valider et publier").click()

    # Back on the queue, now empty; the event is published.
    expect(page).to_have_url(re.compile(r"/admin/moderation/$"))
    expect(page.locator(".messages")).to_contain_text("« Fanfare du dimanche » est validé.")
    expect(page.get_by_text("Rien n'attend votre décision.")).to_be_visible()
    event = EventPage.objects.get(pk=event.pk)
    assert event.live
    page.goto(event.full_url)
    expect(page.get_by_role("heading", name="Fanfare du dimanche")).to_be_visible()
