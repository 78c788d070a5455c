"""Password guessing is throttled: the admin login (per account and per address, django-axes)
and the password forms of protected pages and document collections (per page and address)."""

from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest
from axes.models import AccessAttempt

from xmille import limits
from xmille.factories import StandardPageFactory

from .helpers import admin_login, logged_in, make_admin

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery"
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"
THIRD = "192.0.2.33"


def hammer(client, username, address, tries=30):
    for i in range(tries):
        response = admin_login(client, username, f"wrong-{i}", address)
        assert not logged_in(client)
    return response


# Admin login ---------------------------------------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_is_refused_while_locked():
    make_admin("alice")
    client = Client()
    last = hammer(client, "alice", ATTACKER)
    assert last.status_code == 429

    response = admin_login(client, "alice", RIGHT, ATTACKER)

    assert response.status_code == 429
    assert not logged_in(client)
    text = response.content.decode()
    assert "Trop de tentatives de connexion" in text
    assert f"Réessayez dans {limits.LOGIN_COOLOFF_MINUTES} minutes" in text
    assert 'name="password"' in text  # still the login page, with our reason on it


def test_the_lock_starts_at_the_limit_not_before():
    make_admin("alice")
    client = Client()
    hammer(client, "alice", ATTACKER, tries=limits.LOGIN_FAILURE_LIMIT - 1)
    response = admin_login(client, "alice", RIGHT, ATTACKER)
    assert response.status_code == 302 and logged_in(client)


def test_the_account_is_locked_from_any_address():
    make_admin("alice")
    hammer(Client(), "alice", ATTACKER)
    client = Client()
    response = admin_login(client, "alice", RIGHT, ELSEWHERE)
    assert response.status_code == 429 and not logged_in(client)


def test_the_address_is_locked_for_any_account():
    make_admin("alice")
    make_admin("bob")
    hammer(Client(), "alice", ATTACKER)
    client = Client()
    response = admin_login(client, "bob", RIGHT, ATTACKER)
    assert response.status_code == 429 and not logged_in(client)


def test_another_account_from_another_address_is_not_locked():
    make_admin("alice")
    make_admin("bob")
    hammer(Client(), "alice", ATTACKER)
    client = Client()
    response = admin_login(client, "bob", RIGHT, ELSEWHERE)
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_ends_after_the_cool_off():
    make_admin("alice")
    hammer(Client(), "alice", ATTACKER)
    past = timezone.now() - timedelta(minutes=limits.LOGIN_COOLOFF_MINUTES + 1)
    AccessAttempt.objects.update(attempt_time=past)
    client = Client()
    response = admin_login(client, "alice", RIGHT, ATTACKER)
    assert response.status_code == 302 and logged_in(client)


def test_a_network_admin_unlocks_an_account_and_an_address_with_the_commands():
    make_admin("alice")
    hammer(Client(), "alice", ATTACKER)
    call_command("axes_reset_username", "alice")
    call_command("axes_reset_ip", ATTACKER)
    client = Client()
    response = admin_login(client, "alice", RIGHT, ATTACKER)
    assert response.status_code == 302 and logged_in(client)


def test_a_network_admin_unlocks_from_the_django_admin():
    make_admin("alice")
    make_admin("root")
    hammer(Client(), "alice", ATTACKER)
    admin = Client()
    assert admin_login(admin, "root", RIGHT, THIRD).status_code == 302
    attempt = AccessAttempt.objects.get(username="alice")
    listing = admin.get("/django-admin/axes/accessattempt/", REMOTE_ADDR=THIRD)
    assert listing.status_code == 200 and b"alice" in listing.content

    response = admin.post(
        f"/django-admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, REMOTE_ADDR=THIRD
    )

    assert response.status_code == 302
    client = Client()
    assert admin_login(client, "alice", RIGHT, ATTACKER).status_code == 302
    assert logged_in(client)


