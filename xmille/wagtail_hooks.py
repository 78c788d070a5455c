"""Admin hooks for the editorial workflow.

- After a submission the automated check refused, the contributor lands back on the editor
  with the reasons (not on the explorer with "submitted for moderation").
- Opening the editor of a refused or flagged page shows the check's reasons at the top.
- Only those who may publish an organizer page (its region's moderators, the site's editors)
  may change its "trusted organizer" flag: a raw POST by the organizer is refused.
- Rendition filters with bounded sizes replace Wagtail's (see `renditions.py`).
- Saving from a stale editor is refused by the page form (`edit_conflicts`); here the editor
  gets, next to that refusal, a link to compare what they opened with the newest version.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.models import TaskState

from .edit_conflicts import compare_link_message, newer_revision
from .editorial import latest_check_state
from .page_cache import mark_uncacheable
from .renditions import BOUNDED_OPERATIONS
from .visibility import is_public


def _reasons_message(task_state) -> str:
    """The check's reasons, each linked to the field that fixes it (`admin_home.reasons`)."""
    from .admin_home.reasons import linked_reasons

    header, lines = linked_reasons(task_state)
    items = [
        format_html('<a href="#fix-{}" data-xmille-fix>{}</a>', name, line) if name else line
        for line, name in lines
    ]
    return format_html(
        "{}<ul>{}</ul>", header, format_html_join("", "<li>{}</li>", ((item,) for item in items))
    )


def _drop_queued_success(request) -> None:
    """Remove the "submitted for moderation" message Wagtail queued: the check refused."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None)
    if queued:
        storage._queued_messages = [m for m in queued if m.level != messages.SUCCESS]


def _back_to_editor_if_refused(request, page):
    if request.method != "POST":
        return None
    if not (request.POST.get("action-submit") or request.POST.get("action-restart-workflow")):
        return None
    verdict = latest_check_state(page)
    if verdict is None or verdict.status != TaskState.STATUS_REJECTED:
        return None
    state = page.current_workflow_state
    if state is None or state.current_task_state_id != verdict.pk:
        return None
    _drop_queued_success(request)  # the editor, opened next, shows the reasons
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_create_page")
def refused_create_back_to_editor(request, page):
    return _back_to_editor_if_refused(request, page)


@hooks.register("after_edit_page")
def refused_edit_back_to_editor(request, page):
    return _back_to_editor_if_refused(request, page)


@hooks.register("before_edit_page")
def show_check_verdict(request, page):
    """On opening the editor: the check's refusal for everyone, its warnings (likely
    duplicates) for the reviewers who decide."""
    if request.method != "GET":
        return None
    verdict = latest_check_state(page)
    if verdict is None:
        return None
    if verdict.status == TaskState.STATUS_REJECTED:
        messages.error(request, _reasons_message(verdict))
    elif verdict.status == TaskState.STATUS_APPROVED and "\n" in verdict.comment:
        task = page.current_workflow_task
        if task is not None and task.get_actions(page, request.user):
            messages.warning(request, _reasons_message(verdict))
    return None


@hooks.register("before_edit_page")
def guard_trusted_flag(request, page):
    from events.models import OrganizerPage

    if request.method != "POST" or not isinstance(page.specific, OrganizerPage):
        return None
    if "trusted" not in request.POST and not page.permissions_for_user(request.user).can_publish():
        return None  # the field is not in their form (admin_home.forms): nothing changes
    organizer = OrganizerPage.objects.get(pk=page.pk)  # the live row, not a draft
    wants_trusted = bool(request.POST.get("trusted"))
    if wants_trusted == organizer.trusted:
        return None
    if page.permissions_for_user(request.user).can_publish():
        return None
    messages.error(
        request,
        _("Seuls les modérateurs de la région peuvent changer « organisateur de confiance »."),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


# After Wagtail's own (order 0): the last registration of a name wins.
@hooks.register("register_image_operations", order=100)
def bounded_image_operations():
    return BOUNDED_OPERATIONS


# -- translation (xmille.translation) ------------------------------------------------------
# Registered before wagtail-localize's own (order=-1): the same addresses reach our guarded
# views first, and our editor hook runs before its translation editor.


@hooks.register("register_admin_urls", order=-1)
def guarded_translation_urls():
    from django.urls import path

    from .translation import GuardedSubmitPageTranslationView, GuardedUpdateTranslationsView

    return [
        path(
            "localize/submit/page/<int:page_id>/",
            GuardedSubmitPageTranslationView.as_view(),
            name="xmille_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            GuardedUpdateTranslationsView.as_view(),
            name="xmille_update_translations",
        ),
    ]


@hooks.register("before_edit_page", order=-1)
def translation_through_workflow(request, page):
    from .translation import submit_translation

    return submit_translation(request, page)


@hooks.register("before_edit_page")
def link_to_conflicting_revision(request, page):
    """A stale POST (the form refuses it): offer Wagtail's comparison of the two versions."""
    if request.method != "POST" or not request.accepts("text/html"):
        return None  # autosave's JSON requests: Wagtail answers them "invalid_revision"
    newest = newer_revision(page, request.POST, request.user)
    if newest is not None and (link := compare_link_message(page, request.POST, newest)):
        messages.warning(request, link)
    return None


