"""Points and distances for the map and "près de moi": parsing the `near=lat,lng` parameter and
the admin widget's point, bounding boxes and great-circle distances, the network's towns.

Choices worth knowing:

- Points are WGS84 latitude/longitude in degrees. The URL writes them latitude first
  (`near=50.63,5.58`, as people and phones say them); GeoJSON writes longitude first (RFC 7946).
- A near search first keeps the venues inside a bounding box of the radius (a range on the
  indexed latitude/longitude columns), then the exact haversine distance decides and sorts.
- The Earth is a sphere of radius 6371.0088 km (the IUGG mean radius): at Wallonia's scale the
  error against the ellipsoid is under 0.5 %.
"""

import math
import re
from dataclasses import dataclass
from functools import cache

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils.text import slugify

from xmille.network_data import network_spec

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180

DEFAULT_RADIUS_KM = 10
MIN_RADIUS_KM = 0.1
MAX_RADIUS_KM = 100

# The admin widget's value (wagtailgeowidget): "SRID=4326;POINT(<longitude> <latitude>)".
WIDGET_POINT = re.compile(
    r"^SRID=4326;POINT\s?\((?P<lng>-?\d{1,3}(?:\.\d+)?) (?P<lat>-?\d{1,2}(?:\.\d+)?)\)$"
)
# The URL's `near`: "<latitude>,<longitude>", optional spaces.
NEAR_POINT = re.compile(
    r"^\s*(?P<lat>[-+]?\d{1,2}(?:\.\d+)?)\s*,\s*(?P<lng>[-+]?\d{1,3}(?:\.\d+)?)\s*$"
)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    def __str__(self) -> str:
        """As the URL writes it: "50.6326,5.5797"."""
        return f"{self.latitude:.6g},{self.longitude:.6g}"

    @property
    def is_valid(self) -> bool:
        return -90 <= self.latitude <= 90 and -180 <= self.longitude <= 180


def parse_near(value: str) -> Point | None:
    """The `near` parameter as a Point, or None when it is not "latitude,longitude" in range."""
    match = NEAR_POINT.match(value or "")
    if not match:
        return None
    point = Point(float(match["lat"]), float(match["lng"]))
    return point if point.is_valid else None


def parse_widget_point(value: str) -> Point | None:
    """The admin map widget's value as a Point; None when empty or malformed."""
    match = WIDGET_POINT.match((value or "").strip())
    if not match:
        return None
    point = Point(float(match["lat"]), float(match["lng"]))
    return point if point.is_valid else None


def widget_point(latitude: float | None, longitude: float | None) -> str:
    """A point as the admin map widget writes it ("" when there is none)."""
    if latitude is None or longitude is None:
        return ""
    return f"SRID=4326;POINT({longitude} {latitude})"


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points, in kilometres."""
    lat1, lng1, lat2, lng2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(center: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) of a box holding every point
    within `radius_km` of `center` (a little wider than the circle: the exact distance
    decides afterwards)."""
    margin = 1.001
    dlat = radius_km / KM_PER_DEGREE_LATITUDE * margin
    cos_lat = math.cos(math.radians(min(89.9, abs(center.latitude) + dlat)))
    dlng = min(180.0, radius_km / (KM_PER_DEGREE_LATITUDE * cos_lat) * margin)
    return (
        center.latitude - dlat,
        center.latitude + dlat,
        center.longitude - dlng,
        center.longitude + dlng,
    )


def distance_expression(center: Point, prefix: str = ""):
    """The haversine distance in km from `center` to the row's `<prefix>latitude/longitude`,
    as a database expression (the same formula as `haversine_km`; Django provides these
    functions on SQLite too)."""
    lat, lng = F(f"{prefix}latitude"), F(f"{prefix}longitude")
    lat0 = math.radians(center.latitude)
    half_dlat = (Radians(lat) - Value(lat0)) / Value(2.0)
    half_dlng = (Radians(lng) - Value(math.radians(center.longitude))) / Value(2.0)
    h = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(Radians(lat)) * Power(
        Sin(half_dlng), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(h)), output_field=FloatField())


@dataclass(frozen=True)
class Town:
    """A town of the network, to search near it without sharing one's position."""

    slug: str
    name: str
    postal_code: str
    point: Point


@cache
def network_towns() -> dict[str, Town]:
    """The network's towns (xmille/data/wallonia-towns.csv) by slug, sorted by name."""
    towns = [
        Town(slugify(town.name), town.name, town.postal_code, Point(town.latitude, town.longitude))
        for site in network_spec()
        for region in site.regions.values()
        for town in region.towns
    ]
    return {town.slug: town for town in sorted(towns, key=lambda t: slugify(t.name))}
