"""The agenda on a map: the GeoJSON of a selection, the map pages' settings, the small maps of
venue, event and region pages.

Choices worth knowing:

- One selection: the GeoJSON reads `events.agenda.agenda_occurrences` with the list's filter
  form (`AgendaFilterForm`), so the list and the map always show the same events; a bad value
  answers 400 with the reasons as JSON, never 500.
- One feature per venue (RFC 7946: a FeatureCollection of Points, longitude first), its
  events in the selection listed once each, at their first date in the selection, with
  their status. Events without a point (online only, or a venue not placed yet) cannot be on
  the map: the collection says how many (`unmapped`), and the page lists them.
- Compact on purpose (5,000 events stay under 1 MB): the events' members are one letter,
  `t` title, `u` address, `d` first date (ISO 8601, local time with its offset), `e` end of a
  long-running date, `a` 1 for an all-day date, `s` status when not simply scheduled (labels in
  the collection's `labels`), `n` number of other dates in the selection, `km` the distance
  in a near search.
- At most `MAP_MAX_EVENTS` events (the soonest, or the nearest); `truncated` says when the
  selection has more.
- Constant number of queries: the dates as tuples (one query), the venues (one query).
- Tiles come from `MAP_TILE_URL` with `MAP_TILE_ATTRIBUTION` (settings); every other file is
  ours (Leaflet and Leaflet.markercluster in events/static/events/vendor/leaflet/).
"""

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from xmille.content_cache import request_cache_key
from xmille.page_urls import PageUrls
from xmille.visibility import is_public

from .agenda import AgendaFilterForm, agenda_occurrences
from .agenda.days import STATUS_LABELS
from .models import EventPage, VenuePage

MAP_MAX_EVENTS = 5000
GEOJSON_CONTENT_TYPE = "application/geo+json"
# The selection depends on the minute ("not over yet"): reused for at most this long, and
# never once the published content has changed.
GEOJSON_CACHE_SECONDS = 60
# What the browser may ask OpenStreetMap's tile servers: they refuse requests without a
# Referer, which our site-wide "same-origin"-like policies would strip.
TILE_REFERRER_POLICY = "strict-origin-when-cross-origin"


def tile_settings() -> dict:
    """The tile layer as the map scripts read it (data attributes): URL, attribution."""
    return {
        "url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "referrerPolicy": TILE_REFERRER_POLICY,
    }


def access_facts(venue) -> list[str]:
    """The venue's accessibility facts, as short French sentences (popups, venue cards)."""
    facts = []
    if venue.wheelchair_access:
        facts.append(_("accessible en chaise roulante"))
    if venue.adapted_toilets:
        facts.append(_("toilettes adaptées"))
    if venue.hearing_loop:
        facts.append(_("boucle à induction"))
    if venue.accessibility_notes:
        facts.append(venue.accessibility_notes)
    return facts


def directions_url(venue) -> str:
    """OpenStreetMap's directions to the venue (the visitor chooses where from)."""
    return "https://www.openstreetmap.org/directions?" + urlencode(
        {"route": f";{venue.latitude},{venue.longitude}"}
    )


def osm_url(venue) -> str:
    return "https://www.openstreetmap.org/?" + urlencode(
        {"mlat": venue.latitude, "mlon": venue.longitude, "zoom": 17}
    )


def map_context(
    request: HttpRequest,
    *,
    list_url: str,
    map_url: str,
    geojson_url: str,
    map_view: bool,
    defaults: dict | None = None,
) -> dict:
    """An agenda page's links between its list and its map (same filters), the GeoJSON's
    address and the tile layer."""
    from .agenda.tabs import params_without, url_with

    params = params_without(request)
    for key, value in (defaults or {}).items():
        if not params.get(key):
            params.setlist(key, [str(value)])
    return {
        "map_view": map_view,
        "list_view_url": url_with(list_url, params),
        "map_view_url": url_with(map_url, params),
        "geojson_url": url_with(geojson_url, params),
        "map_tiles": tile_settings(),
    }


def _iso(moment: datetime, zone=None) -> str:
    """Local time to the minute; `zone`, the current time zone, looked up once by a caller
    that writes thousands of them."""
    return moment.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="minutes")


# What a map's popup shows of a venue (`agenda_geojson`, `venues_geojson`, `access_facts`).
VENUE_MAP_FIELDS = (
    "title",
    "url_path",
    "path",
    "live",
    "city",
    "latitude",
    "longitude",
    "wheelchair_access",
    "adapted_toilets",
    "hearing_loop",
    "accessibility_notes",
)


def _parsed(text: str) -> datetime:
    """A date cast to text by the database (SQLite keeps UTC without an offset; PostgreSQL
    writes the session's, UTC, offset)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _relative_url(root: Page, root_url: str, url_path: str) -> str | None:
    """A page's address under `root`, from its url_path, without a query per page."""
    if root_url is None or not url_path.startswith(root.url_path):
        return None
    return root_url.rstrip("/") + "/" + url_path[len(root.url_path) :]


