"""The agenda's pieces of the Wagtail admin: the geocoding proxy of the venue editor, and the
warning shown when a venue is saved without its point on the map."""

from django.contrib import messages
from django.urls import path
from django.utils.translation import gettext as _

from wagtail import hooks

from .geocoding import geocode_view
from .models import VenuePage


@hooks.register("register_admin_urls")
def register_geocoder_url():
    return [path("carte/geocoder/", geocode_view, name="xmille_geocode")]


@hooks.register("register_admin_urls")
def register_venue_proposal_url():
    from .venue_proposals import propose_venue

    return [path("lieux/proposer/<int:region_id>/", propose_venue, name="events_propose_venue")]


def warn_missing_point(request, page) -> None:
    """A venue may be saved without a point (a draft, an address still unknown), but the
    editor is told what that means."""
    page = page.specific
    if isinstance(page, VenuePage) and not page.has_point:
        messages.warning(
            request,
            _(
                "Le lieu « %(title)s » n'a pas de point sur la carte : il n'apparaît ni sur la "
                "carte ni dans « près de moi », et les événements qui s'y tiennent ne peuvent pas "
                "être validés. Placez l'adresse sur la carte ou déplacez le marqueur."
            )
            % {"title": page.title},
        )


@hooks.register("after_create_page")
def after_create_page(request, page):
    warn_missing_point(request, page)


@hooks.register("after_edit_page")
def after_edit_page(request, page):
    warn_missing_point(request, page)
