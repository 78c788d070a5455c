"""The network bar: every regional site, in one query, with the current one marked."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from wagtail.models import Site

from .models import SiteBranding

CACHE_KEY = "xmille:network-sites"


@dataclass(frozen=True)
class NetworkSite:
    site_id: int
    name: str
    label: str
    url: str


def network_sites() -> list[NetworkSite]:
    """All sites of the network, ordered for the bar. Cached; cleared when a site changes."""
    sites = cache.get(CACHE_KEY)
    if sites is None:
        brandings = {b.site_id: b for b in SiteBranding.objects.all()}
        sites = []
        for site in Site.objects.order_by("-is_default_site", "hostname"):
            branding = brandings.get(site.pk)
            name = branding.name if branding else site.site_name or site.hostname
            label = branding.network_label if branding else name
            order = branding.network_order if branding else 0
            sites.append((order, NetworkSite(site.pk, name, label, site.root_url + "/")))
        sites = [s for _, s in sorted(sites, key=lambda pair: pair[0])]
        cache.set(CACHE_KEY, sites, 60 * 60)
    return sites


def clear_network_cache(**kwargs):
    cache.delete(CACHE_KEY)


for model in (Site, SiteBranding):
    post_save.connect(clear_network_cache, sender=model, dispatch_uid=f"network-{model.__name__}")
    post_delete.connect(
        clear_network_cache, sender=model, dispatch_uid=f"network-del-{model.__name__}"
    )
