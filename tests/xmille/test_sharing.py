"""Sharing between sites: an event of Quatremille listed in Cinqmille's agenda, in every
language, with one canonical URL (the origin's) and no second page; who may share, hide and
feature, tried with raw POSTs; unsharing removes it."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, PageViewRestriction

import pytest

from tests.xmille.helpers import build_translated_scene, client_on, soup_of, translate
from xmille.models import EventShare, RoleGroup
from xmille.roles import role_group, setup_roles

Role = RoleGroup.Role


@pytest.fixture
def scene(network):
    scene = build_translated_scene(network)
    setup_roles()
    return scene


def user_in(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(group)
    return user


def admin_client(user, host="quatremille.localhost") -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def cards(response) -> dict:
    """{title: card} of the agenda's event cards."""
    return {
        card.select_one(".event-card__title").get_text(strip=True): card
        for card in soup_of(response).select(".event-card")
    }


def assert_denied(response) -> None:
    """A 403, or Wagtail's way: back to the dashboard with "Sorry, you do not have permission"."""
    if response.status_code != 403:
        assert response.status_code == 302, response.status_code
        assert response.url == reverse("wagtailadmin_home"), response.url


def share_url(page) -> str:
    return reverse("xmille_share_event", args=[page.pk])


def edit_share_url(record) -> str:
    return reverse("wagtailsnippets_xmille_eventshare:edit", args=[record.pk])


@pytest.fixture
def organizer(scene):
    return user_in("alpha", role_group(Role.ORGANIZER, scene.page("org")))


@pytest.fixture
def other_organizer(scene):
    return user_in("namuroise", role_group(Role.ORGANIZER, scene.page("org_n")))


@pytest.fixture
def namur_moderator(scene):
    return user_in("modo-namur", role_group(Role.MODERATOR, scene.page("namur")))


@pytest.fixture
def liege_moderator(scene):
    return user_in("modo-liege", role_group(Role.MODERATOR, scene.page("liege")))


def test_organizer_shares_their_event_and_it_is_listed_there_with_one_canonical(
    scene, network, organizer
):
    pages_before = Page.objects.count()
    cinqmille = network["cinqmille"]
    response = admin_client(organizer).post(
        share_url(scene.page("concert")), {"site": cinqmille.pk}
    )
    assert response.status_code == 302
    record = EventShare.objects.get()
    assert (record.event_id, record.site_id, record.shared_by) == (
        scene.page("concert").pk,
        cinqmille.pk,
        organizer,
    )
    assert Page.objects.count() == pages_before  # never a copy

    listed = cards(client_on(cinqmille).get("/agenda/"))
    card = listed["Concert au parc"]
    assert "depuis Quatremille" in card.get_text(" ", strip=True)
    link = card.select_one(".event-card__title a")["href"]
    assert link == scene.page("concert").get_full_url()
    assert link.startswith("http://quatremille.localhost/")
    assert "Théâtre à Namur" in listed  # its own events stay
    assert "depuis" not in listed["Théâtre à Namur"].get_text()
    # Its own page answers on its own host only; the receiving site has no copy of it.
    assert client_on(cinqmille).get("/liege/alpha/concert/").status_code == 404
    # On its own site, no "depuis".
    home_cards = cards(client_on(network["quatremille"]).get("/agenda/"))
    assert "depuis" not in home_cards["Concert au parc"].get_text()


def test_shared_event_in_every_language_of_the_receiving_site(scene, network):
    EventShare.objects.create(event=scene.page("concert"), site=network["cinqmille"])
    client = client_on(network["cinqmille"])
    listed = cards(client.get("/nl/agenda/"))
    assert listed["Concert au parc"].get("lang") == "fr"  # not translated: in French
    translate(scene.page("concert"), "nl", title="Concert in het park")
    listed = cards(client.get("/nl/agenda/"))
    assert "Concert au parc" not in listed
    card = listed["Concert in het park"]
    assert "vanuit Quatremille" in card.get_text(" ", strip=True)
    assert card.select_one("a")["href"].startswith("http://quatremille.localhost/nl/")
    assert "Concert in het park" not in cards(client.get("/de/agenda/"))
    assert "Concert au parc" in cards(client.get("/de/agenda/"))


def test_hidden_private_and_unshared_events_are_not_listed(scene, network, organizer):
    cinqmille = network["cinqmille"]
    client = client_on(cinqmille)
    record = EventShare.objects.create(event=scene.page("concert"), site=cinqmille)
    expo = EventShare.objects.create(event=scene.page("expo"), site=cinqmille)
    assert {"Concert au parc", "Exposition de gravures"} <= set(cards(client.get("/agenda/")))

    record.hidden = True
    record.save()
    PageViewRestriction.objects.create(
        page=scene.page("expo"), restriction_type=PageViewRestriction.LOGIN
    )
    listed = cards(client.get("/agenda/"))
    assert "Concert au parc" not in listed
    assert "Exposition de gravures" not in listed  # the public rule applies to shares too

    # Unsharing, from the event, by its organizer.
    response = admin_client(organizer).post(share_url(scene.page("expo")), {"unshare": expo.pk})
    assert response.status_code == 302
    assert not EventShare.objects.filter(pk=expo.pk).exists()


