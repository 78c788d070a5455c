"""Magazine pieces seen from elsewhere: the week's favourites (home page, agenda), "in the
magazine" on event, venue and organizer pages; and each piece's metadata (Open Graph, JSON-LD)."""

import json

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

from xmille.locales import visitor_home
from xmille.visibility import visible

from ..models import (
    MagazineIndexPage,
    ReportPage,
    WeeklyFavouritesPage,
    card_listing,
    monday_of,
    pieces_about,
)

register = template.Library()

MENTIONS_SHOWN = 6
SCHEMA_ABOUT_TYPES = {"eventpage": "Event", "venuepage": "Place", "organizerpage": "Organization"}
# json.dumps leaves these as they are; inside <script> they could close it or open a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def current_favourites(home: Page | None, today=None) -> WeeklyFavouritesPage | None:
    """The published favourites of the current week (Europe/Brussels) under a site's home,
    with what the picks' block shows of it (its title and address)."""
    if home is None:
        return None
    monday = monday_of(today or timezone.localdate())
    return (
        visible(WeeklyFavouritesPage.objects.descendant_of(home))
        .filter(week_start=monday)
        .order_by("-first_published_at")
        .only("title", "path", "url_path", "live", "week_start")
        .first()
    )


@register.inclusion_tag("magazine/includes/weekly_picks.html", takes_context=True)
def weekly_picks(context, heading_level=2):
    """This week's favourites of the current site, or nothing when there are none."""
    favourites = current_favourites(visitor_home(context.get("request")))
    return {
        "request": context.get("request"),
        "favourites": favourites,
        "picks": favourites.visible_picks() if favourites else [],
        "heading_level": heading_level,
    }


@register.inclusion_tag("magazine/includes/latest_pieces.html", takes_context=True)
def latest_pieces(context, count=3):
    """The latest pieces of the current site's magazine, with a link to it."""
    home = visitor_home(context.get("request"))
    magazine = visible(MagazineIndexPage.objects.child_of(home)).first() if home else None
    pieces = card_listing(magazine.pieces())[:count] if magazine else []
    return {"request": context.get("request"), "magazine": magazine, "pieces": pieces}


@register.inclusion_tag("magazine/includes/mentions.html", takes_context=True)
def magazine_mentions(context, page):
    """ "In the magazine": the pieces about an event, venue or organizer page."""
    pieces = list(card_listing(pieces_about(page))[:MENTIONS_SHOWN]) if page else []
    return {"request": context.get("request"), "pieces": pieces}


@register.simple_tag(takes_context=True)
def author_url(context, author, magazine=None):
    magazine = magazine or context.get("magazine")
    if magazine is None:
        return ""
    return magazine.author_url(author, context.get("request"))


def absolute(url: str, site: Site | None) -> str:
    if not url or url.startswith(("http://", "https://")) or site is None:
        return url
    return site.root_url + url


def _schema_type(page) -> str:
    return "NewsArticle" if isinstance(page, ReportPage) else "Article"


def piece_metadata(page, request) -> dict:
    """What the article head carries: Open Graph properties and a schema.org Article."""
    site = page.get_site()
    branding = getattr(site, "sitebranding", None) if site else None
    site_name = (branding and branding.name) or (site.site_name if site else "")
    url = page.get_full_url(request)
    magazine = page.magazine
    authors = list(page.authors.all())
    image_url = image_alt = ""
    if page.main_image:
        rendition = page.main_image.get_rendition("fill-1200x630|format-jpeg")
        image_url = absolute(rendition.url, site)
        image_alt = page.main_image.description or ""
    published = page.first_published_at or timezone.now()
    modified = page.last_published_at or published
    author_urls = [absolute(magazine.author_url(a), site) if magazine else "" for a in authors]

    og = [
        ("og:type", "article"),
        ("og:title", page.seo_title or page.title),
        ("og:description", page.search_description or page.teaser),
        ("og:url", url),
        ("og:site_name", site_name),
        ("og:locale", f"{page.locale.language_code}_BE"),
        ("article:published_time", published.isoformat()),
        ("article:modified_time", modified.isoformat()),
        ("article:section", str(page.type_label)),
    ]
    if image_url:
        og += [("og:image", image_url), ("og:image:alt", image_alt)]
    og += [("article:author", link) for link in author_urls if link]
    og += [("article:tag", tag.name) for tag in page.tags.all()]

    data = {
        "@context": "https://schema.org",
        "@type": _schema_type(page),
        "headline": page.title[:110],
        "description": page.teaser,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": page.locale.language_code,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "genre": str(page.type_label),
        "timeRequired": f"PT{page.reading_minutes}M",
        "author": [
            {"@type": "Person", "name": a.name, **({"url": link} if link else {})}
            for a, link in zip(authors, author_urls, strict=True)
        ],
        "publisher": {"@type": "Organization", "name": site_name, "url": site.root_url + "/"}
        if site
        else {"@type": "Organization", "name": site_name},
    }
    if image_url:
        data["image"] = [image_url]
    about = page.about_pages()
    if about:
        data["about"] = [
            {
                "@type": SCHEMA_ABOUT_TYPES.get(p._meta.model_name, "Thing"),
                "name": p.title,
                "url": p.get_full_url(request),
            }
            for p in about
        ]
    return {"og": og, "json_ld": data}


def json_for_script(data) -> str:
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


@register.simple_tag(takes_context=True)
def piece_head(context, page):
    """Open Graph <meta> tags and the JSON-LD <script> (with the CSP nonce) of a piece."""
    meta = piece_metadata(page, context.get("request"))
    tags = [
        format_html('<meta property="{}" content="{}">', prop, value)
        for prop, value in meta["og"]
        if value
    ]
    nonce = context.get("CSP_NONCE", "")
    script = format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        nonce,
        mark_safe(json_for_script(meta["json_ld"])),
    )
    return mark_safe("\n    ".join([*tags, script]))


@register.simple_tag(takes_context=True)
def magazine_alternate_links(context):
    """<link rel="alternate"> to the site's magazine as RSS and Atom (feed autodiscovery)."""
    from django.utils.html import format_html_join

    from ..models import MagazineIndexPage

    request = context.get("request")
    home = context.get("page")
    if home is None:
        return ""
    magazine = visible(MagazineIndexPage.objects.child_of(home)).first()
    if magazine is None:
        return ""
    base = magazine.get_url(request)
    return format_html_join(
        "",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        (
            ("application/rss+xml", f"{magazine.title} (RSS)", f"{base}rss/"),
            ("application/atom+xml", f"{magazine.title} (Atom)", f"{base}atom/"),
        ),
    )
