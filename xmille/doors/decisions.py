"""How what people send without an account is stored once, who decides on it, and how a
decision is made and told. Every door (`xmille.doors.contributors`, `events.doors`) passes
what is its own: its model, who may decide, what an approval creates, its e-mails.

- Organizations' requests and event proposals: the region's moderators and network admins
  (`moderates_region`, `decidable_regions`, `in_region`).
- Contributors' requests: the site's editors-in-chief and network admins (`edits_site`,
  `decidable_sites`, `on_site`).

A request is stored once (`store_once`: the model's `one_pending` constraint settles a double
click). A decision locks the record's row (`claim`): of two clicks, or two reviewers at once,
one decides and the other finds it decided; nothing is created twice. The person hears the
outcome by e-mail, in the language they used, once the decision is committed (`tell`).
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, Site

from xmille.models import DoorRecord, RoleGroup

from .accounts import in_language, send_message

Role = RoleGroup.Role

Message = Callable[..., tuple[str, str]]
"""`message(record, ...)` -> (subject, body), called in the person's language."""


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


def in_region(user, record) -> bool:
    """Whether `user` may decide on `record`, a request for its `region`'s moderators."""
    return moderates_region(user, record.region)


def edits_site(user, site: Site | None) -> bool:
    """Network admins, and the editors-in-chief of `site`."""
    if not _active(user) or site is None:
        return False
    return is_network_admin(user) or _anchored(user, Role.EDITOR_IN_CHIEF, site.root_page)


def on_site(user, record) -> bool:
    """Whether `user` may decide on `record`, a request for its `site`'s editors-in-chief."""
    return edits_site(user, record.site)


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


def store_once(model: type[DoorRecord], pending: dict, build: Callable[[], DoorRecord]):
    """(record, created): the pending record matching `pending` (field lookups), else the one
    `build()` makes, saved. `build` runs only when nothing is pending (it may store a file).
    Of two parallel sends, the second loses to the model's `one_pending` constraint and gets
    the first one's record."""

    def pending_record():
        return model.objects.filter(status=model.Status.PENDING, **pending).first()

    existing = pending_record()
    if existing is not None:
        return existing, False
    record = build()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # a parallel double click stored it first
        existing = pending_record()
        if existing is None:
            raise
        return existing, False
    return record, True


def tell(record: DoorRecord, message: Message, *args) -> None:
    """E-mail `message(record, *args)` to the person who sent `record`, in their language."""
    with in_language(record.language):
        send_message(record.email, *message(record, *args))


def claim(model, pk: int, reviewer, may_decide) -> DoorRecord | None:
    """The pending record `pk`, its row locked until the transaction ends; None when it is
    decided already (a second click) or gone. PermissionError unless
    `may_decide(reviewer, record)`. Call inside `transaction.atomic()`."""
    record = model.objects.select_for_update().filter(pk=pk, status=model.Status.PENDING).first()
    if record is not None and not may_decide(reviewer, record):
        raise PermissionError
    return record


def record_decision(record, user, status: str, reason: str = "") -> None:
    record.status = status
    record.reason = reason
    record.decided_by = user
    record.decided_at = timezone.now()
    record.save()


def approve(
    model: type[DoorRecord],
    pk: int,
    reviewer,
    *,
    may_decide: Callable,
    carry_out: Callable,
    message: Message,
    recorded: Callable | None = None,
):
    """The pending record `pk` approved; None when it was decided already. PermissionError
    unless `may_decide(reviewer, record)`.

    `carry_out(record)` creates what the approval opens (an account, pages) in the decision's
    transaction: when it fails, the request stays pending. `recorded(record, done)`, if given,
    runs in that transaction too, once the approval is recorded; `message(record, done)` is
    e-mailed after the commit (`done` is what `carry_out` returned)."""
    with transaction.atomic():
        record = claim(model, pk, reviewer, may_decide)
        if record is None:
            return None
        done = carry_out(record)
        record_decision(record, reviewer, model.Status.APPROVED)
        if recorded is not None:
            recorded(record, done)
    tell(record, message, done)
    return record


def refuse(
    model: type[DoorRecord],
    pk: int,
    reviewer,
    reason: str,
    *,
    may_decide: Callable,
    message: Message,
):
    """The pending record `pk` refused with `reason`; None when it was decided already.
    PermissionError unless `may_decide(reviewer, record)`. `message(record)` (the reason is
    `record.reason`) is e-mailed after the commit."""
    with transaction.atomic():
        record = claim(model, pk, reviewer, may_decide)
        if record is None:
            return None
        record_decision(record, reviewer, model.Status.REJECTED, reason)
    tell(record, message)
    return record
