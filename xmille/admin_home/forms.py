"""The page editor without traps, for every page type (mixed into `GuardedPageForm`) and, for
the image asked in place, the event editor.

- Fields for reviewers only (the slug and the other "Promotion" fields, "organisateur de
  confiance") are not in the form of someone who may not publish the page: their panels and
  tabs disappear, and a raw POST of them changes nothing. A new page then gets its slug from
  its title (Wagtail's own, free among its siblings).
- Slugs are ASCII (`WAGTAIL_ALLOW_UNICODE_SLUGS = False`) and never block a save: a slug
  already used by a sibling becomes the next free one ("atelier-2"), said in the help text.
- The teaser's limit is the site's editorial line's (`EditorialLine.teaser_max_length`), the
  same number the check applies: the form never accepts what the check then refuses.
- `ImageMetaFormMixin`: the main image's alt text and credit are asked next to it; they are
  written to the image when the person may change it (their own upload, or media rights), and
  an image without them cannot be submitted.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

REVIEWER_ONLY_FIELDS = ("slug", "seo_title", "search_description", "show_in_menus", "trusted")


def may_publish(form) -> bool:
    user = getattr(form, "for_user", None)
    if user is None:
        return True
    if form.instance.pk:
        return form.instance.permissions_for_user(user).can_publish()
    parent = getattr(form, "parent_page", None)
    return parent is None or parent.permissions_for_user(user).can_publish_subpage()


def free_slug(slug: str, parent, instance) -> str:
    """`slug`, or the first "slug-N" no sibling of `instance` uses."""
    if parent is None:
        return slug
    candidate, suffix = slug, 1
    while not Page._slug_is_available(candidate, parent, instance):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


class ContributorFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish(self):
            for name in REVIEWER_ONLY_FIELDS:
                self.fields.pop(name, None)
        if "slug" in self.fields:
            # Whatever is typed is made a valid slug in `clean_slug`, never refused.
            self.fields["slug"].required = False
            self.fields["slug"].validators = []
            self.fields["slug"].help_text = _(
                "La fin de l'adresse web, en minuscules sans accents. Vide : faite à partir du "
                "titre. Déjà prise dans la même rubrique : un numéro est ajouté."
            )
        self._apply_teaser_limit()

    def _apply_teaser_limit(self) -> None:
        field = self.fields.get("teaser")
        if field is None:
            return
        from ..workflows import editorial_line_for

        anchor = self.instance if self.instance.pk else getattr(self, "parent_page", None)
        if anchor is None:
            return
        limit = editorial_line_for(anchor).teaser_max_length
        if field.max_length is not None:
            limit = min(limit, field.max_length)
        field.max_length = limit
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ] + [MaxLengthValidator(limit)]
        field.widget.attrs["maxlength"] = str(limit)
        field.help_text = _(
            "Une ou deux phrases qui donnent envie, %(limit)s caractères au plus (la ligne "
            "éditoriale du site). Par exemple : « Trois conteuses font revivre les légendes "
            "de la Meuse, à partir de 6 ans. »"
        ) % {"limit": limit}

    def clean_slug(self):
        typed = self.cleaned_data.get("slug") or ""
        if self.instance.pk and typed == self.instance.slug:
            return typed  # unchanged: an old page's address stays what it is
        slug = slugify(typed)  # ASCII: accents dropped
        if not slug:
            slug = slugify(self.data.get(self.add_prefix("title"), "")) or "page"
        return free_slug(slug, getattr(self, "parent_page", None), self.instance)


class ImageMetaFormMixin(forms.Form):
    """Alt text and credit of the main image, asked next to it (issue 13)."""

    IMAGE_FIELD = "main_image"

    main_image_alt = forms.CharField(
        label=_("texte alternatif de l'image"),
        max_length=255,
        required=False,
        help_text=_(
            "Ce que montre l'image, pour qui ne la voit pas. Par exemple : « Trois musiciennes "
            "sur une scène éclairée en bleu »."
        ),
    )
    main_image_credit = forms.CharField(
        label=_("crédit de l'image"),
        max_length=160,
        required=False,
        help_text=_(
            "Photographe ou source. Par exemple : « © Marie Dupont » ou « Affiche : ASBL Alpha »."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        image = getattr(self.instance, self.IMAGE_FIELD, None) if self.instance.pk else None
        if image is not None:
            self.initial.setdefault("main_image_alt", image.description)
            self.initial.setdefault("main_image_credit", getattr(image, "credit", ""))

    def _may_change(self, image) -> bool:
        from wagtail.images import get_image_model
        from wagtail.permissions import policy_registry

        user = getattr(self, "for_user", None)
        policy = policy_registry.get_by_type(get_image_model())
        return user is not None and policy.user_has_permission_for_instance(user, "change", image)

    def clean(self):
        cleaned_data = super().clean()
        image = cleaned_data.get(self.IMAGE_FIELD)
        if image is None or "main_image_alt" not in self.fields:
            return cleaned_data
        for name, attribute, missing in (
            (
                "main_image_alt",
                "description",
                _("Décrivez l'image en quelques mots pour qui ne la voit pas."),
            ),
            (
                "main_image_credit",
                "credit",
                _("Indiquez le crédit de l'image (photographe ou source)."),
            ),
        ):
            given = (cleaned_data.get(name) or "").strip()
            current = (getattr(image, attribute, "") or "").strip()
            if given and given != current and not self._may_change(image):
                self.add_error(
                    name,
                    _(
                        "L'image « %(image)s » n'est pas la vôtre : vous ne pouvez pas changer "
                        "son %(what)s. Choisissez une autre image ou téléversez la vôtre."
                    )
                    % {"image": image.title, "what": self.fields[name].label},
                )
            elif not given and not current and not self.is_deferred_validation:
                self.add_error(name, missing)
        return cleaned_data

    def save_image_meta(self) -> None:
        """Write the alt text and credit to the image (when the form allowed them)."""
        image = self.cleaned_data.get(self.IMAGE_FIELD)
        if image is None or "main_image_alt" not in self.fields:
            return
        changed = []
        for name, attribute in (("main_image_alt", "description"), ("main_image_credit", "credit")):
            given = (self.cleaned_data.get(name) or "").strip()
            if given and given != (getattr(image, attribute, "") or "").strip():
                setattr(image, attribute, given)
                changed.append(attribute)
        if changed and self._may_change(image):
            image.save(update_fields=changed)
