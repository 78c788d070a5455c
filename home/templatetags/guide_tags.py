"""Links to the site's guides ("Tutos") from every page's footer and from the home page."""

from django import template
from django.utils.translation import get_language

from wagtail.models import Site

from xmille.content_cache import structure_cached
from xmille.visibility import visible

from ..guides import GuideIndexPage

register = template.Library()


# What the footer's link needs of the guides' index: its address in a language.
LINK_FIELDS = ("path", "url_path", "translation_key", "live", "locale__language_code")


def guide_index_for(site: Site, language: str, *, fields=None) -> GuideIndexPage | None:
    """The site's public guides index in `language`, else the French one, else None; with
    only `fields` when given (a link needs its address, not the page)."""

    def read(pages):
        pages = visible(pages).select_related("locale")
        return (pages.only(*fields) if fields else pages).first()

    index = read(GuideIndexPage.objects.child_of(site.root_page))
    if index is None or index.locale.language_code == language:
        return index
    localized = read(
        GuideIndexPage.objects.filter(
            translation_key=index.translation_key, locale__language_code=language
        )
    )
    return localized or index


@register.simple_tag(takes_context=True)
def guides_url(context) -> str:
    """The address of the current site's guides in the current language ("" when the site has
    none): one query per site and language until the site's structure changes."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return ""
    language = get_language()

    def read() -> str:
        index = guide_index_for(site, language, fields=LINK_FIELDS)
        return (index.get_url(request=request) or "") if index else ""

    return structure_cached("guides-url", read, site.pk, language)


@register.inclusion_tag("home/includes/home_guides.html", takes_context=True)
def home_guides(context):
    """The home page's "Tutos" block: the guides' index and its first guides."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    index = guide_index_for(site, get_language()) if site else None
    guides = list(index.guides().defer_streamfields()[:4]) if index else []
    return {"index": index, "guides": guides, "request": request}
