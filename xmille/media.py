"""Which uploaded files have a public URL of their own: images, never documents.

Images (renditions in images/, originals in original_images/) are public once uploaded.
Documents may belong to a private or password-protected collection: their only way out is
Wagtail's serve view (/documents/<id>/<name>, WAGTAILDOCS_SERVE_METHOD = "serve_view"), which
checks the collection's restrictions. Development serves MEDIA_ROOT through
`public_media_urlpatterns`; production's web server or bucket policy follows the same list
(README, Security).
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

PUBLIC_MEDIA_FOLDERS = ("images", "original_images")


def serve_public_media(request, path: str):
    """Django's static `serve`, for files whose normalised path is in a public folder
    (`images/../documents/x.pdf` is a document)."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised.split("/", 1)[0] not in PUBLIC_MEDIA_FOLDERS:
        raise Http404(path)
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)


def public_media_urlpatterns() -> list:
    """URL patterns serving the public folders of MEDIA_ROOT under MEDIA_URL (development)."""
    prefix = settings.MEDIA_URL.lstrip("/")
    folders = "|".join(PUBLIC_MEDIA_FOLDERS)
    return [
        re_path(rf"^{prefix}(?P<path>(?:{folders})/.+)$", serve_public_media),
    ]