def test_only_who_may_edit_the_event_shares_it(scene, network, other_organizer, namur_moderator):
    cinqmille, quatremille = network["cinqmille"], network["quatremille"]
    concert = scene.page("concert")
    for user in (other_organizer, namur_moderator):
        client = admin_client(user)
        assert_denied(client.get(share_url(concert)))
        assert_denied(client.post(share_url(concert), {"site": cinqmille.pk}))
    assert not EventShare.objects.exists()
    # Not the anonymous either, nor a page that is not an event.
    assert Client().post(share_url(concert), {"site": cinqmille.pk}).status_code == 302
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    assert_denied(admin_client(admin).post(share_url(scene.page("org")), {"site": cinqmille.pk}))
    # Nor with its own site.
    response = admin_client(admin).post(share_url(concert), {"site": quatremille.pk})
    assert response.status_code == 200
    assert not EventShare.objects.exists()


def test_another_organizer_cannot_unshare(scene, network, other_organizer):
    record = EventShare.objects.create(event=scene.page("concert"), site=network["cinqmille"])
    client = admin_client(other_organizer)
    assert_denied(client.post(share_url(scene.page("concert")), {"unshare": record.pk}))
    client.post(reverse("wagtailsnippets_xmille_eventshare:delete", args=[record.pk]))
    assert EventShare.objects.filter(pk=record.pk).exists()


def test_the_regions_moderator_shares_its_events(scene, network, liege_moderator):
    response = admin_client(liege_moderator).post(
        share_url(scene.page("expo")), {"site": network["cinqmille"].pk}
    )
    assert response.status_code == 302
    assert EventShare.objects.filter(site=network["cinqmille"]).exists()


def test_only_the_receiving_sites_moderators_hide_or_feature(
    scene, network, organizer, liege_moderator, namur_moderator
):
    record = EventShare.objects.create(event=scene.page("concert"), site=network["cinqmille"])
    # The organizer and the origin's moderators may not touch the receiving site's flags.
    for user in (organizer, liege_moderator):
        admin_client(user).post(edit_share_url(record), {"hidden": "on", "featured": "on"})
        record.refresh_from_db()
        assert (record.hidden, record.featured) == (False, False)
    # Cinqmille's moderator may, and nothing else: the event is untouched.
    title = scene.page("concert").title
    response = admin_client(namur_moderator, "cinqmille.localhost").post(
        edit_share_url(record), {"hidden": "on", "featured": "on", "event": scene.page("org").pk}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.hidden, record.featured, record.event_id) == (
        True,
        True,
        scene.page("concert").pk,
    )
    assert scene.page("concert").title == title
    # A moderator of Cinqmille cannot hide what is shared with Quatremille.
    back = EventShare.objects.create(event=scene.page("theatre"), site=network["quatremille"])
    admin_client(namur_moderator).post(edit_share_url(back), {"hidden": "on"})
    back.refresh_from_db()
    assert not back.hidden


def test_shares_list_shows_each_person_their_own(scene, network, namur_moderator, organizer):
    EventShare.objects.create(event=scene.page("concert"), site=network["cinqmille"])
    EventShare.objects.create(event=scene.page("theatre"), site=network["quatremille"])
    url = reverse("wagtailsnippets_xmille_eventshare:list")
    response = admin_client(namur_moderator).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Concert au parc" in text and "Théâtre à Namur" not in text
    response = admin_client(organizer).get(url)
    assert "Concert au parc" not in response.content.decode()  # shared by someone else


def test_share_button_in_the_page_header(scene, organizer, other_organizer):
    edit = reverse("wagtailadmin_pages:edit", args=[scene.page("concert").pk])
    assert share_url(scene.page("concert")) in admin_client(organizer).get(edit).content.decode()


def test_featured_shares_come_first_in_the_home_highlights(scene, network):
    from django.utils import timezone

    from events.agenda import When, highlights, window_for
    from events.models import EventOccurrence

    weekend = window_for(When.WEEKEND, None, None, timezone.now())
    start = max(weekend.start, timezone.now()) + timedelta(hours=1)
    for name, hours in (("concert", 0), ("theatre", 2)):  # the shared one later
        for occurrence in EventOccurrence.objects.filter(page=scene.page(name)):
            occurrence.start = start + timedelta(hours=hours)
            occurrence.end = start + timedelta(hours=hours + 1)
            occurrence.save()
    record = EventShare.objects.create(event=scene.page("theatre"), site=network["quatremille"])
    home = network["quatremille"].root_page
    titles = [e.event.title for e in highlights(home, When.WEEKEND)]
    assert titles.index("Concert au parc") < titles.index("Théâtre à Namur")
    record.featured = True
    record.save()
    titles = [e.event.title for e in highlights(home, When.WEEKEND)]
    assert titles[0] == "Théâtre à Namur"
