"""The open doors' requests in the moderators' queue (`xmille.moderation`): a proposed event
and an organization's request to join wait there beside the submitted pages, in the region's
moderators' scope, oldest first; the review link opens the decision screen."""

from django.utils.translation import gettext_lazy as _

from xmille.doors.queue import door_source
from xmille.moderation import register_source


def register_queue_sources() -> None:
    from events.models import EventProposal, JoinRequest

    register_source(
        door_source(
            "event-proposals",
            EventProposal,
            kind=_("proposition d'événement"),
            area="region",
            decide_url_name="doors_decide_proposal",
        )
    )
    register_source(
        door_source(
            "join-requests",
            JoinRequest,
            kind=_("demande d'adhésion"),
            area="region",
            decide_url_name="doors_decide_join",
        )
    )
