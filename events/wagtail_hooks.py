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


# -- open doors: the moderators' queues (events.doors.admin) --------------------------------


def _register_doors_admin():
    from xmille.doors.admin import register_queue

    from .doors.admin import EventProposalViewSet, JoinRequestViewSet

    register_queue(JoinRequestViewSet)
    register_queue(EventProposalViewSet)


_register_doors_admin()


@hooks.register("register_admin_urls")
def register_doors_urls():
    from .doors.admin import JoinDecisionView, ProposalDecisionView

    return [
        path("adhesions/<int:pk>/", JoinDecisionView.as_view(), name="doors_decide_join"),
        path(
            "propositions/<int:pk>/", ProposalDecisionView.as_view(), name="doors_decide_proposal"
        ),
    ]


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


# -- iCal import (events.ical_import) --------------------------------------------------------


@hooks.register("register_admin_urls")
def register_ical_import_url():
    from .ical_import.views import import_view

    return [path("import-ical/<int:page_id>/", import_view, name="xmille_import_ical")]


def _import_button(page, user, priority):
    from django.urls import reverse

    from wagtail.admin.ui.menus.pages import PageMenuItem

    from .ical_import.views import can_import
    from .models import OrganizerPage

    if page.specific_class is not OrganizerPage or not page.pk:
        return []
    organizer = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if not can_import(user, organizer):
        return []
    return [
        PageMenuItem(
            _("Importer maintenant (iCal)"),
            reverse("xmille_import_ical", args=[page.pk]),
            icon_name="calendar",
            priority=priority,
            page=page,
        )
    ]


@hooks.register("register_page_header_buttons")
def import_header_button(page, user, view_name=None, next_url=None):
    return _import_button(page, user, 46)
