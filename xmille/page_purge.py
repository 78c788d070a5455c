"""What a change to published content purges, through `wagtail.contrib.frontend_cache`.

A publication, unpublication, move or deletion of a page purges the public URLs that show it,
and only those (`purge_urls(page)`):
- the page itself, its feeds and its sub-pages without parameters (`get_cached_paths()` plus
  the routes of a routable page: an event's `feed.ics`, the agenda's map and GeoJSON...);
- its ancestors below the root (home, region, organizer, magazine) in every language: they
  list it, and a language without a translation lists the French page instead;
- what the page type says shows it elsewhere (`shown_on_pages(home=None)`: an event's venue
  and its site's agendas, a magazine piece's subjects), on its own site and on each site it is
  shared with (`xmille.sharing`), whose homes are purged too;
- per site it is on or shared with, the sitemap, the public API lists and the search page
  (`XMILLE_PURGE_SITE_PATHS`).
A purge of a path drops every query-string variant of it in our own cache
(`xmille.page_cache`): the agenda's filtered variants go with the agenda.

Saving a draft purges nothing (nor does a save that only records a revision, a lock or a
workflow step). The content version of the page's site is renewed at once
(`xmille.content_cache.site_changed`); the URLs are computed and purged by a background task
(`xmille.tasks`), which renews the other sites touched (those it is shared with, those of the
pages that show it: a piece about another site's event), except on an unpublication or
deletion, where all of it is done before the page changes and only the purge is queued.
A change of a view restriction drops our whole page cache (a subtree may have just become
private) and purges the page's URLs and its subtree's on the CDN."""

import logging
from types import SimpleNamespace

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from .content_cache import changes_site_structure, content_changed, site_changed

logger = logging.getLogger(__name__)

# Subtrees larger than this are not purged URL by URL on a CDN (they expire by s-maxage).
MAX_SUBTREE_URLS = 2000


def sites_of(page) -> list[int]:
    """The site(s) whose tree holds `page` (any language), from Wagtail's cached root paths."""
    url_path = page.url_path or ""
    return sorted(
        {root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)}
    )


def shared_site_ids(page) -> list[int]:
    """The sites that list `page` through a share (the share names the French original)."""
    from .models import EventShare

    if not getattr(page.specific_class, "network_shareable", False):
        return []
    originals = Page.objects.filter(translation_key=page.translation_key).values("pk")
    return sorted(
        set(EventShare.objects.filter(event__in=originals).values_list("site_id", flat=True))
    )


def _page_urls(page, cache_object) -> list[str]:
    """The page's own URLs: itself, `get_cached_paths()` and the routes without parameters."""
    base = page.get_full_url(cache_object)
    if not base:
        return []
    specific = page.specific_deferred
    paths = set(specific.get_cached_paths())
    for pattern in getattr(specific, "get_subpage_urls", lambda: [])():
        if getattr(pattern.pattern, "converters", None) or "<" in str(pattern.pattern):
            continue
        route = str(pattern.pattern)
        paths.add(route)
        if route.endswith(".ics/"):
            paths.add(route.rstrip("/"))  # `<page>feed.ics` as the feeds link to it
    return sorted(base + path.lstrip("/") for path in paths)


def _translations(pages) -> list[Page]:
    keys = {page.translation_key for page in pages}
    if not keys:
        return []
    return list(Page.objects.filter(translation_key__in=keys, depth__gt=1).order_by("path"))


def pages_showing(page, site_ids: list[int] | None = None) -> list[Page]:
    """The pages whose public URLs show `page`: itself, its ancestors in every language, what
    its type names (`shown_on_pages`), and, on each other site in `site_ids` (shares), that
    site's homes and what the type names there."""
    specific = page.specific
    pages = {page.pk: page}
    ancestors = list(page.get_ancestors().filter(depth__gt=1))
    for other in _translations(ancestors):
        pages[other.pk] = other
    shown_on = getattr(specific, "shown_on_pages", None)
    if shown_on is not None:
        for other in shown_on():
            pages[other.pk] = other
    own = set(sites_of(page))
    for site in Site.objects.filter(pk__in=set(site_ids or ()) - own).select_related("root_page"):
        homes = _translations([site.root_page])
        for other in homes:
            pages[other.pk] = other
        if shown_on is not None:
            for other in shown_on(home=site.root_page):
                pages[other.pk] = other
    return list(pages.values())


def site_paths_urls(site_ids) -> list[str]:
    urls = []
    for site in Site.objects.filter(pk__in=set(site_ids)):
        urls.extend(site.root_url + path for path in settings.XMILLE_PURGE_SITE_PATHS)
    return urls


def network_paths_urls() -> list[str]:
    """The network-wide lists (`XMILLE_PURGE_NETWORK_PATHS`) on every site."""
    paths = getattr(settings, "XMILLE_PURGE_NETWORK_PATHS", ())
    return [site.root_url + path for site in Site.objects.all() for path in paths]


