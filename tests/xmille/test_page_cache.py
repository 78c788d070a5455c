"""The full-page cache (xmille.page_cache) and what publications purge (xmille.page_purge):
anonymous visitors of public pages get kept copies, logged-in people and private pages never
do; a publication purges exactly the URLs that show the page, through
wagtail.contrib.frontend_cache (a recording backend next to our own), a draft purges nothing,
and another site's pages stay kept."""

import time
from unittest import mock

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from events.models import EventPage
from xmille.content_cache import content_version
from xmille.models import EventShare

from .helpers import RecordingBackend, make_admin

pytestmark = pytest.mark.django_db

Q4 = "quatremille.localhost"
Q5 = "cinqmille.localhost"


@pytest.fixture(autouse=True)
def recorder(settings):
    settings.XMILLE_PAGE_CACHE_SECONDS = 60  # off by default in the tests
    settings.WAGTAILFRONTENDCACHE = {
        "local": {"BACKEND": "xmille.page_cache.LocalPageCacheBackend"},
        "recorder": {"BACKEND": "tests.xmille.helpers.RecordingBackend"},
    }
    RecordingBackend.purged = []
    return RecordingBackend


@pytest.fixture(autouse=True)
def frozen():
    """The clock stands still: a kept page is fresh for its minute, which a slow test would
    otherwise cross."""
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now):
        yield now


def path_of(page) -> str:
    return page.get_url_parts()[2]


def get(client, host, path, **headers):
    return client.get(path, headers={"host": host, **headers})


def test_an_anonymous_page_is_served_from_the_cache(client, scenes):
    first = get(client, Q4, "/agenda/")
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, Q4, "/agenda/")
    assert second["X-Cache"] == "HIT" and len(queries) == 0
    assert second.content == first.content and b"Hamlet" in second.content
    # What a CDN or a browser needs to keep and revalidate it, and no cookie.
    control = second["Cache-Control"]
    assert "public" in control and "s-maxage=" in control
    assert second["ETag"] == first["ETag"] and second["Last-Modified"]
    assert "Cookie" in second["Vary"]
    assert not second.cookies and not first.cookies
    # A revalidation gets a 304 from the cache.
    assert get(client, Q4, "/agenda/", if_none_match=second["ETag"]).status_code == 304
    # The filtered variants and the feeds are kept too, each by its own URL.
    assert get(client, Q4, "/agenda/?when=weekend")["X-Cache"] == "MISS"
    assert get(client, Q4, "/agenda/?when=weekend")["X-Cache"] == "HIT"
    assert get(client, Q4, "/agenda/feed.ics")["X-Cache"] == "MISS"
    assert get(client, Q4, "/agenda/feed.ics")["X-Cache"] == "HIT"


def test_public_pages_set_no_cookie(client, scenes):
    liege, _namur = scenes
    person = {"user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
    for path in (
        "/",
        "/agenda/",
        "/agenda/carte/",
        path_of(liege.hamlet),
        path_of(liege.region),
        path_of(liege.venues["Cité Miroir"]),
        "/search/?q=hamlet",
        "/sitemap.xml",
    ):
        for _ in range(2):
            response = get(client, Q4, path, accept_language="fr-BE,fr;q=0.9", **person)
            assert response.status_code == 200, path
            assert not response.cookies, (path, response.cookies)
        assert response["X-Cache"] == "HIT", path


def test_a_logged_in_visitor_is_never_served_nor_kept(client, scenes):
    get(client, Q4, "/agenda/")  # kept for the public
    client.force_login(make_admin("editor"))
    for _ in range(2):
        response = get(client, Q4, "/agenda/")
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"]
    client.logout()
    anonymous = get(client, Q4, "/agenda/")
    assert anonymous["X-Cache"] == "HIT"  # the public copy, never one made for the editor


@pytest.mark.parametrize("restriction", ["login", "password"])
def test_a_private_page_is_never_cached(client, scenes, restriction):
    liege, _namur = scenes
    PageViewRestriction.objects.create(
        page=liege.hamlet, restriction_type=restriction, password="secret"
    )
    for _ in range(2):
        response = get(client, Q4, path_of(liege.hamlet))
        assert response.get("X-Cache") != "HIT"
    assert response.status_code in (200, 302)
    # Nothing was kept that a later visitor could get, whatever the restriction answered.
    client.cookies.clear()
    assert get(client, Q4, path_of(liege.hamlet)).get("X-Cache") != "HIT"


def test_a_private_page_unlocked_by_password_is_not_kept(client, scenes):
    liege, _namur = scenes
    restriction = PageViewRestriction.objects.create(
        page=liege.hamlet, restriction_type="password", password="secret"
    )
    form = get(client, Q4, path_of(liege.hamlet))
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{liege.hamlet.pk}/",
        {"password": "secret", "return_url": path_of(liege.hamlet)},
        headers={"host": Q4},
    )
    assert response.status_code == 302, form.content[:200]
    page = get(client, Q4, path_of(liege.hamlet))
    assert page.status_code == 200 and b"Hamlet" in page.content
    assert "X-Cache" not in page
    client.cookies.clear()
    assert (
        get(client, Q4, path_of(liege.hamlet)).status_code != 200
        or b"Hamlet" not in get(client, Q4, path_of(liege.hamlet)).content
    )


