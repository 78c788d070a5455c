"""The open doors' requests in the moderators' queue (`xmille.moderation`): a proposed event
and an organization's request to join wait there beside the submitted pages, in the region's
moderators' scope, oldest first; the review link opens the decision screen."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xmille.moderation import ModelSource, register_source


def register_queue_sources() -> None:
    from events.models import EventProposal, JoinRequest

    register_source(
        ModelSource(
            "event-proposals",
            EventProposal,
            kind=_("proposition d'événement"),
            waiting=Q(status=EventProposal.Status.PENDING),
            area="region",
            review_url=lambda row: reverse("doors_decide_proposal", args=[row.pk]),
            submitted_by=lambda row: row.email,
        )
    )
    register_source(
        ModelSource(
            "join-requests",
            JoinRequest,
            kind=_("demande d'adhésion"),
            waiting=Q(status=JoinRequest.Status.PENDING),
            area="region",
            review_url=lambda row: reverse("doors_decide_join", args=[row.pk]),
            submitted_by=lambda row: row.email,
        )
    )
