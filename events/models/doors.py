"""What people outside the network send without an account (see `events.doors`): an
organization's request to join, and an event proposed through the public form. Plain
records, not pages: concurrent page creation races in the tree, and nothing unmoderated
reaches it. A moderator's decision turns them into pages and accounts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xmille.models import DoorRecord

from .content import EventPage, OrganizerPage, RegionPage, VenuePage


class JoinRequest(DoorRecord):
    """An organization that asks to join the network ("Rejoindre le réseau"). The region's
    moderators (or network admins) approve it: an account, a draft organizer page and its
    group with its permissions, in one transaction."""

    name = models.CharField(_("nom de l'organisation"), max_length=120)
    sector = models.CharField(
        _("type d'organisation"), max_length=20, choices=OrganizerPage.SECTORS
    )
    region = models.ForeignKey(
        RegionPage, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("région")
    )
    contact_name = models.CharField(_("personne de contact"), max_length=120)
    website = models.URLField(_("site web"), max_length=500, blank=True)
    presentation = models.TextField(_("présentation"))
    services = models.TextField(_("services et actions proposés"), blank=True)
    accepts_line = models.BooleanField(_("accepte la ligne éditoriale"), default=False)
    user = DoorRecord.approval_result(settings.AUTH_USER_MODEL, _("compte"))
    organizer = DoorRecord.approval_result(OrganizerPage, _("page de l'organisation"))

    class Meta(DoorRecord.Meta):
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        # One pending request per e-mail.
        constraints = [DoorRecord.one_pending("one_pending_join_request", "email")]

    def __str__(self):
        return self.name


class EventProposal(DoorRecord):
    """An event proposed by someone without an account ("Proposer un événement"). The
    region's moderators accept it (a draft EventPage under the region's "Propositions"
    organizer, submitted to the "Agenda" workflow) or refuse it with a reason."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", verbose_name=_("site")
    )
    region = models.ForeignKey(
        RegionPage, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("région")
    )
    proposer_name = models.CharField(_("votre nom"), max_length=120)
    organizes = models.BooleanField(_("organise l'événement ou agit pour lui"), default=False)
    title = models.CharField(_("titre"), max_length=255)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    venue = models.ForeignKey(
        VenuePage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lieu"),
    )
    venue_description = models.TextField(_("lieu décrit"), blank=True)
    description = models.TextField(_("description"))
    price = models.CharField(_("prix"), max_length=120, blank=True)
    image = models.FileField(_("image"), upload_to="proposals/%Y/%m/", blank=True)
    image_alt = models.CharField(_("description de l'image"), max_length=250, blank=True)
    image_credit = models.CharField(_("crédit de l'image"), max_length=160, blank=True)
    # Same sender, title and start: a double click or a second send stores one record.
    fingerprint = models.CharField(max_length=64, editable=False)
    event = DoorRecord.approval_result(EventPage, _("événement créé"))

    class Meta(DoorRecord.Meta):
        verbose_name = _("proposition d'événement")
        verbose_name_plural = _("propositions d'événements")
        # One pending proposal per sender, title and start (`fingerprint`).
        constraints = [DoorRecord.one_pending("one_pending_proposal", "fingerprint")]

    def __str__(self):
        return self.title
