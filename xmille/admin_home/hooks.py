"""Admin hooks of the contributors' admin (imported by `xmille.wagtail_hooks`).

- The dashboard: the role home first (`panels.py`); Wagtail's network-wide counts ("283
  pages, 82 images") only for network admins; for organizers and writers, Wagtail's panels
  that the home replaces are dropped.
- The "Pages" menu opens where the person works (their organizer page, the site's magazine,
  their region), not at Wagtail's common ancestor of their rights (Root, since every language
  is a sibling tree). Menus organizers and writers cannot use (Reports) are hidden.
- The editor's workflow buttons speak the contributor's words; withdrawing a submission to fix
  a typo is Wagtail's own "cancel workflow" (the submitter may, even while the page is locked
  for them), named for what it does.
- The editor opens the field a check reason links to (`#fix-<field>`).
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.action_menu import (
    CancelWorkflowMenuItem,
    PageLockedMenuItem,
    RestartWorkflowMenuItem,
    SubmitForModerationMenuItem,
)
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
)
from wagtail.admin.wagtail_hooks import ExplorerMenuItem
from wagtail.models import WorkflowState

from .panels import ContributorHomePanel
from .workplace import is_contributor_only, is_network_admin, main_workplace

# -- the dashboard -----------------------------------------------------------------------------

REPLACED_FOR_CONTRIBUTORS = (
    UserObjectsInWorkflowModerationPanel,
    LockedPagesPanel,
    RecentEditsPanel,
)


@hooks.register("construct_homepage_panels")
def contributor_home(request, panels):
    if is_contributor_only(request.user):
        panels[:] = [p for p in panels if not isinstance(p, REPLACED_FOR_CONTRIBUTORS)]
    panels.insert(0, ContributorHomePanel())


@hooks.register("construct_homepage_summary_items", order=1000)  # after those adding items
def network_counts_for_network_admins(request, summary_items):
    if not is_network_admin(request.user):
        summary_items.clear()


# -- menus -------------------------------------------------------------------------------------


class WorkplaceExplorerMenuItem(ExplorerMenuItem):
    """Wagtail's "Pages" entry, opening at the person's workplace when they have one."""

    def _start(self, request):
        place = main_workplace(request.user)
        return place.start if place is not None else None

    def get_context(self, request):
        context = super().get_context(request)
        if (start := self._start(request)) is not None:
            context["start_page_id"] = start.pk
        return context

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import PageExplorerMenuItem as PageExplorerMenuItemComponent

        start = self._start(request)
        if start is None:
            return super().render_component(request)
        return PageExplorerMenuItemComponent(
            self.name,
            self.label,
            reverse("wagtailadmin_explore", args=[start.pk]),
            start.pk,
            icon_name=self.icon_name,
            classname=self.classname,
        )


HIDDEN_FROM_CONTRIBUTORS = {"reports"}


@hooks.register("construct_main_menu")
def contributor_menu(request, menu_items):
    for index, item in enumerate(menu_items):
        if item.name == "explorer" and not isinstance(item, WorkplaceExplorerMenuItem):
            menu_items[index] = WorkplaceExplorerMenuItem(
                item.label, item.url, name=item.name, icon_name=item.icon_name, order=item.order
            )
    if is_contributor_only(request.user):
        menu_items[:] = [i for i in menu_items if i.name not in HIDDEN_FROM_CONTRIBUTORS]


# -- workflow words ----------------------------------------------------------------------------


class SendToModerationMenuItem(SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            context["label"] = _("Renvoyer à la modération")
        else:
            context["label"] = _("Envoyer à la modération")
        return context


class WithdrawMenuItem(CancelWorkflowMenuItem):
    label = _("Retirer de la modération pour corriger")


class RestartCheckMenuItem(RestartWorkflowMenuItem):
    label = _("Renvoyer à la modération depuis le début")


class WaitingMenuItem(PageLockedMenuItem):
    label = _("En attente de validation")
    template_name = "xmille/admin_home/waiting_button.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        if page is None or page.current_workflow_state is None:
            context["label"] = _("Page verrouillée")
        return context


CONTRIBUTOR_WORDS = {
    SubmitForModerationMenuItem: SendToModerationMenuItem,
    CancelWorkflowMenuItem: WithdrawMenuItem,
    RestartWorkflowMenuItem: RestartCheckMenuItem,
    PageLockedMenuItem: WaitingMenuItem,
}


@hooks.register("construct_page_action_menu")
def contributor_workflow_words(menu_items, request, context):
    # Wagtail's menu item instances are shared by every request: replace them, never mutate.
    for index, item in enumerate(menu_items):
        replacement = CONTRIBUTOR_WORDS.get(type(item))
        if replacement is not None:
            menu_items[index] = replacement(order=item.order)


# -- the editor --------------------------------------------------------------------------------


@hooks.register("insert_editor_js")
def editor_js():
    return format_html_join(
        "",
        '<script src="{}" defer></script>',
        (
            (static("xmille/js/fix_links.js"),),
            (static("xmille/js/start_page_chooser.js"),),
            (static("xmille/js/submit_after_autosave.js"),),
        ),
    )


@hooks.register("insert_global_admin_css")
def contributor_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("xmille/css/admin_home.css"))
