"""What a visitor sees of the languages: the switcher, the alternates, the first visit.

- `alternates(page, request)`: the page in each content language where that translation is
  public, with absolute URLs on the page's own host (the switcher, `hreflang`, the sitemap);
- `switcher_items(...)`: for each other language, the same page if translated and public,
  otherwise that language's agenda (or home), saying so;
- `PreferredLanguageMiddleware`: `/` sends a first-time visitor whose browser prefers another
  language of the site to it, once (a cookie set with the redirect, none otherwise), never a
  crawler, only on the home.
"""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.utils.translation import get_language_info
from django.utils.translation.trans_real import parse_accept_lang_header

from wagtail.models import Page, Site

from .content_cache import changes_site_structure, content_cached, structure_cached
from .visibility import is_public

SEEN_COOKIE = "xm_lang"
# The fragment a fallback link carries: the page it leads to shows its notice (base.html, CSS
# `:target`), with no query string (the page stays cacheable and indexable as itself).
UNTRANSLATED_ANCHOR = "non-traduite"
SEEN_SECONDS = 365 * 24 * 60 * 60
BOT = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|lighthouse|headless", re.I
)


# What a page's address in a language needs (`is_public`, `get_url`): a Wagtail page row has
# some sixty columns.
ADDRESS_FIELDS = ("path", "url_path", "live", "locale__language_code")


def languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def alternates(page: Page, request=None) -> dict[str, str]:
    """{language: absolute URL} of `page` and its public translations (itself included when
    public), in the languages' order. One query, remembered for the request (the switcher and
    the `hreflang` links both ask)."""
    memo = getattr(request, "_xmille_alternates", None) if request is not None else None
    if memo is not None and page.pk in memo:
        return memo[page.pk]

    def read():
        translations = {
            p.locale.language_code: p
            for p in Page.objects.filter(translation_key=page.translation_key)
            .select_related("locale")
            .only(*ADDRESS_FIELDS)
        }
        urls = {}
        for code in languages():
            other = translations.get(code)
            if other is not None and is_public(other):
                url = other.get_full_url(request)
                if url:
                    urls[code] = url
        return urls

    # A page of the site's structure (an agenda, a region, a venue...) is translated and
    # published with that structure's version: its languages are kept with it, in an entry of
    # its own (thousands of venue pages would weigh on every request in the site's bundle).
    # Any other page (an event, a piece; a plain `Page` row may be an event's): with the
    # site's content, which its translation's publication renews.
    structural = type(page) is not Page and changes_site_structure(page)
    if request is None:
        urls = read()
    elif structural:
        urls = structure_cached("alternates", read, page.pk, alone=True)
    else:
        urls = content_cached("alternates", read, page.pk)
    if request is not None:
        if memo is None:
            memo = request._xmille_alternates = {}
        memo[page.pk] = urls
    return urls


def _sections(home: Page, request) -> dict[str, tuple[str, str]]:
    """{language: (URL, "agenda" or "home")}: the site's agenda in each language (its home
    when it has none), in two queries whatever the number of languages."""
    homes = {
        p.locale.language_code: p
        for p in Page.objects.filter(translation_key=home.translation_key, live=True)
        .select_related("locale")
        .only("depth", *ADDRESS_FIELDS)
        .order_by("path")
    }
    agendas = {}
    if homes:
        # The network's few agenda pages at the homes' children's depth, led by the
        # content-type index, then kept when under one of these homes: path ranges would
        # make the database walk every page of the site in each language.
        # (The content type by its natural key: cached by Django, and no app imported.)
        try:
            agenda_type = ContentType.objects.get_by_natural_key("events", "agendapage")
        except ContentType.DoesNotExist:
            agenda_type = None
        depths = {localized.depth + 1 for localized in homes.values()}
        candidates = (
            Page.objects.filter(live=True, depth__in=depths, content_type=agenda_type)
            .select_related("locale")
            .only(*ADDRESS_FIELDS)
            .order_by()
            if agenda_type
            else []
        )
        for agenda in sorted(candidates, key=lambda page: page.path):
            if any(agenda.path.startswith(p.path) for p in homes.values()):
                agendas.setdefault(agenda.locale.language_code, agenda)
    sections = {}
    for code, localized in homes.items():
        agenda = agendas.get(code)
        if agenda is not None:
            sections[code] = (agenda.get_url(request), "agenda")
        else:
            sections[code] = (localized.get_url(request), "home")
    return sections


def _locale(code: str):
    from wagtail.models import Locale

    return Locale.objects.filter(language_code=code).first()


def switcher_items(request, page: Page | None, current: str) -> list[dict]:
    """One entry per other language: {code, name, url, translated, fallback}."""
    site = Site.find_for_request(request) if request else None
    urls = alternates(page, request) if page is not None and getattr(page, "pk", None) else {}
    items = []
    sections = None
    for code in languages():
        if code == current:
            continue
        info = get_language_info(code)
        entry = {"code": code, "name": info["name_local"], "translated": False, "fallback": None}
        if code in urls:
            entry.update(url=urls[code], translated=True)
        elif site is not None:
            if sections is None:
                sections = structure_cached(
                    "language-sections", lambda: _sections(site.root_page, request), site.pk
                )
            url, what = sections.get(code, (None, None))
            entry.update(url=f"{url}#{UNTRANSLATED_ANCHOR}" if url else url, fallback=what)
        if entry.get("url"):
            items.append(entry)
    return items


class PreferredLanguageMiddleware:
    """On `/` only, once per browser, send a person (not a crawler) to the home in the language
    their browser prefers, when the site has it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or request.path != "/" or SEEN_COOKIE in request.COOKIES:
            return self.get_response(request)
        agent = request.headers.get("User-Agent", "")
        if not agent or BOT.search(agent):
            return self.get_response(request)
        target = self._preferred_home(request)
        if not target:
            # No cookie: the home stays a public page that caches keep (xmille.page_cache),
            # and the next visit asks again, at the price of reading one header.
            return self.get_response(request)
        response = HttpResponseRedirect(target)
        response.set_cookie(SEEN_COOKIE, "1", max_age=SEEN_SECONDS, samesite="Lax")
        return response

    def _preferred_home(self, request) -> str | None:
        site = Site.find_for_request(request)
        if site is None:
            return None
        for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
            code = code.split("-")[0].lower()
            if code == settings.LANGUAGE_CODE:
                return None
            if code in languages():
                locale = _locale(code)
                home = site.root_page.get_translation_or_none(locale) if locale else None
                if home is not None and home.live:
                    return home.get_url(request)
        return None
