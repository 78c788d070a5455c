"""Branding is edited per site in the admin; bad input is refused with a message."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from xmille.models import SiteBranding

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, network):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def edit_url(site):
    return reverse("wagtailsettings:edit", args=["xmille", "sitebranding", site.pk])


def form_data(branding, **changes):
    data = {
        "name": branding.name,
        "short_name": branding.short_name,
        "tagline": branding.tagline,
        "primary_colour": branding.primary_colour,
        "accent_colour": branding.accent_colour,
        "logo": "",
        "network_order": branding.network_order,
    }
    data.update(changes)
    return data


def test_editor_changes_a_sites_tagline(admin_client, network):
    site = network["cinqmille"]
    response = admin_client.post(
        edit_url(site), form_data(site.sitebranding, tagline="Namur vibre"), follow=True
    )
    assert response.status_code == 200
    assert SiteBranding.objects.get(site=site).tagline == "Namur vibre"
    page = admin_client.get("/", HTTP_HOST="cinqmille.localhost")
    assert "Namur vibre" in page.content.decode()
    # The other sites keep their own.
    assert SiteBranding.objects.get(site=network["sixmille"]).tagline != "Namur vibre"


@pytest.mark.parametrize("colour", ["red", "#12345g", "#fff"])
def test_bad_colour_is_refused_with_a_message(admin_client, network, colour):
    site = network["cinqmille"]
    before = SiteBranding.objects.get(site=site).primary_colour
    response = admin_client.post(
        edit_url(site), form_data(site.sitebranding, primary_colour=colour)
    )
    assert response.status_code == 200
    assert "#RRGGBB" in response.content.decode()
    assert SiteBranding.objects.get(site=site).primary_colour == before


def test_anonymous_cannot_edit_branding(client, network):
    response = client.post(edit_url(network["cinqmille"]), {"name": "Hacked"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert SiteBranding.objects.get(site=network["cinqmille"]).name == "Cinqmille"


def test_colour_that_could_break_out_of_css_is_refused(admin_client, network):
    site = network["cinqmille"]
    response = admin_client.post(
        edit_url(site), form_data(site.sitebranding, primary_colour="red;}</style>")
    )
    assert response.status_code == 200
    assert SiteBranding.objects.get(site=site).primary_colour.startswith("#")


def test_a_logo_chosen_in_the_settings_is_in_the_header_at_once(admin_client, network):
    """The header's logo is kept until the site's structure changes: a logo set, then
    replaced, shows on the next page."""
    from tests.events.factories_detail import CreditedImageFactory

    site = network["cinqmille"]
    first, second = CreditedImageFactory(title="Premier"), CreditedImageFactory(title="Second")

    def header_logo():
        page = admin_client.get("/", HTTP_HOST="cinqmille.localhost").content.decode()
        return page.split('class="site-brand"', 1)[1].split("</a>", 1)[0]

    assert "<img" not in header_logo()
    for image in (first, second):
        admin_client.post(edit_url(site), form_data(site.sitebranding, logo=image.pk))
        logo = header_logo()
        rendition = image.get_rendition("height-64")
        assert f'src="{rendition.url}"' in logo and 'class="site-brand__logo"' in logo
        assert 'alt=""' in logo
