"""The editorial workflows' tasks, built on Wagtail's own workflow engine.

- `EditorialCheckTask`: the automated editorial-line check. It approves or rejects at once, the
  reasons going in the task state's comment (page history, editor panel, e-mail). Likely
  duplicates are flagged in the comment of an approval: the moderator decides.
- `ModerationTask`: a group approval limited to the members of its groups who may also publish
  the page, i.e. the moderators of *the page's* region (or the editors-in-chief of *its* site):
  one task serves the whole network without letting Liège approve Namur. A trusted organizer's
  events skip it, but never the check before it.
- `ProofreadingTask`: magazine proofreading by the site's writers other than the author, or
  the editors.

Wagtail's e-mail notifiers are replaced (same dispatch_uid, connected before Wagtail's) by
subclasses that write only to the people who can act, and that tell the submitter about the
automated check's refusal and about a moderator's approval comment.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.images import get_image_model
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    Site,
    Task,
    TaskState,
    WorkflowState,
)
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected

from .admin_home.mail import SiteAddressEmailMixin

# Page fields that are not editorial text (never searched for forbidden words).
NON_TEXT_FIELDS = {"slug", "url_path", "draft_title", "seo_title", "search_description"}
SHOUTING_MIN_LETTERS = 5
SHOUTING_RATIO = 0.8


@dataclass
class CheckResult:
    """What the check found: `reasons` refuse the submission, `warnings` only inform."""

    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # reason -> name of the form field that fixes it (the editor and the homes link to it)
    fields: dict[str, str] = field(default_factory=dict)

    def refuse(self, field_name: str | None, reason: str) -> None:
        self.reasons.append(reason)
        if field_name:
            self.fields[reason] = field_name

    @property
    def passed(self) -> bool:
        return not self.reasons


# --- helpers -------------------------------------------------------------------------------


def site_for_page(page: Page) -> Site | None:
    """The Site a page belongs to, also for pages of a translated (sibling-locale) tree."""
    if not page.path or len(page.path) < 2 * Page.steplen:
        return None
    home_path = page.path[: 2 * Page.steplen]
    home = Page.objects.filter(path=home_path).only("id", "translation_key").first()
    if home is None:
        return None
    return (
        Site.objects.filter(root_page_id=home.id).first()
        or Site.objects.filter(root_page__translation_key=home.translation_key).first()
    )


def editorial_line_for(page: Page):
    from .models import EditorialLine

    site = site_for_page(page)
    if site is None:
        return EditorialLine()
    return EditorialLine.for_site(site)


def normalise(text: str) -> str:
    """Lower case, without accents or repeated spaces: "Été  à LIÈGE" -> "ete a liege"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < SHOUTING_MIN_LETTERS:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= SHOUTING_RATIO


