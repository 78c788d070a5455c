"""Sharing between sites: an event listed in another site's agenda, never copied.

An event lives once, under its organizer, on its own site (its URL there is the one canonical
URL). A share record (`xmille.models.EventShare`: the event, the receiving site, who shared it,
hidden/featured flags) lists it in the receiving site's agenda in every language, through the
same language rule as the site's own events (`xmille.locales.in_language_q`: the translation
when public, else the French original marked "en français"). The card says where the event comes
from and links to the origin's page on the origin's host; deleting the record ("unsharing")
removes it everywhere at once.

Who does what:
- sharing and unsharing: whoever may edit the event (its organizer, the region's moderators,
  the site's editors-in-chief, network admins) — `can_share`;
- hiding and featuring on the receiving site: its moderators, its editors-in-chief, network
  admins — `can_moderate_site`; they never edit the event itself.

xmille imports no app: a page is shareable when its class says `network_shareable = True`
(EventPage does). The record points to the French original (it covers its translations).
"""

from django.db.models import Q, QuerySet

from wagtail.models import Page, Site

from .content_cache import request_memo
from .locales import SOURCE_LANGUAGE, in_language_q, locale_by_id
from .models import EventShare, RoleGroup

SITE_HOME_DEPTH = 2  # Root is 1, each site's home (in each language) 2
SITE_ROLES = (RoleGroup.Role.MODERATOR, RoleGroup.Role.EDITOR_IN_CHIEF)


def is_shareable(page: Page) -> bool:
    return bool(getattr(page.specific_class, "network_shareable", False))


def _site_root_paths() -> list:
    """Wagtail's root paths, read from the cache once per request."""
    memo = request_memo.get()
    if memo is None:
        return Site.get_site_root_paths()
    if "site-root-paths" not in memo:
        memo["site-root-paths"] = Site.get_site_root_paths()
    return memo["site-root-paths"]


def site_id_of(page: Page, roots=None) -> int | None:
    """The site `page` belongs to (any language), from Wagtail's cached root paths: no query
    once warm. `roots`: `Site.get_site_root_paths()` read once for a whole list (each call
    reads the cache, a round trip to Redis in production)."""
    best = None
    for root in _site_root_paths() if roots is None else roots:
        if page.url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    return best.site_id if best else None


def original_of(page: Page) -> Page:
    """The French original of `page` (itself when French or without one)."""
    if page.locale.language_code == SOURCE_LANGUAGE:
        return page
    original = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=SOURCE_LANGUAGE
    ).first()
    return original or page


# -- what a site's agenda lists --------------------------------------------------------------


def shared_events_q(root: Page, prefix: str = "page__") -> Q | None:
    """The pages at `prefix` shared with `root`'s site (not hidden there), in `root`'s language
    or in French when not publicly translated; None when `root` is not a site's home (regions
    and organizers list their own events only). Public-ness is the caller's `public_q`."""
    if root.depth != SITE_HOME_DEPTH:
        return None
    site_id = site_id_of(root)
    if site_id is None:
        return None
    keys = EventShare.objects.filter(site_id=site_id, hidden=False).values("event__translation_key")
    return Q(**{f"{prefix}translation_key__in": keys}) & in_language_q(
        locale_by_id(root.locale_id), prefix
    )


def featured_keys(root: Page) -> QuerySet | None:
    """Translation keys of the events featured on `root`'s site (a subquery), or None."""
    if root.depth != SITE_HOME_DEPTH:
        return None
    site_id = site_id_of(root)
    if site_id is None:
        return None
    return EventShare.objects.filter(site_id=site_id, hidden=False, featured=True).values(
        "event__translation_key"
    )


# -- who may do what -------------------------------------------------------------------------


def can_share(user, page: Page) -> bool:
    """Whether `user` may share `page` with another site, or unshare it: who may edit it."""
    if not (user.is_authenticated and user.is_active) or not is_shareable(page):
        return False
    return page.permissions_for_user(user).can_edit()


def can_moderate_site(user, site: Site) -> bool:
    """Whether `user` may hide or feature what is shared with `site`: its moderators and
    editors-in-chief, network admins."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    roles = RoleGroup.objects.filter(group__user=user)
    if roles.filter(role=RoleGroup.Role.NETWORK_ADMIN).exists():
        return True
    home_paths = [
        p.path for p in Page.objects.filter(translation_key=site.root_page.translation_key)
    ]
    anchored = Q()
    for path in home_paths:
        anchored |= Q(page__path__startswith=path)
    return roles.filter(anchored, role__in=SITE_ROLES).exists()


def moderated_site_ids(user) -> list[int]:
    """The sites whose shares `user` may hide or feature."""
    return [
        site.pk
        for site in Site.objects.select_related("root_page")
        if can_moderate_site(user, site)
    ]


def target_sites(page: Page) -> QuerySet:
    """The sites `page` may still be shared with: every other site not sharing it yet."""
    original = original_of(page)
    return (
        Site.objects.exclude(pk=site_id_of(original))
        .exclude(received_shares__event=original)
        .order_by("site_name", "hostname")
    )


def share(page: Page, site: Site, user) -> EventShare:
    """Share `page` (its French original) with `site`; the existing record if already shared.
    The caller checks `can_share`; sharing with the event's own site is refused."""
    original = original_of(page)
    if site.pk == site_id_of(original):
        raise ValueError("an event is already listed on its own site")
    record, _created = EventShare.objects.get_or_create(
        event=original, site=site, defaults={"shared_by": user}
    )
    return record


def shares_of(page: Page) -> QuerySet:
    return EventShare.objects.filter(event=original_of(page)).select_related("site")
