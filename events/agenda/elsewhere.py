""" "Ailleurs dans le réseau": a few upcoming events of each other site of the network, shown on
a site's home and agenda page, this weekend's first, then the coming days', each linked to its
page on its own host (absolute URLs).

One query for the whole network, whatever its size: the other sites' public events in the
visitor's language (or in French where not translated, `xmille.locales.in_language_q`),
starting within `DAYS_AHEAD` days, read in date order up to a bound per site, then grouped by
site here. The sites (names, regions, homes per language) come from `xmille.network`, and a
page's site from Wagtail's cached root paths, so nothing else is read once warm. The
templates cache the block on the other sites' content (`{% fragment_key "others" %}`): a
publication on this site leaves it, one on another site renews it at once."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from types import SimpleNamespace

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from wagtail.models import Locale, Site

from xmille.locales import in_language_q, language_codes
from xmille.network import NetworkSite, network_sites
from xmille.page_urls import PageUrls
from xmille.sharing import site_id_of
from xmille.visibility import public_q

from ..models import EventOccurrence, EventPage
from .window import When, local_day, window_for

PER_SITE = 3
DAYS_AHEAD = 14
# Dates read per other site at most: enough for PER_SITE distinct events from each even when
# one site has many dates in the first days.
ROWS_PER_SITE = 12
# What an item shows (title, link, language, town), read as rows: building whole pages cost
# more than the query.
ITEM_FIELDS = (
    "page_id",
    "start",
    "ends_at",
    "page__title",
    "page__url_path",
    "page__locale_id",
    "page__venue__city",
)


@dataclass
class ElsewhereItem:
    event: SimpleNamespace  # title, url_path, locale.language_code, venue.city
    day: object
    weekend: bool
    url: str


@dataclass
class ElsewhereSite:
    site: NetworkSite
    url: str
    items: list[ElsewhereItem] = field(default_factory=list)


def elsewhere(
    current: Site, locale: Locale, request=None, *, now: datetime | None = None
) -> list[ElsewhereSite]:
    """For each other site of the network (bar order) with something coming up: up to
    PER_SITE events, this weekend's first, then by date."""
    now = now or timezone.now()
    others = [site for site in network_sites() if site.site_id != current.pk]
    roots = Site.get_site_root_paths()
    if not others or not any(root.site_id != current.pk for root in roots):
        return []
    # "Not under this site" rather than "under one of the others": the planners then take it
    # for what it is, a condition most dates meet, and walk the dates' index (PostgreSQL
    # estimated "under the others" at a few pages and started from every page of the network).
    # A date outside every site finds no group below.
    here = reduce(
        or_,
        (Q(page__url_path__startswith=r.root_path) for r in roots if r.site_id == current.pk),
        Q(pk__in=[]),
    )
    weekend = window_for(When.WEEKEND, None, None, now)
    rows = (
        # The dates' index must lead (the next DAYS_AHEAD days): with the page's locale index
        # usable, SQLite started from every page of the language and sorted all their dates
        # (a second at scale). There `+ 0` makes the locale a plain condition checked per row;
        # PostgreSQL, which takes an expression for a rare value, would start from the pages.
        EventOccurrence.objects.alias(
            page_locale=F("page__locale_id") + 0
            if connection.vendor == "sqlite"
            else F("page__locale_id")
        )
        .filter(
            ~here,
            public_q("page__"),
            in_language_q(locale, "page__", locale_field="page_locale"),
            ends_at__gt=now,
            start__lt=now + timedelta(days=DAYS_AHEAD),
            cancelled=False,
        )
        .exclude(page__status=EventPage.Status.CANCELLED)
        .order_by("start", "page__title", "pk")
        .values(*ITEM_FIELDS)[: ROWS_PER_SITE * len(others)]
    )
    language = locale.language_code
    codes = language_codes()
    groups = {site.site_id: ElsewhereSite(site, site.url_in(language)) for site in others}
    candidates: dict[int, dict[int, tuple]] = {site_id: {} for site_id in groups}
    for row in rows:
        event = SimpleNamespace(
            title=row["page__title"],
            url_path=row["page__url_path"],
            locale=SimpleNamespace(language_code=codes[row["page__locale_id"]]),
            venue=SimpleNamespace(city=row["page__venue__city"])
            if row["page__venue__city"]
            else None,
        )
        site_id = site_id_of(event, roots)
        if site_id not in candidates or row["page_id"] in candidates[site_id]:
            continue
        in_weekend = row["start"] < weekend.end and row["ends_at"] > weekend.start
        candidates[site_id][row["page_id"]] = (not in_weekend, row["start"], event)
    urls = PageUrls(request)
    result = []
    for site_id, group in groups.items():
        chosen = sorted(candidates[site_id].values(), key=lambda c: (c[0], c[1]))[:PER_SITE]
        for later, start, event in chosen:
            group.items.append(
                ElsewhereItem(
                    event=event,
                    day=local_day(max(start, now)),
                    weekend=not later,
                    url=urls.full_url(event.url_path),
                )
            )
        if group.items:
            result.append(group)
    return result
