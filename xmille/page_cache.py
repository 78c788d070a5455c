"""The full-page cache for anonymous visitors, and the frontend-cache backend that purges it.

`PageCacheMiddleware` keeps whole responses of public pages and feeds, keyed by site (host),
language and full URL (path and query string), and answers later anonymous requests from them
in one cache read, before sessions, CSRF, authentication, CSP or any view run. A response is
kept only when all of these hold:
- the request is a GET (a HEAD is answered from a kept GET), carries no session cookie (nobody
  logged in, no preview, no password-protected page unlocked) and no Authorization header, on
  a host one of our sites answers to, outside the admin and the documents;
- the response is a 200, not streamed, sets no cookie, says nothing against shared caches
  (`private`, `no-store`, `no-cache`), and comes from no page the public may not see
  (`xmille.visibility`, checked by the `before_serve_page` hook, which marks the request).

Every response it keeps or serves says how a CDN or a reverse proxy may keep it:
`Cache-Control: public, max-age=0, s-maxage=<XMILLE_PAGE_CACHE_SECONDS>,
stale-while-revalidate=<the same>` (browsers revalidate, shared caches keep), an `ETag` and a `Last-Modified` (a revalidation gets a 304 from the cache),
`Vary: Cookie`; anything it refuses because of a cookie or a session says `private`.

Invalidation goes through `wagtail.contrib.frontend_cache` (`xmille.page_purge` decides which
URLs): `LocalPageCacheBackend` is the backend for this cache, next to any CDN backend of
`WAGTAILFRONTENDCACHE`. It does not delete entries: each entry carries the generations it was
built under and is valid while they are current:
- the *path* generation (host + path): a purge of an URL renews it, so one purge of the agenda
  drops every filtered variant (`?when=weekend&category=...`) at once;
- the *site* generation (host): renewed for what every page of a site shows (its settings);
- the *network* generation: renewed for what every site shows (categories, the list of sites);
- the minute: lists drop what has just ended within a minute, as their fragments do.
A hit reads the entry and its three generations in one `get_many`. An entry out of date by its
path or its minute is built again once while requests get it as it was (`STALE`, for a
render's time): by the request that found it out of date, or, with
`XMILLE_PAGE_CACHE_REFRESH = "background"` (production), by a small pool of threads of the
process while that request too gets the previous copy, so that no visitor waits for a cold
render because a publication or the minute made a page stale. An entry of an unpublished or
deleted page is dropped (`drop_url`): the next request builds it."""

import hashlib
import io
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language_from_path

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .content_cache import current_site_id, end_request, request_memo

logger = logging.getLogger(__name__)

ENTRY_KEY = "xmille:page:{host}:{language}:{address}"
PATH_GEN_KEY = "xmille:page-gen:path:{}"
SITE_GEN_KEY = "xmille:page-gen:site:{}"
NETWORK_GEN_KEY = "xmille:page-gen:network"
HIT_HEADER = "X-Cache"
HIT, STALE, MISS = "HIT", "STALE", "MISS"
# An entry outlives its freshness this many times over, to be served while it is built again.
STALE_FACTOR = 3
LOCK_SECONDS = 30
# How long a request waits for a page another one is building, when no copy can be served.
WAIT_SECONDS = 5
# Response attribute a view or hook sets to keep a response out of the cache.
UNCACHEABLE = "_xmille_uncacheable"
# Response headers never kept (set again, or meaningless, for each answer).
NOT_KEPT = frozenset({"set-cookie", "x-cache", "age", "date"})


def cache_seconds() -> int:
    return getattr(settings, "XMILLE_PAGE_CACHE_SECONDS", 60)


def refreshes_in_background() -> bool:
    return getattr(settings, "XMILLE_PAGE_CACHE_REFRESH", "inline") == "background"


# The WSGI environ key of a refresher thread's request.
REFRESHING = "xmille.page_cache.refreshing"
_refresher: ThreadPoolExecutor | None = None
_handler = None
_refresher_lock = threading.Lock()


def wsgi_handler():
    """One WSGI handler per process for the refresher threads (it loads the middleware)."""
    global _handler
    with _refresher_lock:
        if _handler is None:
            from django.core.handlers.wsgi import WSGIHandler

            _handler = WSGIHandler()
        return _handler


def refresher() -> ThreadPoolExecutor:
    """The threads of this process that build stale pages again (made on first use, after
    gunicorn forked the worker). Few: they take CPU from the requests being answered."""
    global _refresher
    with _refresher_lock:
        if _refresher is None:
            _refresher = ThreadPoolExecutor(
                max_workers=getattr(settings, "XMILLE_PAGE_CACHE_REFRESH_THREADS", 2),
                thread_name_prefix="page-cache-refresh",
            )
        return _refresher


