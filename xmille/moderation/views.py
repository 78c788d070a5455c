"""The moderators' admin views: the queue (what waits in their regions, oldest first) and the
one-screen review of a submitted page (its facts, the check's verdict, approve or request
changes with a reason).

Decisions go through Wagtail's own workflow action view (`WorkflowActionView`, the one the
editor's "Approve" and "Request changes" buttons use): the task checks that the user may take
the action (`get_actions`), stores the comment in the task state, moves the workflow on and
sends its e-mails. This view only composes the comment (the rule picked from the editorial
line, and what the moderator wrote) and refuses a request for changes without a reason."""

import re

from django import forms
from django.contrib import messages
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import TaskState

from ..workflows import editorial_line_for
from .facts import page_facts
from .pages import SOURCE_KEY, check_states, verdict_of, waiting_task_states
from .registry import scope_for, sources, waiting_for

OLD_AFTER_DAYS = 7
RULE_ITEM = re.compile(r"<li[^>]*>(.*?)</li>", re.S)


def editorial_rules(page) -> list[str]:
    """The rules of the page's site's editorial line: the items of its lists, as plain text."""
    line = editorial_line_for(page)
    return [
        " ".join(strip_tags(item).split())
        for item in RULE_ITEM.findall(line.text or "")
        if strip_tags(item).strip()
    ]


class DecisionForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Règle de la ligne éditoriale"), required=False)
    comment = forms.CharField(
        label=gettext_lazy("Message au contributeur"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=gettext_lazy(
            "Facultatif pour publier ; une règle ou un message pour demander des modifications."
        ),
    )

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", _("— Choisir une règle —"))] + [
            (rule, rule) for rule in rules
        ]

    def comment_for(self, action: str) -> str:
        """The task state's comment: the rule, then the message. Raises on a request for
        changes without either."""
        parts = [self.cleaned_data.get("reason", ""), self.cleaned_data.get("comment", "").strip()]
        comment = "\n".join(part for part in parts if part)
        if action == "reject" and not comment:
            self.add_error(
                "comment",
                _(
                    "Dites au contributeur quoi changer : choisissez une règle de la ligne "
                    "éditoriale ou écrivez un message."
                ),
            )
        return comment


def can_moderate(user) -> bool:
    """Whether the queue is for `user` (shown in their menu): one query."""
    from ..models import RoleGroup

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    Role = RoleGroup.Role
    return RoleGroup.objects.filter(
        role__in=[Role.MODERATOR, Role.EDITOR_IN_CHIEF, Role.NETWORK_ADMIN], group__user=user
    ).exists()


def queue_view(request):
    """The queue, filtered by area (`?zone=<page id>`) for those who moderate several."""
    scope = scope_for(request.user)
    if not scope:
        raise Http404
    items = waiting_for(request.user, scope)
    areas = sorted({item.area for item in items if item.area}, key=lambda area: area.title)
    for item in items:
        item.old = item.is_old(OLD_AFTER_DAYS)
    zone = request.GET.get("zone", "")
    if zone.isdigit():
        items = [item for item in items if item.area and item.area.page_id == int(zone)]
    return TemplateResponse(
        request,
        "xmille/moderation/queue.html",
        {
            "items": items,
            "areas": areas,
            "zone": int(zone) if zone.isdigit() else None,
            "old_after": OLD_AFTER_DAYS,
            "old_count": sum(item.is_old(OLD_AFTER_DAYS) for item in items),
            "sources": sources(),
        },
    )


def _waiting_state(request, task_state_id: int) -> TaskState:
    """The task state, if it waits for this user's decision in their scope (else 404: another
    region's moderator learns nothing of it)."""
    state = waiting_task_states(request.user).filter(pk=task_state_id).first()
    if state is None:
        raise Http404
    page = state.workflow_state.content_object
    if page is None or not scope_for(request.user).covers(page.path):
        raise Http404
    return state


def review_view(request, task_state_id: int):
    """One screen: the submitted revision's facts, the check's verdict, the decision."""
    state = _waiting_state(request, task_state_id)
    page = state.workflow_state.content_object.specific
    task = state.task.specific
    actions = {name for name, _label, _modal in task.get_actions(page, request.user)}
    submitted = state.revision.as_object() if state.revision_id else page
    rules = editorial_rules(page)
    form = DecisionForm(request.POST or None, rules=rules)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in actions or action not in ("approve", "reject"):
            raise Http404
        if form.is_valid():
            comment = form.comment_for(action)
            if form.is_valid():
                return _decide(request, page, state, action, comment)
    verdict = verdict_of(check_states([state.workflow_state_id]).get(state.workflow_state_id))
    return TemplateResponse(
        request,
        "xmille/moderation/review.html",
        {
            "page": page,
            "submitted": submitted,
            "task_state": state,
            "task": task,
            "facts": page_facts(submitted),
            "verdict": verdict,
            "form": form,
            "can_approve": "approve" in actions,
            "can_reject": "reject" in actions,
            "submitter": state.workflow_state.requested_by,
            "queue_url": reverse("xmille_moderation_queue"),
            "preview_url": reverse(
                "wagtailadmin_pages:workflow_preview", args=[page.pk, state.task_id]
            ),
        },
    )


def _decide(request, page, state, action: str, comment: str):
    """Hand the decision to Wagtail's workflow action view, with the composed comment."""
    post = request.POST.copy()
    post["comment"] = comment
    post["next"] = reverse("xmille_moderation_queue")
    request.POST = post
    response = WorkflowActionView.as_view()(
        request, page_id=page.pk, action_name=action, task_state_id=state.pk
    )
    state.refresh_from_db()
    if state.status == TaskState.STATUS_APPROVED:
        messages.success(request, _("« %(title)s » est validé.") % {"title": page.draft_title})
    elif state.status == TaskState.STATUS_REJECTED:
        messages.success(
            request,
            _("Modifications demandées pour « %(title)s » ; le contributeur est prévenu.")
            % {"title": page.draft_title},
        )
    return response


__all__ = ["SOURCE_KEY", "can_moderate", "queue_view", "review_view"]
