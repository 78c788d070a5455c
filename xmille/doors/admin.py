"""The reviewers' queues of what was sent without an account: one "snippet" list per kind of
request (filters by status and place, search), and one decision page per request.

A queue is defined by its model, the condition on the records a user may see
(`visible(user) -> Q`), whether a user may decide one record (`may_decide(user, record)`), and
the functions that approve and reject (`xmille.doors.contributors`, `events.doors`). The
listing opens the decision page; Wagtail's own add, edit and delete views are closed (a request
comes from its public form, and is decided, never edited); a raw POST to a decision page by
anyone else is refused (403) and changes nothing.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from xmille.models import DoorRecord

from .decisions import involved


class QueuePermissionPolicy(ModelPermissionPolicy):
    """Viewing only, for those who review requests; never add, change or delete here."""

    def __init__(self, model, visible):
        super().__init__(model)
        self.visible = visible

    def user_has_permission(self, user, action):
        return action == "view" and involved(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            action == "view"
            and involved(user)
            and self.visible_records(user).filter(pk=instance.pk).exists()
        )

    def visible_records(self, user):
        if not involved(user):
            return self.model.objects.none()
        return self.model.objects.filter(self.visible(user))

    def instances_user_has_any_permission_for(self, user, actions):
        return self.visible_records(user)


class StatusFilterSet(WagtailFilterSet):
    """A queue's filter by status; subclasses add the place and name their `Meta.model`."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("statut"), choices=DoorRecord.Status.choices
    )


class QueueIndexView(snippet_views.IndexView):
    """Each row opens its decision page."""

    decide_url_name = ""

    def get_edit_url(self, instance):
        return reverse(self.decide_url_name, args=[instance.pk])

    def get_inspect_url(self, instance):
        return self.get_edit_url(instance)


QUEUES: list[type["QueueViewSet"]] = []
"""Every reviewers' queue, for the dashboard's "waiting for you" panel."""


class QueueViewSet(SnippetViewSet):
    """A reviewers' queue; subclasses set `model`, `policy` (a QueuePermissionPolicy) and
    `decide_url_name`, then `register_queue` it."""

    policy: QueuePermissionPolicy
    decide_url_name = ""
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        QUEUES.append(cls)

    @property
    def index_view_class(self):
        return type("IndexView", (QueueIndexView,), {"decide_url_name": self.decide_url_name})

    def get_queryset(self, request):
        return self.policy.visible_records(request.user).order_by("-created", "-pk")


def register_queue(viewset: type[QueueViewSet]) -> None:
    """Register a queue with Wagtail (from `wagtail_hooks`)."""
    # The policy before the viewset, so that Wagtail does not register its model-permission
    # fallback for the model.
    register_permission_policy(viewset.model, viewset.policy)
    register_snippet(viewset)


class PendingRequestsPanel(Component):
    """On the admin's home: how many requests wait for this person's decision, per queue."""

    name = "doors_pending"
    order = 90
    template_name = "xmille/doors/admin/pending_panel.html"

    def __init__(self, user):
        self.user = user

    def rows(self):
        rows = []
        for queue in QUEUES:
            policy = getattr(queue, "policy", None)
            if policy is None:
                continue
            count = (
                policy.visible_records(self.user).filter(status=queue.model.Status.PENDING).count()
            )
            if count:
                url = reverse(
                    f"wagtailsnippets_{queue.model._meta.label_lower.replace('.', '_')}:list"
                )
                rows.append(
                    {"label": queue.menu_label, "count": count, "url": f"{url}?status=pending"}
                )
        return rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows()}

    def render_html(self, parent_context=None):
        if not involved(self.user):
            return ""
        context = self.get_context_data(parent_context)
        if not context["rows"]:
            return ""
        from django.template.loader import render_to_string

        return render_to_string(self.template_name, context)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Raison du refus (envoyée par e-mail)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": gettext_lazy(
                "Écrivez la raison du refus : elle est envoyée à la personne qui a fait la demande."
            )
        },
    )


