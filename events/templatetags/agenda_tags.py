"""Agenda pieces shown on other pages: the home page's "today" and "this weekend",
"elsewhere in the network" on the home and agenda pages, an event's related events."""

from django import template
from django.http import QueryDict
from django.template.defaulttags import querystring
from django.utils import timezone

from wagtail.models import Site

from xmille.locales import locale_by_id, visitor_home
from xmille.visibility import visible

from ..agenda import When, highlights
from ..agenda.tabs import agenda_params
from ..models import AgendaPage

register = template.Library()


@register.inclusion_tag("events/includes/home_highlights.html", takes_context=True)
def agenda_highlights(context):
    """A few events of today and of this weekend on the current site (in the page's language),
    with links to the full agenda. Nothing at all when the site has no agenda page."""
    request = context.get("request")
    home = context.get("page") or visitor_home(request)
    if home is None:
        return {"agenda_page": None}
    agenda_page = visible(AgendaPage.objects.child_of(home)).first()
    if agenda_page is None:
        return {"agenda_page": None}
    now = timezone.now()
    agenda_url = agenda_page.get_url(request)
    return {
        "request": request,
        "agenda_page": agenda_page,
        "today": highlights(home, When.TODAY, now=now),
        "weekend": highlights(home, When.WEEKEND, now=now),
        "today_url": f"{agenda_url}?when={When.TODAY}",
        "weekend_url": agenda_url + agenda_page.reverse_subpage("weekend"),
        "agenda_url": agenda_url,
    }


@register.inclusion_tag("events/includes/related_events.html", takes_context=True)
def related_events(context, event, categories):
    """ "À découvrir aussi" on an event's page: a few events soon at the same venue or in a
    same category (`events.views.related_events`)."""
    from ..views import related_events as read

    request = context.get("request")
    return {"request": request, "related_events": read(event, categories, request)}


@register.simple_tag(takes_context=True)
def event_cards(context, entries, show_day=False):
    """`<li>` + card for each entry (events.agenda.Entry), written in Python
    (events.agenda.cards): `<ol>{% event_cards day.entries %}</ol>`."""
    from ..agenda.cards import event_cards as render

    return render(entries, context.get("request"), show_day=show_day)


@register.simple_tag(takes_context=True)
def agenda_alternate_link(context):
    """<link rel="alternate"> to the site's agenda as iCal (feed autodiscovery on the home)."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    request = context.get("request")
    home = context.get("page")
    if home is None:
        return ""
    agenda_page = visible(AgendaPage.objects.child_of(home)).first()
    url = agenda_page.feed_url(request) if agenda_page else None
    if not url:
        return ""
    return format_html(
        '<link rel="alternate" type="text/calendar" title="{}" href="{}">',
        _("Agenda (iCal)"),
        url,
    )


@register.inclusion_tag("events/includes/network_elsewhere.html", takes_context=True)
def network_elsewhere(context):
    """ "Ailleurs dans le réseau": a few upcoming events of each other site (events.agenda.
    elsewhere), in the page's language. Nothing without a request or other sites."""
    from django.utils.translation import get_language

    from wagtail.models import Locale

    from ..agenda.elsewhere import elsewhere

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"groups": []}
    page = context.get("page")
    locale = (
        locale_by_id(page.locale_id)
        if getattr(page, "locale_id", None)
        else Locale.objects.filter(language_code=get_language()).first()
    )
    if locale is None:
        return {"groups": []}
    return {"groups": elsewhere(site, locale, request), "language": locale.language_code}


@register.simple_tag(takes_context=True)
def agenda_querystring(context, **changes):
    """`{% querystring %}` for the agenda's links (pages, "see all ongoing"): built on the
    agenda's own parameters (`agenda_query`, else those of the request), never on the rest
    of the address, which its cached fragments do not depend on (`events.agenda.tabs`)."""
    query = context.get("agenda_query")
    if not isinstance(query, QueryDict):
        query = agenda_params(context.request)
    return querystring(context, query, **changes)
