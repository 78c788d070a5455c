"""The sitemap of one site in every language, and its robots.txt.

Wagtail's sitemap lists the French tree only (the Site's root's descendants); here every
locale's tree of the site is listed, only public pages (`xmille.visibility`), each URL with
its `xhtml:link` alternates (its public translations, and `x-default`, the French one)."""

from collections import defaultdict

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from .visibility import visible


class LocalizedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        condition = None
        for home in homes:
            q = Page.objects.filter(path__startswith=home.path)
            condition = q if condition is None else condition | q
        return (
            visible(condition)
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        translations = defaultdict(dict)
        for other in visible(
            Page.objects.filter(translation_key__in={item.translation_key for item in items})
        ).select_related("locale"):
            url = other.get_full_url(self.request)
            if url:
                translations[other.translation_key][other.locale.language_code] = url
        urls, last_mods = [], set()
        for item in items:
            links = translations.get(item.translation_key, {})
            own = item.get_full_url(self.request)
            for url_info in item.get_sitemap_urls(self.request):
                if url_info.get("location") == own and len(links) > 1:
                    url_info["alternates"] = [
                        {"lang_code": code, "location": location}
                        for code, location in links.items()
                    ]
                    if settings.LANGUAGE_CODE in links:
                        url_info["alternates"].append(
                            {"lang_code": "x-default", "location": links[settings.LANGUAGE_CODE]}
                        )
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": LocalizedSitemap})


@require_GET
def robots_txt(request):
    site = Site.find_for_request(request)
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {root}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")
