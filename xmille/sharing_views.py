"""Admin for sharing between sites (`xmille.sharing`): the "Partager avec un autre site" page
of an event, the "Partages" snippet list, and who may do what in both.

- `ShareEventView` (GET/POST `/admin/partager/<page id>/`): lists where the event is shared,
  shares it with another site, unshares it. Only those who may edit the event; anyone else,
  raw POST included, gets 403 and nothing changes.
- `EventShareViewSet` ("Partages"): the shares a person has to do with (those they made, those
  sent to the sites they moderate), filtered by site and flags. Its edit form holds only the
  receiving site's flags (hidden, featured), for that site's moderators; deleting a share
  (unsharing) is for those who may edit the event. Nothing is created here: a share starts
  from its event.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, Site
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from .models import EventShare, RoleGroup
from .sharing import (
    can_moderate_site,
    can_share,
    moderated_site_ids,
    share,
    shares_of,
    target_sites,
)


class ShareForm(forms.Form):
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site d'accueil"),
        queryset=Site.objects.none(),
        help_text=gettext_lazy(
            "L'événement apparaîtra dans l'agenda de ce site, avec un lien vers sa page ici."
        ),
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = target_sites(page)
        self.fields["site"].label_from_instance = lambda site: site.site_name or site.hostname


class ShareEventView(View):
    template_name = "xmille/admin/share_event.html"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not can_share(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get(self, request, page_id):
        return self.render(ShareForm(page=self.page))

    def post(self, request, page_id):
        if "unshare" in request.POST:
            record = shares_of(self.page).filter(pk=request.POST.get("unshare") or 0).first()
            if record is not None:
                record.delete()
                messages.success(
                    request,
                    _("« %(event)s » n'est plus partagé avec %(site)s.")
                    % {"event": self.page.title, "site": record.site.site_name},
                )
            return redirect("xmille_share_event", self.page.pk)
        form = ShareForm(request.POST, page=self.page)
        if not form.is_valid():
            return self.render(form)
        site = form.cleaned_data["site"]
        share(self.page, site, request.user)
        messages.success(
            request,
            _("« %(event)s » est partagé avec %(site)s.")
            % {"event": self.page.title, "site": site.site_name},
        )
        return redirect("xmille_share_event", self.page.pk)

    def render(self, form):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"page": self.page, "form": form, "shares": shares_of(self.page)},
        )


# -- the "Partages" snippet list -------------------------------------------------------------


class SharePermissionPolicy(ModelPermissionPolicy):
    """Rules of `xmille.sharing` instead of model permissions: see the module docstring."""

    def _involved(self, user) -> bool:
        return (
            user.is_active
            and user.is_authenticated
            and (user.is_superuser or RoleGroup.objects.filter(group__user=user).exists())
        )

    def user_has_permission(self, user, action):
        if action in ("view", "change", "delete"):
            return self._involved(user)
        return False  # "add": a share starts from its event

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change":
            return can_moderate_site(user, instance.site)
        if action == "delete":
            return can_share(user, instance.event)
        if action == "view":
            return can_moderate_site(user, instance.site) or can_share(user, instance.event)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if not self._involved(user):
            return EventShare.objects.none()
        if user.is_superuser:
            return EventShare.objects.all()
        visible = Q(site_id__in=moderated_site_ids(user)) | Q(shared_by=user)
        return EventShare.objects.filter(visible)


class InstancePermissionMixin:
    """Wagtail's edit, delete and history views check the model-wide permission only: check the
    share at hand too (`SharePermissionPolicy.user_has_permission_for_instance`)."""

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk", args[0] if args else None)
        record = EventShare.objects.filter(pk=unquote(str(pk))).first() if pk else None
        if record is None or not SharePermissionPolicy(EventShare).user_has_permission_for_instance(
            request.user, self.permission_required, record
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ShareEditView(InstancePermissionMixin, snippet_views.EditView):
    pass


class ShareDeleteView(InstancePermissionMixin, snippet_views.DeleteView):
    pass


class ShareHistoryView(InstancePermissionMixin, snippet_views.HistoryView):
    permission_required = "view"


class ShareUsageView(InstancePermissionMixin, snippet_views.UsageView):
    permission_required = "view"


class EventShareFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label=gettext_lazy("site d'accueil"), queryset=Site.objects.order_by("site_name")
    )
    hidden = django_filters.BooleanFilter(label=gettext_lazy("masqué"))
    featured = django_filters.BooleanFilter(label=gettext_lazy("mis en avant"))

    class Meta:
        model = EventShare
        fields = ["site", "hidden", "featured"]


class EventShareViewSet(SnippetViewSet):
    model = EventShare
    icon = "site"
    menu_label = gettext_lazy("Partages")
    menu_name = "shares"
    add_to_admin_menu = True
    menu_order = 350
    list_display = ["event", "site", "shared_by", "hidden", "featured", "created"]
    filterset_class = EventShareFilterSet
    # The receiving site's flags only: never the event, the site or who shared.
    panels = [FieldPanel("hidden"), FieldPanel("featured")]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_view_class = ShareEditView
    delete_view_class = ShareDeleteView
    history_view_class = ShareHistoryView
    usage_view_class = ShareUsageView

    def get_queryset(self, request):
        return (
            SharePermissionPolicy(EventShare)
            .instances_user_has_any_permission_for(request.user, ["view", "change", "delete"])
            .select_related("event", "site", "shared_by")
            .order_by("-created", "-pk")
        )
