"""Maps in templates: `{% map_assets %}` (Leaflet's styles and our scripts, from our static
files) and `{% venues_map venues %}` (the small map of a venue, an event or a region)."""

from django import template
from django.utils.html import escape, json_script
from django.utils.safestring import mark_safe

from ..map import directions_url, tile_settings, venues_geojson

register = template.Library()


@register.inclusion_tag("events/includes/map_assets.html", takes_context=True)
def map_assets(context, leaflet: bool = True):
    """Our map script (the "use my position" button too); Leaflet with it when a map is shown."""
    return {"leaflet": leaflet, "CSP_NONCE": context.get("CSP_NONCE", "")}


@register.inclusion_tag("events/includes/map.html", takes_context=True)
def venues_map(context, venues, label: str, map_id: str = "venues-map", zoom: int | None = None):
    """A small map of `venues` (those with a point); nothing without any."""
    if hasattr(venues, "has_point"):  # one venue
        venues = [venues]
    venues = [venue for venue in venues if venue.has_point]
    geojson = venues_geojson(venues, context.get("request")) if venues else None
    return {
        "venues": venues,
        "map_id": map_id,
        "label": label,
        "zoom": zoom,
        "geojson": geojson,
        "geojson_script": with_nonce(json_script(geojson, f"{map_id}-data"), context)
        if geojson
        else "",
        "map_tiles": tile_settings(),
        "small": True,
    }


def with_nonce(script: str, context) -> str:
    """A <script> tag with the page's CSP nonce (data, never run, but every tag carries it)."""
    nonce = escape(context.get("CSP_NONCE", ""))
    return mark_safe(script.replace("<script ", f'<script nonce="{nonce}" ', 1))


@register.filter
def directions(venue) -> str:
    """OpenStreetMap's directions to the venue ("" when it has no point)."""
    return directions_url(venue) if venue is not None and venue.has_point else ""
