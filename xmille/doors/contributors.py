"""People who want to contribute to a site's magazine: writers, photographers, videographers,
local radios. The site's editors-in-chief approve (the person becomes a member of "Writers
<site>", that site's only: writers add pieces under that site's magazine, which the
"Magazine" workflow then proofreads and approves) or decline with a reason.

`contributor_approved` is sent once an approval is recorded: the magazine answers it by
giving the person an author profile, so that photographers and videographers are credited
on pieces (xmille imports no app).
"""

from django.dispatch import Signal
from django.utils.translation import gettext as _

from xmille.models import ContributorRequest, RoleGroup
from xmille.roles import role_group

from . import decisions
from .accounts import open_account, welcome_body

contributor_approved = Signal()
"""Sent with `record` (a ContributorRequest) and `user` after an approval."""


class DecisionError(Exception):
    """An approval that cannot be done; the message says why, for the reviewer."""


def submit(cleaned: dict, site, language: str) -> tuple[ContributorRequest, bool]:
    """(record, created): the pending request of this e-mail on this site, stored once
    however many times it is sent. The acknowledgement goes out once."""
    email = cleaned["email"].strip().lower()
    fields = {k: cleaned[k] for k in ("name", "kind", "about", "wishes", "sample_url")}
    record, created = decisions.store_once(
        ContributorRequest,
        {"site": site, "email": email},
        lambda: ContributorRequest(site=site, email=email, language=language, **fields),
    )
    if created:
        decisions.tell(record, _received)
    return record, created


def _received(record: ContributorRequest) -> tuple[str, str]:
    site = record.site.site_name
    return (
        _("Votre demande pour contribuer à %(site)s") % {"site": site},
        _(
            "Bonjour %(name)s,\n\nNous avons bien reçu votre demande pour contribuer au "
            "magazine de %(site)s. La rédaction en chef vous répondra par e-mail.\n\n"
            "L'équipe de %(site)s"
        )
        % {"name": record.name, "site": site},
    )


def approve(pk: int, reviewer) -> ContributorRequest | None:
    """Approve the pending request `pk`: the person's account (created if new) joins the site's
    writers. None when it was decided already. Raises PermissionError for anyone but the
    site's editors-in-chief and network admins."""
    return decisions.approve(
        ContributorRequest,
        pk,
        reviewer,
        may_decide=decisions.on_site,
        carry_out=_make_writer,
        recorded=_announce,
        message=_welcome,
    )


def _make_writer(record: ContributorRequest):
    """(user, created): the person's account, now in the site's writers' group."""
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
    return user, created


def _announce(record: ContributorRequest, done) -> None:
    user, _created = done
    contributor_approved.send(sender=ContributorRequest, record=record, user=user)


def _welcome(record: ContributorRequest, done) -> tuple[str, str]:
    user, created = done
    site = record.site.site_name
    return (
        _("Bienvenue dans la rédaction de %(site)s") % {"site": site},
        welcome_body(
            user,
            _(
                "Bonjour %(name)s,\n\nVotre demande est acceptée : vous pouvez écrire "
                "des articles pour le magazine de %(site)s. Ils sont relus puis validés "
                "par la rédaction en chef avant publication."
            )
            % {"name": record.name, "site": site},
            created,
        ),
    )


def reject(pk: int, reviewer, reason: str) -> ContributorRequest | None:
    """Decline the pending request `pk` with `reason` (e-mailed); None if decided already."""
    return decisions.refuse(
        ContributorRequest, pk, reviewer, reason, may_decide=decisions.on_site, message=_declined
    )


def _declined(record: ContributorRequest) -> tuple[str, str]:
    site = record.site.site_name
    return (
        _("Votre demande pour contribuer à %(site)s") % {"site": site},
        _(
            "Bonjour %(name)s,\n\nLa rédaction en chef de %(site)s ne peut pas donner "
            "suite à votre demande. Sa raison :\n\n%(reason)s\n\nL'équipe de %(site)s"
        )
        % {"name": record.name, "site": site, "reason": record.reason},
    )
