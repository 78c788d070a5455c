from django import template

from wagtail.models import Page, Site

from xmille.content_cache import FRAGMENT_CACHE_SECONDS, fragment_cache_key, structure_cached
from xmille.locales import visitor_home
from xmille.network import network_sites
from xmille.visibility import visible

register = template.Library()


@register.inclusion_tag("includes/network_bar.html", takes_context=True)
def network_bar(context):
    from django.utils.translation import get_language

    request = context.get("request")
    current = Site.find_for_request(request) if request else None
    language = get_language()
    return {
        "sites": [(site, site.url_in(language)) for site in network_sites()],
        "current_site_id": current.pk if current else None,
    }


@register.simple_tag(takes_context=True)
def event_origin(context, page):
    """The network site `page` comes from when it is not the current one (an event shared
    from another site: its card says "depuis <site>"), else None. No query once warm."""
    from xmille.sharing import site_id_of

    request = context.get("request")
    current = Site.find_for_request(request) if request else None
    origin = site_id_of(page) if isinstance(page, Page) else None
    if current is None or origin is None or origin == current.pk:
        return None
    return next((site for site in network_sites() if site.site_id == origin), None)


@register.simple_tag(takes_context=True)
def fragment_key(context, scope="address", *parts):
    """`{% fragment_key as key %}{% wagtailcache fragment_seconds name key %}`: see
    xmille.content_cache.fragment_cache_key. Empty without a request (nothing is cached).
    `{% fragment_key "site" %}`: what the site's pages show alike, whatever the address
    (`{% fragment_key "site" page.pk %}`: what one page shows of the site's content);
    `{% fragment_key "others" %}`: what shows the network's other sites, in the page's
    language."""
    request = context.get("request")
    if not request:
        return ""
    if scope != "others":
        return fragment_cache_key(request, scope=scope, parts=parts)
    site = Site.find_for_request(request)
    others = [s.site_id for s in network_sites() if site is None or s.site_id != site.pk]
    page_locale = getattr(context.get("page"), "locale_id", None)
    return fragment_cache_key(request, scope="others", others=others, parts=(page_locale,))


@register.simple_tag
def fragment_seconds():
    return FRAGMENT_CACHE_SECONDS


@register.simple_tag(takes_context=True)
def current_site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.simple_tag(takes_context=True)
def home_url(context):
    root = visitor_home(context.get("request"))
    return root.get_url(request=context.get("request")) if root else "/"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site's top-level pages shown in menus, in the current language, current one marked
    (the entries kept until the site's structure changes)."""
    request = context.get("request")
    root = visitor_home(request)
    if root is None:
        return []

    def read() -> list[tuple[str, str, str]]:
        children = visible(root.get_children().in_menu()).only("title", "path", "url_path")
        return [(child.title, child.path, child.get_url(request=request)) for child in children]

    page = context.get("page")
    return [
        {"title": title, "url": url, "is_current": bool(page and page.path.startswith(path))}
        for title, path, url in structure_cached("main-menu", read, root.pk)
    ]


@register.simple_tag(takes_context=True)
def brand_logo(context):
    """The site's logo in the header, as `{% image logo height-64 %}` writes it, kept until
    the site's structure changes (a new logo, or the image edited, makes a new one): every
    page spared the image's row and its rendition's lookup."""
    from django.utils.safestring import mark_safe

    from xmille.models import SiteBranding

    request = context.get("request")
    branding = SiteBranding.for_request(request) if request is not None else None
    if branding is None or not branding.logo_id:
        return ""

    def read() -> str:
        rendition = branding.logo.get_rendition("height-64")
        return str(rendition.img_tag({"class": "site-brand__logo", "alt": ""}))

    return mark_safe(structure_cached("brand-logo", read, branding.logo_id))


# -- languages and search engines (xmille.languages) ---------------------------------------


@register.simple_tag(takes_context=True)
def page_language(context):
    """The language of what is shown: the page's own locale, else the active language."""
    from django.utils.translation import get_language

    from xmille.locales import locale_by_id

    page = context.get("page")
    if isinstance(page, Page) and page.locale_id:
        return locale_by_id(page.locale_id).language_code
    return get_language() or "fr"


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    from xmille.languages import switcher_items

    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    return {"items": switcher_items(request, page, page_language(context)) if request else []}


@register.inclusion_tag("includes/seo_head.html", takes_context=True)
def seo_head(context):
    """Canonical URL (the page's own, on its own host; list filters and pagination are
    dropped), `hreflang` alternates with `x-default` (French), and `noindex` on filtered
    lists and search results. Detail pages that build their own Open Graph (`og`) keep it."""
    from django.conf import settings as django_settings

    from xmille.languages import alternates

    request = context.get("request")
    page = context.get("page")
    if request is None:
        return {}
    # On the site's own host, whatever host the request came in on (a proxy's "localhost").
    site = Site.find_for_request(request)
    canonical = (
        f"{site.root_url}{request.path}" if site else request.build_absolute_uri(request.path)
    )
    links = {}
    if isinstance(page, Page) and page.pk:
        links = alternates(page, request)
    resolver = getattr(request, "resolver_match", None)
    is_search = bool(resolver and resolver.url_name == "search")
    return {
        "request": request,
        "page": page,
        "canonical": canonical,
        "alternates": links if len(links) > 1 else {},
        "x_default": links.get(django_settings.LANGUAGE_CODE),
        "noindex": is_search or bool(request.GET),
        "has_og": bool(context.get("og")),
        "settings": context.get("settings"),
        "description": _description(context),
    }


def _description(context) -> str:
    page = context.get("page")
    for name in ("search_description", "teaser", "intro"):
        value = getattr(page, name, "") if page is not None else ""
        if value:
            from django.utils.html import strip_tags

            return strip_tags(str(value))[:300]
    return ""
