"""The moderators' queues: organizations asking to join, events proposed without an account
(`xmille.doors.admin` holds the machinery: who sees what, the decision page)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import django_filters

from xmille.doors.admin import DecisionView, QueuePermissionPolicy, QueueViewSet, StatusFilterSet
from xmille.doors.decisions import decidable_regions, in_region
from xmille.doors.forms import IdChoiceField

from ..models import EventProposal, JoinRequest, RegionPage, VenuePage
from . import joining, proposals


class RegionStatusFilterSet(StatusFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("région"),
        queryset=RegionPage.objects.filter(locale__language_code="fr").order_by("title"),
    )


class JoinFilterSet(RegionStatusFilterSet):
    class Meta:
        model = JoinRequest
        fields = ["status", "region"]


class ProposalFilterSet(RegionStatusFilterSet):
    class Meta:
        model = EventProposal
        fields = ["status", "region"]


class JoinRequestViewSet(QueueViewSet):
    model = JoinRequest
    policy = QueuePermissionPolicy(JoinRequest, decidable_regions)
    decide_url_name = "doors_decide_join"
    icon = "group"
    menu_label = gettext_lazy("Demandes d'adhésion")
    menu_name = "join_requests"
    menu_order = 360
    list_display = ["name", "region", "contact_name", "email", "status", "created"]
    filterset_class = JoinFilterSet
    search_fields = ["name", "contact_name", "email"]


class EventProposalViewSet(QueueViewSet):
    model = EventProposal
    policy = QueuePermissionPolicy(EventProposal, decidable_regions)
    decide_url_name = "doors_decide_proposal"
    icon = "calendar-alt"
    menu_label = gettext_lazy("Propositions d'événements")
    menu_name = "event_proposals"
    menu_order = 355
    list_display = ["title", "region", "start", "proposer_name", "status", "created"]
    filterset_class = ProposalFilterSet
    search_fields = ["title", "proposer_name", "email"]


class JoinDecisionView(DecisionView):
    model = JoinRequest
    title = gettext_lazy("Demande d'adhésion")
    index_url_name = "wagtailsnippets_events_joinrequest:list"
    approve_label = gettext_lazy("Accepter : créer le compte, la page et le groupe")
    shown_fields = (
        "name",
        "sector",
        "region",
        "contact_name",
        "email",
        "website",
        "presentation",
        "services",
        "accepts_line",
    )
    may_decide = staticmethod(in_region)

    def approve(self, record, form):
        return joining.approve(record.pk, self.request.user)

    def reject(self, record, reason):
        return joining.reject(record.pk, self.request.user, reason)

    def done(self, record, approved):
        if approved and record is not None and record.organizer_id:
            messages.success(
                self.request,
                _(
                    "Le compte de %(email)s et la page « %(page)s » (brouillon) sont créés ; "
                    "le lien pour choisir un mot de passe est envoyé."
                )
                % {"email": record.email, "page": record.organizer.title},
            )
            return redirect(self.index_url_name)
        return super().done(record, approved)


class ProposalAcceptForm(forms.Form):
    venue = IdChoiceField(
        label=gettext_lazy("Lieu de l'événement"),
        queryset=VenuePage.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Choisissez le lieu décrit par la personne ; sans lieu, la vérification automatique "
            "refusera le brouillon et vous pourrez le compléter dans l'éditeur."
        ),
    )

    def __init__(self, data=None, *, record):
        super().__init__(data, initial={"venue": record.venue_id})
        self.fields["venue"].queryset = VenuePage.objects.child_of(record.region).order_by("title")


class ProposalDecisionView(DecisionView):
    model = EventProposal
    title = gettext_lazy("Proposition d'événement")
    index_url_name = "wagtailsnippets_events_eventproposal:list"
    approve_label = gettext_lazy("Accepter : créer le brouillon et le soumettre à la modération")
    shown_fields = (
        "title",
        "start",
        "end",
        "region",
        "venue",
        "venue_description",
        "description",
        "price",
        "image",
        "image_alt",
        "image_credit",
        "proposer_name",
        "email",
        "organizes",
    )
    may_decide = staticmethod(in_region)

    def approve_form(self, record, data=None):
        return ProposalAcceptForm(data, record=record)

    def approve(self, record, form):
        return proposals.accept(record.pk, self.request.user, venue=form.cleaned_data["venue"])

    def reject(self, record, reason):
        return proposals.refuse(record.pk, self.request.user, reason)

    def done(self, record, approved):
        if approved and record is not None and record.event_id:
            messages.success(
                self.request,
                _("« %(title)s » est un brouillon soumis au workflow « Agenda ».")
                % {"title": record.title},
            )
            return redirect("wagtailadmin_pages:edit", record.event_id)
        return super().done(record, approved)