def excluded_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "XMILLE_PAGE_CACHE_EXCLUDED_PATHS", ()))


def _hostname(host: str) -> str:
    """`Cinqmille.localhost:8000` -> `cinqmille.localhost` (what the keys use)."""
    host = host.lower()
    if host.startswith("["):  # IPv6 literal
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def _digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _path_gen_key(hostname: str, path: str) -> str:
    return PATH_GEN_KEY.format(_digest(f"{hostname}{path}"))


def _new_generation() -> str:
    return uuid.uuid4().hex[:12]


def _generation_seconds() -> int:
    # A generation outlives every entry built under the one before it: when it expires, the
    # default ("0") cannot bring back an entry that a purge dropped.
    return (STALE_FACTOR + 1) * cache_seconds() + 60


# Hosts our sites answer to -> site id, kept in the cache (read in the same `get_many` as a
# page) and forgotten when a site changes.
SITE_HOSTS_KEY = "xmille:site-hosts"


def site_hosts() -> dict[str, int]:
    hosts = cache.get(SITE_HOSTS_KEY)
    if hosts is None:
        from wagtail.models import Site

        hosts = {}
        for site in Site.objects.order_by("-is_default_site", "pk").values("pk", "hostname"):
            hosts.setdefault(site["hostname"].lower(), site["pk"])
        cache.set(SITE_HOSTS_KEY, hosts, None)
    return hosts


def forget_sites(**kwargs) -> None:
    cache.delete(SITE_HOSTS_KEY)


def purge_path(url: str) -> None:
    """Drop what is kept for `url`'s host and path, whatever its query string and language."""
    parts = urlsplit(url)
    hostname = _hostname(parts.netloc)
    cache.set(_path_gen_key(hostname, parts.path or "/"), _new_generation(), _generation_seconds())


def drop_url(url: str) -> None:
    """Forget what is kept for `url` itself (every language key), so that no stale copy of it
    is served while it is built again: an unpublished or deleted page."""
    from django.conf import settings as django_settings

    parts = urlsplit(url)
    hostname = _hostname(parts.netloc)
    address = _digest(parts.path + (f"?{parts.query}" if parts.query else ""))
    cache.delete_many(
        [
            ENTRY_KEY.format(host=hostname, language=code, address=address)
            for code, _name in django_settings.LANGUAGES
        ]
    )


def purge_site(hostname: str) -> None:
    """Drop every page kept for a site (its settings, shown on every page, changed)."""
    cache.set(SITE_GEN_KEY.format(_hostname(hostname)), _new_generation(), _generation_seconds())


def purge_network() -> None:
    """Drop every page kept for every site."""
    cache.set(NETWORK_GEN_KEY, _new_generation(), _generation_seconds())


class LocalPageCacheBackend(BaseBackend):
    """`wagtail.contrib.frontend_cache` backend for our own page cache (WAGTAILFRONTENDCACHE)."""

    def purge(self, url) -> None:
        purge_path(url)

    def purge_batch(self, urls) -> None:
        seconds = _generation_seconds()
        keys = {}
        for url in urls:
            parts = urlsplit(url)
            keys[_path_gen_key(_hostname(parts.netloc), parts.path or "/")] = _new_generation()
        if keys:
            cache.set_many(keys, seconds)


