"""The facts of a submitted page, for the one-screen review: what the moderator checks before
approving, read from the submitted revision (not the live page).

A page type may say it itself (`moderation_facts()`, a list of `Fact`); otherwise every field
of its own (not Wagtail's page fields) that holds something is shown, in the model's order:
choices by their label, relations by their title, dates of an inline list as dates, long texts
cut short. xmille knows no app's model: this reads the fields' types only."""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from modelcluster.models import get_all_child_relations
from wagtail.images import get_image_model
from wagtail.models import Page

TEXT_WORDS = 60


@dataclass
class Fact:
    label: str
    text: str = ""
    image: object = None


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _child_text(child) -> str:
    """A row of an inline list: a date as "start → end", anything else by its text."""
    start = getattr(child, "start", None)
    if start is not None:
        end = getattr(child, "end", None)
        text = f"{_when(start)} → {_when(end)}" if end else _when(start)
        if getattr(child, "cancelled", False):
            text += " " + _("(annulée)")
        return text
    return str(child)


def _value_text(page, model_field) -> str:
    from wagtail.fields import RichTextField, StreamField

    value = getattr(page, model_field.name)
    if value in (None, "", [], ()):
        return ""
    if model_field.choices:
        return str(getattr(page, f"get_{model_field.name}_display")())
    if isinstance(model_field, models.BooleanField):
        return _("oui") if value else ""
    if isinstance(model_field, StreamField | RichTextField):
        text = " ".join(strip_tags(str(value)).split())
        return Truncator(text).words(TEXT_WORDS)
    if isinstance(model_field, models.DateTimeField):
        return _when(value)
    if isinstance(model_field, models.ForeignKey):
        related = value.specific if isinstance(value, Page) else value
        return getattr(related, "title", None) or str(related)
    return Truncator(str(value)).words(TEXT_WORDS)


def page_facts(page) -> list[Fact]:
    """The facts of `page` (a revision's object) in its editor's order."""
    own = getattr(page, "moderation_facts", None)
    if own is not None:
        return own()
    image_model = get_image_model()
    facts = []
    for model_field in type(page)._meta.get_fields():
        if getattr(model_field, "model", None) is Page or model_field.auto_created:
            continue
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is image_model:
            image = getattr(page, model_field.name)
            if image is not None:
                facts.append(Fact(str(model_field.verbose_name), image.title, image))
            continue
        if getattr(model_field, "many_to_many", False) and not model_field.auto_created:
            if not hasattr(model_field, "verbose_name"):
                continue
            names = [str(obj) for obj in getattr(page, model_field.name).all()]
            if names:
                facts.append(Fact(str(model_field.verbose_name), ", ".join(names)))
            continue
        if not getattr(model_field, "editable", False) or not model_field.concrete:
            continue
        text = _value_text(page, model_field)
        if text:
            facts.append(Fact(str(model_field.verbose_name), text))
    for relation in get_all_child_relations(type(page)):
        children = list(getattr(page, relation.get_accessor_name()).all())
        if children:
            facts.append(
                Fact(
                    str(relation.related_model._meta.verbose_name_plural),
                    " ; ".join(_child_text(child) for child in children),
                )
            )
    return facts
