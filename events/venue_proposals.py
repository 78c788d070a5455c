"""An organizer proposes a venue that is not in the list yet; the region's moderators validate it.

The proposal is a draft `VenuePage` under the organizer's own region, owned by the organizer,
sent at once into the region's workflow ("Agenda": the check, then the region's moderators):
nothing is published as a side effect, and the organizer gets no right on the region (they
cannot edit the draft nor add anything else there). The moderator completes it (the point on
the map) and approves it, which publishes it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from xmille.admin_home.forms import free_slug
from xmille.admin_home.workplace import workplaces
from xmille.models import RoleGroup

from .models import RegionPage, VenuePage


class VenueProposalForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("nom du lieu"),
        max_length=255,
        help_text=gettext_lazy("Par exemple « Salle des fêtes de Jupille »."),
    )
    street = forms.CharField(label=gettext_lazy("rue et numéro"), max_length=200)
    postal_code = forms.CharField(label=gettext_lazy("code postal"), max_length=10)
    city = forms.CharField(label=gettext_lazy("localité"), max_length=100)


def proposal_regions(user) -> list[Page]:
    """The regions where `user` may propose a venue: those of their organizer pages."""
    return [
        place.anchor.get_parent().specific
        for place in workplaces(user)
        if place.role == RoleGroup.Role.ORGANIZER
    ]


def propose_venue(request, region_id: int):
    region = get_object_or_404(RegionPage, pk=region_id)
    if region.pk not in {r.pk for r in proposal_regions(request.user)}:
        raise PermissionDenied
    form = VenueProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        venue = VenuePage(
            title=data["title"],
            street=data["street"],
            postal_code=data["postal_code"],
            city=data["city"],
            live=False,
            owner=request.user,
        )
        venue.slug = free_slug(slugify(data["title"]) or "lieu", region, venue)
        region.add_child(instance=venue)
        venue.save_revision(user=request.user, log_action=True)
        workflow = venue.get_workflow()
        if workflow is not None:
            workflow.start(venue, request.user)
        messages.success(
            request,
            _(
                "Merci : « %(title)s » est proposé à la modération de %(region)s, qui le "
                "placera sur la carte et le validera."
            )
            % {"title": venue.title, "region": region.title},
        )
        return redirect("wagtailadmin_home")
    return TemplateResponse(
        request, "events/admin/propose_venue.html", {"form": form, "region": region}
    )
