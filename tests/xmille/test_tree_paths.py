"""Subtree queries (`path__startswith`) return exactly the pages under a page, whether written
as an index range (SQLite) or as LIKE, and SQLite answers them from the path index."""

from django.db import connection

from wagtail.models import Page

import pytest


@pytest.mark.django_db
def test_subtree_queries_match_the_tree(network):
    home = network["quatremille"].root_page
    for _ in range(3):
        child = home.add_child(instance=Page(title="Rubrique", slug=f"rubrique-{home.numchild}"))
        child.add_child(instance=Page(title="Article", slug="article"))
    paths = list(Page.objects.values_list("path", flat=True))
    for page in Page.objects.all():
        expected = sorted(path for path in paths if path.startswith(page.path))
        assert (
            sorted(Page.objects.filter(path__startswith=page.path).values_list("path", flat=True))
            == expected
        )
        assert (
            sorted(
                Page.objects.filter(path__startswith_scan=page.path).values_list("path", flat=True)
            )
            == expected
        )
        assert page.get_descendants(inclusive=True).count() == len(expected)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_reads_a_subtree_from_the_path_index(network):
    home = network["quatremille"].root_page
    plan = Page.objects.filter(path__startswith=home.path).explain()
    assert "USING INDEX" in plan and "path>?" in plan
