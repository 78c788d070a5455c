"""What the search page finds: public pages (`xmille.visibility`) of this site in the visitor's
language (French pages not translated yet included, as in the agenda: `xmille.locales`), or of
the whole network when the visitor asks, grouped by kind.

- Events: those shared with the site too (`xmille.sharing`); upcoming ones first, by their next
  date, then past ones, the latest first; the agenda's filters (`AgendaFilterForm`) narrow them
  through the agenda's own selection (`agenda_occurrences`): only the events with a date it
  selects, shown at that date.
- Venues, organizers, magazine pieces, other pages: by relevance.
- Promotions (`wagtail.contrib.search_promotions`): the editors' picks for the query, each shown
  only on its own page's site (in the visitor's language when translated): a promotion is
  scoped by the page it points to. Picks with an external link only belong to no site and are
  not shown.

Each group costs a fixed number of queries, whatever the number of results."""

from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from events.agenda import agenda_occurrences
from events.models import EventOccurrence, EventPage, OrganizerPage, VenuePage
from magazine.models import MagazinePiece
from xmille.folding import Fold, fold
from xmille.locales import in_language_q, locale_events_q, localized
from xmille.sharing import shared_events_q
from xmille.visibility import visible

# With a search backend that is not the database (OpenSearch, Elasticsearch), the events matched
# are read as ids, at most this many (the database backends filter in SQL, without a limit).
MAX_EXTERNAL_MATCHES = 1000


@dataclass(frozen=True)
class Kind:
    slug: str  # the URL's ?kind=
    label: str
    label_plural: str


EVENTS = Kind("events", _("événement"), _("Événements"))
VENUES = Kind("venues", _("lieu"), _("Lieux"))
ORGANIZERS = Kind("organizers", _("organisateur"), _("Organisateurs"))
PIECES = Kind("magazine", _("magazine"), _("Magazine"))
PAGES = Kind("pages", _("page"), _("Autres pages"))
KINDS = [EVENTS, VENUES, ORGANIZERS, PIECES, PAGES]
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}
KIND_MODELS = {
    EVENTS: EventPage,
    VENUES: VenuePage,
    ORGANIZERS: OrganizerPage,
    PIECES: MagazinePiece,
}


@dataclass
class Scope:
    """Where the search looks: `root` is this site's home in the visitor's language; with
    `network`, every site's."""

    root: Page
    network: bool

    def where(self, kind: Kind) -> Q:
        if self.network:
            return in_language_q(self.root.locale, "") & Q(depth__gt=1)
        where = locale_events_q(self.root, "")
        if kind is EVENTS:
            shared = shared_events_q(self.root, "")
            if shared is not None:
                where |= shared
        return where

    @cached_property
    def homes(self) -> list[Page]:
        """The sites' homes in the visitor's language that the search covers (for the agenda's
        selection, which works under one home)."""
        if not self.network:
            return [self.root]
        return [
            localized(site.root_page)
            for site in Site.objects.select_related("root_page").order_by("pk")
        ]


def scope_for(site: Site, network: bool) -> Scope | None:
    """The search's scope for `site` in the active language (None: the site has no home)."""
    if not site.root_page_id:
        return None
    return Scope(root=localized(site.root_page), network=network)


def pages_of(kind: Kind, scope: Scope) -> QuerySet:
    """The public pages of `kind` in `scope`, before the search, with what their results show."""
    if kind is PAGES:
        pages = Page.objects.not_type(*KIND_MODELS.values())
    else:
        pages = KIND_MODELS[kind].objects.all()
    pages = visible(pages.filter(scope.where(kind)))
    if kind is PIECES:
        pages = pages.specific().prefetch_related("authors", for_specific_subqueries=True)
    return pages


def search_kind(kind: Kind, scope: Scope, query: str, filters: dict | None = None, *, now=None):
    """The results of `kind` for `query`: something Django's Paginator pages through (a count
    and slices), in the order shown."""
    pages = pages_of(kind, scope)
    if kind is EVENTS:
        return events_found(pages, scope, query, filters or {}, now=now or timezone.now())
    return pages.search(query, operator="and")


def matching(pages: QuerySet, query: str) -> QuerySet:
    """`pages` reduced to those matching `query`, as a queryset that can still be filtered and
    ordered. With the database backends the search is a filter of `pages` (a subquery); with
    another backend, the first `MAX_EXTERNAL_MATCHES` ids it returns."""
    results = pages.search(query, operator="and", order_by_relevance=False)
    as_queryset = getattr(results, "get_queryset", None)
    if as_queryset is not None:
        return pages.filter(pk__in=as_queryset().values("pk"))
    return pages.filter(pk__in=[page.pk for page in results[:MAX_EXTERNAL_MATCHES]])


def events_found(pages: QuerySet, scope: Scope, query: str, filters: dict, *, now) -> QuerySet:
    """Events matching `query`, each with `next_start` (its next date, or with agenda filters
    the first date they select; None when it is over) and `last_start`: upcoming ones first,
    soonest first, then past ones, latest first."""
    events = matching(pages, query)
    upcoming = EventOccurrence.objects.filter(ends_at__gt=now)
    if filters:
        selected = [agenda_occurrences(home, filters, now=now) for home in scope.homes]
        events = events.filter(
            reduce(or_, (Q(pk__in=dates.values("page_id")) for dates in selected))
        )
        upcoming = EventOccurrence.objects.filter(
            reduce(or_, (Q(pk__in=dates.values("pk")) for dates in selected))
        )
    next_start = upcoming.filter(page=OuterRef("pk")).order_by("start").values("start")[:1]
    last_start = (
        EventOccurrence.objects.filter(page=OuterRef("pk")).order_by("-start").values("start")[:1]
    )
    return (
        events.annotate(next_start=Subquery(next_start), last_start=Subquery(last_start))
        .annotate(
            is_past=Case(
                When(next_start__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("venue", "locale")
        .order_by("is_past", "next_start", "-last_start", "pk")
    )


def promotions(query: str, scope: Scope) -> list[dict]:
    """The editors' picks for `query` (whatever its case and accents) that lead to a public
    page in `scope`, in the editors' order: [{"page", "description"}]."""
    normalised = fold(normalise_query_string(query))
    if not normalised:
        return []
    picks = list(
        SearchPromotion.objects.annotate(folded=Fold("query__query_string"))
        .filter(folded=normalised, page__isnull=False)
        .order_by("sort_order", "pk")
        .values_list("page__translation_key", "description")
    )
    if not picks:
        return []
    keys = [key for key, _description in picks]
    pages = visible(Page.objects.filter(scope.where(PAGES), translation_key__in=keys))
    # One page per pick: the visitor's language first, then French (not translated yet).
    found = {}
    for page in sorted(pages, key=lambda p: p.locale_id != scope.root.locale_id):
        found.setdefault(page.translation_key, page)
    return [
        {"page": found[key], "description": description}
        for key, description in picks
        if key in found
    ]


SUGGESTIONS = 8


def kind_of(page: Page) -> Kind:
    """The kind of a (not specific) page, from its content type (no query)."""
    page_class = page.specific_class
    for kind, model in KIND_MODELS.items():
        if page_class is not None and issubclass(page_class, model):
            return kind
    return PAGES


def suggestions(query: str, scope: Scope, limit: int = SUGGESTIONS) -> list[Page]:
    """Public pages of `scope` whose title has words starting with the words typed ("expo"
    finds "Exposition …"), the best first: the header's autocomplete."""
    pages = visible(Page.objects.filter(scope.where(EVENTS), depth__gt=1))
    return list(pages.autocomplete(query, operator="and")[:limit])
