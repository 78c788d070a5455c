"""Documents of a restricted collection are refused to anonymous visitors by every path:
Wagtail's serve view and any /media/ URL (development serves images only)."""

import importlib

from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import clear_url_caches

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
import wagtail_factories

from xmille import urls as site_urls

from .helpers import PDF, png_bytes

pytestmark = pytest.mark.django_db

SECRET = PDF + b"% budget confidentiel\n"


@pytest.fixture
def disk_media(settings, tmp_path):
    """Uploads written to a real MEDIA_ROOT, as in development and production on disk."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


@pytest.fixture
def private_document(disk_media):
    collection = Collection.get_first_root_node().add_child(name="Conseil d'administration")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model()(title="Budget", collection=collection)
    document.file.save("budget.pdf", ContentFile(SECRET))
    return document


@pytest.fixture
def development_urls(disk_media):
    """xmille.urls as `make run` builds it (DEBUG on), restored afterwards."""
    with override_settings(DEBUG=True):
        importlib.reload(site_urls)
        clear_url_caches()
    try:
        yield
    finally:
        importlib.reload(site_urls)
        clear_url_caches()


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_serve_view_refuses_anonymous(private_document):
    url = private_document.url
    assert url.startswith("/documents/")
    response = Client().get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert SECRET not in body(response)


def test_the_serve_view_lets_a_logged_in_user_through(private_document, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("ana", password="x"))
    response = client.get(private_document.url)
    assert response.status_code == 200 and body(response) == SECRET


def test_no_media_url_serves_the_document_in_development(private_document, development_urls):
    name = private_document.file.name  # documents/budget.pdf
    assert (private_document.file.storage.path(name)).endswith("budget.pdf")
    for path in [
        f"/media/{name}",
        f"/media/images/../{name}",
        f"/media/original_images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media//{name}",
    ]:
        response = Client().get(path)
        assert response.status_code == 404, path
        assert SECRET not in body(response), path


def test_development_still_serves_images_from_media(development_urls, disk_media):
    image = wagtail_factories.ImageFactory(file__data=png_bytes(), file__filename="affiche.png")
    response = Client().get(f"/media/{image.file.name}")
    assert response.status_code == 200
    rendition = image.get_rendition("width-4")
    assert Client().get(rendition.url).status_code == 200


def test_documents_always_go_through_the_serve_view(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
