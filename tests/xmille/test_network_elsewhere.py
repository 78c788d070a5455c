"""The network bar in the visitor's language, "Ailleurs dans le réseau" on the home and agenda
pages (absolute links to the other hosts, a constant number of queries however many sites), and
the agenda's organizer filter on a translated organizer page."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

import pytest

from events.agenda.elsewhere import elsewhere
from events.factories import EventPageFactory, OrganizerPageFactory, RegionPageFactory
from tests.xmille.helpers import build_translated_scene, client_on, soup_of, translate


@pytest.fixture
def scene(network):
    return build_translated_scene(network)


def test_network_bar_names_the_region_and_keeps_the_language(scene, network):
    for slug, region in (("quatremille", "Liège"), ("cinqmille", "Namur")):
        network[slug].sitebranding.short_name = region
        network[slug].sitebranding.save()
    client = client_on(network["quatremille"])
    bar = soup_of(client.get("/nl/")).select_one(".network-bar")
    links = {a.get_text(" ", strip=True): a["href"] for a in bar.select("a")}
    assert links["Cinqmille Namur"] == "http://cinqmille.localhost/nl/"
    assert links["Quatremille Liège"] == "http://quatremille.localhost/nl/"
    bar = soup_of(client.get("/agenda/")).select_one(".network-bar")
    assert {a["href"] for a in bar.select("a")} >= {"http://cinqmille.localhost/"}


def test_elsewhere_on_home_and_agenda_links_to_the_other_host(scene, network):
    client = client_on(network["quatremille"])
    for path in ("/", "/agenda/"):
        block = soup_of(client.get(path)).select_one(".elsewhere")
        assert block is not None, path
        site = block.select_one(".elsewhere__site")
        assert site.select_one("h3 a")["href"] == "http://cinqmille.localhost/"
        link = site.select_one("li a")
        assert link.get_text() == "Théâtre à Namur"
        assert link["href"] == "http://cinqmille.localhost/namur/namuroise/theatre/"
        assert "Concert au parc" not in block.get_text()  # not its own events
    # In Dutch: the Dutch homes, the French event marked as French.
    block = soup_of(client.get("/nl/")).select_one(".elsewhere")
    assert block.select_one("h3 a")["href"] == "http://cinqmille.localhost/nl/"
    assert block.select_one("li")["lang"] == "fr"


def _fill_other_sites(network):
    for slug in ("sixmille", "septmille"):
        region = RegionPageFactory(parent=network[slug].root_page, title=f"R {slug}")
        organizer = OrganizerPageFactory(parent=region, title=f"O {slug}")
        for n in range(4):
            EventPageFactory(parent=organizer, title=f"Événement {slug} {n}")


def _queries(site, locale) -> tuple[int, list]:
    elsewhere(site, locale)  # warm: the sites, root paths and restricted paths are cached
    with CaptureQueriesContext(connection) as queries:
        groups = elsewhere(site, locale)
    return len(queries), groups


def test_elsewhere_runs_a_constant_number_of_queries(scene, network, django_assert_max_num_queries):
    french = Locale.objects.get(language_code="fr")
    few, groups = _queries(network["quatremille"], french)
    assert [g.site.name for g in groups] == ["Cinqmille"]
    _fill_other_sites(network)
    many, groups = _queries(network["quatremille"], french)
    assert [g.site.name for g in groups] == ["Cinqmille", "Sixmille", "Septmille"]
    assert all(len(g.items) <= 3 for g in groups)
    assert many <= few
    with django_assert_max_num_queries(3):
        elsewhere(network["quatremille"], french)


def test_elsewhere_puts_this_weekend_first(scene, network):
    from events.agenda import When, window_for

    weekend = window_for(When.WEEKEND, None, None, timezone.now())
    organizer = scene.page("org_n")
    soon = timezone.now() + timedelta(hours=1)
    EventPageFactory(parent=organizer, title="Bientôt", dates=[(soon, soon + timedelta(hours=1))])
    start = max(weekend.start, timezone.now()) + timedelta(hours=2)
    EventPageFactory(
        parent=organizer, title="Ce week-end", dates=[(start, start + timedelta(hours=1))]
    )
    items = elsewhere(network["quatremille"], Locale.objects.get(language_code="fr"))[0].items
    assert items[0].event.title == "Ce week-end" and items[0].weekend


def test_organizer_filter_on_a_dutch_organizer_keeps_its_french_events(scene, network):
    organizer_nl = translate(scene.page("org"), "nl", title="VZW Alpha")
    translate(scene.page("concert"), "nl", title="Concert in het park")
    client = client_on(network["quatremille"])
    response = client.get("/nl/agenda/", {"organizer": organizer_nl.pk})
    titles = {c.get_text(strip=True) for c in soup_of(response).select(".event-card__title")}
    assert titles == {"Concert in het park", "Exposition de gravures"}


def _count_builds(monkeypatch) -> list:
    import events.agenda.elsewhere as module

    calls = []
    real = module.elsewhere

    def counted(*args, **kwargs):
        calls.append(args[0].pk)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "elsewhere", counted)
    return calls


def test_elsewhere_is_kept_through_this_sites_publications_and_filters(scene, network, monkeypatch):
    """The block shows the other sites: an event published here, or another filter of the
    agenda, does not build it again (it did, with the rest of the page's fragments)."""
    from xmille.content_cache import site_changed

    builds = _count_builds(monkeypatch)
    client = client_on(network["quatremille"])
    assert soup_of(client.get("/agenda/")).select_one(".elsewhere") is not None
    assert len(builds) == 1
    client.get("/agenda/?when=weekend")
    client.get("/")
    assert len(builds) == 1
    # What an event's publication on this site renews (`xmille.page_purge`).
    site_changed(network["quatremille"].pk, structure=False)
    page = soup_of(client.get("/agenda/"))
    assert "Théâtre à Namur" in page.select_one(".elsewhere").get_text()
    assert len(builds) == 1
    # In another language, the block is its own.
    client.get("/nl/")
    assert len(builds) == 2


def test_elsewhere_shows_an_event_published_on_another_site_at_once(scene, network):
    client = client_on(network["quatremille"])
    block = soup_of(client.get("/agenda/")).select_one(".elsewhere")
    assert "Festival namurois" not in block.get_text()
    event = EventPageFactory(parent=scene.pages["org_n"], title="Festival namurois")
    event.save_revision().publish()
    block = soup_of(client.get("/agenda/")).select_one(".elsewhere")
    assert "Festival namurois" in block.get_text()
