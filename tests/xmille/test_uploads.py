"""Uploads are bounded: oversized bodies are refused before being read, images and documents
above their limits or of the wrong type are refused with a clear form error."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest

from xmille import limits

from .helpers import PDF, ExplodingInput, docx_bytes, make_admin, odt_bytes, png_bytes, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_admin("root"))
    return client


# Request bodies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/admin/images/multiple/add/", limits.ADMIN_UPLOAD_REQUEST_MAX_BYTES),
        ("/admin/documents/add/", limits.ADMIN_UPLOAD_REQUEST_MAX_BYTES),
        ("/admin/pages/3/edit/", limits.ADMIN_REQUEST_MAX_BYTES),
        ("/admin/login/", limits.ADMIN_REQUEST_MAX_BYTES),
        ("/search/", limits.PUBLIC_REQUEST_MAX_BYTES),
        ("/agenda/proposer/", limits.PUBLIC_REQUEST_MAX_BYTES),
    ],
)
def test_an_oversized_body_gets_413_without_being_read(path, limit):
    response = Client().generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(limit + 1),
        **{"wsgi.input": ExplodingInput()},
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "Requête refusée" in text and filesizeformat(limit) in text
    assert response["Permissions-Policy"]


def test_the_upload_paths_say_the_file_limits():
    response = Client().generic(
        "POST",
        "/admin/images/add/",
        b"",
        CONTENT_LENGTH=str(200 * limits.MB),
        **{"wsgi.input": ExplodingInput()},
    )
    text = response.content.decode()
    assert response.status_code == 413
    assert filesizeformat(limits.IMAGE_MAX_BYTES) in text
    assert filesizeformat(limits.DOCUMENT_MAX_BYTES) in text


def test_a_body_within_the_limit_goes_through(admin_client):
    response = admin_client.post("/search/", {"q": "théâtre"})
    assert response.status_code != 413


def test_uploaded_files_are_streamed_to_disk(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == limits.FILE_UPLOAD_MAX_MEMORY_BYTES
    assert limits.FILE_UPLOAD_MAX_MEMORY_BYTES < limits.IMAGE_MAX_BYTES


# Images --------------------------------------------------------------------------------------


def add_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Affiche",
            "file": SimpleUploadedFile(name, content, content_type="image/png"),
            "collection": Collection.get_first_root_node().pk,
            "description": "Une affiche",
            "credit": "© Xmille",
        },
    )


def test_a_normal_image_is_accepted(admin_client):
    response = add_image(admin_client, "affiche.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


def test_an_image_above_the_size_limit_is_refused(admin_client):
    heavy = png_bytes() + b"\0" * limits.IMAGE_MAX_BYTES  # a valid PNG, padded
    response = add_image(admin_client, "lourde.png", heavy)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(filesizeformat(limits.IMAGE_MAX_BYTES) in error for error in errors), errors
    assert get_image_model().objects.count() == 0


def test_an_image_with_too_many_pixels_is_refused(admin_client):
    side = int(limits.IMAGE_MAX_PIXELS**0.5) + 10
    response = add_image(admin_client, "bombe.png", png_bytes(side, side, mode="1"))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert get_image_model().objects.count() == 0


# Documents -----------------------------------------------------------------------------------


def add_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Programme",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", PDF),
        ("programme.odt", odt_bytes()),
        ("programme.docx", docx_bytes()),
        ("tarifs.csv", "nom;prix\nThéâtre;12\n".encode()),
        ("notes.rtf", b"{\\rtf1\\ansi Bonjour}"),
    ],
)
def test_allowed_documents_are_accepted(admin_client, name, content):
    response = add_document(admin_client, name, content)
    assert response.status_code == 302, response.context["form"].errors
    assert get_document_model().objects.count() == 1


def test_an_archive_is_refused(admin_client):
    response = add_document(admin_client, "archive.zip", zip_bytes({"a.txt": b"a"}))
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["file"])
    assert "zip" in error
    assert get_document_model().objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", zip_bytes({"payload.exe": b"MZ"})),  # an archive renamed
        ("programme.pdf", b"MZ\x90\x00 an executable"),
        ("programme.odt", docx_bytes()),  # a Word file called OpenDocument
        ("programme.docx", zip_bytes({"a.txt": b"a"})),
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00\x00"),
    ],
)
def test_a_document_whose_content_is_not_its_type_is_refused(admin_client, name, content):
    response = add_document(admin_client, name, content)
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["file"])
    assert "ne correspond pas à son extension" in error and name in error
    assert get_document_model().objects.count() == 0


def test_a_document_above_the_size_limit_is_refused(admin_client):
    heavy = PDF + b"\0" * limits.DOCUMENT_MAX_BYTES
    response = add_document(admin_client, "lourd.pdf", heavy)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(filesizeformat(limits.DOCUMENT_MAX_BYTES) in error for error in errors), errors
    assert get_document_model().objects.count() == 0


def test_the_multiple_upload_checks_the_content_too(admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("programme.pdf", zip_bytes({"x": b"x"}))},
    )
    assert get_document_model().objects.count() == 0
    assert "ne correspond pas" in response.content.decode()
