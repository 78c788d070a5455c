"""The admin's "Importer maintenant" page of an organizer (`/admin/import-ical/<id>/`): the
feed's address, the last runs with their reports, and a button (POST) that runs the import.
Only for those who may edit the organizer page; anyone else, raw POST included, gets 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..models import ICalImportRun, OrganizerPage
from .sync import import_organizer

RUNS_SHOWN = 10


def can_import(user, organizer: OrganizerPage) -> bool:
    return organizer.permissions_for_user(user).can_edit()


@require_http_methods(["GET", "POST"])
def import_view(request, page_id: int):
    organizer = get_object_or_404(OrganizerPage, pk=page_id)
    if not can_import(request.user, organizer):
        raise PermissionDenied
    if request.method == "POST":
        run = import_organizer(organizer, user=request.user)
        if run.status == ICalImportRun.Status.OK:
            messages.success(request, _("Import terminé. %(report)s") % {"report": run.message})
        else:
            messages.error(request, run.message)
        return redirect("xmille_import_ical", organizer.pk)
    return TemplateResponse(
        request,
        "events/admin/import_ical.html",
        {
            "page": organizer,
            "runs": organizer.ical_import_runs.all()[:RUNS_SHOWN],
            "missing": organizer.imported_events.filter(missing_since__isnull=False)
            .exclude(event=None)
            .select_related("event"),
        },
    )
