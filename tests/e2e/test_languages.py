"""A visitor switches language with the switcher: to the translated page when there is one,
otherwise to that language's agenda, which says why."""

from playwright.sync_api import expect

from tests.xmille.helpers import build_translated_scene, path_of, translate


def test_switching_to_dutch_on_translated_and_untranslated_events(page, live_network):
    port = live_network["port"]
    scene = build_translated_scene({k: v for k, v in live_network.items() if k != "port"})
    concert_nl = translate(scene.page("concert"), "nl", title="Concert in het park")
    base = f"http://quatremille.localhost:{port}"

    page.goto(base + path_of(scene.page("concert")))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Concert au parc")
    switcher = page.get_by_role("navigation", name="Langues")
    switcher.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(base + path_of(concert_nl))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Concert in het park")
    expect(page.locator("#non-traduite")).to_be_hidden()

    page.goto(base + path_of(scene.page("expo")))
    switcher = page.get_by_role("navigation", name="Langues")
    expect(switcher).to_contain_text("page non traduite")
    switcher.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(base + "/nl/agenda/#non-traduite")
    notice = page.locator("#non-traduite")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("nog niet in deze taal vertaald")
    # The French event is still there, in French, on the Dutch agenda.
    expect(
        page.locator('.event-card[lang="fr"]', has_text="Exposition de gravures")
    ).to_be_visible()
