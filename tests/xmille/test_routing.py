"""Routing below a site's home (xmille.routing): the same page, view and arguments as
Wagtail's walk for every address of a site, in fewer queries."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from events.models import EventPage
from home.models import HomePage
from magazine.factories import InterviewPageFactory
from tests.xmille.helpers import build_public_tree


@pytest.fixture
def tree(network):
    """Every kind of page, public and private (tests.xmille.helpers.build_public_tree)."""
    return build_public_tree(network["quatremille"].root_page.specific)


def components_of(page, home) -> list[str]:
    return [part for part in page.url_path[len(home.url_path) :].split("/") if part]


# Addresses beyond the pages themselves: the routes of routable pages, and what matches nothing.
SUFFIXES = [[], ["feed.ics"], ["ce-week-end"], ["carte", "geojson"], ["rss"], ["nope"], ["a", "b"]]


def outcome(route, home, components):
    """What a route gives, comparable across two routings: the page, and the view with its
    arguments for a routable page's own route; "404" when there is no such page."""
    request = RequestFactory().get("/")
    try:
        page, args, kwargs = route(home, request, components)
    except Exception as error:  # Http404, as Wagtail's serve expects
        return type(error).__name__
    if args:
        view, view_args, view_kwargs = args
        return page.pk, type(page), view.__func__, tuple(view_args), dict(view_kwargs)
    return page.pk, type(page), (), kwargs


def walk(home, request, components):
    """Wagtail's own routing from the home (`Page.route`, level by level)."""
    return Page.route(home, request, components)


def test_every_address_of_a_site_routes_as_wagtail_does(tree):
    home = tree.home
    pages = list(Page.objects.descendant_of(home))
    assert {page.pk for page in pages} >= {page.pk for page in tree.pages.values()} - {home.pk}
    for page in pages:
        for suffix in SUFFIXES:
            wanted = components_of(page, home) + suffix
            assert outcome(HomePage.route, home, wanted) == outcome(walk, home, wanted), (
                page.url_path,
                suffix,
            )


def test_a_deep_event_is_routed_in_three_queries(tree):
    event, home = tree.pages["event"], tree.home
    components = components_of(event, home)
    assert len(components) == 3  # region, organizer, event
    with CaptureQueriesContext(connection) as direct:
        page = HomePage.route(home, RequestFactory().get("/"), components).page
    with CaptureQueriesContext(connection) as walked:
        walk(home, RequestFactory().get("/"), components)
    assert page.pk == event.pk and isinstance(page, EventPage)
    assert len(direct) == 3 < len(walked)
    # The organizer is read with it, as the walk leaves it: no query to reach it.
    organizer_pk = event.get_parent().pk
    with CaptureQueriesContext(connection) as parent:
        assert page.organizer.pk == organizer_pk
    assert len(parent) == 0


def test_a_routable_page_answers_before_a_child_of_the_same_name(tree):
    """A piece named "rss" under the magazine does not hide the magazine's RSS feed."""
    magazine, home = tree.pages["magazine"], tree.home
    InterviewPageFactory(parent=magazine, title="RSS", slug="rss")
    components = components_of(magazine, home)
    direct = outcome(HomePage.route, home, [*components, "rss"])
    assert direct == outcome(walk, home, [*components, "rss"])
    assert direct[0] == magazine.pk and direct[2].__name__ == "rss"


def test_an_unpublished_page_is_not_found_but_its_children_are(tree):
    """Wagtail serves a live page under an unpublished one; the unpublished one is a 404."""
    event, home = tree.pages["event"], tree.home
    Page.objects.filter(pk=tree.pages["organizer"].pk).update(live=False)
    components = components_of(event, home)
    assert outcome(HomePage.route, home, components)[0] == event.pk
    assert outcome(HomePage.route, home, components[:-1]) == "Http404"
    assert outcome(HomePage.route, home, components[:-1]) == outcome(walk, home, components[:-1])


def test_the_site_home_routed_from_is_not_read_again(tree):
    """A page served asks for its site's home (events.feeds.site_root): the one routing started
    from, in the request's memo; outside a request, or for another site, it is read."""
    from events.feeds import site_root
    from xmille.content_cache import request_memo

    event, home = tree.pages["event"], tree.home
    token = request_memo.set({})
    try:
        page = HomePage.route(home, RequestFactory().get("/"), components_of(event, home)).page
        with CaptureQueriesContext(connection) as queries:
            assert site_root(page).pk == home.pk
        assert len(queries) == 0
    finally:
        request_memo.reset(token)
    with CaptureQueriesContext(connection) as queries:
        assert site_root(event).pk == home.pk
    assert len(queries) == 1


def test_a_path_of_a_thousand_segments_is_a_404(client, tree):
    """Left to Wagtail's walk beyond a few levels: no query the database would refuse."""
    response = client.get("/" + "a/" * 2000, HTTP_HOST=tree.home.get_site().hostname)
    assert response.status_code == 404
    deep = components_of(tree.pages["event"], tree.home) + ["x"] * 20
    assert outcome(HomePage.route, tree.home, deep) == outcome(walk, tree.home, deep) == "Http404"


def test_the_requests_site_is_kept_with_the_sites_structure(network, client):
    """Wagtail's site lookup (a query on every request) is answered from the site's structure
    entries, and a change to the site is seen at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site = network["quatremille"]
    client.get("/", HTTP_HOST=site.hostname)  # builds the site's structure entries
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", HTTP_HOST=site.hostname)
    assert response.status_code == 200
    assert response.wsgi_request._wagtail_site == site
    assert not [q["sql"] for q in queries if 'FROM "wagtailcore_site"' in q["sql"]]
    other = network["cinqmille"]
    assert client.get("/", HTTP_HOST=other.hostname).wsgi_request._wagtail_site == other

    site.site_name = "Quatremille renommé"
    site.save()
    response = client.get("/", HTTP_HOST=site.hostname)
    assert response.wsgi_request._wagtail_site.site_name == "Quatremille renommé"


def test_the_home_in_the_requests_language_is_kept(network, client):
    """Wagtail routes from the site's home in the active language (`.localized.specific`: the
    active locale, the translation, the home's row, on every request): kept with the site's
    structure, in each language, and a home's translation published is seen at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.xmille.helpers import build_translated_scene, translate

    build_translated_scene(network)
    host = network["quatremille"].hostname
    home = network["quatremille"].root_page.specific
    for path, language in (("/agenda/", "fr"), ("/nl/agenda/", "nl")):
        client.get(path, HTTP_HOST=host)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200
        assert response.context["page"].locale.language_code == language
        sql = [q["sql"] for q in queries]
        assert not [s for s in sql if 'FROM "wagtailcore_locale"' in s], path
        assert not [s for s in sql if 'FROM "home_homepage"' in s], path

    translate(home, "nl", title="Quatremille in het Nederlands")
    response = client.get("/nl/", HTTP_HOST=host)
    assert response.context["page"].title == "Quatremille in het Nederlands"
