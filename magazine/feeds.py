"""RSS 2.0 and Atom feeds of a site's magazine, whole or filtered like the index
(?type=interview, ?category=..., ?region=..., ?tag=...). Bad filters answer 400 with reasons.
Every URL is absolute, on the site's own host (its root_url).

Each item carries its main image (an `enclosure`, and `media:content` with its size for the
readers that prefer Media RSS); the channel its site's logo (RSS `<image>`, Atom `<logo>`).
Conditional GET (`xmille.conditional`): ETag and Last-Modified, 304 before any build."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from xmille.conditional import conditional

from .forms import MagazineFilterForm
from .models import PIECE_TYPES, listing

FEED_ITEMS = 30
ITEM_IMAGE = "fill-1200x630"  # the pieces' social image
MEDIA_NS = "http://search.yahoo.com/mrss/"


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS (`media:content`) and the channel's `<image>`."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("image_url"):
            handler.startElement("image", {})
            handler.addQuickElement("url", self.feed["image_url"])
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if image:
            handler.addQuickElement(
                "media:content",
                "",
                {
                    "url": image["url"],
                    "medium": "image",
                    "type": image["type"],
                    "width": str(image["width"]),
                    "height": str(image["height"]),
                },
            )


class LogoAtomFeed(Atom1Feed):
    """Atom with the channel's `<logo>` (items' images are `rel="enclosure"` links)."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("image_url"):
            handler.addQuickElement("logo", self.feed["image_url"])


class MagazineRssFeed(Feed):
    feed_type = MediaRssFeed
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

    def _image(self, item) -> dict | None:
        if item.main_image is None:
            return None
        cached = getattr(item, "_feed_image", None)
        if cached is not None:
            return cached
        rendition = item.main_image.get_rendition(ITEM_IMAGE)
        mime = {"png": "image/png", "webp": "image/webp", "gif": "image/gif"}
        extension = rendition.file.name.rsplit(".", 1)[-1].lower()
        item._feed_image = {
            "url": self.request.build_absolute_uri(rendition.url),
            "type": mime.get(extension, "image/jpeg"),
            "width": rendition.width,
            "height": rendition.height,
        }
        return item._feed_image

    def item_enclosures(self, item):
        image = self._image(item)
        # The length is unknown without reading the file: 0, as RSS readers accept.
        return [Enclosure(image["url"], "0", image["type"])] if image else []

    def item_extra_kwargs(self, item):
        return {"image": self._image(item)}

    def feed_extra_kwargs(self, obj):
        from xmille.models import SiteBranding

        site = obj.get_site()
        logo = SiteBranding.for_site(site).logo if site else None
        if logo is None:
            return {}
        return {"image_url": self.request.build_absolute_uri(logo.get_rendition("max-400x400").url)}


class MagazineAtomFeed(MagazineRssFeed):
    feed_type = LogoAtomFeed
    feed_path = "atom/"
