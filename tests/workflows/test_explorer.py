"""The explorer as an organizer: what it offers on each row follows Wagtail's rules, and it
costs the same number of queries however many events the organizer has (wagtail issue 14593:
per-row permission checks for non-superusers)."""

import itertools
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.factories import EventPageFactory
from tests.workflows.conftest import next_week


def explorer(client, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_explore", args=[page.pk]))
    assert response.status_code == 200
    return response, len(queries)


SERIAL = itertools.count()


def add_events(tree, count, *, live):
    start = next_week()
    for _ in range(count):
        event = EventPageFactory(
            parent=tree.pages["org_a"],
            title=f"Atelier {next(SERIAL)}",
            venue=tree.pages["venue_liege"],
            dates=[(start, start + timedelta(hours=2))],
        )
        if not live:
            event.unpublish()


def test_the_organizer_explorer_costs_the_same_with_more_events(client, tree):
    client.force_login(tree.users["orga_a"])
    org = tree.pages["org_a"]
    add_events(tree, 2, live=True)
    add_events(tree, 2, live=False)
    explorer(client, org)  # the first visit fills per-process caches (sites, content types)
    _, few = explorer(client, org)
    add_events(tree, 8, live=True)
    add_events(tree, 8, live=False)
    _, many = explorer(client, org)
    assert many == few


def test_the_explorer_offers_delete_only_for_unpublished_events(client, tree):
    client.force_login(tree.users["orga_a"])
    add_events(tree, 1, live=False)
    response, _ = explorer(client, tree.pages["org_a"])
    html = response.content.decode()
    draft = tree.pages["org_a"].get_children().filter(live=False).get()
    live = tree.page("event_a")
    assert reverse("wagtailadmin_pages:delete", args=[draft.pk]) in html
    assert reverse("wagtailadmin_pages:delete", args=[live.pk]) not in html
    assert reverse("wagtailadmin_pages:move", args=[live.pk]) not in html
