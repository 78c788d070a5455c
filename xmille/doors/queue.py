"""The open doors' requests in the reviewers' queue (`xmille.moderation`), beside the pages
waiting for them: `door_source` says how any door's pending requests show there; the
contributors' requests wait for the site's editors-in-chief."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xmille.moderation import ModelSource, register_source


def door_source(key: str, model, *, kind, area: str, decide_url_name: str) -> ModelSource:
    """A door's pending requests, in the scope of those who answer for `area` (the path to the
    page they are anchored on), each opening its decision page, sent by its e-mail."""
    return ModelSource(
        key,
        model,
        kind=kind,
        waiting=Q(status=model.Status.PENDING),
        area=area,
        review_url=lambda row: reverse(decide_url_name, args=[row.pk]),
        submitted_by=lambda row: row.email,
    )


def register_queue_sources() -> None:
    from xmille.models import ContributorRequest

    register_source(
        door_source(
            "contributor-requests",
            ContributorRequest,
            kind=_("demande de contributeur"),
            area="site__root_page",
            decide_url_name="doors_decide_contributor",
        )
    )
