"""An organization joins the network ("Rejoindre le réseau").

The public form stores a `JoinRequest` (one pending request per e-mail: a double click or a
second request stores nothing more). Network admins and the region's moderators see it in
the admin; approving creates, in one transaction, the account (or reuses the one of that
e-mail), the organizer page under the region (a draft, with the request's presentation and
services, its copies in every language), its group with the organizer's permissions (add and
change on its own page, no publishing), and e-mails a link to choose a password. Refusing
e-mails the reason. The new organizer completes their page and submits it: the "Agenda"
workflow applies as to every page of the region.
"""

from django.utils.translation import gettext as _

from xmille.doors import decisions
from xmille.doors.accounts import open_account, welcome_body
from xmille.locales import ensure_translations
from xmille.models import RoleGroup
from xmille.roles import RoleBuilder, site_collection, with_translations
from xmille.workflows import site_for_page

from ..models import JoinRequest, OrganizerPage
from .pages import free_slug, paragraphs_html, services_blocks

FIELDS = (
    "name",
    "sector",
    "region",
    "contact_name",
    "website",
    "presentation",
    "services",
    "accepts_line",
)


def submit(cleaned: dict, language: str) -> tuple[JoinRequest, bool]:
    """(record, created): the pending request of this e-mail, stored once however many times
    it is sent; the acknowledgement goes out once."""
    email = cleaned["email"].strip().lower()
    record, created = decisions.store_once(
        JoinRequest,
        {"email": email},
        lambda: JoinRequest(email=email, language=language, **{k: cleaned[k] for k in FIELDS}),
    )
    if created:
        decisions.tell(record, _received)
    return record, created


def _received(record: JoinRequest) -> tuple[str, str]:
    return (
        _("Votre demande pour rejoindre le réseau"),
        _(
            "Bonjour %(name)s,\n\nNous avons bien reçu la demande de « %(organization)s » "
            "pour rejoindre le réseau. La modération de la région %(region)s l'examine et "
            "vous répondra par e-mail."
        )
        % {
            "name": record.contact_name,
            "organization": record.name,
            "region": record.region.title,
        },
    )


def approve(pk: int, reviewer) -> JoinRequest | None:
    """Approve the pending request `pk`; None when it was decided already (second click).
    Raises PermissionError for anyone but network admins and the region's moderators."""
    return decisions.approve(
        JoinRequest,
        pk,
        reviewer,
        may_decide=decisions.in_region,
        carry_out=lambda record: _open_organizer(record, reviewer),
        message=_welcome,
    )


def _open_organizer(record: JoinRequest, reviewer):
    """(user, created): the account, with its draft organizer page and group."""
    region = record.region
    first, _sep, last = record.contact_name.partition(" ")
    user, created = open_account(record.email, first, last)
    organizer = OrganizerPage(
        title=record.name,
        slug=free_slug(region, record.name),
        sector=record.sector,
        presentation=paragraphs_html(record.presentation),
        website=record.website,
        contact_email=record.email,
        services=services_blocks(record.services),
        live=False,
        owner=user,
    )
    region.add_child(instance=organizer)
    organizer.save_revision(user=reviewer, log_action=True)
    ensure_translations(organizer)
    group = organizer_group(organizer)
    user.groups.add(group)
    record.user = user
    record.organizer = organizer
    return user, created


def _welcome(record: JoinRequest, done) -> tuple[str, str]:
    user, created = done
    return (
        _("Bienvenue dans le réseau, %(organization)s") % {"organization": record.name},
        welcome_body(
            user,
            _(
                "Bonjour %(name)s,\n\nLa demande de « %(organization)s » est acceptée. "
                "Votre page d'organisation est prête à compléter : vos événements se "
                "créent sous elle. Ce que vous soumettez est vérifié puis validé par la "
                "modération de la région %(region)s avant d'être publié."
            )
            % {
                "name": record.contact_name,
                "organization": record.name,
                "region": record.region.title,
            },
            created,
        ),
    )


def organizer_group(organizer: OrganizerPage):
    """The organizer's group, with the permissions `setup_roles` gives every organizer: add
    and change on its page in every language, images and documents of its site, translating."""
    builder = RoleBuilder()
    site = site_for_page(organizer)
    collection = site_collection(site, builder.report) if site else None
    translate = [builder.submit_translation] if builder.submit_translation else []
    if collection is None:
        from wagtail.models import Collection

        collection = Collection.get_first_root_node()
    return builder.setup_group(
        RoleGroup.Role.ORGANIZER,
        organizer,
        f"Organisateur {organizer.title}",
        pages=with_translations(organizer),
        collection=collection,
        extra_perms=translate,
    )


def reject(pk: int, reviewer, reason: str) -> JoinRequest | None:
    """Refuse the pending request `pk` with `reason` (e-mailed); None if decided already."""
    return decisions.refuse(
        JoinRequest, pk, reviewer, reason, may_decide=decisions.in_region, message=_refused
    )


def _refused(record: JoinRequest) -> tuple[str, str]:
    return (
        _("Votre demande pour rejoindre le réseau"),
        _(
            "Bonjour %(name)s,\n\nLa modération de la région %(region)s ne peut pas "
            "donner suite à la demande de « %(organization)s ». Sa raison :\n\n%(reason)s"
        )
        % {
            "name": record.contact_name,
            "region": record.region.title,
            "organization": record.name,
            "reason": record.reason,
        },
    )
