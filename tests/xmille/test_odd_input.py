"""No query string breaks a public page: odd filters, huge numbers, dates outside the calendar,
NUL bytes and generated garbage get a page (HTML lists show the errors next to the filters) or
a 400 with reasons (feeds), never a 500. Runs on SQLite and on PostgreSQL (CI runs the suite
on both)."""

from urllib.parse import urlencode

from django.test import Client

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .helpers import module_public_tree

# Parameters the public pages read, and values people (and robots) really send.
PARAMETERS = [
    "q",
    "page",
    "when",
    "date_from",
    "date_to",
    "category",
    "region",
    "venue",
    "organizer",
    "free",
    "accessible",
    "young",
    "ongoing",
    "type",
    "tag",
    "near",
    "radius",
    "town",
    "updated_since",
    "format",
]
ODD_VALUES = [
    "",
    "0",
    "1e309",
    "99999999999999999999999999",
    str(2**63),
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "é" * 300,
    "x" * 10_000,
    "NaN",
    "50.6,5.57",
    "91,181",
]


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_public_tree(django_db_blocker)


def public_addresses(tree) -> list[str]:
    """One address of every public page type, route and feed."""
    p = tree.pages
    return [
        p["home"].url,
        p["agenda"].url,
        p["agenda"].url + "ce-week-end/",
        p["agenda"].url + "feed.ics",
        p["region"].url,
        p["venue"].url,
        p["venue"].url + "feed.ics",
        p["organizer"].url,
        p["organizer"].url + "feed.ics",
        p["event"].url,
        p["event"].url + "feed.ics",
        p["magazine"].url,
        p["magazine"].url + "rss/",
        p["magazine"].url + "atom/",
        p["piece"].url,
        p["favourites"].url,
        p["standard"].url,
        "/search/",
        "/sitemap.xml",
        "/ligne-editoriale/",
    ]


def assert_no_server_error(client: Client, url: str, query: str) -> None:
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500, (url, query, response.status_code)
    if response.status_code == 400:
        assert response.content, (url, query, "a 400 says why")


@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda v: repr(v[:20]))
def test_known_odd_values_on_every_public_page(tree, db, client, value):
    """Every parameter at once on every page; one at a time on the agenda, whose form (shared with
    its feeds) reads them all (an error on one must not hide a crash on another)."""
    for url in public_addresses(tree):
        assert_no_server_error(client, url, urlencode(dict.fromkeys(PARAMETERS, value)))
    for name in PARAMETERS:
        assert_no_server_error(client, tree.pages["agenda"].url, urlencode({name: value}))


query_strings = st.one_of(
    # Known parameters with generated values (any text, NUL and surrogates excluded by the
    # URL encoding itself).
    st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=40), st.integers().map(str)),
        max_size=5,
    ).map(urlencode),
    # Raw bytes as a client may send them, percent-encoded or not.
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_strings)
def test_generated_query_strings_never_answer_500(tree, db, query):
    client = Client()
    for url in public_addresses(tree):
        assert_no_server_error(client, url, query)
