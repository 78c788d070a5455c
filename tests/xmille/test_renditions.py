"""Crafted rendition filters (zero, negative, huge sizes) answer 400, never 500, wherever the
filter spec comes from."""

from django.template import Context, Template
from django.test import Client

from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.utils import generate_signature

import pytest
import wagtail_factories

from xmille import limits

from .helpers import make_admin

pytestmark = pytest.mark.django_db

CRAFTED = [
    "fill-0x0",
    "fill-0x100",
    "fill-100x0",
    "fill-90000x90000",
    f"fill-{limits.RENDITION_MAX_SIDE + 1}x10",
    "max-0x0",
    "min-10x0",
    "width-0",
    "height-0",
    f"width-{limits.RENDITION_MAX_SIDE + 1}",
    "scale-0",
    "scale-1000",
    "scale-nan",
    "fill-10x10|width-0",
]


@pytest.fixture
def image():
    return wagtail_factories.ImageFactory(description="Affiche", credit="©")


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_admin("root"))
    return client


@pytest.mark.parametrize("spec", CRAFTED)
def test_the_admin_preview_answers_400_to_a_crafted_filter(admin_client, image, spec):
    response = admin_client.get(f"/admin/images/{image.pk}/preview/{spec}/")
    assert response.status_code == 400
    assert spec in response.content.decode()


@pytest.mark.parametrize("spec", ["fill-10x10", "width-300", "max-200x100", "original"])
def test_the_admin_preview_still_renders_sane_filters(admin_client, image, spec):
    response = admin_client.get(f"/admin/images/{image.pk}/preview/{spec}/")
    assert response.status_code == 200


@pytest.mark.parametrize("spec", CRAFTED)
def test_get_rendition_refuses_a_crafted_filter(image, spec):
    with pytest.raises(InvalidFilterSpecError):
        image.get_rendition(spec)


def test_the_image_tag_refuses_a_crafted_filter(image):
    template = Template("{% load wagtailimages_tags %}{% image img fill-0x0 %}")
    with pytest.raises(InvalidFilterSpecError):
        template.render(Context({"img": image}))


@pytest.mark.urls("tests.xmille.image_serve_urls")
@pytest.mark.parametrize("spec", ["fill-0x0", "width-90000"])
def test_the_image_serve_view_answers_400(image, spec):
    signature = generate_signature(image.pk, spec)
    response = Client().get(f"/images/{signature}/{image.pk}/{spec}/affiche.png")
    assert response.status_code == 400
