"""Conditional GET (ETag, Last-Modified, 304) for what is built from published content: the
API, the iCal feeds, RSS/Atom, the CSV export.

The validators are computed *before* anything is built, from what a response depends on: the
content version (`xmille.content_cache`, any publication makes a new one), the address (host,
path, query string), the language, and a time bucket of `period` seconds (the dates shown
depend on the time: what is over drops out). A calendar app polling an unchanged feed gets a
304 for the price of two cache reads. Last-Modified is when the current content version (or
the time bucket) began: never earlier than the real last change, so never a stale 304."""

import hashlib
import time
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from .content_cache import content_version_since, request_cache_key

DEFAULT_PERIOD = 10 * 60


def validators(request: HttpRequest, prefix: str, period: int = DEFAULT_PERIOD) -> tuple[str, int]:
    """(ETag, Last-Modified as a Unix time) of what `request` would be answered."""
    bucket = int(time.time() // period)
    key = request_cache_key(f"xmille:etag:{prefix}", request, bucket)
    etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
    last_modified = int(max(content_version_since(), bucket * period))
    return etag, last_modified


def not_modified(request: HttpRequest, etag: str, last_modified: int) -> HttpResponse | None:
    """A 304 (or 412) response when the client's copy is current, else None."""
    return get_conditional_response(request, etag=etag, last_modified=last_modified)


def set_validators(response: HttpResponse, etag: str, last_modified: int) -> HttpResponse:
    if response.status_code == 200:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    return response


def conditional(prefix: str, period: int = DEFAULT_PERIOD):
    """Decorator for views taking (..., request) last or (request, ...) first: answers 304
    before the view runs when the client's ETag or date matches, and sets both on a 200."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            request = next(a for a in args if isinstance(a, HttpRequest))
            if request.method not in ("GET", "HEAD"):
                return view(*args, **kwargs)
            etag, last_modified = validators(request, prefix, period)
            response = not_modified(request, etag, last_modified)
            if response is not None:
                return response
            return set_validators(view(*args, **kwargs), etag, last_modified)

        return wrapper

    return decorate
