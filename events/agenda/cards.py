"""The agenda's event cards, written in Python: one string per card instead of an
`{% include %}` with a dozen tags per card (the first request after a publication renders
fifty of them; the template engine spent more time on them than the database on the list).

The markup is the one `events/includes/event_card.html` had, card for card (the tests compare
the two): an `<article>` with the image, a linked title, where the event comes from and its
language when they are not the page's, its status, its times that day, its place (and
distance), its tags and teaser. Everything a visitor reads goes through gettext, with the
catalogue's msgids; values are escaped.

What every card asks (the current site, the language, the network's sites) is looked up once
per list (`CardContext`), not once per card."""

from dataclasses import dataclass
from html import escape as html_escape

from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Site

from xmille.network import network_sites
from xmille.page_urls import PageUrls
from xmille.sharing import site_id_of

from ..models import EventPage
from .days import CARD_RENDITION, Entry, day_label, local_times

CARD_IMAGE_ATTRS = {"class": "event-card__image", "loading": "lazy"}


def escape(value) -> str:
    """Django's `escape` (the same characters, the same entities) without its lazy-string
    wrapper, which cost more than the escaping on the few hundred values of a list."""
    return html_escape(str(value))


@dataclass
class CardContext:
    """What all the cards of a page share: the request (links relative to its site), the
    current site, the active language and the network's site names."""

    request: object
    site_id: int | None
    language: str
    sites: dict
    urls: PageUrls

    @classmethod
    def of(cls, request) -> "CardContext":
        site = Site.find_for_request(request) if request is not None else None
        return cls(
            request=request,
            site_id=site.pk if site else None,
            language=translation.get_language(),
            sites={s.site_id: s for s in network_sites()} if site else {},
            urls=PageUrls(request),
        )

    def origin(self, event: EventPage):
        """The network site a shared event comes from, when not this one (else None)."""
        if self.site_id is None:
            return None
        origin = site_id_of(event, self.urls.roots)
        if origin is None or origin == self.site_id:
            return None
        return self.sites.get(origin)


def category_names(event) -> list[str]:
    """An event's category names: read with its card (`card_rows.CardEvent`), or through the
    page's relation."""
    names = getattr(event, "category_names", None)
    return names if names is not None else [c.name for c in event.categories.all()]


def _tags(event: EventPage) -> str:
    tags = [f'<li class="tag">{escape(name)}</li>' for name in category_names(event)]
    if event.is_free:
        tags.append(f'<li class="tag tag--free">{escape(gettext("gratuit"))}</li>')
    if event.audience == EventPage.Audience.YOUNG:
        if event.min_age:
            label = gettext("jeune public, dès %(age)s ans") % {"age": event.min_age}
        else:
            label = gettext("jeune public")
        tags.append(f'<li class="tag tag--young">{label}</li>')
    venue = event.venue
    if venue is not None and venue.wheelchair_access:
        tags.append(
            f'<li class="tag tag--access">{escape(gettext("accessible en chaise roulante"))}</li>'
        )
    return "".join(tags)


def _when(entry: Entry, status: str, show_day: bool) -> str:
    if not entry.slots:
        return ""
    parts = []
    separator = '<span class="sep"> · </span>'
    for slot in entry.slots:
        start = local_times(slot.occurrence).start.isoformat()
        day = ""
        if show_day:
            day = escape(capfirst(day_label(slot.day, "WEEKDAY_DAY_MONTH_FORMAT"))) + ", "
        attrs = ' class="is-cancelled"' if slot.cancelled else ""
        part = f'<time datetime="{start}"{attrs}>{day}{escape(slot.label)}</time>'
        if slot.cancelled and status != EventPage.Status.CANCELLED:
            part += f' <strong class="badge badge--cancelled">{escape(gettext("date annulée"))}</strong>'
        parts.append(part)
    return f'<p class="event-card__when">{separator.join(parts)}</p>'


def _where(event: EventPage, entry: Entry) -> str:
    venue = event.venue
    where = ""
    if venue is not None:
        where = f"{escape(venue.title)}, {escape(venue.city)}"
        if event.attendance_mode == EventPage.AttendanceMode.MIXED:
            where += " " + escape(gettext("et en ligne"))
    elif event.attendance_mode != EventPage.AttendanceMode.OFFLINE:
        where = escape(gettext("En ligne"))
    if entry.distance is not None:
        km = conditional_escape(floatformat(entry.distance, 1))
        where += f' <span class="event-card__distance">{gettext("à %(km)s km") % {"km": km}}</span>'
    return where


def event_card(entry: Entry, cards: CardContext, *, show_day: bool = False) -> str:
    """One card's HTML (see the module's docstring)."""
    event = entry.event
    status = entry.status or event.status
    language = event.locale.language_code
    foreign = language != cards.language
    lang = f' lang="{escape(language)}"' if foreign else ""
    cancelled = " event-card--cancelled" if status == EventPage.Status.CANCELLED else ""
    html = [f'<article class="event-card{cancelled}"{lang}>\n    ']
    if event.main_image:
        rendition = get_rendition_or_not_found(event.main_image, CARD_RENDITION)
        html.append(rendition.img_tag(CARD_IMAGE_ATTRS))
    html.append('\n    <div class="event-card__body">\n        ')
    url = escape(cards.urls.url(event.url_path) or "")
    hreflang = f' hreflang="{escape(language)}"' if foreign else ""
    html.append(
        f'<h3 class="event-card__title"><a href="{url}"{hreflang}>{escape(event.title)}</a></h3>'
    )
    html.append("\n        ")
    origin = cards.origin(event)
    if origin is not None:
        label = gettext("depuis %(site)s") % {"site": conditional_escape(origin.name)}
        html.append(
            f'<p class="event-card__origin"><span class="badge badge--origin">{label}</span></p>'
        )
    html.append("\n        ")
    if foreign:
        name = translation.get_language_info(language)["name_local"]
        label = gettext("en %(language)s") % {"language": conditional_escape(name)}
        html.append(
            f'<p class="event-card__language"><span class="badge badge--language">{label}</span></p>'
        )
    html.append("\n        ")
    if status != EventPage.Status.SCHEDULED:
        html.append(
            f'<p class="event-card__status"><strong class="badge badge--{escape(status)}">'
            f"{escape(entry.status_label)}</strong></p>"
        )
    html.append("\n        ")
    html.append(_when(entry, status, show_day))
    html.append(f'\n        <p class="event-card__where">{_where(event, entry)}</p>')
    html.append(
        f'\n        <ul class="event-card__tags">\n            {_tags(event)}\n        </ul>'
    )
    html.append("\n        ")
    if event.teaser:
        html.append(f'<p class="event-card__teaser">{escape(event.teaser)}</p>')
    html.append("\n    </div>\n</article>\n")
    return "".join(html)


def event_cards(entries, request, *, show_day: bool = False) -> SafeString:
    """The cards of `entries`, each in its `<li>` (the list element is the template's)."""
    cards = CardContext.of(request)
    return mark_safe(
        "".join(f"<li>{event_card(entry, cards, show_day=show_day)}</li>" for entry in entries)
    )
