"""The regional sites of the network, their regions and towns (from wallonia-towns.csv)."""

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

TOWNS_CSV = Path(__file__).resolve().parent / "data" / "wallonia-towns.csv"


@dataclass(frozen=True)
class Town:
    name: str
    postal_code: str
    latitude: float
    longitude: float


@dataclass
class Region:
    name: str
    towns: list[Town] = field(default_factory=list)


@dataclass
class SiteSpec:
    slug: str
    name: str
    short_name: str
    tagline: str
    primary_colour: str
    accent_colour: str
    order: int
    regions: dict[str, Region] = field(default_factory=dict)

    @property
    def mark(self) -> str:
        """The "mille" itself, e.g. "4000" for quatremille: the postal codes' thousand."""
        first_town = next(iter(self.regions.values())).towns[0]
        return first_town.postal_code[0] + "000"


# Identity of each "mille"; the regions and towns come from the CSV.
SITE_IDENTITIES = {
    "quatremille": (
        "Quatremille",
        "Liège",
        "L'agenda et le magazine culturels de Liège, Verviers et Huy-Waremme",
        "#a3123a",
        "#f2b705",
    ),
    "cinqmille": (
        "Cinqmille",
        "Namur",
        "La culture à Namur et Dinant, semaine après semaine",
        "#1d5a85",
        "#f4a259",
    ),
    "sixmille": (
        "Sixmille",
        "Charleroi",
        "Sorties, scènes et expos à Charleroi et Thuin",
        "#2b6e30",
        "#ffd54f",
    ),
    "septmille": (
        "Septmille",
        "Mons",
        "Ce qui se joue à Mons, dans le Borinage et le Centre",
        "#5e1a8a",
        "#ffb300",
    ),
}


@cache
def network_spec() -> tuple[SiteSpec, ...]:
    sites: dict[str, SiteSpec] = {}
    with TOWNS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            slug = row["site"]
            if slug not in sites:
                name, short, tagline, primary, accent = SITE_IDENTITIES.get(
                    slug, (slug.capitalize(), row["region"], "", "#8a1538", "#f2b705")
                )
                sites[slug] = SiteSpec(slug, name, short, tagline, primary, accent, len(sites))
            region = sites[slug].regions.setdefault(row["region"], Region(row["region"]))
            region.towns.append(
                Town(
                    row["town"], row["postal_code"], float(row["latitude"]), float(row["longitude"])
                )
            )
    return tuple(sites.values())
