"""Contributors' requests (writers, photographers, radios) in the queue of the site's
editors-in-chief (`xmille.moderation`), beside the pages waiting for them."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xmille.moderation import ModelSource, register_source


def register_queue_sources() -> None:
    from xmille.models import ContributorRequest

    register_source(
        ModelSource(
            "contributor-requests",
            ContributorRequest,
            kind=_("demande de contributeur"),
            waiting=Q(status=ContributorRequest.Status.PENDING),
            area="site__root_page",
            review_url=lambda row: reverse("doors_decide_contributor", args=[row.pk]),
            submitted_by=lambda row: row.email,
        )
    )
