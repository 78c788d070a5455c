"""Demo builder: real nl, de and en translations of the demo's main pages (each site's home,
agenda, magazine, a dozen events, the pieces of the week) and of the event categories, from
`xmille/data/demo-translations.json` (see its `_about`).

Pages are translated through wagtail-localize (the translation is a draft copy first, as in the
admin) and published here directly: the demo loader may publish, people go through the
workflows. Idempotent: a copy already holding the wanted text is left alone, so a second run
creates no page, row or revision.

xmille imports no app: page types and snippets are named in the data (model name, app label)."""

import json
import re
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db.models import Q

from wagtail.models import Page

from xmille.locales import SOURCE_LANGUAGE, source_locale, target_locales

from .sites import DemoNetwork

DATA = Path(__file__).resolve().parent.parent / "data" / "demo-translations.json"
PLACEHOLDER = re.compile(r"\\\{(\w+)\\\}")


@cache
def load() -> dict:
    """`demo-translations.json` and its companions (`demo-translations-<topic>.json`, e.g. the
    guides'), merged: fields and phrases of every file."""
    merged = {"fields": {}, "phrases": {}}
    for path in [DATA, *sorted(DATA.parent.glob("demo-translations-*.json"))]:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
        merged["fields"].update(data.get("fields", {}))
        merged["phrases"].update(data.get("phrases", {}))
    return merged


@cache
def _patterns() -> list[tuple[re.Pattern, dict]]:
    """Phrases with placeholders, as regular expressions (most specific first)."""
    result = []
    for french, translations in load()["phrases"].items():
        if "{" in french:
            regex = PLACEHOLDER.sub(lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(french))
            result.append((re.compile(f"^{regex}$", re.S), translations))
    return sorted(result, key=lambda pair: -len(pair[0].pattern))


def translated(french: str, language: str) -> str | None:
    """`french` in `language` from the phrases, or None when it is not one."""
    phrases = load()["phrases"]
    if french in phrases and "{" not in french:
        return phrases[french][language]
    for pattern, translations in _patterns():
        match = pattern.match(french)
        if match:
            values = {
                name: translated(value, language) or value
                for name, value in match.groupdict().items()
            }
            return translations[language].format(**values)
    return None


class Untranslated(Exception):
    """A text of a stream field is not a phrase."""


def _stream_raw(block, raw, language: str):
    """`raw` (a block's JSON-ready value) with each of its texts (char, text and rich text
    blocks) translated; other values (images, links, booleans) kept."""
    from wagtail import blocks

    if raw in (None, ""):
        return raw
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        children = []
        for child in raw:
            if isinstance(block, blocks.ListBlock):
                child_block = block.child_block
                if not isinstance(child, dict) or "value" not in child:
                    children.append(_stream_raw(child_block, child, language))
                    continue
            else:
                child_block = block.child_blocks[child["type"]]
            children.append({**child, "value": _stream_raw(child_block, child["value"], language)})
        return children
    if isinstance(block, blocks.StructBlock):
        return {
            name: _stream_raw(block.child_blocks[name], value, language)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.CharBlock | blocks.TextBlock | blocks.RichTextBlock):
        value = translated(raw, language)
        if value is None:
            raise Untranslated(raw)
        return value
    return raw


def _stream_field(instance, name: str):
    from wagtail.fields import StreamField

    field = instance._meta.get_field(name)
    return field if isinstance(field, StreamField) else None


def _current(instance, name: str):
    """A field's value as `_wanted` compares it: text, or a stream's JSON-ready value."""
    field = _stream_field(instance, name)
    if field is None:
        return str(getattr(instance, name) or "")
    return json.dumps(field.stream_block.get_prep_value(getattr(instance, name)), sort_keys=True)


def _wanted(instance, fields: list[str], language: str) -> dict | None:
    """{field: translated value} for `instance`, or None when a field is not a phrase."""
    values = {}
    for name in fields:
        stream = _stream_field(instance, name)
        if stream is not None:
            raw = stream.stream_block.get_prep_value(getattr(instance, name))
            if not raw:
                continue
            try:
                values[name] = _stream_raw(stream.stream_block, raw, language)
            except Untranslated:
                return None
            continue
        french = str(getattr(instance, name) or "")
        if not french:
            continue
        value = translated(french, language)
        if value is None:
            return None
        values[name] = value
    return values or None


def _localized_relations(copy: Page, locale) -> dict:
    """{field: objects} for the copy's many-to-many fields to translatable snippets (an event's
    categories) whose objects are not in `locale` yet: their translations, where they exist."""
    from modelcluster.fields import ParentalManyToManyField
    from wagtail.models import TranslatableMixin

    changes = {}
    for field in copy._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField) or not issubclass(
            field.related_model, TranslatableMixin
        ):
            continue
        current = list(getattr(copy, field.name).all())
        localized = [obj.get_translation_or_none(locale) or obj for obj in current]
        if [obj.pk for obj in localized] != [obj.pk for obj in current]:
            changes[field.name] = localized
    return changes


def _as_compared(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _translate_page(page: Page, locale, values: dict) -> bool:
    """Make `page`'s translation into `locale` hold `values`, published. True if it changed."""
    from wagtail_localize.models import Translation, TranslationSource

    copy = page.get_translation_or_none(locale)
    if copy is None or copy.alias_of_id:
        source, _created = TranslationSource.get_or_create_from_instance(page)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        translation.save_target(publish=False)
        copy = page.get_translation(locale)
    copy = copy.specific
    relations = _localized_relations(copy, locale)
    if (
        copy.live
        and not copy.has_unpublished_changes
        and not relations
        and all(_current(copy, name) == _as_compared(value) for name, value in values.items())
    ):
        return False
    for name, value in values.items():
        setattr(copy, name, value)
    for name, objects in relations.items():
        getattr(copy, name).set(objects)
    copy.save_revision().publish()
    return True


def translate_pages(locales) -> int:
    fields = load()["fields"]
    page_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model._meta.model_name in fields
    ]
    changed = 0
    pages = (
        Page.objects.filter(locale__language_code=SOURCE_LANGUAGE, live=True)
        .type(*page_models)
        .order_by("path")
        .specific()
    )
    for page in pages:
        names = fields[page._meta.model_name]
        for locale in locales:
            values = _wanted(page, names, locale.language_code)
            if values is None:
                continue
            # A parent must exist in the locale (the structure builder made the containers);
            # a site's home is a root of its own in each locale.
            if page.depth > 2 and page.get_parent().get_translation_or_none(locale) is None:
                continue
            changed += _translate_page(page, locale, values)
    return changed


def translate_snippets(locales) -> int:
    changed = 0
    french = source_locale()
    for label, names in load()["fields"].items():
        if "." not in label:
            continue
        model = apps.get_model(label)
        for row in model.objects.filter(locale=french):
            for locale in locales:
                values = _wanted(row, names, locale.language_code)
                if values is None:
                    continue
                copy = model.objects.filter(
                    Q(translation_key=row.translation_key), locale=locale
                ).first()
                if copy is None:
                    copy = row.copy_for_translation(locale)
                elif all(getattr(copy, name) == value for name, value in values.items()):
                    continue
                for name, value in values.items():
                    setattr(copy, name, value)
                copy.save()
                changed += 1
    return changed


def build(network: DemoNetwork) -> None:
    locales = target_locales()
    snippets = translate_snippets(locales)
    pages = translate_pages(locales)
    network.say(f"Translations: {pages} pages and {snippets} categories translated or updated.")
