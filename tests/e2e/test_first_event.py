"""An organizer's first event, from their admin home, as a person clicks through it (issue 13):
the image is uploaded from the editor and its alt text and credit are asked right there; the
event passes the check at the first try. Then a refused event is fixed from the reasons' links.

The first test counts what the person does (screens, clicks, fields) and prints it (`-s`): the
figures of the issue's closing note.
"""

import re
import threading
from datetime import timedelta

from django.utils import timezone

from wagtail.admin.views.pages.create import CreateView
from wagtail.models import Collection, WorkflowState

from PIL import Image as PILImage
from playwright.sync_api import expect

from events.models import EventPage
from tests.workflows.conftest import build_roles_tree

SUBMIT = "button[name='action-submit']"


class Path:
    """Counts what the person does."""

    def __init__(self, page):
        self.page = page
        self.screens = 0
        self.clicks = 0
        self.fields = 0

    def screen(self):
        self.screens += 1

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def fill(self, locator, value):
        self.fields += 1
        locator.fill(value)

    def upload(self, locator, path):
        self.fields += 1
        locator.set_input_files(path)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw")
    page.locator("form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def when(days: int, hour: int) -> str:
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%d %H:%M")


def fill_online_event(page, title: str, *, days: int) -> None:
    """A new event's editor: an online event in `days` days, at 18:00 for two hours."""
    page.locator("#id_title").fill(title)
    page.locator("#id_teaser").fill("Trois conteuses font revivre les légendes du fleuve.")
    page.locator("#id_occurrences-0-start").fill(when(days, 18))
    page.locator("#id_occurrences-0-end").fill(when(days, 20))
    page.locator("#id_teaser").click()  # closes the date picker
    page.locator("#id_attendance_mode").select_option("online")
    page.locator("#id_online_url").fill("https://example.org/contes")


def submit(path: Path) -> None:
    button = path.page.locator(f"footer {SUBMIT}").first
    if not button.is_visible():
        path.click(path.page.locator("footer [data-w-dropdown-target='toggle']").first)
    path.click(button)


def setup(live_network):
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    tree = build_roles_tree({k: v for k, v in live_network.items() if k != "port"})
    base = f"http://quatremille.localhost:{live_network['port']}"
    return tree, base


def test_organizer_adds_a_first_clean_event_from_their_home(page, live_network, tmp_path):
    tree, base = setup(live_network)
    poster = tmp_path / "affiche-contes.png"
    PILImage.new("RGB", (640, 400), (40, 90, 160)).save(poster)
    log_in(page, base, "orga_a")
    path = Path(page)

    # 1. Their home: their organization and one button.
    path.screen()
    home = page.locator("[data-xmille-role='organizer']")
    expect(home).to_contain_text("ASBL Alpha")
    path.click(home.locator("[data-xmille-add-event]"))

    # 2. The event editor, under their own organizer page.
    path.screen()
    expect(page).to_have_url(
        re.compile(rf"/admin/pages/add/events/eventpage/{tree.pages['org_a'].pk}/")
    )
    expect(page.locator("#id_slug")).to_have_count(0)  # no slug, no Promotion tab
    path.fill(page.locator("#id_title"), "Contes de la Meuse")
    path.fill(page.locator("#id_teaser"), "Trois conteuses font revivre les légendes du fleuve.")

    # 3. The image: uploaded from the editor's chooser...
    path.click(page.locator("#id_main_image-chooser .chooser__choose-button"))
    path.screen()
    modal = page.locator(".modal")
    path.click(modal.locator("#tab-label-upload"))
    path.upload(modal.locator("#tab-upload input[type='file']"), str(poster))
    # The title is filled from the file's name, as the person sees it happen.
    expect(modal.locator("#tab-upload input[name$='title']")).to_have_value("affiche-contes")
    path.click(modal.locator("#tab-upload button[type='submit']"))
    expect(modal).to_have_count(0)
    # ...and its alt text and credit asked right there.
    path.fill(page.locator("#id_main_image_alt"), "Trois conteuses devant un rideau rouge")
    path.fill(page.locator("#id_main_image_credit"), "© ASBL Alpha")

    # 4. The date.
    path.fill(page.locator("#id_occurrences-0-start"), when(5, 18))
    path.fill(page.locator("#id_occurrences-0-end"), when(5, 20))
    path.click(page.locator("#id_title"))  # closes the date picker
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)

    # 5. The venue: the chooser opens at their region.
    path.click(page.locator("#id_venue-chooser .chooser__choose-button"))
    path.screen()
    expect(page.locator(".modal")).to_contain_text("Liège")
    path.click(page.locator(".modal a", has_text="La Cité Miroir").first)
    expect(page.locator(".modal")).to_have_count(0)

    # 6. Send it: the editor's own autosave, even one still in flight, is not a conflict
    # (the click then waits for it: the sending is over when Wagtail says so).
    submit(path)
    path.screen()
    expect(page.locator(".messages")).to_contain_text("Contes de la Meuse")
    event = EventPage.objects.get(title="Contes de la Meuse")
    assert event.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert event.current_workflow_task.name == "Validation par la modération de la région"
    image = event.get_latest_revision_as_object().main_image
    assert image.description == "Trois conteuses devant un rideau rouge"
    assert image.credit == "© ASBL Alpha"
    assert not EventPage.objects.get(pk=event.pk).live

    # Back home, the event waits for validation.
    page.goto(f"{base}/admin/")
    waiting = page.locator("ul[data-xmille-state='waiting']")
    expect(waiting).to_contain_text("Contes de la Meuse")
    print(
        f"\nFIRST EVENT PATH: {path.screens} screens, {path.clicks} clicks, "
        f"{path.fields} fields, 0 refusals"
    )
    assert path.clicks <= 12 and path.fields <= 8


