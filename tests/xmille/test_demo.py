"""The demo network: four sites as the README lists them, and a loader safe to rerun."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

import pytest

from home.models import HomePage
from xmille.models import SiteBranding

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Site, Page, HomePage, SiteBranding, Collection, Locale, get_image_model())
    }


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the dev superuser is only created in development
    call_command("load_demo", verbosity=0)


def test_demo_network_has_the_four_sites(demo):
    sites = Site.objects.order_by("hostname")
    assert {s.hostname for s in sites} == {
        "quatremille.localhost",
        "cinqmille.localhost",
        "sixmille.localhost",
        "septmille.localhost",
    }
    default = Site.objects.get(is_default_site=True)
    assert default.hostname == "quatremille.localhost"
    assert all(s.port == 8000 for s in sites)
    for site in sites:
        assert isinstance(site.root_page.specific, HomePage)
        assert site.root_page.live
        assert site.sitebranding.logo.description  # logo has alt text


def test_wagtail_welcome_page_is_gone(demo):
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_locales_exist_for_every_language(demo):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"fr", "nl", "de", "en"}


def test_load_demo_twice_creates_nothing_twice(demo):
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_dev_superuser_only_in_debug(db, settings):
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.filter(username="admin").exists()


def test_dev_superuser_can_log_in_to_the_admin(demo, client):
    assert client.login(username="admin", password="admin")
    assert client.get("/admin/").status_code == 200


def test_demo_serves_each_site(demo, client):
    for site in Site.objects.all():
        response = client.get("/", HTTP_HOST=f"{site.hostname}:8000")
        assert response.status_code == 200
        assert site.site_name in response.content.decode()
