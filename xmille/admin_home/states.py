"""What happened to what a contributor wrote: their pages sorted by state, in a fixed number
of queries whatever their number (plus one check run per refused page, to link its reasons).

States, in the contributor's words:
- "Brouillons": never sent, or withdrawn (a cancelled workflow), not published;
- "En attente de validation": in a workflow (the check passed, a moderator decides);
- "Modifications demandées": the check or a moderator sent it back, with their reasons;
- "Publiés": live, with a date to come (events) or any (pieces);
- "Passés": live events whose last date is over.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, TaskState, WorkflowState

from ..workflows import EditorialCheckTask
from .reasons import fix_url, linked_reasons

DRAFT = "draft"
WAITING = "waiting"
CHANGES = "changes"
PUBLISHED = "published"
PAST = "past"

STATE_LABELS = {
    DRAFT: _("Brouillons"),
    WAITING: _("En attente de validation"),
    CHANGES: _("Modifications demandées"),
    PUBLISHED: _("Publiés"),
    PAST: _("Passés"),
}
STATE_ORDER = [CHANGES, DRAFT, WAITING, PUBLISHED, PAST]


@dataclass
class Reason:
    text: str
    url: str | None = None  # the editor, opened on the field to fix


@dataclass
class Item:
    page: Page
    state: str
    edit_url: str
    first_date: object = None
    last_date: object = None
    unsent_changes: bool = False  # live, with a draft not sent to moderation
    task_name: str = ""
    refused_by: str = ""  # "" for the automated check
    header: str = ""
    reasons: list[Reason] = field(default_factory=list)


def _states_by_page(page_ids) -> dict[int, WorkflowState]:
    """The active (in progress or needs changes) workflow state of each page."""
    states = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in page_ids],
    )
    states = states.select_related("current_task_state__task")
    return {int(state.object_id): state for state in states}


def _refusals(states) -> dict[int, TaskState]:
    """The rejected task state that sent each "needs changes" workflow back."""
    ids = [s.pk for s in states if s.status == WorkflowState.STATUS_NEEDS_CHANGES]
    if not ids:
        return {}
    rejected = (
        TaskState.objects.filter(workflow_state_id__in=ids, status=TaskState.STATUS_REJECTED)
        .select_related("task", "finished_by", "revision")
        .order_by("workflow_state_id", "-finished_at", "-id")
    )
    latest = {}
    for task_state in rejected:
        latest.setdefault(task_state.workflow_state_id, task_state)
    return latest


def _fill_refusal(item: Item, task_state: TaskState) -> None:
    item.task_name = task_state.task.name
    check_type = ContentType.objects.get_for_model(EditorialCheckTask)
    if task_state.task.content_type_id == check_type.pk:
        item.header, lines = linked_reasons(task_state)
        item.reasons = [Reason(text, fix_url(item.page.pk, name)) for text, name in lines]
        return
    item.refused_by = (
        get_user_display_name(task_state.finished_by) if task_state.finished_by else ""
    )
    comment = task_state.get_comment()
    item.reasons = [Reason(comment, item.edit_url)] if comment else []


def sort_pages(pages, *, dated: bool = False, now=None) -> dict[str, list[Item]]:
    """`pages` (a queryset of one page type) sorted by state. With `dated`, the pages have
    occurrences: their first and last dates are read, and past events set apart."""
    from django.urls import reverse

    now = now or timezone.now()
    if dated:
        pages = pages.annotate(
            first_date=Min("occurrences__start"), last_date=Max("occurrences__ends_at")
        )
    pages = list(pages.order_by("-latest_revision_created_at", "-pk"))
    states = _states_by_page([p.pk for p in pages])
    refusals = _refusals(states.values())
    buckets = {state: [] for state in STATE_ORDER}
    for page in pages:
        item = Item(
            page=page,
            state=DRAFT,
            edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            first_date=getattr(page, "first_date", None),
            last_date=getattr(page, "last_date", None),
        )
        workflow = states.get(page.pk)
        if workflow is not None and workflow.status == WorkflowState.STATUS_NEEDS_CHANGES:
            item.state = CHANGES
            if refusal := refusals.get(workflow.pk):
                _fill_refusal(item, refusal)
        elif workflow is not None:
            item.state = WAITING
            task_state = workflow.current_task_state
            item.task_name = task_state.task.name if task_state else ""
        elif page.live:
            item.unsent_changes = page.has_unpublished_changes
            item.state = PAST if dated and item.last_date and item.last_date < now else PUBLISHED
        buckets[item.state].append(item)
    return buckets
