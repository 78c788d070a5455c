"""Routing a request to its page in three queries, whatever the page's depth.

Wagtail walks the path one slug at a time: for each level the child's row, then its specific
row; an event three levels below a site's home costs seven queries, and each of them is built
by the ORM for the request. `DirectRouteMixin` (on the site's root, where Wagtail starts the
walk) reads the pages on the way at once, by their depths and slugs under the root, takes
their classes from the content types (cached), and reads only the page served and its parent
(which pages read: an event's organizer).

The outcome is Wagtail's own, and Wagtail's walk takes over whenever it could differ:
- a live page on the way with its own routes (`RoutablePageMixin`) answers the rest of the
  path when one of its routes matches it, before its children: then the walk does it;
- a page on the way, or the page served, that routes in another way (its own `route`) is
  left to the walk;
- the page served routes what remains of the path itself (its routes, or a 404), and says
  whether it is live, as in the walk.

A page model may name the relations its page always shows (`served_with`, for
`select_related`: an event's venue and image): they are read with the page, in one query."""

import pickle

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import Resolver404
from django.utils.translation import get_language

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from .content_cache import request_memo, structure_cached

# Where the request's memo keeps the site's home the request was routed from.
ROUTED_HOME = "routed-home"
# Deeper paths are left to Wagtail's walk, which stops at the first unknown slug: the network's
# pages are at most five levels below a home, and a robot's path of a thousand segments would
# make a query the database refuses.
MAX_LEVELS = 10


def _plain_route(cls) -> bool:
    """The class routes as Wagtail's `Page` does (children by slug), or with plain routes."""
    return cls.route in (Page.route, RoutablePageMixin.route) and (
        cls.route is Page.route or cls.resolve_subpage is RoutablePageMixin.resolve_subpage
    )


def _answers_itself(cls, live: bool, rest: list[str]) -> bool:
    """Whether a page of `cls` on the way would answer `rest` with one of its own routes."""
    if not (live and issubclass(cls, RoutablePageMixin)):
        return False
    try:
        cls.get_resolver().resolve("/" + "".join(f"{part}/" for part in rest))
    except Resolver404:
        return False
    return True


def direct_route(root: Page, request, components: list[str]):
    """The route of `components` below `root`, or None when Wagtail's walk must decide."""
    depth = root.depth
    wanted = Q()
    for level, slug in enumerate(components, start=1):
        wanted |= Q(depth=depth + level, slug=slug)
    rows = {
        (row_depth, path[: -Page.steplen], slug): (pk, path, content_type_id, live)
        for pk, path, row_depth, slug, content_type_id, live in Page.objects.filter(
            wanted, path__startswith=root.path
        ).values_list("pk", "path", "depth", "slug", "content_type_id", "live")
    }
    chain, parent_path = [], root.path
    for level, slug in enumerate(components, start=1):
        row = rows.get((depth + level, parent_path, slug))
        if row is None:
            break
        chain.append(row)
        parent_path = row[1]
    if not chain:
        return None
    classes = [ContentType.objects.get_for_id(row[2]).model_class() for row in chain]
    if not all(cls is not None and _plain_route(cls) for cls in classes):
        return None
    for level, ((_, _, _, live), cls) in enumerate(zip(chain[:-1], classes, strict=False)):
        if _answers_itself(cls, live, components[level + 1 :]):
            return None
    parent = classes[-2]._default_manager.get(pk=chain[-2][0]) if len(chain) > 1 else root
    page = (
        classes[-1]
        ._default_manager.select_related(*getattr(classes[-1], "served_with", ()))
        .get(pk=chain[-1][0])
    )
    page._cached_parent_obj = parent  # as the walk leaves it: `get_parent()` reads no row
    return page.route(request, components[len(chain) :])


def routed_home(path: str) -> Page | None:
    """The site's home (in one language) this request was routed from, if its tree path is
    `path`: a page served asks for its site's home, which routing has already read."""
    memo = request_memo.get()
    home = memo.get(ROUTED_HOME) if memo is not None else None
    return home if home is not None and home.path == path else None


class DirectRouteMixin:
    """For a site's root page: route the requests below it with `direct_route`, from the home
    in the request's language kept with the site's structure (`localized`)."""

    @property
    def localized(self):
        """Wagtail's answer (the live translation in the active language, else this page, as
        its specific page), kept per structure version: Wagtail's routing asks for it on every
        request, a query for the active locale, one for the translation, one for its row. A
        home published, unpublished or moved renews its site's structure version."""
        kept = structure_cached(
            "localized-home",
            lambda: pickle.dumps(super(DirectRouteMixin, self).localized.specific),
            self.pk,
            get_language(),
        )
        return pickle.loads(kept)

    def route(self, request, path_components):
        memo = request_memo.get()
        if memo is not None:
            memo[ROUTED_HOME] = self
        if 0 < len(path_components) <= MAX_LEVELS:
            result = direct_route(self, request, path_components)
            if result is not None:
                return result
        return super().route(request, path_components)
