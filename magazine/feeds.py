"""RSS 2.0 and Atom feeds of a site's magazine, whole or filtered like the index
(?type=interview, ?category=..., ?region=..., ?tag=...). Bad filters answer 400 with reasons.
Every URL is absolute, on the site's own host (its root_url)."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from xmille.conditional import conditional

from .forms import MagazineFilterForm
from .models import PIECE_TYPES, listing

FEED_ITEMS = 30


class MagazineRssFeed(Feed):
    feed_type = Rss201rev2Feed
    feed_path = "rss/"

    def __init__(self, magazine):
        super().__init__()
        self.magazine = magazine
        self.language = magazine.locale.language_code
        self.request = None
        self.form = None

    @conditional("magazine-feed")
    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.form = MagazineFilterForm(request.GET or None, magazine=self.magazine)
        if self.form.is_bound and not self.form.is_valid():
            reasons = "\n".join(self.form.error_messages())
            return HttpResponseBadRequest(
                _("Filtre invalide :") + "\n" + reasons, content_type="text/plain; charset=utf-8"
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.magazine

    def _site_name(self) -> str:
        site = self.magazine.get_site()
        branding = getattr(site, "sitebranding", None) if site else None
        return (branding and branding.name) or (site.site_name if site else "") or "Xmille"

    def title(self, obj):
        title = f"{self._site_name()} — {obj.title}"
        kind = self.form.cleaned_data.get("type") if self.form.is_bound else ""
        if kind:
            cls = next(c for c in PIECE_TYPES if c.type_slug == kind)
            title += f" — {cls._meta.verbose_name_plural}"
        return title

    def link(self, obj):
        return obj.get_full_url(self.request)

    def feed_url(self, obj):
        query = self.request.META.get("QUERY_STRING", "")
        url = obj.get_full_url(self.request) + self.feed_path
        return f"{url}?{query}" if query else url

    def description(self, obj):
        return _("Les derniers articles du magazine de %(site)s.") % {"site": self._site_name()}

    subtitle = description

    def items(self, obj):
        queryset = obj.pieces()
        if self.form.is_bound:
            queryset = self.form.filter(queryset)
        return listing(queryset)[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [str(item.type_label)]


class MagazineAtomFeed(MagazineRssFeed):
    feed_type = Atom1Feed
    feed_path = "atom/"
