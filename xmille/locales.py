"""Languages: each site's structure in every locale, and what a locale's lists show.

French is the source language; every other locale (nl, de, en) is a sibling tree of each
site's French home, as Wagtail's i18n wants it: the Site's root is the French home, `/nl/` is
served from the Dutch translation of that home (`Page.localized`), and a page's URL carries
its locale's prefix (`Site.get_site_root_paths`).

- `ensure_locale_structure()` creates, once, the locale copies of each site's structure: the
  home and its children (agenda, magazine, regions, standard pages...) as published pages, and
  the pages that only hold content (`locale_container = True`: organizers) as drafts, so that
  `/nl/agenda/` answers before any translation, and translating an event never has to create
  or publish a parent (wagtail-localize would otherwise copy the parents, published, still in
  French). Each copy is a wagtail-localize translation: the translation editor updates it.
- `locale_events_q()` is the agenda's language rule: this locale's events, plus the French
  ones that have no public translation in this locale (shown in French, marked as such).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from .content_cache import request_memo, structure_cached
from .routing import DirectRouteMixin
from .visibility import public_q

SOURCE_LANGUAGE = settings.LANGUAGE_CODE


# -- the locales of the request being served ----------------------------------------------


def _request_locales() -> dict | None:
    """{id: Locale} and {language code: Locale} of the request being served, read once the first
    time a page of it asks (None outside a request)."""
    memo = request_memo.get()
    if memo is None:
        return None
    if "locales" not in memo:
        # Kept with the site's structure: a language is added with its homes.
        rows = structure_cached("locales", lambda: list(Locale.objects.all()))
        memo["locales"] = {
            **{locale.pk: locale for locale in rows},
            **{locale.language_code: locale for locale in rows},
        }
    return memo["locales"]


def locale_by_id(locale_id: int) -> Locale:
    """The Locale row `locale_id`: a page's `page.locale` and Wagtail's `Locale.get_active()`
    query it each time they are asked, and a page's header, menu, agenda and picks each ask;
    here, one query per request for all of them (`_request_locales`)."""
    locales = _request_locales()
    if locales is None or locale_id not in locales:
        return Locale.objects.get(pk=locale_id)
    return locales[locale_id]


class LanguageCodes(dict):
    """{locale id: language code}; a locale added since the codes were kept is read."""

    def __missing__(self, locale_id: int) -> str:
        code = self[locale_id] = Locale.objects.get(pk=locale_id).language_code
        return code


def language_codes() -> LanguageCodes:
    """{locale id: language code}: rows that name a page's locale need not join the locale
    table for its code (one join fewer for PostgreSQL to plan on every list of cards). From
    the request's locales, else read (one query)."""
    locales = _request_locales()
    if locales is None:
        return LanguageCodes(Locale.objects.values_list("pk", "language_code"))
    return LanguageCodes(
        (key, locale.language_code) for key, locale in locales.items() if isinstance(key, int)
    )


def active_locale() -> Locale:
    """`Locale.get_active()`: the active language's locale, else the default one."""
    locales = _request_locales()
    if locales is None:
        return Locale.get_active()
    for code in (get_language(), settings.LANGUAGE_CODE):
        try:
            locale = locales.get(get_supported_content_language_variant(code))
        except LookupError:
            locale = None
        if locale is not None:
            return locale
    return Locale.get_active()


def localized(page: Page) -> Page:
    """`page.localized` (its public translation in the active language, else itself) with the
    request's locale (`active_locale`)."""
    if not settings.WAGTAIL_I18N_ENABLED:
        return page
    locale = active_locale()
    if locale.pk == page.locale_id:
        return page
    translation = page.get_translation_or_none(locale)
    return translation if translation is not None and translation.live else page


def visitor_home(request, site: Site | None = None) -> Page | None:
    """The home of the request's site in the active language, found once per request (the
    menu, the home link, the picks and the highlights all start from it)."""
    if request is None:
        return None
    key = get_language()
    memo = getattr(request, "_xmille_site_home", None)
    if memo is None:
        memo = request._xmille_site_home = {}
    if key not in memo:
        site = site or Site.find_for_request(request)
        root = site.root_page if site and site.root_page_id else None
        # A home keeps its translations with the site's structure (`DirectRouteMixin`).
        memo[key] = (
            root.localized if isinstance(root, DirectRouteMixin) else root and localized(root)
        )
    return memo[key]


def source_locale() -> Locale:
    return Locale.objects.get(language_code=SOURCE_LANGUAGE)


def target_locales() -> list[Locale]:
    """The locales content is translated into, in the order of `WAGTAIL_CONTENT_LANGUAGES`."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != SOURCE_LANGUAGE]
    by_code = {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def ensure_locales() -> list[Locale]:
    """Every content language has its Locale row."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    return target_locales()


@dataclass
class StructureReport:
    created: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)


