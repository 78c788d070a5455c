"""The editorial line where contributors meet it: a help panel at the top of the event and
magazine editors, the check's latest verdict, and the public page of each site."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import HelpPanel
from wagtail.models import Page, Site, TaskState

from .workflows import EditorialCheckTask, editorial_line_for, site_for_page


def latest_check_state(page: Page) -> TaskState | None:
    """The automated check's verdict on the page's current workflow, if any."""
    if not page.pk:
        return None
    state = page.current_workflow_state
    if state is None:
        return None
    return (
        state.task_states.filter(
            task__content_type__model=EditorialCheckTask._meta.model_name,
            task__content_type__app_label=EditorialCheckTask._meta.app_label,
        )
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .order_by("-started_at", "-id")
        .first()
    )


def check_lines(task_state: TaskState) -> tuple[str, list[str]]:
    """(header, reasons) of a check comment written by `format_comment`."""
    header, *lines = task_state.comment.splitlines()
    return header, [line.removeprefix("- ") for line in lines]


class EditorialLinePanel(HelpPanel):
    """Put first in `content_panels`: the site's editorial line (folded) and, while a
    submission is refused or flagged, the check's reasons."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Ligne éditoriale"))
        kwargs.setdefault("template", "xmille/editorial_line_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            anchor = (
                page if page is not None and page.pk else getattr(self.form, "parent_page", None)
            )
            context["line"] = editorial_line_for(anchor) if anchor is not None else None
            verdict = latest_check_state(page) if page is not None else None
            if verdict is not None:
                from .admin_home.reasons import linked_reasons

                context["verdict_header"], context["verdict_links"] = linked_reasons(verdict)
                context["verdict_lines"] = [text for text, _field in context["verdict_links"]]
                context["verdict_refused"] = verdict.status == TaskState.STATUS_REJECTED
            return context


def editorial_line_view(request):
    """Public page: the editorial line of the site the request is for."""
    site = Site.find_for_request(request)
    line = editorial_line_for(site.root_page) if site else None
    return render(request, "xmille/editorial_line.html", {"line": line, "site": site})


__all__ = ["EditorialLinePanel", "editorial_line_view", "latest_check_state", "site_for_page"]