def agenda_geojson(
    root: Page, filters: dict, *, request: HttpRequest | None = None, now=None
) -> dict:
    """The selection `agenda_occurrences(root, filters)` as a GeoJSON FeatureCollection, one
    feature per venue (see the module's docstring for its members)."""
    now = now or timezone.now()
    selection = agenda_occurrences(root, filters, now=now)
    near = filters.get("near") is not None
    # The dates as the database's text, parsed only for each event's first date: the rows of
    # a large agenda are tens of thousands, and Django's conversion of two dates per row cost
    # more than the query.
    # The flags as integers too: a column with no conversion to make leaves Django's
    # per-row converters out (SQLite's booleans had one each).
    selection = selection.annotate(
        start_text=Cast("start", output_field=CharField()),
        ends_text=Cast("ends_at", output_field=CharField()),
        all_day_flag=Cast("all_day", output_field=IntegerField()),
        cancelled_flag=Cast("cancelled", output_field=IntegerField()),
        long_running_flag=Cast("long_running", output_field=IntegerField()),
    )
    fields = [
        "page_id",
        "start_text",
        "ends_text",
        "all_day_flag",
        "cancelled_flag",
        "long_running_flag",
        "page__title",
        "page__url_path",
        "page__status",
        "page__venue_id",
        "page__venue__latitude",
        "page__venue__longitude",
    ]
    if near:
        fields.append("distance")
    root_url = root.get_url(request)
    zone = timezone.get_current_timezone()

    events: dict[int, dict] = {}
    by_venue: dict[int, list[dict]] = {}
    unmapped: set[int] = set()
    truncated = False
    for row in selection.values_list(*fields).iterator(chunk_size=2000):
        page_id, start_text, ends_text, all_day, cancelled, long_running = row[:6]
        title, url_path, status, venue_id, latitude, longitude = row[6:12]
        if latitude is None or longitude is None:
            unmapped.add(page_id)
            continue
        event = events.get(page_id)
        if event is not None:
            event["n"] = event.get("n", 0) + 1
            continue
        if len(events) == MAP_MAX_EVENTS:
            truncated = True
            break
        start = _parsed(start_text)
        event = {"t": title, "u": _relative_url(root, root_url, url_path), "d": _iso(start, zone)}
        if long_running:
            event["e"] = _iso(_parsed(ends_text), zone)
        if all_day:
            event["a"] = 1
        if status != EventPage.Status.SCHEDULED:
            event["s"] = status
        elif cancelled:
            event["s"] = EventPage.Status.CANCELLED
        if near:
            event["km"] = round(row[12], 2)
        events[page_id] = event
        by_venue.setdefault(venue_id, []).append(event)

    venues = VenuePage.objects.filter(pk__in=by_venue).only(*VENUE_MAP_FIELDS)
    features = []
    for venue in venues:
        properties = {
            "name": venue.title,
            "city": venue.city,
            "url": _relative_url(root, root_url, venue.url_path) if is_public(venue) else None,
            "access": [str(fact) for fact in access_facts(venue)],
            "events": by_venue[venue.pk],
        }
        features.append(
            {
                "type": "Feature",
                "id": venue.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(venue.longitude, 6), round(venue.latitude, 6)],
                },
                "properties": properties,
            }
        )
    # Nearest venue first in a near search; otherwise the venue of the soonest event first.
    order = {venue_id: index for index, venue_id in enumerate(by_venue)}
    features.sort(key=lambda feature: order[feature["id"]])
    return {
        "type": "FeatureCollection",
        "features": features,
        "count": len(events),
        "unmapped": len(unmapped - events.keys()),
        "truncated": truncated,
        "labels": {str(status): str(label) for status, label in STATUS_LABELS.items()},
    }


def bad_filter_json(form: AgendaFilterForm) -> JsonResponse:
    return JsonResponse(
        {"error": _("Filtre invalide."), "errors": form.error_reasons()},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def agenda_geojson_response(root: Page, request: HttpRequest) -> HttpResponse:
    """The agenda selection of `root` with the URL's filters, as GeoJSON (cached while the
    content and the minute are the same)."""
    form = AgendaFilterForm(request.GET, root=root)
    if not form.is_valid():
        return bad_filter_json(form)
    minute = int(timezone.now().timestamp() // 60)
    key = request_cache_key("xmille:geojson", request, minute)
    body = cache.get(key)
    if body is None:
        collection = agenda_geojson(root, form.cleaned_data, request=request)
        body = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        cache.set(key, body, GEOJSON_CACHE_SECONDS)
    return HttpResponse(body, content_type=f"{GEOJSON_CONTENT_TYPE}; charset=utf-8")


def venues_geojson(venues, request: HttpRequest | None = None) -> dict:
    """Some venues (a region's, one event's) as a GeoJSON FeatureCollection, for small maps."""
    urls = PageUrls(request)
    features = [
        {
            "type": "Feature",
            "id": venue.pk,
            "geometry": {
                "type": "Point",
                "coordinates": [round(venue.longitude, 6), round(venue.latitude, 6)],
            },
            "properties": {
                "name": venue.title,
                "city": venue.city,
                "url": urls.url(venue.url_path),
                "access": [str(fact) for fact in access_facts(venue)],
                "events": [],
                "directions": directions_url(venue),
            },
        }
        for venue in venues
        if venue.has_point
    ]
    return {"type": "FeatureCollection", "features": features}