class PageCacheMiddleware:
    """See the module docstring. Sits after the session and first-visit language middleware
    and before everything that reads a session, sets a cookie or a CSP nonce: a kept response
    carries the headers (CSP included) of the render it came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = {}
        token = request_memo.set(memo)
        try:
            return self.serve(request)
        finally:
            request_memo.reset(token)
            end_request(memo)

    def serve(self, request):
        hostname = _hostname(request.get_host())
        if not self.cacheable_request(request):
            token = current_site_id.set(site_hosts().get(hostname))
            try:
                return self.uncached(request, self.get_response(request))
            finally:
                current_site_id.reset(token)
        entry_key, *gen_keys = self.keys(request, hostname)
        found = cache.get_many([entry_key, *gen_keys, SITE_HOSTS_KEY])
        hosts = found.get(SITE_HOSTS_KEY)
        site_id = (hosts if hosts is not None else site_hosts()).get(hostname)
        token = current_site_id.set(site_id)
        try:
            if site_id is None:  # a host no site answers to: not kept, never purged
                return self.get_response(request)
            return self.cached(request, entry_key, gen_keys, found)
        finally:
            current_site_id.reset(token)

    def cacheable_request(self, request) -> bool:
        return (
            cache_seconds() > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "Authorization" not in request.headers
            and not request.path_info.startswith(excluded_prefixes())
        )

    def keys(self, request, hostname: str) -> tuple[str, str, str, str]:
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        entry = ENTRY_KEY.format(
            host=hostname, language=language, address=_digest(request.get_full_path())
        )
        return (
            entry,
            NETWORK_GEN_KEY,
            SITE_GEN_KEY.format(hostname),
            _path_gen_key(hostname, request.path),
        )

    def cached(self, request, entry_key: str, gen_keys: list[str], found: dict):
        # The minute too: lists show what is not over yet, and drop an event that has just
        # ended within a minute, as their fragments do (`xmille.content_cache`).
        minute = int(timezone.now().timestamp() // 60)
        generations = (*(found.get(key, "0") for key in gen_keys), minute)
        entry = found.get(entry_key)
        if request.META.get(REFRESHING):  # a refresher thread's request: build and keep
            return self.build(request, entry_key, generations, entry)
        if entry is not None and entry["generations"] == generations:
            return self.answer(request, entry, HIT)
        # Out of date (a purge of its path, or its minute is over): one request builds it
        # again while the others get the previous copy, for a render's time at most. A
        # network or site change, an unpublication or a deletion leave no copy to serve.
        lock = f"{entry_key}:building"
        building = not cache.add(lock, 1, LOCK_SECONDS)
        servable = entry is not None and entry["generations"][:2] == generations[:2]
        if building and servable:
            return self.answer(request, entry, STALE)
        if servable and refreshes_in_background() and hasattr(request, "environ"):
            refresher().submit(self.refresh, dict(request.environ), lock)
            return self.answer(request, entry, STALE)
        if building:
            # Nothing to serve meanwhile: wait a little for the one being built rather than
            # build it again in every worker at once.
            waited = self.wait_for_entry(entry_key, generations)
            if waited is not None:
                return self.answer(request, waited, HIT)
        try:
            return self.build(request, entry_key, generations, entry)
        finally:
            if not building:
                cache.delete(lock)

    def build(self, request, entry_key: str, generations: tuple, entry: dict | None):
        response = self.get_response(request)
        if request.method == "GET" and self.cacheable_response(request, response):
            cache.set(entry_key, self.keep(response, generations), cache_seconds() * STALE_FACTOR)
            response[HIT_HEADER] = MISS
        else:
            if entry is not None:
                cache.delete(entry_key)  # what was kept is not what the URL shows now
            self.uncached(request, response)
        return response

    def refresh(self, environ: dict, lock: str) -> None:
        """Build the page of `environ` again through the whole stack, as a request marked
        `REFRESHING` that this middleware builds and keeps (a refresher thread: the request
        that found the page stale has been answered with the previous copy)."""
        try:
            environ = {**environ, "wsgi.input": io.BytesIO(b""), REFRESHING: True}
            response = wsgi_handler()(environ, lambda status, headers, exc_info=None: None)
            response.close()  # request_finished: this thread's connections are closed
        except Exception:
            logger.exception("The page cache could not build %s again", environ.get("PATH_INFO"))
        finally:
            cache.delete(lock)

    def wait_for_entry(self, entry_key: str, generations: tuple) -> dict | None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            entry = cache.get(entry_key)
            if entry is not None and entry["generations"] == generations:
                return entry
        return None

    def cacheable_response(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, UNCACHEABLE, False) or getattr(response, UNCACHEABLE, False):
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        return "*" not in response.get("Vary", "")

    def keep(self, response, generations: tuple) -> dict:
        """Add the shared-cache headers to `response` and return what is kept of it."""
        now = int(time.time())
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(_digest(response.content.decode("latin-1")))
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
        self.shared_headers(response)
        return {
            "generations": generations,
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in NOT_KEPT
            ],
            "content": response.content,
            "stored": now,
        }

    def shared_headers(self, response) -> None:
        seconds = cache_seconds()
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=seconds, stale_while_revalidate=seconds
        )
        patch_vary_headers(response, ("Cookie",))

    def answer(self, request, entry: dict, state: str):
        headers = dict(entry["headers"])
        etag = headers.get("ETag")
        last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
        conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
        response = conditional or HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            if conditional is None or name.lower() in (
                "etag",
                "last-modified",
                "cache-control",
                "vary",
            ):
                response[name] = value
        response[HIT_HEADER] = state
        response["Age"] = str(max(0, int(time.time()) - entry["stored"]))
        return response

    def uncached(self, request, response):
        """What a shared cache must not keep says so."""
        if response.cookies or settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True)
        return response


def mark_uncacheable(request) -> None:
    """Keep the response to `request` out of the page cache (a page the public may not see)."""
    setattr(request, UNCACHEABLE, True)