def _stream_values(value):
    """Every leaf value of a StreamField value (struct, list and stream blocks walked through)."""
    from wagtail.blocks.list_block import ListValue
    from wagtail.blocks.stream_block import StreamValue
    from wagtail.blocks.struct_block import StructValue

    if isinstance(value, StreamValue):
        for child in value:
            yield from _stream_values(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from _stream_values(child)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            yield from _stream_values(child)
    else:
        yield value


def _editorial_texts(page) -> list[tuple[str, str, str]]:
    """(label, plain text, field name) of every editorial text field of the page: title, teaser, rich
    texts, stream fields."""
    from wagtail.fields import StreamField

    texts = [(str(Page._meta.get_field("title").verbose_name), page.title or "", "title")]
    for model_field in type(page)._meta.get_fields():
        if (
            getattr(model_field, "model", None) in (Page, None)
            or model_field.name in NON_TEXT_FIELDS
        ):
            continue
        if isinstance(model_field, StreamField):
            value = getattr(page, model_field.name)
            parts = [strip_tags(str(v)) for v in _stream_values(value) if isinstance(v, str)]
            parts += [strip_tags(v.source) for v in _stream_values(value) if hasattr(v, "source")]
            texts.append((str(model_field.verbose_name), " ".join(parts), model_field.name))
        elif (
            isinstance(model_field, models.CharField | models.TextField)
            and not isinstance(model_field, models.URLField | models.EmailField | models.SlugField)
            and not model_field.choices
        ):
            texts.append(
                (
                    str(model_field.verbose_name),
                    strip_tags(getattr(page, model_field.name) or ""),
                    model_field.name,
                )
            )
    return texts


def _images(page):
    """(label, image, field name) for the page's image fields and the images inside its stream fields."""
    from wagtail.fields import StreamField

    image_model = get_image_model()
    for model_field in type(page)._meta.get_fields():
        if getattr(model_field, "model", None) in (Page, None):
            continue
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is image_model:
            image = getattr(page, model_field.name)
            if image is not None:
                yield str(model_field.verbose_name), image, model_field.name
        elif isinstance(model_field, StreamField):
            for value in _stream_values(getattr(page, model_field.name)):
                if isinstance(value, image_model):
                    yield str(model_field.verbose_name), value, model_field.name


# --- the checks ----------------------------------------------------------------------------


def check_page(page) -> CheckResult:
    """Check a page (the revision's content, not the live row) against its site's editorial
    line. Every page type gets the generic checks; events get the date, place and duplicate
    ones."""
    from events.models import EventPage

    line = editorial_line_for(page)
    result = CheckResult()

    if is_shouting(page.title or ""):
        result.refuse(
            "title",
            str(_("Le titre est écrit en capitales : écrivez-le en minuscules accentuées.")),
        )

    if hasattr(page, "teaser"):
        teaser = (page.teaser or "").strip()
        if not teaser:
            result.refuse("teaser", str(_("L'accroche est vide.")))
        elif len(teaser) > line.teaser_max_length:
            result.refuse(
                "teaser",
                str(
                    _("L'accroche fait %(length)s caractères ; %(max)s au plus.")
                    % {"length": len(teaser), "max": line.teaser_max_length}
                ),
            )
        elif is_shouting(teaser):
            result.refuse("teaser", str(_("L'accroche est écrite en capitales.")))

    if line.require_image and hasattr(page, "main_image") and page.main_image_id is None:
        result.refuse("main_image", str(_("Il manque une image principale.")))
    for label, image, name in _images(page):
        # An image field of the page has its alt text and credit asked next to it in the
        # editor (`<field>_alt`, `<field>_credit`); an image in a stream field, the stream.
        direct = hasattr(page, f"{name}_id")
        if not (image.description or "").strip():
            result.refuse(
                f"{name}_alt" if direct else name,
                str(
                    _("L'image « %(image)s » (%(field)s) n'a pas de texte alternatif.")
                    % {"image": image.title, "field": label}
                ),
            )
        if not (getattr(image, "credit", "") or "").strip():
            result.refuse(
                f"{name}_credit" if direct else name,
                str(
                    _(
                        "L'image « %(image)s » (%(field)s) n'a pas de crédit (photographe ou source)."
                    )
                    % {"image": image.title, "field": label}
                ),
            )

    forbidden = line.forbidden_word_list
    if forbidden:
        for label, text, name in _editorial_texts(page):
            plain = normalise(text)
            for word in forbidden:
                if re.search(rf"(?<!\w){re.escape(normalise(word))}(?!\w)", plain):
                    result.refuse(
                        name,
                        str(
                            _("« %(word)s » n'est pas admis par la ligne éditoriale (%(field)s).")
                            % {"word": word, "field": label}
                        ),
                    )

    if isinstance(page, EventPage):
        _check_event(page, line, result)
    # Rules a page type brings itself (see conventions.md: the check asks the page).
    editorial_issues = getattr(page, "editorial_issues", None)
    if editorial_issues is not None:
        for issue in editorial_issues(line):
            # a reason, or (reason, name of the field that fixes it)
            text, name = issue if isinstance(issue, tuple) else (issue, None)
            result.refuse(name, text)
    return result


def _check_event(event, line, result: CheckResult) -> None:
    occurrences = list(event.occurrences.all())
    now = timezone.now()
    if not occurrences:
        result.refuse("occurrences", str(_("L'événement n'a aucune date.")))
    for number, occurrence in enumerate(occurrences, start=1):
        if occurrence.end and occurrence.end < occurrence.start:
            result.refuse(
                "occurrences",
                str(
                    _("La date n° %(n)s finit (%(end)s) avant de commencer (%(start)s).")
                    % {
                        "n": number,
                        "end": date_format(
                            timezone.localtime(occurrence.end), "SHORT_DATETIME_FORMAT"
                        ),
                        "start": date_format(
                            timezone.localtime(occurrence.start), "SHORT_DATETIME_FORMAT"
                        ),
                    }
                ),
            )
    if occurrences and all(o.effective_end < now for o in occurrences):
        result.refuse(
            "occurrences",
            str(_("Toutes les dates sont passées : vérifiez le jour, le mois et l'année.")),
        )

    has_venue = event.venue_id is not None
    has_link = bool((event.online_url or "").strip())
    if not has_venue and not has_link:
        result.refuse(
            "venue", str(_("Indiquez un lieu ou un lien pour suivre l'événement en ligne."))
        )
    elif event.attendance_mode != event.AttendanceMode.OFFLINE and not has_link:
        result.refuse("online_url", str(_("L'événement est en ligne mais n'a pas de lien.")))
    elif event.attendance_mode != event.AttendanceMode.ONLINE and not has_venue:
        result.refuse("venue", str(_("L'événement a lieu sur place mais n'a pas de lieu.")))

    for duplicate in likely_duplicates(event, occurrences, line.duplicate_similarity / 100):
        site = site_for_page(duplicate)
        result.warnings.append(
            str(
                _(
                    "Doublon possible : « %(title)s » (n° %(id)s%(site)s), même lieu, "
                    "dates qui se chevauchent."
                )
                % {
                    "title": duplicate.title,
                    "id": duplicate.pk,
                    "site": f", {site.site_name}" if site else "",
                }
            )
        )


def likely_duplicates(event, occurrences, threshold: float) -> list[Page]:
    """Other events at the same venue, overlapping in time, with a similar title: on any site
    of the network, live or submitted (in a workflow), translations of this event excluded."""
    from events.models import EventOccurrence, EventPage

    if event.venue_id is None or not occurrences:
        return []
    overlap = Q()
    for occurrence in occurrences:
        overlap |= Q(start__lt=occurrence.effective_end, ends_at__gt=occurrence.start)
    # Only events that are, or may soon be, public: live ones and those waiting in a workflow.
    # A refused or abandoned draft is nobody's duplicate.
    in_workflow = Exists(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("page_id"), output_field=CharField()),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )
    candidate_ids = (
        EventOccurrence.objects.filter(overlap, page__venue_id=event.venue_id)
        .filter(Q(page__live=True) | in_workflow)
        .exclude(page__translation_key=event.translation_key)
        .values_list("page_id", flat=True)
        .distinct()
    )
    title = normalise(event.title)
    return [
        other
        for other in EventPage.objects.filter(pk__in=candidate_ids).order_by("pk")
        if difflib.SequenceMatcher(None, title, normalise(other.title)).ratio() >= threshold
    ]


