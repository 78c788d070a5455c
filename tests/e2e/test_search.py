"""A visitor types the start of a word in the header's search field, hears and sees the
suggestions, picks "all results" with the keyboard, then opens the event from the results."""

import re

import pytest
from playwright.sync_api import expect

from events.factories import (
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from events.models import EventPage
from tests.search.helpers import in_days


@pytest.fixture
def agenda(live_network):
    home = live_network["quatremille"].root_page
    region = RegionPageFactory(parent=home, title="Liège", slug="liege")
    venue = VenuePageFactory(parent=region, title="La Cité Miroir", city="Liège")
    organizer = OrganizerPageFactory(parent=region, title="ASBL Les Voix du Quartier")
    EventPageFactory(
        parent=organizer, title="Exposition Magritte", venue=venue, dates=in_days(2, 24 * 20)
    )
    EventPageFactory(
        parent=organizer,
        title="Expo photo annulée",
        venue=venue,
        dates=in_days(4),
        status=EventPage.Status.CANCELLED,
    )
    EventPageFactory(parent=organizer, title="Concert de jazz", venue=venue, dates=in_days(3))
    return live_network


def test_search_from_the_header_with_suggestions(page, agenda):
    port = agenda["port"]
    page.goto(f"http://quatremille.localhost:{port}/")
    field = page.get_by_role("combobox", name="Rechercher sur le site")
    field.fill("expo")
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(
        suggestions.get_by_role("option", name=re.compile("Exposition Magritte"))
    ).to_be_visible()
    expect(suggestions.get_by_role("option", name=re.compile("Concert"))).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="suggestions")).to_contain_text("2")

    # The keyboard: down to the last option, "all results", then Enter.
    for _ in range(3):
        field.press("ArrowDown")
    all_results = suggestions.get_by_role("option", name=re.compile("Tous les résultats"))
    expect(all_results).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", all_results.get_attribute("id"))
    field.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=expo$"))
    events = page.get_by_role("region", name=re.compile("Événements"))
    expect(events.get_by_role("link", name="Exposition Magritte")).to_be_visible()
    cancelled = events.get_by_role("listitem").filter(has_text="Expo photo annulée")
    expect(cancelled.get_by_text("Annulé", exact=True)).to_be_visible()

    # Escape closes the list; a click on a suggestion opens its page.
    field = page.get_by_role("combobox", name="Rechercher sur le site")
    field.fill("magrit")
    option = page.get_by_role("option", name=re.compile("Exposition Magritte"))
    expect(option).to_be_visible()
    field.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    field.fill("magritte")
    page.get_by_role("option", name=re.compile("Exposition Magritte")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exposition Magritte")


def test_the_header_search_works_without_javascript(browser, agenda):
    context = browser.new_context(java_script_enabled=False, locale="fr-BE")
    try:
        page = context.new_page()
        page.goto(f"http://quatremille.localhost:{agenda['port']}/")
        field = page.get_by_role("searchbox", name="Rechercher sur le site")
        field.fill("expo")
        field.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q=expo$"))
        expect(page.get_by_role("link", name="Exposition Magritte")).to_be_visible()
    finally:
        from .helpers import close_and_wait

        close_and_wait(context)
