"""A visitor moves from one regional site to another through the network bar."""

import re

from playwright.sync_api import expect


def test_network_bar_leads_from_quatremille_to_cinqmille(page, live_network):
    port = live_network["port"]
    page.goto(f"http://quatremille.localhost:{port}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quatremille")

    bar = page.get_by_role("navigation", name="Réseau Xmille")
    expect(bar.locator("[aria-current]")).to_contain_text("Quatremille")
    bar.get_by_role("link", name=re.compile("Cinqmille")).click()

    expect(page).to_have_url(f"http://cinqmille.localhost:{port}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cinqmille")
    expect(bar.locator("[aria-current]")).to_contain_text("Cinqmille")


def test_skip_link_is_the_first_stop_for_keyboard_users(page, live_network):
    page.goto(f"http://localhost:{live_network['port']}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