def format_comment(header: str, lines: list[str]) -> str:
    return "\n".join([header, *(f"- {line}" for line in lines)])


# --- tasks ---------------------------------------------------------------------------------


class EditorialCheckTask(Task):
    """Automated editorial-line check: approves or rejects the submitted revision at once."""

    class Meta:
        verbose_name = _("vérification de la ligne éditoriale")
        verbose_name_plural = _("vérifications de la ligne éditoriale")

    @classmethod
    def get_description(cls):
        return _(
            "Vérifie automatiquement dates, lieu, accroche, images et mots interdits ; refuse "
            "avec les raisons, signale les doublons possibles."
        )

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        page = task_state.revision.as_object()
        result = check_page(page)
        if result.passed:
            comment = (
                format_comment(str(_("Conforme ; à vérifier :")), result.warnings)
                if result.warnings
                else str(_("Conforme à la ligne éditoriale."))
            )
            task_state.approve(user=None, update=False, comment=comment)
        else:
            header = ngettext(
                "Refusé par la vérification automatique (%(count)s raison) :",
                "Refusé par la vérification automatique (%(count)s raisons) :",
                len(result.reasons),
            ) % {"count": len(result.reasons)}
            task_state.reject(
                user=None,
                update=False,
                comment=format_comment(header, result.reasons + result.warnings),
            )
        return task_state


def _page_of(obj) -> Page | None:
    return obj if isinstance(obj, Page) else None


