from django import template

from wagtail.models import Site

from xmille.content_cache import FRAGMENT_CACHE_SECONDS, fragment_cache_key
from xmille.network import network_sites
from xmille.visibility import visible

register = template.Library()


@register.inclusion_tag("includes/network_bar.html", takes_context=True)
def network_bar(context):
    request = context.get("request")
    current = Site.find_for_request(request) if request else None
    return {
        "sites": network_sites(),
        "current_site_id": current.pk if current else None,
    }


@register.simple_tag(takes_context=True)
def fragment_key(context):
    """`{% fragment_key as key %}{% wagtailcache fragment_seconds name key %}`: see
    xmille.content_cache.fragment_cache_key. Empty without a request (nothing is cached)."""
    request = context.get("request")
    return fragment_cache_key(request) if request else ""


@register.simple_tag
def fragment_seconds():
    return FRAGMENT_CACHE_SECONDS


@register.simple_tag(takes_context=True)
def current_site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request else None


def _localized_root(context):
    site = current_site(context)
    if site is None:
        return None
    return site.root_page.localized


@register.simple_tag(takes_context=True)
def home_url(context):
    root = _localized_root(context)
    return root.get_url(request=context.get("request")) if root else "/"


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site's top-level pages shown in menus, in the current language, current one marked."""
    root = _localized_root(context)
    if root is None:
        return []
    request = context.get("request")
    page = context.get("page")
    items = []
    for child in visible(root.get_children().in_menu()):
        items.append(
            {
                "title": child.title,
                "url": child.get_url(request=request),
                "is_current": bool(page and page.path.startswith(child.path)),
            }
        )
    return items
