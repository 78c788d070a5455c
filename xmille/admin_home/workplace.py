"""Where a contributor works: the pages their role groups are anchored on.

A role group (`xmille.models.RoleGroup`) names its role and its anchor page (the organizer, the
region, the site's home). Wagtail's own "explorable root" is the closest common ancestor of
every page a user holds a permission on; since each language is a sibling tree under Root,
that is Root for anyone whose group covers several languages. The admin home, the explorer's
menu entry and the venue chooser start from the anchor (in French, the source language)
instead: the page where the person actually works.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from wagtail.models import Page, Site

from ..models import RoleGroup
from ..workflows import site_for_page

Role = RoleGroup.Role

# The order in which a person's roles are shown, and the first one decides where the
# explorer opens.
ROLE_ORDER = [Role.ORGANIZER, Role.WRITER, Role.MODERATOR, Role.EDITOR_IN_CHIEF]
_CACHE = "_xmille_workplaces"


@dataclass
class Workplace:
    role: str
    anchor: Page  # the organizer page, the region, the site's home
    start: Page  # where the explorer opens: the anchor, or the site's magazine for writers
    site: Site | None


def is_network_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return RoleGroup.objects.filter(group__user=user, role=Role.NETWORK_ADMIN).exists()


def magazine_of(home: Page) -> Page | None:
    """The site's magazine index (looked up by name: `xmille` imports no app)."""
    try:
        model = apps.get_model("magazine", "MagazineIndexPage")
    except LookupError:
        return None
    return model.objects.child_of(home).order_by("path").first()


def workplaces(user) -> list[Workplace]:
    """The user's workplaces, in `ROLE_ORDER` then by title; cached on the user object for the
    request. Empty for anonymous users and for roles anchored nowhere (network admins)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    links = (
        RoleGroup.objects.filter(group__user=user, page__isnull=False)
        .filter(Q(role__in=ROLE_ORDER))
        .select_related("page")
    )
    result = []
    for link in links:
        anchor = link.page.specific
        site = site_for_page(anchor)
        start = anchor
        if link.role == Role.WRITER:
            start = magazine_of(anchor) or anchor
        result.append(Workplace(link.role, anchor, start, site))
    result.sort(key=lambda w: (ROLE_ORDER.index(w.role), w.anchor.title))
    setattr(user, _CACHE, result)
    return result


def main_workplace(user) -> Workplace | None:
    places = workplaces(user)
    return places[0] if places else None


def roles_of(user) -> set[str]:
    return {w.role for w in workplaces(user)}


def is_contributor_only(user) -> bool:
    """Organizers and writers who hold no reviewing role: the menus they cannot use are
    hidden from them."""
    if is_network_admin(user):
        return False
    roles = roles_of(user)
    return bool(roles) and roles <= {Role.ORGANIZER, Role.WRITER}
