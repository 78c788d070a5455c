"""Every response carries a Content-Security-Policy and a Permissions-Policy: public pages and
the admin (its login page included) alike."""

from django.test import Client

import pytest

from .helpers import make_admin

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_permissions_policy(response):
    policy = response["Permissions-Policy"]
    assert "geolocation=(self)" in policy
    assert "camera=()" in policy and "microphone=()" in policy


def test_public_page_headers(client, network):
    response = client.get("/", HTTP_HOST="quatremille.localhost")
    assert response.status_code == 200
    csp = directives(response)
    assert "'unsafe-inline'" not in csp["style-src"] + csp["script-src"]
    assert_permissions_policy(response)


def test_admin_login_headers():
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]  # no third-party script
    assert csp["frame-ancestors"] == ["'self'"]
    assert_permissions_policy(response)


def test_admin_dashboard_headers():
    client = Client()
    client.force_login(make_admin("root"))
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert "data:" in csp["img-src"] and "blob:" in csp["img-src"]
    assert_permissions_policy(response)


def test_django_admin_headers():
    response = Client().get("/django-admin/login/")
    assert "Content-Security-Policy" in response
    assert_permissions_policy(response)


def test_not_found_pages_carry_the_headers_too(client, network):
    response = client.get("/nulle-part/", HTTP_HOST="quatremille.localhost")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert_permissions_policy(response)