def publish(page, **changes):
    page = EventPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def paths(urls, host):
    prefix = f"http://{host}"
    return sorted(url[len(prefix) :] for url in urls if url.startswith(prefix + "/"))


SITE_PATHS = [
    "/api/v1/events/",
    "/api/v1/organizers/",
    "/api/v1/pieces/",
    "/api/v1/venues/",
    "/de/search/",
    "/en/search/",
    "/nl/search/",
    "/search/",
    "/sitemap.xml",
    # The whole network's directory, which every site serves (purged on every site).
    "/de/reseau/annuaire/",
    "/en/reseau/annuaire/",
    "/nl/reseau/annuaire/",
    "/reseau/annuaire/",
]
# The agenda's own routes that list events: the CSV, the widget, the partners' page.
AGENDA_ROUTES = ["/agenda/csv/", "/agenda/partenaires/", "/agenda/widget/"]


def test_a_publication_purges_exactly_the_pages_that_show_it(scenes, recorder):
    liege, _namur = scenes
    publish(liege.hamlet, title="Hamlet (complet)")
    event, venue, organizer, region = (
        path_of(page)
        for page in (liege.hamlet, liege.venues["Cité Miroir"], liege.organizer, liege.region)
    )
    assert paths(recorder.purged, Q4) == sorted(
        [
            "/",
            "/agenda/",
            "/agenda/carte/",
            "/agenda/carte/geojson/",
            "/agenda/ce-week-end/",
            "/agenda/feed.ics",
            "/agenda/feed.ics/",
            *AGENDA_ROUTES,
            event,
            event + "feed.ics",
            event + "feed.ics/",
            venue,
            venue + "feed.ics",
            venue + "feed.ics/",
            organizer,
            organizer + "feed.ics",
            organizer + "feed.ics/",
            region,
            *SITE_PATHS,
        ]
    )
    elsewhere = {url for url in recorder.purged if Q4 not in url}
    assert elsewhere and all("/reseau/annuaire/" in url for url in elsewhere)


def test_a_publication_purges_the_sites_it_is_shared_with(network, scenes, recorder):
    liege, _namur = scenes
    EventShare.objects.create(event=liege.hamlet, site=network["cinqmille"])
    recorder.purged = []
    publish(liege.hamlet, title="Hamlet (complet)")
    assert paths(recorder.purged, Q5) == sorted(
        [
            "/",
            "/agenda/",
            "/agenda/carte/",
            "/agenda/carte/geojson/",
            "/agenda/ce-week-end/",
            "/agenda/feed.ics",
            "/agenda/feed.ics/",
            *AGENDA_ROUTES,
            *SITE_PATHS,
        ]
    )
    assert all(
        "/reseau/annuaire/" in url
        for url in recorder.purged
        if "sixmille" in url or "septmille" in url
    )


