"""The network bar: every regional site, in one query, with the current one marked, each
named with its region and linked to its home in the visitor's language (`/nl/` on the other
host for a visitor on `/nl/`), when that site has a home in that language."""

from dataclasses import dataclass, field

from wagtail.models import Site

from .content_cache import content_changed, structure_cached
from .models import SiteBranding


@dataclass(frozen=True)
class NetworkSite:
    site_id: int
    name: str
    label: str
    url: str
    # {language: absolute URL of the site's home in that language}
    homes: dict = field(default_factory=dict, compare=False)

    def url_in(self, language: str | None) -> str:
        """The site's home in `language`, or its French home."""
        return self.homes.get(language or "", self.url)


def network_sites() -> list[NetworkSite]:
    """All sites of the network, ordered for the bar. Kept per structure version: a site, its
    settings or a home in a new language make a new one; an event does not
    (`xmille.content_cache`)."""
    return structure_cached("network-sites", _read_network_sites)


def _read_network_sites() -> list[NetworkSite]:
    brandings = {b.site_id: b for b in SiteBranding.objects.all()}
    homes = _homes_by_language()
    sites = []
    for site in Site.objects.order_by("-is_default_site", "hostname"):
        branding = brandings.get(site.pk)
        name = branding.name if branding else site.site_name or site.hostname
        label = branding.network_label if branding else name
        order = branding.network_order if branding else 0
        sites.append(
            (order, NetworkSite(site.pk, name, label, site.root_url + "/", homes.get(site.pk, {})))
        )
    return [s for _, s in sorted(sites, key=lambda pair: pair[0])]


def _homes_by_language() -> dict[int, dict[str, str]]:
    """{site id: {language: home URL}} from Wagtail's root paths (a home in each language)."""
    from django.urls import reverse
    from django.utils import translation

    homes: dict[int, dict[str, str]] = {}
    for root in Site.get_site_root_paths():
        with translation.override(root.language_code):
            path = reverse("wagtail_serve", args=("",))
        homes.setdefault(root.site_id, {})[root.language_code] = root.root_url + path
    return homes


def clear_network_cache(**kwargs):
    """Forget the bar (and every other cached public read: they share the content version)."""
    content_changed()