class DecisionView(View):
    """GET: the request and its two forms; POST `approve` or `reject` (with a reason).
    Subclasses set `may_decide` (a `staticmethod`: `xmille.doors.decisions.in_region`,
    `on_site`) and write `approve` and `reject` with their door's functions."""

    model = None
    template_name = "xmille/doors/admin/decide.html"
    title = ""
    index_url_name = ""
    approve_label = gettext_lazy("Accepter")
    approve_form_class = forms.Form
    # The request's own fields shown to the reviewer, in order; its arrival and status follow.
    shown_fields: tuple[str, ...] = ()
    may_decide = None

    def can_decide(self, user, record) -> bool:
        return self.may_decide(user, record)

    def approve(self, record, form):
        raise NotImplementedError

    def reject(self, record, reason):
        raise NotImplementedError

    def approve_form(self, record, data=None):
        return self.approve_form_class(data)

    def dispatch(self, request, pk):
        self.record = get_object_or_404(self.model, pk=pk)
        if not self.can_decide(request.user, self.record):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get(self, request, pk):
        return self.render(self.approve_form(self.record), RejectForm())

    def post(self, request, pk):
        if not self.record.is_pending:
            messages.warning(request, _("Cette demande est déjà traitée : rien n'a changé."))
            return redirect(request.path)
        approve_form = self.approve_form(self.record)
        reject_form = RejectForm()
        if "approve" in request.POST:
            approve_form = self.approve_form(self.record, request.POST)
            if approve_form.is_valid():
                return self.done(self.approve(self.record, approve_form), approved=True)
        elif "reject" in request.POST:
            reject_form = RejectForm(request.POST)
            if reject_form.is_valid():
                return self.done(
                    self.reject(self.record, reject_form.cleaned_data["reason"]), approved=False
                )
        return self.render(approve_form, reject_form, status=400)

    def done(self, record, approved: bool):
        if record is None:
            messages.warning(self.request, _("Cette demande est déjà traitée : rien n'a changé."))
        elif approved:
            messages.success(self.request, _("« %(name)s » est acceptée.") % {"name": str(record)})
        else:
            messages.success(
                self.request,
                _("« %(name)s » est refusée ; la raison est envoyée par e-mail.")
                % {"name": str(record)},
            )
        return redirect(self.index_url_name)

    def fields(self):
        rows = []
        for name in (*self.shown_fields, "created", "status"):
            field = self.model._meta.get_field(name)
            value = getattr(self.record, name)
            display = getattr(self.record, f"get_{name}_display", None)
            if display is not None:
                value = display()
            rows.append((field.verbose_name, value, name))
        return rows

    def render(self, approve_form, reject_form, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "record": self.record,
                "title": self.title,
                "fields": self.fields(),
                "approve_form": approve_form,
                "reject_form": reject_form,
                "approve_label": self.approve_label,
                "index_url": reverse(self.index_url_name),
                "extra": self.extra_context(),
            },
            status=status,
        )

    def extra_context(self) -> dict:
        return {}


__all__ = [
    "DecisionView",
    "QueuePermissionPolicy",
    "QueueViewSet",
    "RejectForm",
    "StatusFilterSet",
    "register_queue",
]


# -- the contributors' queue (the site's editors-in-chief) -----------------------------------


def _contributor_queue():
    from wagtail.models import Site

    from xmille.models import ContributorRequest

    from . import contributors
    from .decisions import decidable_sites, on_site

    class ContributorFilterSet(StatusFilterSet):
        site = django_filters.ModelChoiceFilter(
            label=gettext_lazy("site"), queryset=Site.objects.order_by("site_name")
        )
        kind = django_filters.ChoiceFilter(
            label=gettext_lazy("je suis"), choices=ContributorRequest.Kind.choices
        )

        class Meta:
            model = ContributorRequest
            fields = ["status", "site", "kind"]

    class ContributorRequestViewSet(QueueViewSet):
        model = ContributorRequest
        policy = QueuePermissionPolicy(ContributorRequest, decidable_sites)
        decide_url_name = "doors_decide_contributor"
        icon = "user"
        menu_label = gettext_lazy("Demandes de contributeurs")
        menu_name = "contributor_requests"
        menu_order = 365
        list_display = ["name", "kind", "site", "email", "status", "created"]
        filterset_class = ContributorFilterSet
        search_fields = ["name", "email"]

    class ContributorDecisionView(DecisionView):
        model = ContributorRequest
        title = gettext_lazy("Demande de contributeur")
        index_url_name = "wagtailsnippets_xmille_contributorrequest:list"
        approve_label = gettext_lazy("Accepter : rédacteur ou rédactrice de ce site")
        shown_fields = ("name", "kind", "site", "email", "about", "wishes", "sample_url")
        may_decide = staticmethod(on_site)

        def approve(self, record, form):
            try:
                return contributors.approve(record.pk, self.request.user)
            except contributors.DecisionError as error:
                messages.error(self.request, str(error))
                return None

        def reject(self, record, reason):
            return contributors.reject(record.pk, self.request.user, reason)

    return ContributorRequestViewSet, ContributorDecisionView


ContributorRequestViewSet, ContributorDecisionView = _contributor_queue()