def test_a_refused_event_is_fixed_from_the_reasons_links(page, live_network):
    tree, base = setup(live_network)
    log_in(page, base, "orga_a")
    path = Path(page)
    page.goto(f"{base}/admin/pages/add/events/eventpage/{tree.pages['org_a'].pk}/")
    fill_online_event(page, "CONTES DE LA MEUSE", days=6)
    submit(path)
    expect(page.locator(".messages")).to_contain_text("Refusé par la vérification automatique")

    # From their home, the reason links to the title in the editor.
    page.goto(f"{base}/admin/")
    changes = page.locator("ul[data-xmille-state='changes']")
    expect(changes).to_contain_text("Le titre est écrit en capitales")
    changes.locator("a[data-xmille-fix]", has_text="capitales").click()
    expect(page).to_have_url(re.compile(r"/edit/#fix-title$"))
    expect(page.locator("#id_title")).to_be_focused()
    page.locator("#id_title").fill("Contes de la Meuse")
    submit(path)
    expect(page.locator(".messages")).to_contain_text("Contes de la Meuse")
    event = EventPage.objects.get(title="Contes de la Meuse")
    assert event.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    page.goto(f"{base}/admin/")
    expect(page.locator("ul[data-xmille-state='waiting']")).to_contain_text("Contes de la Meuse")
    expect(page.locator("ul[data-xmille-state='changes']")).to_have_count(0)


# Wagtail's editor notices edits (and autosaves) only two seconds after it opens: what is
# typed before counts as the form's initial state.
WATCHING_EDITS = """
document.addEventListener("w-unsaved:watch-edits", () => { window.xmilleWatchingEdits = true; });
"""


def test_sending_during_the_first_autosave_makes_one_event(page, live_network, monkeypatch):
    """The volunteer clicks "Envoyer à la modération" while the autosave that creates their
    new event is still on its way: the click waits for it, then sends that same page to
    moderation. (Before, the click posted the creation form again: two events, one a draft.)"""
    tree, base = setup(live_network)
    started, release = threading.Event(), threading.Event()
    save_action = CreateView.save_action

    def slow_first_save(view):  # the live server's thread: hold the autosave's creation
        if view.expects_json_response:
            started.set()
            release.wait(10)
        return save_action(view)

    monkeypatch.setattr(CreateView, "save_action", slow_first_save)
    log_in(page, base, "orga_a")
    page.add_init_script(WATCHING_EDITS)
    page.goto(f"{base}/admin/pages/add/events/eventpage/{tree.pages['org_a'].pk}/")
    page.wait_for_function("() => window.xmilleWatchingEdits === true")
    fill_online_event(page, "Contes de la Meuse", days=5)
    for _ in range(100):  # the live server holds the autosave; the browser goes on
        if started.is_set():
            break
        page.wait_for_timeout(100)
    assert started.is_set(), "the editor's autosave never started"

    submit(Path(page))
    page.wait_for_timeout(500)  # the click is in; the autosave has not answered yet
    assert EventPage.objects.filter(title="Contes de la Meuse").count() == 0
    release.set()

    expect(page.locator(".messages")).to_contain_text("Contes de la Meuse")
    events = EventPage.objects.filter(title="Contes de la Meuse")
    assert events.count() == 1
    event = events.get()
    assert event.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    # The dates typed while the autosave was held are in what was sent to moderation.
    assert event.get_latest_revision_as_object().occurrences.count() == 1