def test_the_django_admin_login_is_throttled_too():
    make_admin("alice")
    client = Client()
    for i in range(limits.LOGIN_FAILURE_LIMIT + 1):
        client.post(
            "/django-admin/login/",
            {"username": "alice", "password": f"wrong-{i}"},
            REMOTE_ADDR=ATTACKER,
        )
    response = client.post(
        "/django-admin/login/", {"username": "alice", "password": RIGHT}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429 and not logged_in(client)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    settings.XMILLE_TRUSTED_PROXY_COUNT = 1
    make_admin("alice")
    make_admin("bob")
    client = Client()
    for i in range(30):
        # The client makes up a new address each time; the proxy appends the real one.
        client.post(
            "/admin/login/",
            {"username": "alice", "password": f"wrong-{i}"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, {ATTACKER}",
        )
    response = client.post(
        "/admin/login/",
        {"username": "bob", "password": RIGHT},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"10.9.9.99, {ATTACKER}",
    )
    assert response.status_code == 429
    other = Client()
    response = other.post(
        "/admin/login/",
        {"username": "bob", "password": RIGHT},
        REMOTE_ADDR="10.0.0.1",  # the same proxy, another client
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert response.status_code == 302


# Password-protected pages and collections ----------------------------------------------------


@pytest.fixture
def protected(network):
    home = network["quatremille"].root_page
    page = StandardPageFactory(parent=home, title="Coulisses", slug="coulisses")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    return page, restriction


def page_password(client, page, restriction, password, address):
    return client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": password, "return_url": page.url},
        REMOTE_ADDR=address,
        HTTP_HOST="quatremille.localhost",
    )


def test_page_password_thirty_wrong_then_right_is_refused(protected):
    page, restriction = protected
    client = Client()
    for i in range(30):
        response = page_password(client, page, restriction, f"faux-{i}", ATTACKER)
        assert response.status_code in (200, 429)
    assert response.status_code == 429

    response = page_password(client, page, restriction, "sesame", ATTACKER)

    assert response.status_code == 429
    text = response.content.decode()
    assert "Trop de mots de passe erronés" in text
    assert f"Réessayez dans {limits.PAGE_PASSWORD_COOLOFF_MINUTES} minutes" in text
    # Not let in: the page still asks for its password.
    again = client.get(page.url, HTTP_HOST="quatremille.localhost")
    assert 'name="password"' in again.content.decode()


def test_page_password_wrong_guesses_below_the_limit_say_wrong_not_locked(protected):
    page, restriction = protected
    client = Client()
    for i in range(limits.PAGE_PASSWORD_FAILURE_LIMIT):
        response = page_password(client, page, restriction, f"faux-{i}", ATTACKER)
        assert response.status_code == 200
    response = page_password(client, page, restriction, "sesame", ATTACKER)
    assert response.status_code == 429


def test_page_password_another_address_is_not_locked(protected):
    page, restriction = protected
    for i in range(30):
        page_password(Client(), page, restriction, f"faux-{i}", ATTACKER)
    client = Client()
    response = page_password(client, page, restriction, "sesame", ELSEWHERE)
    assert response.status_code == 302
    assert response["Location"] == page.url


def test_page_password_right_answers_do_not_count(protected):
    page, restriction = protected
    for _ in range(limits.PAGE_PASSWORD_FAILURE_LIMIT * 3):
        assert page_password(Client(), page, restriction, "sesame", ATTACKER).status_code == 302


def test_page_password_lock_ends_with_the_window(protected):
    from django.core.cache import cache

    page, restriction = protected
    for i in range(30):
        page_password(Client(), page, restriction, f"faux-{i}", ATTACKER)
    cache.clear()  # the window's counters expire after the cool-off
    assert page_password(Client(), page, restriction, "sesame", ATTACKER).status_code == 302


def test_page_password_one_address_across_many_pages_is_capped(network):
    home = network["quatremille"].root_page
    pages = []
    for i in range(limits.PAGE_PASSWORD_ADDRESS_LIMIT // limits.PAGE_PASSWORD_FAILURE_LIMIT + 1):
        page = StandardPageFactory(parent=home, slug=f"secret-{i}")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=f"mot-{i}"
        )
        pages.append((page, restriction))
    for page, restriction in pages[:-1]:
        for j in range(limits.PAGE_PASSWORD_FAILURE_LIMIT):
            page_password(Client(), page, restriction, f"faux-{j}", ATTACKER)
    page, restriction = pages[-1]
    response = page_password(Client(), page, restriction, restriction.password, ATTACKER)
    assert response.status_code == 429


def test_document_collection_password_is_throttled(db):
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Presse")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="sesame",
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    client = Client()
    for i in range(30):
        client.post(url, {"password": f"faux-{i}", "return_url": "/"}, REMOTE_ADDR=ATTACKER)
    response = client.post(url, {"password": "sesame", "return_url": "/"}, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert "Trop de mots de passe erronés" in response.content.decode()
    other = Client().post(url, {"password": "sesame", "return_url": "/"}, REMOTE_ADDR=ELSEWHERE)
    assert other.status_code == 302
