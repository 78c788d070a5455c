"""Tombstones: what the public could see and no longer can, for the API's `updated_since`
clients (`xmille.models.Tombstone`).

Filled from Wagtail's and Django's signals, whatever the door (admin, workflow, command):
`page_unpublished`, a page's deletion (with its subtree: Wagtail deletes descendants through
a Page queryset, which sends `pre_delete` for each), and a new view restriction (the page and
its live subtree). Only pages that were public are recorded: a draft never left. Publishing
again removes the page's tombstones."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .visibility import is_public


def _kind(page: Page) -> str:
    content_type = ContentType.objects.get_for_id(page.content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _url(page: Page) -> str:
    try:
        return page.get_full_url() or ""
    except Exception:  # a page whose site is gone: the id and key still identify it
        return ""


def bury(pages, reason: str) -> None:
    """One tombstone per page, the latest reason winning, except that a deletion stays a
    deletion (Wagtail unpublishes a live page in the middle of deleting it)."""
    from .models import Tombstone

    now = timezone.now()
    for page in pages:
        existing = Tombstone.objects.filter(page_id=page.pk).first()
        if existing is not None:
            if existing.reason != Tombstone.Reason.DELETED or reason == Tombstone.Reason.DELETED:
                existing.reason, existing.removed_at = reason, now
                existing.save(update_fields=["reason", "removed_at"])
            continue
        Tombstone.objects.create(
            page_id=page.pk,
            translation_key=page.translation_key,
            kind=_kind(page),
            path=page.path,
            url=_url(page),
            reason=reason,
            removed_at=now,
        )


def _unpublished(sender, instance, **kwargs) -> None:
    from .models import Tombstone

    bury([instance], Tombstone.Reason.UNPUBLISHED)


def _deleted(sender, instance, **kwargs) -> None:
    from .models import Tombstone

    if is_public(instance) or Tombstone.objects.filter(page_id=instance.pk).exists():
        bury([instance], Tombstone.Reason.DELETED)


def _restricted(sender, instance, created=False, **kwargs) -> None:
    from .models import Tombstone

    if created:
        pages = Page.objects.filter(path__startswith=instance.page.path, live=True)
        bury(list(pages), Tombstone.Reason.RESTRICTED)


def _published(sender, instance, **kwargs) -> None:
    from .models import Tombstone

    Tombstone.objects.filter(page_id=instance.pk).delete()


def connect() -> None:
    page_unpublished.connect(_unpublished, dispatch_uid="xmille-tombstone-unpublished")
    page_published.connect(_published, dispatch_uid="xmille-tombstone-published")
    pre_delete.connect(_deleted, sender=Page, dispatch_uid="xmille-tombstone-deleted")
    post_save.connect(
        _restricted, sender=PageViewRestriction, dispatch_uid="xmille-tombstone-restricted"
    )
