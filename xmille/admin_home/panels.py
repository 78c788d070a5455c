"""The contributor's home: the dashboard panel for each of the person's roles.

- Organizer: their organization, their events by state (with the check's and the moderator's
  reasons, each linked to the field to fix), "Ajouter un événement" (the create form under
  their own organizer page), the guides for organizers.
- Writer: the site's magazine, their own pieces by state, "Écrire un article".
- Moderator: their region, what waits for them and what was sent back, the guides.
Network-wide counts (Wagtail's summary) stay for network admins (`hooks.py`).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from ..models import RoleGroup
from .guides import guides_for
from .states import STATE_LABELS, STATE_ORDER, sort_pages
from .workplace import workplaces

Role = RoleGroup.Role
MAX_PER_STATE = 20


def _model(app: str, name: str):
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def _sections(buckets) -> list[dict]:
    return [
        {
            "state": state,
            "label": STATE_LABELS[state],
            "items": buckets[state][:MAX_PER_STATE],
            "more": max(len(buckets[state]) - MAX_PER_STATE, 0),
        }
        for state in STATE_ORDER
    ]


def _translations(page: Page):
    return Page.objects.filter(translation_key=page.translation_key)


def organizer_block(place, request) -> dict:
    event_model = _model("events", "EventPage")
    events = event_model.objects.none()
    for copy in _translations(place.anchor):
        events |= event_model.objects.descendant_of(copy)
    buckets = sort_pages(events, dated=True)
    region = place.anchor.get_parent()
    try:  # the agenda's venue proposal (events.venue_proposals), looked up by name
        propose_venue_url = reverse("events_propose_venue", args=[region.pk])
    except NoReverseMatch:
        propose_venue_url = None
    return {
        "propose_venue_url": propose_venue_url,
        "role": place.role,
        "heading": place.anchor.title,
        "place": place,
        "explore_url": reverse("wagtailadmin_explore", args=[place.anchor.pk]),
        "edit_place_url": reverse("wagtailadmin_pages:edit", args=[place.anchor.pk]),
        "add_url": reverse("wagtailadmin_pages:add", args=["events", "eventpage", place.anchor.pk]),
        "sections": _sections(buckets),
        "empty": not any(buckets.values()),
        "guides": guides_for(place.role, place.site, request),
    }


def writer_block(place, request) -> dict:
    magazine = place.start
    pieces = Page.objects.none()
    if magazine.pk != place.anchor.pk:  # the site has a magazine
        pieces = Page.objects.descendant_of(magazine).filter(owner=request.user)
    buckets = sort_pages(pieces)
    return {
        "role": place.role,
        "heading": magazine.title,
        "place": place,
        "explore_url": reverse("wagtailadmin_explore", args=[magazine.pk]),
        "add_url": reverse("wagtailadmin_pages:add_subpage", args=[magazine.pk]),
        "sections": _sections(buckets),
        "empty": not any(buckets.values()),
        "guides": guides_for(place.role, place.site, request),
    }


def reviewer_block(place, request) -> dict:
    """A moderator's region (an editor-in-chief's site): how much waits, how much was sent
    back; the list itself is Wagtail's "awaiting your review" panel (or the moderators'
    queue)."""
    paths = [copy.path for copy in _translations(place.anchor)]
    under = Page.objects.none()
    for path in paths:
        under |= Page.objects.filter(path__startswith=path)
    ids = under.annotate(str_id=Cast("id", output_field=CharField())).values("str_id")
    active = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=ids
    )
    event_model = _model("events", "EventPage")
    upcoming = 0
    if event_model is not None:
        upcoming = (
            event_model.objects.live()
            .filter(path__startswith=place.anchor.path)
            .filter(occurrences__ends_at__gte=timezone.now())
            .distinct()
            .count()
        )
    return {
        "role": place.role,
        "heading": place.anchor.title,
        "place": place,
        "explore_url": reverse("wagtailadmin_explore", args=[place.anchor.pk]),
        "waiting": active.filter(status=WorkflowState.STATUS_IN_PROGRESS).count(),
        "sent_back": active.filter(status=WorkflowState.STATUS_NEEDS_CHANGES).count(),
        "upcoming": upcoming,
        "guides": guides_for(place.role, place.site, request),
    }


BUILDERS = {
    Role.ORGANIZER: organizer_block,
    Role.WRITER: writer_block,
    Role.MODERATOR: reviewer_block,
    Role.EDITOR_IN_CHIEF: reviewer_block,
}


class ContributorHomePanel(Component):
    """One block per workplace of the user, first on the dashboard."""

    name = "xmille_contributor_home"
    template_name = "xmille/admin_home/home_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        blocks = [BUILDERS[place.role](place, request) for place in workplaces(request.user)]
        return {"blocks": blocks, "request": request, "role_labels": dict(Role.choices)}

    def render_html(self, parent_context=None):
        if not workplaces(parent_context["request"].user):
            return ""
        return super().render_html(parent_context)