# -- sharing between sites (xmille.sharing) ---------------------------------------------------


def _register_sharing_admin():
    from wagtail.permissions import register_permission_policy
    from wagtail.snippets.models import register_snippet

    from .models import EventShare
    from .sharing_views import EventShareViewSet, SharePermissionPolicy

    # Before the viewset, so that it does not register Wagtail's model-permission fallback.
    register_permission_policy(EventShare, SharePermissionPolicy(EventShare))
    register_snippet(EventShareViewSet)


_register_sharing_admin()


@hooks.register("register_admin_urls")
def share_event_urls():
    from django.urls import path

    from .sharing_views import ShareEventView

    return [path("partager/<int:page_id>/", ShareEventView.as_view(), name="xmille_share_event")]


def _share_button(page, user, priority):
    from django.urls import reverse

    from wagtail.admin.ui.menus.pages import PageMenuItem

    from .sharing import can_share, is_shareable

    if not is_shareable(page) or not can_share(user, page):
        return []
    return [
        PageMenuItem(
            _("Partager avec un autre site"),
            reverse("xmille_share_event", args=[page.pk]),
            icon_name="site",
            priority=priority,
            page=page,
        )
    ]


@hooks.register("register_page_header_buttons")
def share_header_button(page, user, view_name=None, next_url=None):
    return _share_button(page, user, 45)


@hooks.register("register_page_listing_more_buttons")
def share_listing_button(page, user, next_url=None):
    return _share_button(page, user, 35)


# -- explorer rows (performance) ------------------------------------------------------------
# wagtail-localize asks two queries per explorer row ("is there a locale left to translate
# into?", "is it a translation source?") to offer "Translate this page" in each row's menu:
# with translation rights given to contributors, the organizer's explorer grew with its
# events. The same buttons stay in each page's header (one page, one check).
def _drop_localize_row_buttons() -> None:
    from wagtail_localize import wagtail_hooks as localize_hooks

    name = "register_page_listing_more_buttons"
    hooks._hooks[name] = [
        (fn, order)
        for fn, order in hooks._hooks.get(name, [])
        if fn is not localize_hooks.page_listing_more_buttons
    ]


_drop_localize_row_buttons()


# -- open doors: the editors-in-chief's queue of contributors (xmille.doors.admin) ----------


def _register_contributor_queue():
    from .doors.admin import ContributorRequestViewSet, register_queue

    register_queue(ContributorRequestViewSet)


_register_contributor_queue()


@hooks.register("register_admin_urls")
def contributor_decision_urls():
    from django.urls import path

    from .doors.admin import ContributorDecisionView

    return [
        path(
            "contributeurs/<int:pk>/",
            ContributorDecisionView.as_view(),
            name="doors_decide_contributor",
        )
    ]


@hooks.register("construct_homepage_panels")
def pending_requests_panel(request, panels):
    from .doors.admin import PendingRequestsPanel

    panels.append(PendingRequestsPanel(request.user))


@hooks.register("before_serve_page", order=-100)
def keep_private_pages_out_of_the_page_cache(page, request, serve_args, serve_kwargs):
    """A page the public may not see (a restriction on it or an ancestor) is never kept whole,
    whatever Wagtail answers for it (a login redirect, a password form, the page itself)."""
    if not is_public(page):
        mark_uncacheable(request)


# -- moderation queue (xmille.moderation) ---------------------------------------------------
# The moderators' queue and one-screen review. Kept in one block: other hooks above are not
# involved.


@hooks.register("register_admin_urls")
def moderation_queue_urls():
    from django.urls import path

    from .moderation.views import queue_view, review_view

    return [
        path("moderation/", queue_view, name="xmille_moderation_queue"),
        path("moderation/<int:task_state_id>/", review_view, name="xmille_moderation_review"),
    ]


@hooks.register("register_admin_menu_item")
def moderation_queue_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from wagtail.admin.menu import MenuItem

    from .moderation.views import can_moderate

    class ModerationMenuItem(MenuItem):
        def is_shown(self, request):
            return can_moderate(request.user)

    return ModerationMenuItem(
        gettext_lazy("À modérer"),
        reverse("xmille_moderation_queue"),
        name="moderation-queue",
        icon_name="tasks",
        order=150,
    )


# -- the contributors' admin: role homes, explorer start, menus, workflow words ---------------
from .admin_home import hooks as _admin_home_hooks  # noqa: E402, F401
