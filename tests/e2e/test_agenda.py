"""A visitor looks for something to do this weekend, in one category, on the demo network, and
opens the event. Time is frozen on a Wednesday (21 October 2026) so that "this weekend" is the
weekend of the autumn DST change, whatever day the suite runs."""

import re
from datetime import datetime
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

import pytest
from playwright.sync_api import expect

NOW = timezone.make_aware(datetime(2026, 10, 21, 12, 0))


@pytest.fixture
def demo_network(live_network):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        call_command("load_demo", port=live_network["port"], verbosity=0)
        yield live_network


def test_this_weekend_and_a_category_then_open_the_event(page, demo_network):
    port = demo_network["port"]
    page.goto(f"http://quatremille.localhost:{port}/")
    page.get_by_role("link", name="Tout l'agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")

    page.get_by_role("navigation", name="Période").get_by_role("link", name="ce week-end").click()
    expect(page).to_have_url(re.compile(r"/agenda/\?when=weekend$"))
    results = page.locator("#resultats")
    expect(results.get_by_role("heading", name="Samedi 24 octobre 2026")).to_be_visible()
    expect(results.get_by_role("heading", name="Dimanche 25 octobre 2026")).to_be_visible()
    expect(results.get_by_role("link", name="Marché de créateurs d'automne")).to_be_visible()

    form = page.get_by_role("form", name="Filtrer l'agenda")
    form.locator("summary", has_text="Catégorie").click()
    form.get_by_label("Danse", exact=True).check()
    form.get_by_role("button", name="Afficher").click()

    expect(page).to_have_url(re.compile(r"when=weekend"))
    expect(page).to_have_url(re.compile(r"category=danse"))
    saturday = results.locator(
        "section.agenda-day", has=page.get_by_role("heading", name="Samedi 24 octobre 2026")
    )
    event_link = saturday.get_by_role("link", name="Bal folk du samedi")
    expect(event_link).to_be_visible()
    expect(saturday.get_by_text("19:00 \u2013 23:00")).to_be_visible()
    expect(results.get_by_role("link", name="Marché de créateurs d'automne")).to_have_count(0)
    expect(page.get_by_role("link", name="ce week-end")).to_have_attribute("aria-current", "true")

    event_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bal folk du samedi")
    expect(page).to_have_url(re.compile(r"/bal-folk-du-samedi[^/]*/$"))