def test_a_draft_save_purges_nothing(client, scenes, recorder):
    liege, _namur = scenes
    get(client, Q4, "/agenda/")
    get(client, Q4, path_of(liege.hamlet))
    version = content_version(liege.home.get_site().pk)
    page = EventPage.objects.get(pk=liege.hamlet.pk)
    page.title = "Hamlet (brouillon)"
    page.save_revision()
    assert recorder.purged == []
    assert content_version(liege.home.get_site().pk) == version
    agenda = get(client, Q4, "/agenda/")
    assert agenda["X-Cache"] == "HIT" and b"brouillon" not in agenda.content
    assert get(client, Q4, path_of(liege.hamlet))["X-Cache"] == "HIT"


def test_a_publication_on_one_site_leaves_the_other_sites_cached(client, scenes):
    liege, namur = scenes
    for host in (Q4, Q5):
        get(client, host, "/agenda/")
        get(client, host, "/")
    namur_version = content_version(namur.home.get_site().pk)
    publish(liege.hamlet, title="Hamlet (complet)")
    # Liège: the lists that show it are built again, with the new title.
    agenda = get(client, Q4, "/agenda/")
    assert agenda["X-Cache"] == "MISS" and "Hamlet (complet)" in agenda.content.decode()
    # Namur: its pages and its fragments' content version are untouched.
    assert get(client, Q5, "/agenda/")["X-Cache"] == "HIT"
    assert get(client, Q5, "/")["X-Cache"] == "HIT"
    assert content_version(namur.home.get_site().pk) == namur_version


def test_an_unpublication_purges_what_showed_it(client, scenes, recorder):
    liege, _namur = scenes
    get(client, Q4, "/agenda/")
    EventPage.objects.get(pk=liege.hamlet.pk).unpublish()
    assert f"http://{Q4}{path_of(liege.hamlet)}" in recorder.purged
    assert b"Hamlet" not in get(client, Q4, "/agenda/").content


def test_a_deletion_purges_what_showed_it(client, scenes, recorder):
    liege, _namur = scenes
    get(client, Q4, "/agenda/")
    url = f"http://{Q4}{path_of(liege.hamlet)}"
    EventPage.objects.get(pk=liege.hamlet.pk).delete()
    assert url in recorder.purged and f"http://{Q4}/agenda/" in recorder.purged
    assert b"Hamlet" not in get(client, Q4, "/agenda/").content


def test_e_mails_can_leave_through_a_task(settings):
    settings.EMAIL_BACKEND = "xmille.tasks.TaskEmailBackend"
    settings.XMILLE_TASK_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = mail.EmailMultiAlternatives("Sujet", "Texte", "a@example.org", ["b@example.org"])
    message.attach_alternative("<p>Texte</p>", "text/html")
    assert message.send() == 1
    assert [m.subject for m in mail.outbox] == ["Sujet"]
    assert mail.outbox[0].alternatives[0][0] == "<p>Texte</p>"


@pytest.mark.django_db(transaction=True)
def test_in_production_a_stale_page_is_served_while_a_thread_builds_it_again(
    client, scenes, settings
):
    """Production's `XMILLE_PAGE_CACHE_REFRESH = "background"`: after a publication, the
    visitor who finds the agenda stale gets the previous copy at once, and a refresher thread
    builds and keeps the new one (nobody waits for a cold render)."""
    from xmille.page_cache import REFRESHING, refresher

    settings.XMILLE_PAGE_CACHE_REFRESH = "background"
    liege, _namur = scenes
    assert get(client, Q4, "/agenda/")["X-Cache"] == "MISS"
    publish(liege.hamlet, title="Hamlet (complet)")
    stale = get(client, Q4, "/agenda/")
    assert stale["X-Cache"] == "STALE" and "Hamlet (complet)" not in stale.content.decode()
    # The refresher's threads finish what was submitted before this no-op.
    for _ in range(2):
        refresher().submit(lambda: None).result(timeout=30)
    fresh = None
    for _ in range(100):
        fresh = get(client, Q4, "/agenda/")
        if fresh["X-Cache"] == "HIT":
            break
        time.sleep(0.1)
    assert fresh["X-Cache"] == "HIT" and "Hamlet (complet)" in fresh.content.decode()
    assert REFRESHING not in fresh.wsgi_request.META
