"""Shared helpers for the tests of site-wide pieces (tests/xmille/)."""

from django.contrib.auth import get_user_model

ADMIN_LOGIN = "/admin/login/"


def make_admin(username: str, password: str = "correct-horse-battery"):
    """A network admin (superuser) who can log in to the Wagtail admin with `password`."""
    return get_user_model().objects.create_superuser(username, f"{username}@example.org", password)


def admin_login(client, username: str, password: str, address: str):
    """POST the Wagtail admin's login form from `address`."""
    return client.post(
        ADMIN_LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session