class ScopedApprovalTask(AbstractGroupApprovalTask):
    """A group approval where belonging to a group is not enough: `can_review` must also hold
    for the object at hand."""

    class Meta:
        abstract = True

    def can_review(self, obj, user) -> bool:
        raise NotImplementedError

    def _reviewer(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        return self._user_in_groups(user) and self.can_review(obj, user)

    def user_can_access_editor(self, obj, user):
        return self._reviewer(obj, user)

    def locked_for_user(self, obj, user):
        return not self._reviewer(obj, user)

    def user_can_lock(self, obj, user):
        return self._reviewer(obj, user)

    def get_actions(self, obj, user):
        if self._reviewer(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def _pages_with(self, user, codenames) -> models.QuerySet:
        """The pages under which `user` holds one of the page permissions `codenames`, from the
        same cached permission rows `PagePermissionTester` (and so `can_review`) reads."""
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(Page)
        paths = {
            perm.page.path
            for perm in policy.get_cached_permissions_for_user(user)
            if perm.permission.codename in codenames
        }
        match = Q(pk__in=[])
        for path in paths:
            match |= Q(path__startswith=path)
        return Page.objects.filter(match)

    def reviewable(self, task_states, user) -> models.QuerySet:
        """`task_states` narrowed to those whose page `can_review` holds for, in SQL: the
        moderators' queue must not load every pending page of the network to sort them."""
        raise NotImplementedError

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        if not user.is_active or not self._user_in_groups(user):
            return TaskState.objects.none()
        return self.reviewable(in_progress, user)

    @staticmethod
    def _on_pages(task_states, pages) -> models.QuerySet:
        """Task states of workflows on `pages` (workflow states name their object by a string
        id)."""
        page_ids = pages.annotate(str_id=Cast("id", output_field=CharField())).values("str_id")
        return task_states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=page_ids,
        )


class ModerationTask(ScopedApprovalTask):
    """Approval by the members of the task's groups who may publish the page: the region's
    moderators for events, the site's editors-in-chief for magazine pieces."""

    review_codenames = ["publish_page"]

    class Meta:
        verbose_name = _("validation par la modération")
        verbose_name_plural = _("validations par la modération")

    @classmethod
    def get_description(cls):
        return _(
            "Les membres des groupes choisis qui peuvent publier la page (sa région, son site) "
            "la valident ; les événements d'un organisateur de confiance passent directement."
        )

    def can_review(self, obj, user) -> bool:
        page = _page_of(obj)
        return page is not None and page.permissions_for_user(user).can_publish()

    def reviewable(self, task_states, user):
        # PagePermissionTester.can_publish(): "publish" here or above, never on the root.
        pages = self._pages_with(user, self.review_codenames).filter(depth__gt=1)
        return self._on_pages(task_states, pages)

    def start(self, workflow_state, user=None):
        check = unchecked_revision_check(workflow_state)
        if check is not None:
            # Back from "changes requested": the edited revision passes the check first.
            return check.start(workflow_state, user=user)
        if is_from_trusted_organizer(workflow_state.content_object):
            task_state = self.get_task_state_class()(workflow_state=workflow_state)
            task_state.status = TaskState.STATUS_IN_PROGRESS
            task_state.revision = workflow_state.content_object.get_latest_revision()
            task_state.task = self
            task_state.save()
            return task_state.approve(
                user=None,
                update=False,
                comment=str(_("Organisateur de confiance : publié sans validation humaine.")),
            )
        return super().start(workflow_state, user=user)


class ProofreadingTask(ScopedApprovalTask):
    """Proofreading by a member of the task's groups working on the page's site, never by the
    piece's own author."""

    review_codenames = ["add_page", "change_page", "publish_page"]

    class Meta:
        verbose_name = _("relecture")
        verbose_name_plural = _("relectures")

    @classmethod
    def get_description(cls):
        return _("Un membre des groupes choisis, sur le site de l'article, autre que son auteur.")

    def can_review(self, obj, user) -> bool:
        page = _page_of(obj)
        if page is None:
            return False
        state = page.current_workflow_state
        if state is not None and state.requested_by_id == user.pk:
            return False
        if page.owner_id == user.pk:
            return False
        perms = page.permissions_for_user(user).permissions
        return bool(perms & {"add", "change", "publish"})

    def reviewable(self, task_states, user):
        pages = self._pages_with(user, self.review_codenames).exclude(owner=user)
        return self._on_pages(task_states, pages).exclude(workflow_state__requested_by=user)


def unchecked_revision_check(workflow_state) -> EditorialCheckTask | None:
    """The workflow's active check task if it has not approved the latest revision yet."""
    check_type = ContentType.objects.get_for_model(EditorialCheckTask)
    check = workflow_state.workflow.tasks.filter(content_type=check_type, active=True).first()
    if check is None:
        return None
    latest = workflow_state.content_object.get_latest_revision()
    approved = TaskState.objects.filter(
        workflow_state=workflow_state,
        task=check,
        revision=latest,
        status=TaskState.STATUS_APPROVED,
    ).exists()
    return None if approved else check.specific


def is_from_trusted_organizer(obj) -> bool:
    """An event whose organizer is live and marked trusted (on the live row: a draft of the
    organizer page cannot grant it)."""
    from events.models import EventPage, OrganizerPage

    page = _page_of(obj)
    if page is None or page.specific_class is not EventPage:
        return False
    parent = page.get_parent()
    return OrganizerPage.objects.filter(pk=parent.pk, live=True, trusted=True).exists()


# --- notifications -------------------------------------------------------------------------


class ReviewersSubmissionNotifier(
    SiteAddressEmailMixin, GroupApprovalTaskStateSubmissionEmailNotifier
):
    """Only reviewers who can act on this very page hear about it (not every region's). Network
    admins, in every task's groups as a last resort, are not told of every submission of the
    network (as superusers are not: WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS), unless they
    are also in another of the task's groups."""

    def get_recipient_users(self, task_state, **kwargs):
        from .models import RoleGroup

        recipients = super().get_recipient_users(task_state, **kwargs)
        task = task_state.task.specific
        network_admins = Q(xmille_role__role=RoleGroup.Role.NETWORK_ADMIN)
        last_resort_only = (
            get_user_model()
            .objects.filter(groups__in=task.groups.filter(network_admins))
            .exclude(groups__in=task.groups.exclude(network_admins))
        )
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            last_resort_only = last_resort_only.exclude(is_superuser=True)
        recipients = recipients.exclude(pk__in=last_resort_only.values("pk"))
        obj = task_state.workflow_state.content_object
        return {user for user in recipients if task.get_actions(obj, user)}


class CheckAwareRejectionNotifier(SiteAddressEmailMixin, WorkflowStateRejectionEmailNotifier):
    """The submitter also hears about the automated check's refusal: there, the "rejecting"
    user passed along is the submitter themself, which Wagtail's notifier skips."""

    def get_recipient_users(self, workflow_state, **kwargs):
        recipients = super().get_recipient_users(workflow_state, **kwargs)
        task_state = workflow_state.current_task_state
        if (
            not recipients
            and workflow_state.requested_by is not None
            and task_state is not None
            and isinstance(task_state.task.specific, EditorialCheckTask)
        ):
            recipients = {workflow_state.requested_by}
        return recipients


class CommentedApprovalNotifier(SiteAddressEmailMixin, WorkflowStateApprovalEmailNotifier):
    """The approval e-mail carries the approver's comment."""

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        last = (
            workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED)
            .exclude(comment="")
            .exclude(task__content_type=ContentType.objects.get_for_model(EditorialCheckTask))
            .order_by("-finished_at", "-id")
            .first()
        )
        context["comment"] = last.get_comment() if last else ""
        return context


# Connected while models load, before wagtail.admin's ready() tries the same dispatch_uids:
# Django keeps the first receiver of a dispatch_uid and ignores later ones.
# Module-level references: signals hold receivers weakly.
reviewers_submission_notifier = ReviewersSubmissionNotifier()
check_aware_rejection_notifier = CheckAwareRejectionNotifier()
commented_approval_notifier = CommentedApprovalNotifier()
task_submitted.connect(
    reviewers_submission_notifier,
    sender=TaskState,
    dispatch_uid="group_approval_task_submitted_email_notification",
)
workflow_rejected.connect(
    check_aware_rejection_notifier,
    sender=WorkflowState,
    dispatch_uid="workflow_state_rejected_email_notification",
)
workflow_approved.connect(
    commented_approval_notifier,
    sender=WorkflowState,
    dispatch_uid="workflow_state_approved_email_notification",
)
