"""What happens when a workflow finishes (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail publishes as the user who made the last move. When an automated step made it (a trusted
organizer's event, approved by `ModerationTask` itself), that user is the organizer, who may not
publish: publish as the approver of the last step instead — nobody, for an automated approval.
Kept free of model imports at module level: Wagtail imports it while its models load.
"""


def publish_workflow_state(workflow_state, user=None):
    from wagtail.models import TaskState

    last = (
        workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
        .order_by("-finished_at", "-id")
        .first()
    )
    approver = last.finished_by if last is not None else user
    workflow_state.content_object.get_latest_revision().publish(user=approver)
