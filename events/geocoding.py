"""Geocoding for the venue editor: our admin's proxy to Nominatim (or any service speaking its
`/search` API), so that its usage policy is enforced here, not trusted to each browser.

Nominatim's policy (https://operations.osmfoundation.org/policies/nominatim/), and how:

- at most one request per second for the whole application: an atomic cache lock
  (`cache.add`, shared by every process when the cache is Redis) taken before each request;
  a search that cannot get it within `GEOCODER_WAIT_SECONDS` answers "busy";
- an identifying User-Agent and Referer (`GEOCODER_USER_AGENT`, the admin's site);
- results cached (`GEOCODER_CACHE_SECONDS`, a month), an address with no result too (a day);
- no search as you type: the editor asks with a button (or Enter);
- attribution: the editor's map and messages credit OpenStreetMap's contributors.

A failure (offline, quota, timeout, no result) answers JSON `{"error": "..."}` in French, which
the editor shows; the point on the map stays as it was. Only logged-in admin users reach this
view (Wagtail's admin URLs)."""

import hashlib
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
LOCK_KEY = "xmille:geocoder:lock"
GEOCODER_CACHE_SECONDS = 30 * 24 * 60 * 60
GEOCODER_MISS_CACHE_SECONDS = 24 * 60 * 60
GEOCODER_WAIT_SECONDS = 3.0


class GeocodingError(Exception):
    """The service could not answer; the message is for the editor."""


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def normalise_query(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def _take_turn() -> bool:
    """Wait for our one request per second (all processes together, through the cache)."""
    deadline = time.monotonic() + GEOCODER_WAIT_SECONDS
    while True:
        # cache.add is atomic: only one caller gets the lock; it expires after the interval.
        if cache.add(LOCK_KEY, 1, settings.GEOCODER_MIN_INTERVAL):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def nominatim_search(query: str, *, referer: str = "") -> dict | None:
    """The first result for `query` as {"lat", "lng", "label"}, or None when there is none.
    Raises GeocodingError when the service fails or refuses."""
    params = urllib.parse.urlencode(
        {
            "q": query,
            "format": "jsonv2",
            "limit": 1,
            "countrycodes": settings.GEOCODER_COUNTRY_CODES,
            "accept-language": "fr",
        }
    )
    headers = {"User-Agent": settings.GEOCODER_USER_AGENT, "Accept": "application/json"}
    if referer:
        headers["Referer"] = referer
    request = urllib.request.Request(f"{settings.GEOCODER_URL}?{params}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=settings.GEOCODER_TIMEOUT) as response:
            results = json.load(response)
    except urllib.error.HTTPError as error:
        logger.warning("Geocoder answered %s for %r", error.code, query)
        if error.code in (403, 429):
            raise GeocodingError(
                _(
                    "Le service de géocodage refuse pour l'instant nos demandes (quota "
                    "atteint) : réessayez plus tard, ou placez le point à la main sur la carte."
                )
            ) from error
        raise GeocodingError(
            _("Le service de géocodage a répondu par une erreur (%(code)s).") % {"code": error.code}
        ) from error
    except (OSError, ValueError) as error:  # offline, timeout, not JSON
        logger.warning("Geocoder unreachable for %r: %s", query, error)
        raise GeocodingError(
            _("Le service de géocodage ne répond pas (hors ligne ou trop lent).")
        ) from error
    if not results:
        return None
    first = results[0]
    try:
        return {
            "lat": float(first["lat"]),
            "lng": float(first["lon"]),
            "label": first.get("display_name", ""),
        }
    except (KeyError, TypeError, ValueError) as error:
        raise GeocodingError(_("Le service de géocodage a donné une réponse illisible.")) from error


@require_GET
def geocode_view(request: HttpRequest) -> JsonResponse:
    """GET ?q=<address>: {"lat", "lng", "label"} or {"error"} (400, 404, 429, 502)."""
    query = normalise_query(request.GET.get("q", ""))
    if len(query) < 3:
        return _json(
            {"error": _("Écrivez l'adresse du lieu (rue, numéro, code postal, localité).")}, 400
        )
    key = "xmille:geocoder:" + hashlib.sha256(query.lower().encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        if not _take_turn():
            return _json(
                {
                    "error": _(
                        "Trop de recherches d'adresse en même temps : réessayez dans "
                        "quelques secondes. Le point n'a pas changé."
                    )
                },
                429,
            )
        try:
            result = nominatim_search(query, referer=request.build_absolute_uri("/admin/"))
        except GeocodingError as error:
            return _json({"error": f"{error} " + _("Le point n'a pas changé.")}, 502)
        cached = result or {}
        cache.set(key, cached, GEOCODER_CACHE_SECONDS if result else GEOCODER_MISS_CACHE_SECONDS)
    if not cached:
        return _json(
            {
                "error": _(
                    "Adresse « %(query)s » introuvable : vérifiez la rue et la localité, ou "
                    "placez le point à la main sur la carte. Le point n'a pas changé."
                )
                % {"query": query}
            },
            404,
        )
    return _json({**cached, "attribution": _("Données © les contributeurs d'OpenStreetMap")})