def purge_urls(page, extra_site_ids=()) -> tuple[list[str], list[int]]:
    """(URLs to purge, sites touched) for a change to `page` (see the module docstring)."""
    shares = shared_site_ids(page)
    site_ids = sorted({*sites_of(page), *shares, *extra_site_ids})
    cache_object = SimpleNamespace()  # Wagtail keeps the site root paths on it
    urls = set()
    touched = set(site_ids)
    for shown in pages_showing(page, site_ids):
        urls.update(_page_urls(shown, cache_object))
        # A page of another site that shows it (a piece's subject): that site's fragments too.
        touched.update(sites_of(shown))
    urls.update(site_paths_urls(site_ids))
    urls.update(network_paths_urls())
    return sorted(urls), sorted(touched)


def subtree_urls(page) -> list[str]:
    cache_object = SimpleNamespace()  # Wagtail keeps the site root paths on it
    urls = []
    for descendant in page.get_descendants().live()[:MAX_SUBTREE_URLS]:
        urls.extend(_page_urls(descendant, cache_object))
    return urls


# Page saves that only record a revision, a lock or a workflow step: nothing public changes.
BOOKKEEPING_FIELDS = frozenset(
    {
        "comments",
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
        "approved_go_live_at",
    }
)


# Signal handlers -----------------------------------------------------------------------------


def _enqueue_page(page_id: int, extra_site_ids=(), *, structure: bool = True) -> None:
    from .tasks import purge_page_task

    purge_page_task.enqueue(page_id, list(extra_site_ids), structure)


def _enqueue_urls(urls: list[str]) -> None:
    from .tasks import purge_urls_task

    if urls:
        purge_urls_task.enqueue(sorted(set(urls)))


def on_published(sender, instance, **kwargs) -> None:
    structure = changes_site_structure(instance)
    site_changed(*sites_of(instance), structure=structure)
    _enqueue_page(instance.pk, structure=structure)


def on_page_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """A live page saved outside a publication: its site's fragments at once, and, for a page
    created live (a script, an import, a test's factory: no `page_published`), its site's
    whole pages. A draft (not live) or a revision's bookkeeping changes nothing public."""
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and not set(update_fields) - BOOKKEEPING_FIELDS:
        return
    site_ids = sites_of(instance)
    site_changed(*site_ids, structure=changes_site_structure(instance))
    if created:
        from .page_cache import purge_site

        for site in Site.objects.filter(pk__in=site_ids):
            purge_site(site.hostname)


def on_unpublished(sender, instance, **kwargs) -> None:
    """Also sent before a live page is deleted: the URLs are computed now, while it exists.
    Its own kept copies go at once (none is served while the lists are built again)."""
    from .page_cache import drop_url

    for url in _page_urls(instance, SimpleNamespace()):
        drop_url(url)
    urls, site_ids = purge_urls(instance)
    site_changed(*site_ids, structure=changes_site_structure(instance))
    _enqueue_urls(urls)


def on_pre_move(sender, instance, **kwargs) -> None:
    if not instance.live:
        return
    urls, site_ids = purge_urls(instance)
    urls += subtree_urls(instance)
    site_changed(*site_ids)
    _enqueue_urls(urls)


def on_post_move(sender, instance, **kwargs) -> None:
    if (
        PageViewRestriction.objects.filter(page__path__startswith=instance.path).exists()
        or Page.objects.filter(path__startswith=instance.path, alias_of__isnull=False).exists()
    ):
        content_changed()  # the restricted paths (an alias's among them) moved with their pages
    if not instance.live:
        return
    site_changed(*sites_of(instance))
    _enqueue_page(instance.pk)
    _enqueue_urls(subtree_urls(instance))


def on_share_changed(sender, instance, **kwargs) -> None:
    site_changed(instance.site_id, structure=False)  # an event shared: the site's lists
    if Page.objects.filter(pk=instance.event_id, live=True).exists():
        _enqueue_page(instance.event_id, [instance.site_id], structure=False)


def on_restriction_changed(sender, instance, **kwargs) -> None:
    """A page (and its subtree) became private or public again: nothing kept may outlive it."""
    from .page_cache import purge_network

    content_changed()
    purge_network()
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _enqueue_page(page.pk)
        _enqueue_urls(subtree_urls(page))


def connect() -> None:
    from .models import EventShare
    from .page_cache import forget_sites

    page_published.connect(on_published, dispatch_uid="xmille-purge-published")
    post_save.connect(on_page_saved, dispatch_uid="xmille-purge-page-saved")
    page_unpublished.connect(on_unpublished, dispatch_uid="xmille-purge-unpublished")
    pre_page_move.connect(on_pre_move, dispatch_uid="xmille-purge-pre-move")
    post_page_move.connect(on_post_move, dispatch_uid="xmille-purge-post-move")
    for signal in (post_save, post_delete):
        signal.connect(
            on_share_changed, sender=EventShare, dispatch_uid=f"xmille-purge-share-{id(signal)}"
        )
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"xmille-purge-restriction-{id(signal)}",
        )
        signal.connect(forget_sites, sender=Site, dispatch_uid=f"xmille-forget-sites-{id(signal)}")
