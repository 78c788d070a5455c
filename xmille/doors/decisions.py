"""Who decides on what people send without an account, and how a decision is recorded.

- Organizations' requests and event proposals: the region's moderators and network admins
  (`moderates_region`, `decidable_regions`).
- Contributors' requests: the site's editors-in-chief and network admins (`edits_site`).

A decision locks the record's row (`claim`): of two clicks, or two reviewers at once, one
decides and the other finds it decided; nothing is created twice.
"""

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, Site

from xmille.models import RoleGroup

Role = RoleGroup.Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_network_admin(user) -> bool:
    if not _active(user):
        return False
    return (
        user.is_superuser
        or RoleGroup.objects.filter(group__user=user, role=Role.NETWORK_ADMIN).exists()
    )


def _anchored(user, role: str, page: Page) -> bool:
    """Whether `user` plays `role` anchored on `page` or one of its translations."""
    return RoleGroup.objects.filter(
        group__user=user, role=role, page__translation_key=page.translation_key
    ).exists()


def moderates_region(user, region: Page | None) -> bool:
    """Network admins, and the moderators of `region` (in any of its languages)."""
    if not _active(user) or region is None:
        return False
    return is_network_admin(user) or _anchored(user, Role.MODERATOR, region)


def decidable_regions(user) -> Q:
    """The condition on a `region` foreign key for the records `user` may see and decide."""
    if is_network_admin(user):
        return Q()
    if not _active(user):
        return Q(pk__in=[])
    keys = RoleGroup.objects.filter(group__user=user, role=Role.MODERATOR).values(
        "page__translation_key"
    )
    return Q(region__translation_key__in=keys)


def edits_site(user, site: Site | None) -> bool:
    """Network admins, and the editors-in-chief of `site`."""
    if not _active(user) or site is None:
        return False
    return is_network_admin(user) or _anchored(user, Role.EDITOR_IN_CHIEF, site.root_page)


def decidable_sites(user) -> Q:
    """The condition on a `site` foreign key for the records `user` may see and decide."""
    if is_network_admin(user):
        return Q()
    if not _active(user):
        return Q(pk__in=[])
    keys = RoleGroup.objects.filter(group__user=user, role=Role.EDITOR_IN_CHIEF).values(
        "page__translation_key"
    )
    return Q(site__root_page__translation_key__in=keys)


def involved(user) -> bool:
    """Whether `user` has any queue of requests to look at."""
    return _active(user) and (
        user.is_superuser
        or RoleGroup.objects.filter(
            group__user=user,
            role__in=[Role.NETWORK_ADMIN, Role.MODERATOR, Role.EDITOR_IN_CHIEF],
        ).exists()
    )


def claim(model, pk: int):
    """The pending record `pk`, its row locked until the transaction ends; None when it is
    decided already (a second click) or gone. Call inside `transaction.atomic()`."""
    return model.objects.select_for_update().filter(pk=pk, status=model.Status.PENDING).first()


def record_decision(record, user, status: str, reason: str = "") -> None:
    record.status = status
    record.reason = reason
    record.decided_by = user
    record.decided_at = timezone.now()
    record.save()
