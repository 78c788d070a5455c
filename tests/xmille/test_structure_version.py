"""A site's structure version (xmille.content_cache.structure_version): an event or a magazine
piece published renews what shows lists, not what shows the site's structure (the network
bar, the guides' link, the agenda's lists of places, the restricted paths); anything else
renews both, and a network-wide change renews every site's."""

from wagtail.models import PageViewRestriction

import pytest

from events.factories import VenuePageFactory
from events.models import EventPage, VenuePage
from xmille.content_cache import content_changed, content_version, structure_version

pytestmark = pytest.mark.django_db

HOST = "quatremille.localhost"


def versions(site):
    return content_version(site.pk), structure_version(site.pk)


def republish(page):
    page = type(page.specific).objects.get(pk=page.pk)
    page.title += " (bis)"
    page.save_revision().publish()
    return page


def test_an_event_published_renews_the_lists_not_the_structure(network, scenes):
    liege, _namur = scenes
    site = network["quatremille"]
    content, structure = versions(site)
    republish(liege.hamlet)
    assert content_version(site.pk) != content
    assert structure_version(site.pk) == structure


def test_an_event_unpublished_or_shared_keeps_the_structure(network, scenes):
    from xmille.models import EventShare

    liege, _namur = scenes
    site, other = network["quatremille"], network["cinqmille"]
    structures = structure_version(site.pk), structure_version(other.pk)
    EventPage.objects.get(pk=liege.hamlet.pk).unpublish()
    EventShare.objects.create(event=liege.hamlet, site=other)
    assert (structure_version(site.pk), structure_version(other.pk)) == structures


def test_a_venue_published_renews_both_on_its_site_only(network, scenes):
    liege, _namur = scenes
    site, other = network["quatremille"], network["cinqmille"]
    before, other_before = versions(site), versions(other)
    republish(liege.venues["Cité Miroir"])
    after = versions(site)
    assert after[0] != before[0] and after[1] != before[1]
    assert versions(other) == other_before


def test_a_network_change_renews_every_sites_structure(network, scenes):
    before = [structure_version(site.pk) for site in network.values()]
    content_changed()
    assert all(
        structure_version(site.pk) != version
        for site, version in zip(network.values(), before, strict=True)
    )


def test_a_new_venue_is_in_the_agendas_list_at_once(client, network, scenes):
    """The place lists are kept across event publications, and rebuilt for a new place."""
    liege, _namur = scenes
    page = client.get("/agenda/", headers={"host": HOST}).content.decode()
    assert "Cité Miroir" in page and "La Grange" not in page
    republish(liege.hamlet)  # an event: the list is kept, and still right
    assert "Cité Miroir" in client.get("/agenda/", headers={"host": HOST}).content.decode()
    VenuePageFactory(parent=liege.region, title="La Grange")
    page = client.get("/agenda/", headers={"host": HOST}).content.decode()
    assert (
        '<option value="{}">La Grange</option>'.format(VenuePage.objects.get(title="La Grange").pk)
        in page
    )


def test_a_restriction_on_an_event_hides_it_at_once(client, network, scenes):
    """The restricted paths are kept across event publications; a restriction renews them."""
    liege, _namur = scenes
    assert "Hamlet" in client.get("/agenda/", headers={"host": HOST}).content.decode()
    republish(liege.hamlet)
    PageViewRestriction.objects.create(
        page=EventPage.objects.get(pk=liege.hamlet.pk),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )
    assert "Hamlet" not in client.get("/agenda/", headers={"host": HOST}).content.decode()


# -- what is kept per structure version (xmille.content_cache.structure_cached) -------------


def test_the_menu_is_kept_across_event_publications_and_rebuilt_for_a_menu_page(
    client, network, scenes
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xmille.factories import StandardPageFactory

    liege, _namur = scenes
    about = StandardPageFactory(parent=liege.home, title="À propos", show_in_menus=True)
    event_path = liege.hamlet.relative_url(network["quatremille"])
    assert "À propos</a>" in client.get(event_path, headers={"host": HOST}).content.decode()
    republish(liege.hamlet)  # an event: the menu is kept (not read again), and still right
    with CaptureQueriesContext(connection) as queries:
        page = client.get(event_path, headers={"host": HOST}).content.decode()
    assert "À propos</a>" in page
    menu_reads = [
        query["sql"]
        for query in queries.captured_queries
        if "show_in_menus" in query["sql"].split(" FROM ", 1)[-1]  # filtered on, not read
    ]
    assert menu_reads == []
    republish(about)  # a menu page renamed: in the menu at once
    assert "À propos (bis)</a>" in client.get(event_path, headers={"host": HOST}).content.decode()


def test_a_renamed_agenda_is_linked_at_once_from_a_venue_page(client, network, scenes):
    liege, _namur = scenes
    venue = liege.venues["Cité Miroir"]
    venue_path = venue.relative_url(network["quatremille"])
    assert (
        f'href="/agenda/?venue={venue.pk}"'
        in client.get(venue_path, headers={"host": HOST}).content.decode()
    )
    republish(liege.hamlet)
    agenda = type(liege.agenda).objects.get(pk=liege.agenda.pk)
    agenda.slug = "programme"
    agenda.save_revision().publish()
    page = client.get(venue_path, headers={"host": HOST}).content.decode()
    assert f'href="/programme/?venue={venue.pk}"' in page


def test_a_sites_small_structure_reads_are_one_cache_read_per_request(network, monkeypatch):
    """Built once per structure version, read together once per request; a large one is kept
    alone (read only where it is shown); a new structure version builds them again."""
    from django.core.cache import cache

    from xmille.content_cache import end_request, request_memo, site_changed, structure_cached

    site = network["quatremille"]
    builds, reads = [], []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )

    def build(name):
        builds.append(name)
        return f"{name} built"

    def page():
        memo = {}
        token = request_memo.set(memo)
        try:
            return [
                structure_cached("menu", lambda: build("menu"), site.pk, "fr"),
                structure_cached("menu", lambda: build("menu"), site.pk, "nl"),
                structure_cached("sections", lambda: build("sections"), site.pk),
                structure_cached("venues", lambda: build("venues"), site.pk, alone=True),
            ]
        finally:
            request_memo.reset(token)
            end_request(memo)  # as the page cache's middleware does

    assert page() == ["menu built", "menu built", "sections built", "venues built"]
    assert builds == ["menu", "menu", "sections", "venues"]
    builds.clear()
    reads.clear()
    assert page() == ["menu built", "menu built", "sections built", "venues built"]
    assert builds == []
    structure_reads = [key for key in reads if "version" not in key]
    assert len(structure_reads) == 2  # the bundle of the small ones, and the large one
    site_changed(site.pk)  # a new structure version: built again
    page()
    assert builds == ["menu", "menu", "sections", "venues"]


def test_a_new_category_is_in_the_agendas_filters_at_once(client, network, scenes):
    """The category choices are kept with the structure; a category renews every site's."""
    from events.factories import EventCategoryFactory

    liege, _namur = scenes
    assert "Cirque" not in client.get("/agenda/", headers={"host": HOST}).content.decode()
    republish(liege.hamlet)
    assert "Cirque" not in client.get("/agenda/", headers={"host": HOST}).content.decode()
    EventCategoryFactory(name="Cirque", slug="cirque")
    page = client.get("/agenda/", headers={"host": HOST}).content.decode()
    assert 'value="cirque"' in page and "Cirque" in page
