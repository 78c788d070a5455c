"""One version token for everything the public reads: cached fragments and feeds put it in
their keys, and any change to published content makes a new one, so a cache never outlives
what it shows (apart from time passing, which each cache bounds with its own timeout).

What changes the token: saving or deleting any page (publishing, unpublishing and moving all
save the page row), a page's view restriction, a date, a category, an image, a share between sites, or a site's settings. Drafts save the page
row too: they cost a cache miss, never a stale page."""

import hashlib
import time
import uuid

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

CONTENT_VERSION_KEY = "xmille:content-version"
CONTENT_SINCE_KEY = "xmille:content-version-since"


def content_version() -> str:
    """The current token (made on first use after a change)."""
    return cache.get_or_set(CONTENT_VERSION_KEY, lambda: uuid.uuid4().hex, None)


def content_version_since() -> float:
    """When the current token was made (a Unix time): content is unchanged since then, the
    Last-Modified of what is built from it (`xmille.conditional`)."""
    return cache.get_or_set(CONTENT_SINCE_KEY, time.time, None)


def request_cache_key(prefix: str, request, *extra) -> str:
    """A key for what an address shows: the content version, the site (host), the page and
    its filters (path and query string), the active language, and `extra` (e.g. the minute)."""
    address = hashlib.md5(
        f"{request.get_host()}{request.get_full_path()}".encode(), usedforsecurity=False
    ).hexdigest()
    parts = (prefix, content_version(), address, get_language(), *extra)
    return ":".join(str(part) for part in parts)


# How long a fragment of a public page (agenda results, home highlights) is reused. Content
# changes are seen at once; this bounds how long an event that has just ended stays listed.
FRAGMENT_CACHE_SECONDS = 120


def fragment_cache_key(request) -> str:
    """For fragments that depend on the address, the content and the minute ("not over yet",
    "today"): the key changes at least every minute."""
    from django.utils import timezone

    return request_cache_key("xmille:fragment", request, int(timezone.now().timestamp() // 60))


def content_changed(**kwargs) -> None:
    cache.delete_many([CONTENT_VERSION_KEY, CONTENT_SINCE_KEY])


def _watched_models():
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site

    from events.models import EventCategory, EventOccurrence
    from xmille.models import EventShare, SiteBranding

    return (
        Page,
        PageViewRestriction,
        Site,
        SiteBranding,
        EventShare,
        EventOccurrence,
        EventCategory,
        get_image_model(),
    )


def _on_write(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, WATCHED):
        content_changed()


WATCHED: tuple = ()


def connect() -> None:
    """Called from the app's ready(): the models must be loaded."""
    global WATCHED
    WATCHED = _watched_models()
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"content-version-{id(signal)}")
