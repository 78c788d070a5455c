"""The network's directory of actors and services (the cooperation charter's catalogue): every
public organizer of every site, with its presentation, the services or actions it offers, and
its next events; filtered by region, sector, "offers services" and words.

Organizers keep their entry current from their own page: the directory reads the published
organizer pages (`xmille.visibility`), nothing else, so an edit shows once it passed the
workflow. French originals are listed (organizer pages are translated as drafts that hold
translated events). A page of the directory costs a fixed number of queries: the organizers,
their regions, and their next events (a window function keeps `NEXT_EVENTS` per organizer).
"""

from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import F, Min, Q
from django.db.models.expressions import Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from xmille.locales import SOURCE_LANGUAGE
from xmille.network import network_sites
from xmille.sharing import site_id_of
from xmille.visibility import visible

from ..models import EventPage, OrganizerPage, RegionPage

PER_PAGE = 20
NEXT_EVENTS = 3


class DirectoryFilters(forms.Form):
    """The directory's filters, in the URL. A bad value is reported next to its filter and
    ignored; never a 500."""

    q = forms.CharField(label=_("Mots"), max_length=100, required=False)
    region = forms.TypedChoiceField(label=_("Région"), required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(label=_("Secteur"), required=False)
    services = forms.BooleanField(label=_("Offre des services aux autres membres"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(
            visible(RegionPage.objects.filter(locale__language_code=SOURCE_LANGUAGE))
            .order_by("path")
            .only("id", "title", "path", "url_path")
        )
        names = {site.site_id: site.name for site in network_sites()}
        self.fields["region"].choices = [("", _("Toutes les régions"))] + [
            (
                str(region.pk),
                f"{region.title} ({names.get(site_id_of(region), '')})".replace(" ()", ""),
            )
            for region in regions
        ]
        self.regions = {region.pk: region for region in regions}
        self.fields["sector"].choices = [("", _("Tous les secteurs")), *OrganizerPage.SECTORS]

    def value(self, name):
        return self.cleaned_data.get(name) if name not in self.errors else None


@dataclass
class Entry:
    organizer: OrganizerPage
    region: Page | None = None
    site_name: str = ""
    events: list = field(default_factory=list)


def organizers(filters: DirectoryFilters):
    """The directory's organizers, filtered, in alphabetical order."""
    pages = visible(OrganizerPage.objects.filter(locale__language_code=SOURCE_LANGUAGE))
    region = filters.regions.get(filters.value("region"))
    if region is not None:
        pages = pages.child_of(region)
    if sector := filters.value("sector"):
        pages = pages.filter(sector=sector)
    if filters.value("services"):
        pages = pages.exclude(services=[])
    if words := filters.value("q"):
        for word in words.split()[:10]:
            pages = pages.filter(Q(title__icontains=word) | Q(presentation__icontains=word))
    return pages.order_by("title", "pk")


def next_events(organizer_pages: list[OrganizerPage], now=None) -> dict[str, list[EventPage]]:
    """Each organizer's next public events (by path), `NEXT_EVENTS` at most, soonest first,
    each with `next_start`."""
    if not organizer_pages:
        return {}
    now = now or timezone.now()
    parent_path = Substr("path", 1, Length("path") - Page.steplen)
    events = (
        visible(EventPage.objects.all())
        .annotate(parent_path=parent_path)
        .filter(parent_path__in=[page.path for page in organizer_pages])
        .annotate(
            next_start=Min(
                "occurrences__start",
                filter=Q(occurrences__ends_at__gte=now, occurrences__cancelled=False),
            )
        )
        .filter(next_start__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("parent_path")], order_by=[F("next_start").asc()]
            )
        )
        .filter(rank__lte=NEXT_EVENTS)
        .only("id", "title", "path", "url_path", "depth", "slug", "locale_id")
        .order_by("next_start")
    )
    grouped: dict[str, list[EventPage]] = {}
    for event in events:
        grouped.setdefault(event.parent_path, []).append(event)
    return grouped


def directory_context(request) -> dict:
    filters = DirectoryFilters(request.GET or None)
    if filters.is_bound:
        filters.is_valid()
    else:
        filters.cleaned_data = {}
    page = Paginator(organizers(filters), PER_PAGE).get_page(request.GET.get("page"))
    pages = list(page.object_list)
    region_paths = {p.path[: -Page.steplen] for p in pages}
    regions = {
        r.path: r for r in Page.objects.filter(path__in=region_paths).only("id", "title", "path")
    }
    names = {site.site_id: site.name for site in network_sites()}
    events = next_events(pages)
    entries = [
        Entry(
            organizer=p,
            region=regions.get(p.path[: -Page.steplen]),
            site_name=names.get(site_id_of(p), ""),
            events=events.get(p.path, []),
        )
        for p in pages
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "entries": entries,
        "page_obj": page,
        "query": query.urlencode(),
        "filtered": bool(filters.is_bound and any(filters.cleaned_data.values())),
    }
