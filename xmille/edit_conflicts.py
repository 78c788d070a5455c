"""Two people edit the same page: the second one never overwrites the first without a word.

Wagtail 8 already does most of it. Its editing sessions (the ping view) tell an open editor
that someone else saved a newer revision, and its edit form carries the revision it was loaded
from (`loaded_revision_id`, `loaded_revision_created_at`, and `overwrite_revision_id` once
autosave has written one). But the server compares them only for autosave's JSON requests
(`EditView.is_out_of_date`): a plain "Enregistrer", "Publier" or "Soumettre" from a stale
form, or a raw POST, replaces the newer revision silently.

This module holds the missing server-side rule, written once and built on Wagtail's revision
data (the same comparison as `is_out_of_date`):

- `newer_revision(instance, data)` answers "was a newer revision saved after this form was
  loaded?";
- `RevisionGuardFormMixin` makes the page (or snippet) form invalid when so: Wagtail then
  re-renders the editor with the user's input kept and a French message naming who saved and
  when. The re-rendered form carries the newest revision id, so saving again is a deliberate,
  informed choice, never a silent one;
- `compare_link_message()` is what the `before_edit_page` hook shows next to that message: a
  link to Wagtail's revision comparison (the version the user opened against the newest).

A POST that carries no revision id at all is not refused (Wagtail's own stance: nothing to
compare); the admin's forms always carry one.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, Revision, RevisionMixin

from .admin_home.forms import ContributorFormMixin


def newer_revision(instance, data, user=None) -> Revision | None:
    """The revision saved after the one the submitted form was loaded from, or None when the
    form is up to date (or says nothing about what it loaded, or the object has no revisions).

    A newer revision by `user` themselves is not a conflict: it is their own editor's autosave
    (every half second of typing) still in flight when they clicked "Envoyer à la modération";
    what they send holds everything they typed.

    Reads the object's `latest_revision` from the database, not from `instance`: the editor's
    instance is rebuilt from revision content and may predate a save made meanwhile."""
    if not isinstance(instance, RevisionMixin) or instance.pk is None or data is None:
        return None
    model = Page if isinstance(instance, Page) else type(instance)
    latest_id = (
        model._default_manager.filter(pk=instance.pk)
        .values_list("latest_revision_id", flat=True)
        .first()
    )
    if latest_id is None:
        return None
    latest = Revision.objects.select_related("user").defer("content").get(pk=latest_id)
    newest = latest if _stale(latest, data) else None
    if newest is not None and user is not None and newest.user_id == user.pk:
        return None
    return newest


def _stale(latest: Revision, data) -> bool:
    """Wagtail's own comparison (`EditView.is_out_of_date`) of the form's revision fields
    with the latest revision."""
    # Autosave overwrites its own revision: if the form wrote one, it must still be the latest.
    if overwritten := data.get("overwrite_revision_id"):
        return overwritten != str(latest.pk)
    loaded = data.get("loaded_revision_id")
    if not loaded:
        return False
    if loaded != str(latest.pk):
        return True
    # Same id, but another session's autosave may have rewritten it since: created_at moves.
    loaded_at = data.get("loaded_revision_created_at")
    return bool(loaded_at and loaded_at != latest.created_at.isoformat())


def _who(revision: Revision) -> str:
    if revision.user is None:
        return _("quelqu'un d'autre")
    return get_user_display_name(revision.user)


def _when(revision: Revision) -> str:
    moment = timezone.localtime(revision.created_at)
    return _("le %(day)s à %(hour)s") % {
        "day": date_format(moment, "j F Y"),
        "hour": date_format(moment, "H:i"),
    }


def conflict_message(revision: Revision) -> str:
    """The refusal, in plain text: it goes on the form as a non-field error."""
    return _(
        "Rien n'a été enregistré : %(who)s a enregistré une version plus récente "
        "%(when)s, après que vous avez ouvert cet éditeur. Vos modifications sont toujours "
        "dans le formulaire ci-dessous. Comparez les deux versions, reprenez ce qui doit "
        "l'être, puis enregistrez à nouveau : votre version remplacera alors la sienne."
    ) % {"who": _who(revision), "when": _when(revision)}


def compare_link_message(page: Page, data, newest: Revision) -> str | None:
    """A link to Wagtail's comparison of the version the user opened with the newest one,
    or None when the version they opened is unknown."""
    loaded = data.get("overwrite_revision_id") or data.get("loaded_revision_id")
    if not (loaded and loaded.isdigit()) or not page.revisions.filter(pk=loaded).exists():
        return None
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, loaded, newest.pk])
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _("Ce qui a changé depuis que vous avez ouvert la page :"),
        url,
        _("comparer votre version de départ avec la plus récente"),
    )


class RevisionGuardFormMixin:
    """For Wagtail admin model forms (pages, snippets with revisions): refuse a form loaded
    from a revision that is no longer the latest one."""

    def clean(self):
        cleaned_data = super().clean()
        newest = newer_revision(self.instance, self.data, getattr(self, "for_user", None))
        if newest is not None:
            raise ValidationError(conflict_message(newest), code="stale_revision")
        return cleaned_data


class GuardedPageForm(ContributorFormMixin, RevisionGuardFormMixin, WagtailAdminPageForm):
    """The base form of every Xmille page type (`base_form_class`); `ContributorFormMixin`
    (xmille.admin_home.forms) hides reviewers' fields and never lets a slug block a save."""
