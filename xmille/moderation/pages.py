"""The queue's page source: pages submitted through Wagtail's workflows and waiting at a human
step the user may act on (`TaskState.objects.reviewable_by`, i.e. each task's own
`get_task_states_user_can_moderate`: for `ModerationTask`, the moderators of the page's
region), each with the automated check's verdict on the submitted revision.

A fixed number of queries whatever the queue's length: the task states, their pages, the
check's task states."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, TaskState

from ..editorial import check_lines
from ..workflows import EditorialCheckTask
from .registry import QueueItem, QueueSource, Scope, Verdict

SOURCE_KEY = "pages"


def verdict_of(check_state: TaskState | None) -> Verdict | None:
    if check_state is None or not check_state.comment:
        return None
    header, lines = check_lines(check_state)
    return Verdict(
        passed=check_state.status == TaskState.STATUS_APPROVED, header=header, lines=tuple(lines)
    )


def check_states(workflow_state_ids) -> dict[int, TaskState]:
    """The latest finished check of each workflow state: {workflow_state_id: task state}."""
    check_type = ContentType.objects.get_for_model(EditorialCheckTask)
    latest = {}
    for state in (
        TaskState.objects.filter(
            workflow_state_id__in=workflow_state_ids, task__content_type=check_type
        )
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .order_by("workflow_state_id", "-started_at", "-id")
    ):
        latest.setdefault(state.workflow_state_id, state)
    return latest


def waiting_task_states(user):
    """Task states in progress that `user` may decide on, with their workflow and submitter."""
    return (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .filter(workflow_state__base_content_type=ContentType.objects.get_for_model(Page))
        .select_related("workflow_state__requested_by", "task")
    )


class SubmittedPages(QueueSource):
    key = SOURCE_KEY

    def items(self, user, scope: Scope) -> list[QueueItem]:
        states = list(waiting_task_states(user))
        pages = {
            page.pk: page
            for page in Page.objects.filter(
                pk__in=[int(state.workflow_state.object_id) for state in states]
            )
            .filter(scope.q())
            .only("id", "path", "draft_title", "title", "content_type_id")
        }
        checks = check_states([state.workflow_state_id for state in states])
        items = []
        for state in states:
            page = pages.get(int(state.workflow_state.object_id))
            if page is None:
                continue
            submitter = state.workflow_state.requested_by
            items.append(
                QueueItem(
                    source=self.key,
                    key=f"{self.key}-{state.pk}",
                    kind=str(
                        page.specific_class._meta.verbose_name if page.specific_class else _("page")
                    ),
                    title=page.draft_title or page.title,
                    waiting_since=state.started_at,
                    path=page.path,
                    review_url=reverse("xmille_moderation_review", args=[state.pk]),
                    submitted_by=(submitter.get_full_name() or submitter.get_username())
                    if submitter
                    else "",
                    verdict=verdict_of(checks.get(state.workflow_state_id)),
                )
            )
        return items
