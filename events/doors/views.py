"""Public pages of the agenda's open doors: the organizations' form, the event proposal form,
the network's directory."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from wagtail.models import Site

from xmille.doors.guard import guarded_post, status_of

from . import joining, proposals
from .directory import directory_context
from .forms import JoinOrganizationForm, ProposalForm


@never_cache
def join_organization(request):
    if request.method == "POST":
        form = guarded_post(request, JoinOrganizationForm(request.POST))
        if form.is_valid():
            joining.submit(form.cleaned_data, get_language() or "fr")
            return redirect("join_organization_thanks")
        status = status_of(form)
    else:
        form, status = JoinOrganizationForm(), 200
    return render(request, "events/doors/join_organization.html", {"form": form}, status=status)


@never_cache
def propose_event(request):
    site = Site.find_for_request(request)
    if site is None:  # a host no site answers: no regions, no editors to decide
        raise Http404
    if request.method == "POST":
        form = guarded_post(request, ProposalForm(request.POST, request.FILES, site=site))
        if form.is_valid():
            proposals.submit(form.cleaned_data, site, get_language() or "fr")
            return redirect("propose_event_thanks")
        status = status_of(form)
    else:
        form, status = ProposalForm(site=site), 200
    return render(
        request, "events/doors/propose_event.html", {"form": form, "site": site}, status=status
    )


def directory(request):
    return render(request, "events/doors/directory.html", directory_context(request))
