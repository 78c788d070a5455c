"""People who want to contribute to a site's magazine: writers, photographers, videographers,
local radios. The site's editors-in-chief approve (the person becomes a member of "Writers
<site>", that site's only: writers add pieces under that site's magazine, which the
"Magazine" workflow then proofreads and approves) or decline with a reason.

`contributor_approved` is sent once an approval is recorded: the magazine answers it by
giving the person an author profile, so that photographers and videographers are credited
on pieces (xmille imports no app).
"""

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from xmille.models import ContributorRequest, RoleGroup
from xmille.roles import role_group

from .accounts import in_language, open_account, send_message, welcome_body
from .decisions import claim, edits_site, record_decision

Status = ContributorRequest.Status

contributor_approved = Signal()
"""Sent with `record` (a ContributorRequest) and `user` after an approval."""


class DecisionError(Exception):
    """An approval that cannot be done; the message says why, for the reviewer."""


def submit(cleaned: dict, site, language: str) -> tuple[ContributorRequest, bool]:
    """(record, created): the pending request of this e-mail on this site, stored once
    however many times it is sent. The acknowledgement goes out once."""
    email = cleaned["email"].strip().lower()
    fields = {k: cleaned[k] for k in ("name", "kind", "about", "wishes", "sample_url")}
    with transaction.atomic():
        existing = ContributorRequest.objects.filter(
            site=site, email=email, status=Status.PENDING
        ).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                record = ContributorRequest.objects.create(
                    site=site, email=email, language=language, **fields
                )
        except IntegrityError:  # a parallel double click won the unique constraint
            existing = ContributorRequest.objects.filter(
                site=site, email=email, status=Status.PENDING
            ).first()
            if existing is None:
                raise
            return existing, False
    with in_language(language):
        send_message(
            email,
            _("Votre demande pour contribuer à %(site)s") % {"site": site.site_name},
            _(
                "Bonjour %(name)s,\n\nNous avons bien reçu votre demande pour contribuer au "
                "magazine de %(site)s. La rédaction en chef vous répondra par e-mail.\n\n"
                "L'équipe de %(site)s"
            )
            % {"name": record.name, "site": site.site_name},
        )
    return record, True


def approve(pk: int, reviewer) -> ContributorRequest | None:
    """Approve the pending request `pk`: the person's account (created if new) joins the site's
    writers. None when it was decided already. Raises PermissionError for anyone but the
    site's editors-in-chief and network admins."""
    with transaction.atomic():
        record = claim(ContributorRequest, pk)
        if record is None:
            return None
        if not edits_site(reviewer, record.site):
            raise PermissionError
        writers = role_group(RoleGroup.Role.WRITER, record.site.root_page)
        if writers is None:
            raise DecisionError(
                _(
                    "Le groupe des rédacteurs de %(site)s n'existe pas encore : un "
                    "administrateur du réseau doit lancer « setup_roles »."
                )
                % {"site": record.site.site_name}
            )
        first, _sep, last = record.name.partition(" ")
        user, created = open_account(record.email, first, last)
        user.groups.add(writers)
        record.user = user
        record_decision(record, reviewer, Status.APPROVED)
        contributor_approved.send(sender=ContributorRequest, record=record, user=user)
    with in_language(record.language):
        send_message(
            record.email,
            _("Bienvenue dans la rédaction de %(site)s") % {"site": record.site.site_name},
            welcome_body(
                user,
                _(
                    "Bonjour %(name)s,\n\nVotre demande est acceptée : vous pouvez écrire "
                    "des articles pour le magazine de %(site)s. Ils sont relus puis validés "
                    "par la rédaction en chef avant publication."
                )
                % {"name": record.name, "site": record.site.site_name},
                created,
            ),
        )
    return record


def reject(pk: int, reviewer, reason: str) -> ContributorRequest | None:
    """Decline the pending request `pk` with `reason` (e-mailed); None if decided already."""
    with transaction.atomic():
        record = claim(ContributorRequest, pk)
        if record is None:
            return None
        if not edits_site(reviewer, record.site):
            raise PermissionError
        record_decision(record, reviewer, Status.REJECTED, reason)
    with in_language(record.language):
        send_message(
            record.email,
            _("Votre demande pour contribuer à %(site)s") % {"site": record.site.site_name},
            _(
                "Bonjour %(name)s,\n\nLa rédaction en chef de %(site)s ne peut pas donner "
                "suite à votre demande. Sa raison :\n\n%(reason)s\n\nL'équipe de %(site)s"
            )
            % {"name": record.name, "site": record.site.site_name, "reason": reason},
        )
    return record
