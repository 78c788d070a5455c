"""The magazine's filters, as they appear in the URL (?type=interview&category=concert...).

The index shows a bad value as a form error; the feeds answer 400 with the reasons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from events.models import EventCategory, RegionPage
from xmille.visibility import visible

from .models import PIECE_TYPES, MagazinePiece

MAX_TAG_LENGTH = 100


class MagazineFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False)
    category = forms.ChoiceField(label=_("Catégorie"), required=False)
    region = forms.ChoiceField(label=_("Région"), required=False)
    tag = forms.SlugField(label=_("Mot-clé"), required=False, max_length=MAX_TAG_LENGTH)

    def __init__(self, data, *, magazine: Page, **kwargs):
        super().__init__(data, **kwargs)
        self.magazine = magazine
        self.fields["type"].choices = [
            ("", _("tous")),
            *[(cls.type_slug, cls._meta.verbose_name_plural) for cls in PIECE_TYPES],
        ]
        categories = EventCategory.objects.filter(locale_id=magazine.locale_id).order_by("name")
        self.fields["category"].choices = [
            ("", _("toutes")),
            *categories.values_list("slug", "name"),
        ]
        self.home = magazine.get_parent()
        regions = visible(RegionPage.objects.child_of(self.home)).order_by("title")
        self.fields["region"].choices = [
            ("", _("toutes")),
            *[(region.slug, region.title) for region in regions],
        ]

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def error_messages(self) -> list[str]:
        return [
            f"{self.fields[name].label} : {message}"
            for name, messages in self.errors.items()
            for message in messages
        ]

    def filter(self, queryset):
        """Narrow a queryset of pieces to the valid filters."""
        data = self.cleaned_data
        if data.get("type"):
            cls = next(c for c in PIECE_TYPES if c.type_slug == data["type"])
            queryset = queryset.type(cls)
        if data.get("category"):
            queryset = queryset.filter(categories__slug=data["category"])
        if data.get("region"):
            queryset = queryset.filter(
                regions__slug=data["region"], regions__path__startswith=self.home.path
            )
        if data.get("tag"):
            queryset = queryset.filter(tags__slug=data["tag"])
        return queryset

    @staticmethod
    def base_queryset(magazine: Page):
        return visible(MagazinePiece.objects.child_of(magazine))
