"""Agenda pieces shown on other pages: the home page's "today" and "this weekend"."""

from django import template
from django.utils import timezone

from wagtail.models import Site

from xmille.visibility import visible

from ..agenda import When, highlights
from ..models import AgendaPage

register = template.Library()


@register.inclusion_tag("events/includes/home_highlights.html", takes_context=True)
def agenda_highlights(context):
    """A few events of today and of this weekend on the current site (in the page's language),
    with links to the full agenda. Nothing at all when the site has no agenda page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    home = context.get("page") or (site.root_page.localized if site else None)
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
