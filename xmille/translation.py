"""Translation follows the same rules as editing: who may translate what, and moderation.

wagtail-localize, as it ships, lets anyone holding `submit_translation` translate any page
(reading it, and creating its parents in the target language, published, as aliases), sync
and publish every translation of any source, and publish from the translation editor with no
workflow. Here:

- starting a translation (`GuardedSubmitPageTranslationView`) needs the source to be readable
  by the user (public, or a page they may edit), the target language's parent to exist (the
  locale structure, `xmille.locales`: no parent is ever created as a side effect) and the right
  to add a page there; whole subtrees are for network admins only;
- syncing translations (`GuardedUpdateTranslationsView`) needs the right to edit the source,
  and "publish" needs the right to publish every translation;
- in the translation editor, a user who may not publish the page submits it to the page's
  workflow instead ("Soumettre à la modération"): it is saved as a draft revision and moderated
  like any edit. Those who may publish (the region's moderators, network admins) publish, as
  they would in the page editor.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .visibility import is_public

SUBMIT_ACTION = "xmille-submit"


def can_read_source(user, page: Page) -> bool:
    """Whether `user` may read `page` in the admin for translating it: it is public, or they
    may edit it."""
    return is_public(page) or page.permissions_for_user(user).can_edit()


def can_translate_into(user, page: Page, locale) -> bool:
    """Whether `user` may create (or take over) `page`'s translation into `locale`: its parent
    exists in that locale and they may add a page there (or edit the existing copy)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.permissions_for_user(user).can_edit()
    parent = page.get_parent()
    if parent.is_root():
        return user.is_superuser
    parent_copy = parent.get_translation_or_none(locale)
    if parent_copy is None:
        return False
    return parent_copy.permissions_for_user(user).can_add_subpage()


class GuardedSubmitPageTranslationView(SubmitPageTranslationView):
    """wagtail-localize's "Translate this page", refused outside the user's rights."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        page = get_object_or_404(Page, id=kwargs["page_id"]).specific
        if not request.user.is_superuser and not can_read_source(request.user, page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        user = self.request.user
        if not user.is_superuser:
            form.fields["locales"].queryset = form.fields["locales"].queryset.filter(
                pk__in=[
                    locale.pk
                    for locale in form.fields["locales"].queryset
                    if can_translate_into(user, self.object, locale)
                ]
            )
        return form

    def form_valid(self, form):
        user = self.request.user
        if form.cleaned_data.get("include_subtree") and not user.is_superuser:
            raise PermissionDenied
        for locale in form.cleaned_data["locales"]:
            if not can_translate_into(user, self.object, locale):
                raise PermissionDenied
        return super().form_valid(form)


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", only for those who may edit the source;
    publishing the results only for those who may publish every translation."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        source = get_object_or_404(TranslationSource, id=kwargs["translation_source_id"])
        instance = source.get_source_instance()
        if isinstance(instance, Page) and not request.user.is_superuser:
            if not instance.permissions_for_user(request.user).can_edit():
                raise PermissionDenied
            if request.method == "POST" and request.POST.get("publish_translations"):
                for translation in source.translations.filter(enabled=True):
                    target = translation.get_target_instance()
                    if not target.permissions_for_user(request.user).can_publish():
                        raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def translation_of(page: Page) -> Translation | None:
    """The wagtail-localize translation whose target is `page`, if it is one."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


def submit_translation(request, page: Page):
    """The `before_edit_page` hook: the translation editor's "publish" by a user who may not
    publish, or our "submit" button, saves the translation as a draft and starts (or resumes)
    the page's workflow. Returns None to let the editor go on."""
    if request.method != "POST":
        return None
    action = request.POST.get("action")
    if action not in ("publish", SUBMIT_ACTION):
        return None
    translation = translation_of(page)
    if translation is None:
        return None
    perms = page.permissions_for_user(request.user)
    if action == "publish" and perms.can_publish():
        return None  # a publisher's own decision, as in the page editor
    if not perms.can_edit():
        raise PermissionDenied
    translation.save_target(user=request.user, publish=False)
    page = Page.objects.get(pk=page.pk).specific
    workflow = page.get_workflow()
    if workflow is None:
        messages.success(request, _("Traduction enregistrée comme brouillon."))
    else:
        state = page.current_workflow_state
        if state is None:
            workflow.start(page, request.user)
        elif state.status == state.STATUS_NEEDS_CHANGES:
            state.resume(request.user)
        messages.success(
            request,
            _("Traduction « %(title)s » soumise à la modération.") % {"title": page.title},
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
