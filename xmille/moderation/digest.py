"""The weekly digest: one e-mail per moderator saying what waits in their regions and what has
waited too long, each item linked to its one-screen review on its site's own address (the
`Site`'s host and port, never a development default).

Sent by `manage.py send_moderation_digest`, for a scheduler (cron, systemd timer) to run once a
week. Moderators with nothing waiting get nothing. Network admins, who may act everywhere as a
last resort, are not sent the whole network's queue unless they moderate a region too."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from wagtail.users.models import UserProfile

from .registry import QueueItem, Scope, scope_for, waiting_for

OLD_AFTER_DAYS = 7


@dataclass
class Digest:
    user: object
    items: list[QueueItem]
    old: list[QueueItem]
    queue_url: str


def moderators():
    """Active users with an e-mail address in a region's "Moderators" group."""
    from ..models import RoleGroup

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__xmille_role__role=RoleGroup.Role.MODERATOR,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def absolute(item_or_site, path: str) -> str:
    """`path` on the site's real address (its `root_url`), else on WAGTAILADMIN_BASE_URL."""
    site = getattr(item_or_site, "site", item_or_site)
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}{path}"


def _moderator_only(user, scope: Scope) -> Scope:
    """The regions the user moderates as such (not everything as a network admin)."""
    return Scope(areas=scope.areas) if scope.everything else scope


def digest_for(user, old_after: int = OLD_AFTER_DAYS) -> Digest:
    scope = _moderator_only(user, scope_for(user))
    items = waiting_for(user, scope)
    for item in items:
        item.url = absolute(item, item.review_url)
        item.old = item.is_old(old_after)
    site = next((item.site for item in items if item.site), None)
    return Digest(
        user=user,
        items=items,
        old=[item for item in items if item.old],
        queue_url=absolute(site, reverse("xmille_moderation_queue")),
    )


def send_digest(digest: Digest, old_after: int = OLD_AFTER_DAYS) -> None:
    user = digest.user
    language = UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = ngettext(
            "[Xmille] %(count)s contenu à modérer",
            "[Xmille] %(count)s contenus à modérer",
            len(digest.items),
        ) % {"count": len(digest.items)}
        if digest.old:
            subject += ngettext(
                ", dont %(count)s en attente depuis plus de %(days)s jours",
                ", dont %(count)s en attente depuis plus de %(days)s jours",
                len(digest.old),
            ) % {"count": len(digest.old), "days": old_after}
        body = render_to_string(
            "xmille/moderation/digest.txt",
            {"digest": digest, "user": user, "old_after": old_after},
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_digests(old_after: int = OLD_AFTER_DAYS, dry_run: bool = False) -> list[Digest]:
    """Build and (unless `dry_run`) send every moderator's digest; those sent are returned."""
    sent = []
    for user in moderators():
        digest = digest_for(user, old_after)
        if not digest.items:
            continue
        if not dry_run:
            send_digest(digest, old_after)
        sent.append(digest)
    return sent
