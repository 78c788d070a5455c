"""The agenda's one query: which event dates to show, for the list, region pages, the map,
the iCal feeds and the API. What the public may see comes from `xmille.visibility`; filters
come from the URL through `AgendaFilterForm` (a bad value is a form error: the HTML list shows
it, feeds and APIs answer 400 with the reasons)."""

from datetime import datetime
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.db.models.lookups import Contains, In
from django.utils import timezone

from wagtail.models import Page

from xmille.folding import Fold, fold
from xmille.locales import locale_events_q, with_original_paths
from xmille.sharing import shared_events_q
from xmille.visibility import public_q

from ..geo import bounding_box, distance_expression
from ..models import (
    EventOccurrence,
    EventPage,
    OrganizerPage,
)
from .window import dated_only, long_running_only, not_over_since, window_for

SITE_HOME_DEPTH = 2  # Root is 1, each site's home (in each language) 2


KEYWORD_FIELDS = (
    "page__title",
    "page__teaser",
    "page__performers",
    "page__venue__title",
    "page__venue__city",
)


def agenda_occurrences(
    root: Page, filters: dict | None = None, *, now: datetime | None = None
) -> QuerySet:
    """Dates of public events (`xmille.visibility`) under `root` (a site's home in one language,
    a region, an organizer) that are not over, with the filters applied, in date order. In a
    translated locale, French events without a public translation are listed too
    (`xmille.locales`); under a site's home, the events shared with that site
    (`xmille.sharing`).

    `filters` is an `AgendaFilterForm.cleaned_data`. Cancelled events and dates stay in: the
    public must see them as cancelled, not find them silently gone."""
    filters = filters or {}
    now = now or timezone.now()
    window = window_for(
        filters.get("when") or None, filters.get("date_from"), filters.get("date_to"), now
    )

    not_over_at = not_over_since(filters, window, now)
    # Under a whole site the dates' indexes must lead the query, not the site's thousands of
    # pages; under an organizer or an event, its few pages lead (see xmille.tree_paths).
    under = (
        "page__path__startswith_scan" if root.depth <= SITE_HOME_DEPTH else "page__path__startswith"
    )
    # This language's events under `root`, and the French ones not (publicly) translated yet;
    # under a site's home, the events other sites shared with it too (xmille.sharing). Both
    # go through the same public rule.
    where = locale_events_q(root, "page__", under.removeprefix("page__"))
    shared = shared_events_q(root, "page__")
    if shared is not None:
        where |= shared
    occurrences = EventOccurrence.objects.filter(public_q("page__"), where, ends_at__gt=not_over_at)
    if window.end is not None:
        occurrences = occurrences.filter(start__lt=window.end)

    if filters.get("category"):
        # Checked per date with a correlated EXISTS on the (event, category) index, so that the
        # dates' index leads: `page__in` (every event of the category, thousands at scale)
        # made SQLite start from those events and sort all their dates (17 ms a query).
        occurrences = occurrences.filter(
            Exists(
                EventPage.categories.through.objects.filter(
                    eventpage_id=OuterRef("page_id"),
                    eventcategory__slug__in=filters["category"],
                )
            )
        )
    region = filters.get("region")
    if region:
        occurrences = occurrences.filter(
            reduce(
                or_,
                (
                    Q(page__venue__path__startswith=path)
                    | Q(page__venue__isnull=True, page__path__startswith=path)
                    for path in with_original_paths(region)
                ),
            )
        )
    if filters.get("venue"):
        occurrences = occurrences.filter(page__venue=filters["venue"])
    if filters.get("organizer"):
        # A Dutch organizer page holds its translated events; its French ones are under the
        # French original (shown in French where not translated).
        occurrences = occurrences.filter(
            reduce(
                or_,
                (
                    Q(page__path__startswith=path)
                    for path in with_original_paths(filters["organizer"])
                ),
            )
        )
    if filters.get("ongoing"):
        occurrences = long_running_only(occurrences)
    if filters.get("free"):
        occurrences = occurrences.filter(page__is_free=True)
    if filters.get("accessible"):
        occurrences = occurrences.filter(page__venue__wheelchair_access=True)
    if filters.get("young"):
        occurrences = occurrences.filter(page__audience=EventPage.Audience.YOUNG)
    for word in fold(filters.get("venue_q")).split():
        # A venue's name or town, typed where the list of venues is too long to show.
        occurrences = occurrences.filter(
            Q(Contains(Fold("page__venue__title"), word))
            | Q(Contains(Fold("page__venue__city"), word))
        )
    if filters.get("organizer_q"):
        occurrences = occurrences.filter(organizer_named(root, filters["organizer_q"]))
    for word in fold(filters.get("q")).split():
        # Each word somewhere, whatever its accents and case ("theatre" finds "Théâtre").
        occurrences = occurrences.filter(
            reduce(or_, (Q(Contains(Fold(field), word)) for field in KEYWORD_FIELDS))
        )
    order = ("start", "page__title", "pk")
    near = filters.get("near")
    if near is not None:
        occurrences, order = (
            near_only(occurrences, near, filters.get("radius")),
            ("distance", *order),
        )
    return occurrences.select_related("page", "page__venue", "page__locale").order_by(*order)


