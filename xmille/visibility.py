"""What the public may see: one rule for every listing, feed, search, sitemap, map, API and
cache.

A page is public when it is live and neither it nor any of its ancestors carries a view
restriction (logged-in users, groups or a password): Wagtail refuses such a page on its own
URL, and nothing may list it either, not even its title. Every public read path starts from
`public_q` (with the field prefix of the relation that leads to the page, `"page__"` for event
dates) or `visible` (a queryset of pages), never from `live=True` alone.

The right site and language are the caller's root: a site's home in one language, a region,
an organizer (`descendant_of(root)` or the agenda's path prefix).

An alias shows its source's restrictions, and so do the pages below it (Wagtail refuses them on
their own URL: `Page.get_view_restrictions`): the paths of such aliases are restricted paths
too, so that no list shows what Wagtail would refuse.

The restricted paths are few and change rarely: they are read once per structure version (a
restriction, a move or any page but an event or a magazine piece makes a new one, see
`xmille.content_cache` and `xmille.page_purge`), so the rule adds no query to a page once
warm, and Wagtail's check on each page served (`KnownRestrictionsMixin`) none either where
no restricted path is above the page."""

from django.db.models import Q, QuerySet

from wagtail.models import Page, PageViewRestriction

from .content_cache import structure_cached


def restricted_paths() -> tuple[str, ...]:
    """Paths of the pages that carry a view restriction (their subtrees are not public)."""
    return structure_cached("restricted-paths", _read_restricted_paths)


def _read_restricted_paths() -> tuple[str, ...]:
    # The pages by primary key from the (few) restrictions: a join lets SQLite scan the whole
    # page table when its statistics say nothing of an empty restriction table.
    restricted = set(PageViewRestriction.objects.values_list("page_id", flat=True))
    found = restricted
    while found:  # the aliases of restricted pages (and of such aliases)
        found = set(Page.objects.filter(alias_of_id__in=found).values_list("pk", flat=True))
        found -= restricted
        restricted |= found
    if not restricted:
        return ()
    pages = Page.objects.filter(pk__in=restricted).order_by()
    return tuple(sorted(set(pages.values_list("path", flat=True))))


def public_q(prefix: str = "") -> Q:
    """The condition "the page at `prefix` is public": live, and under no view restriction.

    `prefix` names the relation to the page: `""` for a page queryset, `"page__"` for event
    dates, `"venue__"` for an event's venue."""
    condition = Q(**{f"{prefix}live": True})
    for path in restricted_paths():
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


def visible(pages: QuerySet) -> QuerySet:
    """`pages` reduced to what the public may see (Wagtail's `.live().public()`, in one place
    and without a query for the restrictions once warm)."""
    return pages.filter(public_q())


def is_public(page) -> bool:
    """Whether one page is public (for a page at hand: a detail page's related content)."""
    return page.live and not any(page.path.startswith(path) for path in restricted_paths())


class KnownRestrictionsMixin:
    """For every page model: Wagtail checks the view restrictions of each page it serves
    (`get_view_restrictions`, two queries: the ancestors and their aliases, then the
    restrictions). Where no restricted path is above the page, aliases included, none applies
    and none is read; elsewhere Wagtail's own check decides."""

    def get_view_restrictions(self):
        if self.path and not any(self.path.startswith(path) for path in restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
