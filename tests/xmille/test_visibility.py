"""Private stays private: events and pieces restricted to logged-in users, behind a password
or under a restricted organizer are listed nowhere a visitor can read — agenda, "this
weekend", region, venue, organizer, home highlights, weekly picks, related events, "in the
magazine", search, iCal and RSS/Atom feeds, sitemap — while their public neighbours are."""

import pytest

from xmille.visibility import is_public, public_q, restricted_paths, visible

from .helpers import PRIVATE_WORDS, SECRET, module_public_tree


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_public_tree(django_db_blocker)


@pytest.fixture
def public(tree, db):
    return tree


def doors(tree) -> dict[str, str]:
    """Every public address that lists events or pieces, by what a visitor would call it."""
    p = tree.pages
    return {
        "home": p["home"].url,
        "agenda": p["agenda"].url,
        "this weekend": p["agenda"].url + "ce-week-end/",
        "agenda filtered on the venue": f"{p['agenda'].url}?venue={p['venue'].pk}",
        "agenda keyword": p["agenda"].url + "?q=secr%C3%A8te",
        "agenda iCal": p["agenda"].url + "feed.ics",
        "region": p["region"].url,
        "venue": p["venue"].url,
        "venue iCal": p["venue"].url + "feed.ics",
        "organizer": p["organizer"].url,
        "organizer iCal": p["organizer"].url + "feed.ics",
        "public event (related events, in the magazine)": p["event"].url,
        "magazine": p["magazine"].url,
        "magazine RSS": p["magazine"].url + "rss/",
        "magazine Atom": p["magazine"].url + "atom/",
        "public piece (related pieces)": p["piece"].url,
        "weekly favourites": p["favourites"].url,
        "search": "/search/?q=concert",
        "search the secret": "/search/?q=secr%C3%A8te",
        "sitemap": "/sitemap.xml",
    }


def test_private_pages_are_listed_nowhere(public, client):
    leaks = {}
    for door, url in doors(public).items():
        response = client.get(url)
        assert response.status_code == 200, (door, url, response.status_code)
        text = response.content.decode()
        found = [word for word in PRIVATE_WORDS if word in text]
        if "secret-room" in text:
            found.append("online link")
        if found:
            leaks[door] = found
    assert leaks == {}


def test_the_public_neighbours_are_listed(public, client):
    """The same doors do list the public event and piece: the rule hides only what it must."""
    p = public.pages
    for url in (p["agenda"].url, p["region"].url, p["venue"].url, p["agenda"].url + "feed.ics"):
        assert "Nuit du jazz" in client.get(url).content.decode(), url
    assert "Une nuit de jazz" in client.get(p["event"].url).content.decode()
    assert "Une nuit de jazz" in client.get(p["magazine"].url + "rss/").content.decode()
    assert p["event"].full_url in client.get("/sitemap.xml").content.decode()


def test_private_pages_are_refused_on_their_own_address(public, client):
    p = public.pages
    for name in ("secret", "under_hidden", "secret_piece"):
        response = client.get(p[name].url)
        assert response.status_code == 302 and "login" in response["Location"], name
        response = client.get(p[name].url + ("feed.ics" if name != "secret_piece" else ""))
        assert response.status_code == 302, name
    response = client.get(p["locked"].url)
    assert SECRET not in response.content.decode()
    assert "Concert sous mot de passe" not in response.content.decode()


def test_a_logged_in_visitor_still_sees_public_lists_only(public, client, django_user_model):
    """The lists are the public's: a logged-in member reads the private event on its own page,
    not in listings that are cached and shared with everyone."""
    user = django_user_model.objects.create_user("membre", password="x")
    client.force_login(user)
    assert client.get(public.pages["secret"].url).status_code == 200
    assert SECRET not in client.get(public.pages["agenda"].url).content.decode()


def test_the_rule_in_one_place(public):
    """`visible`, `public_q` with a prefix and `is_public` agree with Wagtail's own
    `.live().public()` on every page of the tree."""
    from wagtail.models import Page

    from events.models import EventOccurrence

    pages = Page.objects.descendant_of(public.home, inclusive=True)
    expected = set(pages.live().public().values_list("pk", flat=True))
    assert set(visible(pages).values_list("pk", flat=True)) == expected
    assert {page.pk for page in pages if is_public(page)} == expected
    dated = EventOccurrence.objects.filter(public_q("page__")).values_list("page_id", flat=True)
    assert set(dated) == expected & set(EventOccurrence.objects.values_list("page_id", flat=True))
    assert len(restricted_paths()) == 4


def test_a_new_restriction_is_seen_at_once(public, client):
    """Restricting a page makes a new content version: the cached agenda drops it at once."""
    from wagtail.models import PageViewRestriction

    agenda_url = public.pages["agenda"].url
    assert "Nuit du jazz" in client.get(agenda_url).content.decode()
    restriction = PageViewRestriction.objects.create(
        page=public.pages["event"], restriction_type=PageViewRestriction.LOGIN
    )
    assert "Nuit du jazz" not in client.get(agenda_url).content.decode()
    restriction.delete()
    assert "Nuit du jazz" in client.get(agenda_url).content.decode()


def test_the_rule_costs_no_query_once_warm(public, django_assert_num_queries):
    restricted_paths()
    with django_assert_num_queries(0):
        public_q("page__")


def test_an_alias_of_a_page_made_private_is_as_private(public, client):
    """Wagtail refuses an alias of a restricted page, and the pages below it, on their own
    address (it applies the source's restrictions, even those set after the alias was made):
    no list shows them either, though the restricted paths were read before, and wherever
    the alias is moved."""
    from wagtail.models import PageViewRestriction

    p = public.pages
    agenda_url = p["agenda"].url
    alias = p["organizer"].create_alias(
        recursive=True, parent=p["region"], update_slug="organisateur-en-alias"
    )
    copy = alias.get_children().get(alias_of=p["event"])
    assert "Nuit du jazz" in client.get(agenda_url).content.decode()
    assert is_public(copy)

    PageViewRestriction.objects.create(
        page=p["organizer"], restriction_type=PageViewRestriction.LOGIN
    )
    assert not is_public(copy) and not is_public(alias)
    assert client.get(copy.url).status_code == 302  # Wagtail's own check
    assert "Nuit du jazz" not in client.get(agenda_url).content.decode()

    alias.move(p["home"], pos="last-child")
    copy.refresh_from_db()
    assert not is_public(copy)
    assert client.get(copy.url).status_code == 302
    assert "Nuit du jazz" not in client.get(agenda_url).content.decode()


def test_a_public_page_is_served_without_reading_restrictions(public, client):
    """Wagtail checks the view restrictions of every page it serves: where no restricted path
    is above the page, the kept paths answer and no restriction is read; a private page is
    still refused (above) and a page under a restricted one too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = public.pages["event"].url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]
    assert client.get(public.pages["under_hidden"].url).status_code == 302
