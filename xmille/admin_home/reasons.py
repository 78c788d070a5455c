"""The check's reasons, each with the editor field that fixes it.

The check stores its reasons as text in the task state's comment (page history, e-mail). Which
field each reason is about is known when the check runs (`CheckResult.fields`); it is found
again by running the check on the same revision, so the stored text stays the one shown, and
a reason the check no longer gives (the site's line changed) is shown without a link.
"""

from django.urls import reverse

from wagtail.models import TaskState

from ..editorial import check_lines
from ..workflows import check_page


def linked_reasons(task_state: TaskState) -> tuple[str, list[tuple[str, str | None]]]:
    """(header, [(reason, field name or None), ...]) of a check's verdict."""
    header, lines = check_lines(task_state)
    fields = {}
    if task_state.revision_id is not None:
        try:
            fields = check_page(task_state.revision.as_object()).fields
        except Exception:  # an old revision that no longer loads: no links, same text
            fields = {}
    return header, [(line, fields.get(line)) for line in lines]


def fix_url(page_id: int, field: str | None) -> str:
    """The editor of the page, opened on the field (see static xmille/js/fix_links.js)."""
    url = reverse("wagtailadmin_pages:edit", args=[page_id])
    return f"{url}#fix-{field}" if field else url
