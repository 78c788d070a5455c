"""An organizer submits an event with a wrong date, reads the check's reasons, fixes it and
submits again; the region's moderator approves; the event is in the public agenda."""

import re
from datetime import timedelta

from django.utils import timezone

from wagtail.models import Collection

from playwright.sync_api import expect

from events.models import AgendaPage, EventPage
from tests.workflows.conftest import build_roles_tree


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw")
    page.locator("form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def when(days: int, hour: int) -> str:
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%d %H:%M")


def set_dates(page, start: str, end: str) -> None:
    page.locator("#id_occurrences-0-start").fill(start)
    page.locator("#id_occurrences-0-end").fill(end)
    # Close the date picker, as a person would by clicking elsewhere: it covers the footer.
    page.locator("#id_title").click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)


def click_action(page, selector: str) -> None:
    """Press one of the editor's action buttons, opening the action menu if it is folded."""
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()


SUBMIT = "button[name='action-submit']"
APPROVE = "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"


def test_event_goes_from_organizer_through_check_and_moderator_to_agenda(
    page, browser, live_network
):
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    tree = build_roles_tree({k: v for k, v in live_network.items() if k != "port"})
    home = live_network["quatremille"].root_page
    agenda = AgendaPage(title="Agenda", slug="agenda")
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    organizer = tree.pages["org_a"]
    base = f"http://quatremille.localhost:{live_network['port']}"

    # The organizer creates an event whose dates are last month's by mistake.
    log_in(page, base, "orga_a")
    page.goto(f"{base}/admin/pages/add/events/eventpage/{organizer.pk}/")
    page.locator("#id_title").fill("Lecture publique au jardin")
    page.locator("#id_teaser").fill("Des textes lus à voix haute, sous les arbres.")
    set_dates(page, when(-40, 18), when(-40, 20))
    page.locator("#id_attendance_mode").select_option("online")
    page.locator("#id_online_url").fill("https://example.org/lecture")
    click_action(page, SUBMIT)

    # Back on the editor, the check's reasons are shown.
    reasons = page.locator(".messages")
    expect(reasons).to_contain_text("Refusé par la vérification automatique")
    expect(reasons.locator("li li", has_text="Toutes les dates sont passées")).to_be_visible()
    event = EventPage.objects.get(title="Lecture publique au jardin")
    assert not event.live

    # The organizer fixes the dates and submits again.
    set_dates(page, when(5, 18), when(5, 20))
    click_action(page, SUBMIT)
    expect(page).not_to_have_url(re.compile(r"/edit/$"))
    event.refresh_from_db()
    assert event.current_workflow_task.name == "Validation par la modération de la région"

    # Liège's moderator approves from the editor.
    moderator_context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    moderator = moderator_context.new_page()
    try:
        log_in(moderator, base, "mod_liege")
        moderator.goto(f"{base}/admin/pages/{event.pk}/edit/")
        click_action(moderator, APPROVE)
        expect(moderator.locator(".messages .success")).to_contain_text(
            "Lecture publique au jardin"
        )
    finally:
        moderator_context.close()
    event.refresh_from_db()
    assert event.live

    # The public agenda lists it.
    page.goto(f"{base}/agenda/")
    expect(page.get_by_role("link", name=re.compile("Lecture publique au jardin"))).to_be_visible()
