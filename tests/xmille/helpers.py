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


def png_bytes(width: int = 8, height: int = 8, mode: str = "RGB") -> bytes:
    """A real PNG image of the given size."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new(mode, (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A zip archive holding `entries` (name -> content), in order, the first one stored."""
    import zipfile
    from io import BytesIO

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
        }
    )


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class ExplodingInput:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the request body was read")
