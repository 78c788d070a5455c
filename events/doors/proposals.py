"""An event proposed without an account ("Proposer un événement").

The public form stores an `EventProposal` (never a page: concurrent page creation races in
the tree; one pending record per sender, title and start, so a double click stores one) and
acknowledges it by e-mail. The region's moderators see it in the admin ("Propositions");
accepting creates exactly one draft `EventPage` under the region's "Propositions" organizer
(itself a draft, created once), with the proposal's image as a Wagtail image, and submits it
to the region's workflow ("Agenda": the editorial check, then the moderators), as the
moderator who accepted. Nothing is published here. The proposer hears the outcome by e-mail.
"""

import hashlib
import os

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from wagtail.models import Collection
from wagtail.rich_text import RichText

from xmille.doors import decisions
from xmille.locales import ensure_translations
from xmille.models import CustomImage

from ..models import EventOccurrence, EventPage, EventProposal, OrganizerPage
from .pages import free_slug, paragraphs_html, teaser_from

PROPOSITIONS_SLUG = "propositions"
FIELDS = (
    "region",
    "proposer_name",
    "organizes",
    "title",
    "start",
    "end",
    "venue",
    "venue_description",
    "description",
    "price",
    "image_alt",
    "image_credit",
)


def fingerprint(site, email: str, title: str, start) -> str:
    key = "|".join(
        [str(site.pk), email.lower(), " ".join(title.lower().split()), start.isoformat()]
    )
    return hashlib.sha256(key.encode()).hexdigest()


def submit(cleaned: dict, site, language: str) -> tuple[EventProposal, bool]:
    """(record, created): the proposal stored once however many times it is sent."""
    email = cleaned["email"].strip().lower()
    print_ = fingerprint(site, email, cleaned["title"], cleaned["start"])

    def build() -> EventProposal:
        record = EventProposal(
            site=site,
            email=email,
            language=language,
            fingerprint=print_,
            **{k: cleaned.get(k) for k in FIELDS},
        )
        image = cleaned.get("image")
        if image:
            record.image.save(os.path.basename(image.name), image, save=False)
        return record

    record, created = decisions.store_once(EventProposal, {"fingerprint": print_}, build)
    if created:
        decisions.tell(record, _received)
    return record, created


def _received(record: EventProposal) -> tuple[str, str]:
    return (
        _("Votre proposition « %(title)s »") % {"title": record.title},
        _(
            "Bonjour %(name)s,\n\nNous avons bien reçu votre proposition « %(title)s ». "
            "La modération de la région %(region)s l'examine et vous dira par e-mail si "
            "elle rejoint l'agenda de %(site)s."
        )
        % {
            "name": record.proposer_name,
            "title": record.title,
            "region": record.region.title,
            "site": record.site.site_name,
        },
    )


def propositions_organizer(region) -> OrganizerPage:
    """The region's "Propositions" organizer, under which accepted proposals live: created
    once, as a draft (it holds events; its copies in every language too)."""
    existing = OrganizerPage.objects.child_of(region).filter(slug=PROPOSITIONS_SLUG).first()
    if existing is not None:
        return existing
    organizer = OrganizerPage(
        title="Propositions",  # content: French, the source language
        slug=PROPOSITIONS_SLUG,
        sector="other",
        presentation=paragraphs_html(
            "Les événements proposés par le public, vérifiés par la modération de la région."
        ),
        live=False,
    )
    region.add_child(instance=organizer)
    organizer.save_revision(log_action=True)
    ensure_translations(organizer)
    return organizer


def _image(record: EventProposal):
    if not record.image:
        return None
    record.image.open("rb")
    try:
        content = record.image.read()
    finally:
        record.image.close()
    collection = (
        Collection.objects.filter(name=record.site.site_name).first()
        or Collection.get_first_root_node()
    )
    return CustomImage.objects.create(
        title=record.title[:255],
        file=ContentFile(content, name=os.path.basename(record.image.name)),
        description=record.image_alt,
        credit=record.image_credit,
        collection=collection,
    )


def accept(pk: int, reviewer, venue=None) -> EventProposal | None:
    """Accept the pending proposal `pk` (with `venue` when the moderator picked one): one
    draft EventPage, submitted to its workflow. None when decided already."""
    return decisions.approve(
        EventProposal,
        pk,
        reviewer,
        may_decide=decisions.in_region,
        carry_out=lambda record: _draft_event(record, reviewer, venue),
        message=_accepted,
    )


def _draft_event(record: EventProposal, reviewer, venue) -> EventPage:
    """The proposal's draft EventPage under the region's "Propositions", in its workflow."""
    parent = propositions_organizer(record.region)
    details = record.description
    if record.venue_description and not (venue or record.venue):
        details += f"\n\nLieu : {record.venue_description}"  # content, in French
    event = EventPage(
        title=record.title,
        slug=free_slug(parent, record.title),
        teaser=teaser_from(record.description),
        body=[("paragraph", RichText(paragraphs_html(details)))],
        price=record.price,
        venue=venue or record.venue,
        main_image=_image(record),
        live=False,
        owner=reviewer,
    )
    event.occurrences = [EventOccurrence(start=record.start, end=record.end)]
    parent.add_child(instance=event)
    event.save_revision(user=reviewer, log_action=True)
    workflow = event.get_workflow()
    if workflow is not None:
        workflow.start(event, reviewer)
    record.event = event
    return event


def _accepted(record: EventProposal, event: EventPage) -> tuple[str, str]:
    return (
        _("Votre proposition « %(title)s »") % {"title": record.title},
        _(
            "Bonjour %(name)s,\n\nVotre proposition « %(title)s » est acceptée : elle "
            "passe la dernière vérification de la modération puis paraît dans l'agenda "
            "de %(site)s. Merci !"
        )
        % {"name": record.proposer_name, "title": record.title, "site": record.site.site_name},
    )


def refuse(pk: int, reviewer, reason: str) -> EventProposal | None:
    """Refuse the pending proposal `pk` with `reason` (e-mailed); None if decided already."""
    return decisions.refuse(
        EventProposal, pk, reviewer, reason, may_decide=decisions.in_region, message=_refused
    )


def _refused(record: EventProposal) -> tuple[str, str]:
    return (
        _("Votre proposition « %(title)s »") % {"title": record.title},
        _(
            "Bonjour %(name)s,\n\nLa modération de la région %(region)s ne publiera pas "
            "« %(title)s ». Sa raison :\n\n%(reason)s"
        )
        % {
            "name": record.proposer_name,
            "region": record.region.title,
            "title": record.title,
            "reason": record.reason,
        },
    )
