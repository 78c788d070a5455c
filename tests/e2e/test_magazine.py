"""A reader opens the magazine, keeps only the interviews and reads one."""

import re

from playwright.sync_api import expect

from magazine.factories import (
    AuthorFactory,
    ChroniclePageFactory,
    InterviewPageFactory,
    MagazineIndexPageFactory,
    ReportPageFactory,
)


def test_open_the_magazine_filter_interviews_and_read_one(page, live_network):
    port = live_network["port"]
    home = live_network["quatremille"].root_page
    magazine = MagazineIndexPageFactory(parent=home, show_in_menus=True)
    lea = AuthorFactory(name="Léa Martin", slug="lea-martin")
    InterviewPageFactory(
        parent=magazine,
        title="Camille Dubois, l'hirondelle",
        interviewee="Camille Dubois",
        authors=[lea],
        body=[
            ("question", {"text": "D'où vient le nom du groupe ?"}),
            ("answer", {"text": "<p>D'un printemps à Liège.</p>"}),
        ],
    )
    ChroniclePageFactory(parent=magazine, title="Un album lumineux")
    ReportPageFactory(parent=magazine, title="La soirée en images")

    page.goto(f"http://quatremille.localhost:{port}/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Magazine"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Magazine")
    expect(page.get_by_role("link", name="Un album lumineux")).to_be_visible()

    # Filter with the form (no JavaScript needed): type "interview".
    page.get_by_label("Type", exact=True).select_option("interview")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"type=interview"))
    types = page.get_by_role("navigation", name=re.compile("Types d.articles"))
    expect(types.locator("[aria-current=page]")).to_have_text("Interviews")
    expect(page.get_by_role("link", name="Un album lumineux")).to_have_count(0)
    expect(page.get_by_role("link", name="La soirée en images")).to_have_count(0)

    page.get_by_role("link", name="Camille Dubois, l'hirondelle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Camille Dubois, l'hirondelle")
    expect(page.get_by_text("D'où vient le nom du groupe ?")).to_be_visible()
    expect(page.get_by_text("D'un printemps à Liège.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ minutes? de lecture"))).to_be_visible()

    # The author's page lists the interview.
    page.get_by_role("link", name="Léa Martin").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Léa Martin")
    expect(page.get_by_role("link", name="Camille Dubois, l'hirondelle")).to_be_visible()