def organizer_named(root: Page, text: str):
    """The condition "the event's organizer (its parent page) has every word of `text` in its
    name", whatever the accents and case. The organizers matched are a subquery (under `root`
    and, for a translation, under its French original), compared with each event's parent
    path: a condition of constant size however many organizers match."""
    under = reduce(or_, (Q(path__startswith=path) for path in with_original_paths(root)))
    organizers = Page.objects.filter(
        under, content_type=ContentType.objects.get_for_model(OrganizerPage)
    )
    for word in fold(text).split():
        organizers = organizers.filter(Contains(Fold("title"), word))
    parent_path = Substr("page__path", 1, Length("page__path") - Page.steplen)
    return In(parent_path, organizers.values("path"))


def near_only(occurrences: QuerySet, near, radius_km: float) -> QuerySet:
    """The dates at venues within `radius_km` of `near`, annotated with their `distance` (km).
    A bounding box on the venues' indexed latitude/longitude narrows the rows first; the exact
    great-circle distance decides. Events without a venue (online only) have no distance:
    they are left out."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(near, radius_km)
    return (
        occurrences.filter(
            page__venue__latitude__range=(min_lat, max_lat),
            page__venue__longitude__range=(min_lng, max_lng),
        )
        .annotate(distance=distance_expression(near, "page__venue__"))
        .filter(distance__lte=radius_km)
    )


def soonest_occurrences(
    root: Page, filters: dict | None = None, *, limit: int, now: datetime | None = None
) -> list[EventOccurrence]:
    """The first `limit` dates of `agenda_occurrences`, in its order (the CSV export's and the
    widget's selection), as dates with their events, venues and categories."""
    return _soonest(
        root,
        filters,
        limit,
        now,
        read=lambda dates: list(dates.defer("page__body").prefetch_related("page__categories")),
        key=lambda o: (o.start, o.page.title, o.pk),
    )


def soonest_values(
    root: Page,
    filters: dict | None = None,
    *,
    limit: int,
    fields: tuple[str, ...],
    now: datetime | None = None,
) -> list[dict]:
    """The same dates as `soonest_occurrences`, as `values()` rows of `pk`, `start`,
    `page__title` and `fields` (the iCal feeds': building a thousand Wagtail pages as model
    instances cost several times the whole feed's text)."""
    fields = tuple(dict.fromkeys(("pk", "start", "page__title", *fields)))
    return _soonest(
        root,
        filters,
        limit,
        now,
        read=lambda dates: list(dates.values(*fields)),
        key=lambda row: (row["start"], row["page__title"], row["pk"]),
    )


def _soonest(root: Page, filters: dict | None, limit: int, now, *, read, key) -> list:
    """Read as two index-friendly queries, dated and long-running, merged here: one query
    ordered by start would make the database sort every date not over yet (all the agenda's
    future) to keep the first thousand."""
    filters = filters or {}
    now = now or timezone.now()
    window = window_for(
        filters.get("when") or None, filters.get("date_from"), filters.get("date_to"), now
    )
    # The soonest, even in a near search.
    selection = agenda_occurrences(root, filters, now=now).order_by("start", "page__title", "pk")
    long_ones = long_running_only(selection)
    rows = []
    if not filters.get("ongoing"):
        rows = read(dated_only(selection, filters, window, now)[:limit])
        if len(rows) == limit:  # long-running dates starting after the last one kept are out
            long_ones = long_ones.filter(start__lte=key(rows[-1])[0])
    rows += read(long_ones[:limit])
    rows.sort(key=key)
    return rows[:limit]