def structural_pages(site: Site) -> list[tuple[Page, bool]]:
    """The French pages of `site` that every locale needs, in tree order, each with whether
    its copies are published (the home and its children) or drafts (containers)."""
    home = site.root_page
    pages = [(home, True)]
    pages += [(child, True) for child in home.get_children().order_by("path")]
    containers = [model for model in _page_models() if getattr(model, "locale_container", False)]
    if containers:
        pages += [
            (page, False)
            for page in home.get_descendants()
            .filter(depth__gt=home.depth + 1)
            .type(*containers)
            .order_by("path")
        ]
    return [(page.specific, publish) for page, publish in pages]


def _page_models():
    from wagtail.models import get_page_models

    return get_page_models()


def _translate(page: Page, locale: Locale) -> Page:
    """The wagtail-localize translation of `page` into `locale`, created (as a draft, French
    text where nothing is translated yet) if missing or still a plain alias."""
    from wagtail_localize.models import Translation, TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # The parent's copy exists already (tree order), so no parent is copied here.
    translation.save_target(publish=False)
    return page.get_translation(locale)


@transaction.atomic
def ensure_locale_structure(sites=None) -> StructureReport:
    """Create what is missing of every site's structure in every target locale. Idempotent:
    existing copies (translated or not) are kept; structural copies are published if not
    live."""
    report = StructureReport()
    locales = ensure_locales()
    for site in sites or Site.objects.select_related("root_page").order_by("pk"):
        if site.root_page.locale.language_code != SOURCE_LANGUAGE:
            continue
        for page, publish in structural_pages(site):
            for locale in locales:
                copy = page.get_translation_or_none(locale)
                if copy is None or copy.alias_of_id:
                    copy = _translate(page, locale)
                    report.created.append(f"{page.title} [{locale.language_code}]")
                if publish and not copy.live:
                    copy.specific.get_latest_revision().publish()
                    report.published.append(f"{page.title} [{locale.language_code}]")
    return report


# -- what a locale's lists show ------------------------------------------------------------


def publicly_translated_keys(locale_id: int):
    """Translation keys of the public pages of a locale (a subquery)."""
    return Page.objects.filter(public_q(), locale_id=locale_id).values("translation_key")


def locale_events_q(root: Page, prefix: str = "page__", under: str = "path__startswith") -> Q:
    """The pages at `prefix` that a list under `root` shows in `root`'s language: those under
    `root`, and, for a translated locale, those under `root`'s French original that have no
    public translation in this locale (they are shown in French). Public-ness of the pages
    themselves is the caller's `public_q(prefix)`.

    `under` is the path lookup (`path__startswith` or `path__startswith_scan`)."""
    condition = Q(**{f"{prefix}{under}": root.path})
    if locale_by_id(root.locale_id).language_code == SOURCE_LANGUAGE:
        return condition
    original = (
        Page.objects.filter(
            translation_key=root.translation_key, locale__language_code=SOURCE_LANGUAGE
        )
        .only("path")
        .first()
    )
    if original is None:
        return condition
    fallback = Q(**{f"{prefix}{under}": original.path}) & ~Q(
        **{f"{prefix}translation_key__in": publicly_translated_keys(root.locale_id)}
    )
    return condition | fallback


def with_original_paths(page: Page) -> list[str]:
    """`page`'s path, and its French original's when `page` is a translation (venues stay
    French: a Dutch region's venues are under the French region)."""
    paths = [page.path]
    if page.locale.language_code != SOURCE_LANGUAGE:
        original = (
            Page.objects.filter(
                translation_key=page.translation_key, locale__language_code=SOURCE_LANGUAGE
            )
            .values_list("path", flat=True)
            .first()
        )
        if original:
            paths.append(original)
    return paths


def in_language_q(locale: Locale, prefix: str = "page__", locale_field: str | None = None) -> Q:
    """Pages in `locale`, or French pages without a public translation in it. `locale_field`
    names another expression of the page's locale id than `<prefix>locale_id` (an alias
    the caller made, e.g. to keep the database from leading with the locale's index)."""
    condition = Q(**{locale_field or f"{prefix}locale_id": locale.pk})
    if locale.language_code == SOURCE_LANGUAGE:
        return condition
    return condition | (
        Q(**{f"{prefix}locale__language_code": SOURCE_LANGUAGE})
        & ~Q(**{f"{prefix}translation_key__in": publicly_translated_keys(locale.pk)})
    )


def public_translation(page: Page, language_code: str) -> Page | None:
    """`page` in `language_code` if that translation is public, else None."""
    from .visibility import is_public

    if page.locale.language_code == language_code:
        return page if is_public(page) else None
    other = Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=language_code
    ).first()
    return other if other is not None and is_public(other) else None


def ensure_translations(page: Page) -> list[Page]:
    """Draft copies of a new structural or container page (a region's new organizer) in every
    target locale where its parent has one, as `ensure_locale_structure` would make them."""
    parent = page.get_parent()
    copies = []
    for locale in target_locales():
        if page.get_translation_or_none(locale) is not None:
            continue
        if parent.get_translation_or_none(locale) is None:
            continue
        copies.append(_translate(page, locale))
    return copies
