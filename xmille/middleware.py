"""Site-wide middleware: request size limits and security headers.

- `RequestSizeLimitMiddleware` refuses a request whose Content-Length is above the limit for its
  path (`xmille.limits`) with 413 and a French reason, before any byte of the body is read:
  Django would otherwise read (and the image form decode) a 200 MB upload before refusing it.
  Sits right after SecurityMiddleware, before anything that reads `request.POST` (CSRF).
- `PermissionsPolicyMiddleware` adds `Permissions-Policy` (settings.PERMISSIONS_POLICY) to
  every response: geolocation for our own pages only ("près de chez moi"), no camera,
  microphone, payment, USB...
- `KnownSiteMiddleware` gives Wagtail the request's site from the site's structure entries
  (`Site.find_for_request` asks the database on every request otherwise).
- `CSPMiddleware` is django-csp's, which gives the admin its own policy
  (settings.XMILLE_ADMIN_CONTENT_SECURITY_POLICY): Wagtail's admin needs inline styles and
  data:/blob: images that the public sites' policy refuses.
"""

import pickle
import re

from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from wagtail.models import Site

from csp.middleware import CSPMiddleware as BaseCSPMiddleware

from . import limits
from .content_cache import current_site_id, structure_cached

REQUEST_ENTITY_TOO_LARGE = 413
# /nl/proposer-un-evenement/ is the same form as /proposer-un-evenement/.
LANGUAGE_PREFIX = re.compile(r"^/[a-z]{2}/")


def request_size_limit(path: str) -> int:
    """The largest body, in bytes, a request to `path` may carry."""
    if path.startswith(limits.ADMIN_UPLOAD_PATH_PREFIXES):
        return limits.ADMIN_UPLOAD_REQUEST_MAX_BYTES
    if path.startswith(limits.ADMIN_PATH_PREFIXES):
        return limits.ADMIN_REQUEST_MAX_BYTES
    if LANGUAGE_PREFIX.sub("/", path, count=1) in limits.PROPOSAL_PATHS:
        return limits.PROPOSAL_REQUEST_MAX_BYTES
    return limits.PUBLIC_REQUEST_MAX_BYTES


def request_too_large_message(size: int, limit: int, path: str) -> str:
    message = _(
        "Requête refusée : elle pèse %(size)s et la limite est de %(limit)s pour cette adresse."
    ) % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
    if path.startswith(limits.ADMIN_UPLOAD_PATH_PREFIXES):
        message += " " + _(
            "Les images sont limitées à %(image)s et les documents à %(document)s : "
            "réduisez le fichier ou découpez-le."
        ) % {
            "image": filesizeformat(limits.IMAGE_MAX_BYTES),
            "document": filesizeformat(limits.DOCUMENT_MAX_BYTES),
        }
    return message


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads no body when the length is not a number
        limit = request_size_limit(request.path_info)
        if size > limit:
            return HttpResponse(
                request_too_large_message(size, limit, request.path_info),
                status=REQUEST_ENTITY_TOO_LARGE,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"geolocation": ["self"], "camera": []}` -> `geolocation=(self), camera=()`."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(limits.ADMIN_PATH_PREFIXES)
        ):
            parts.config = settings.XMILLE_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class KnownSiteMiddleware:
    """Wagtail's site for the request, kept with the site's structure (`structure_cached`):
    `Site.find_for_request` runs a query with a CASE on every request (1.3 ms of ORM and
    PostgreSQL on every page built). What Wagtail answers for the host and port is kept, under
    the structure version of the site the page cache found for the host (`current_site_id`):
    a change to any site renews every version, a change to a home renews its site's.

    The site's root page is kept as its specific page (a home, `DirectRouteMixin`), so that
    Wagtail's routing (`site.root_page.localized.specific`) reads neither the active locale nor
    the home's row: the home keeps its translations too (`DirectRouteMixin.localized`).

    Kept as pickled bytes, so that what Wagtail caches on the instance during a request stays
    with that request. Sits after `PageCacheMiddleware`: a page answered from the cache needs
    no site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if current_site_id.get() is not None and not hasattr(request, "_wagtail_site"):
            hostname = split_domain_port(request._get_raw_host())[0]
            kept = structure_cached(
                "wagtail-site",
                lambda: pickle.dumps(_site_of(request)),
                hostname,
                request.get_port(),
            )
            request._wagtail_site = pickle.loads(kept)
        return self.get_response(request)


def _site_of(request) -> Site | None:
    """What Wagtail answers for the request's host and port, its root page read as specific."""
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site
