"""Public pages of the people's door: the "Rejoindre le réseau" page (both doors), the
contributors' form, and the page after sending."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from wagtail.models import Site

from . import contributors
from .forms import ContributorForm
from .guard import guarded_post, status_of


def join(request):
    """Two doors: an organization, or a person who wants to contribute to the magazine."""
    return render(request, "xmille/doors/join.html", {"site": Site.find_for_request(request)})


@never_cache
def join_contributor(request):
    site = Site.find_for_request(request)
    if site is None:  # a host no site answers: no regions, no editors to decide
        raise Http404
    if request.method == "POST":
        form = guarded_post(request, ContributorForm(request.POST))
        if form.is_valid():
            contributors.submit(form.cleaned_data, site, get_language() or "fr")
            return redirect("join_contributor_thanks")
        status = status_of(form)
    else:
        form, status = ContributorForm(), 200
    return render(
        request, "xmille/doors/contributor_form.html", {"form": form, "site": site}, status=status
    )


def thanks(request, kind: str):
    return render(request, "xmille/doors/thanks.html", {"kind": kind})
