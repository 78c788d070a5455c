"""The embeddable agenda ("widget") and the page where partners copy its snippet.

- `<agenda url>widget/?<the list's filters>&limit=10`: a small standalone page (no header, no
  menus, no cookies, no script) listing the selection's next dates, in the site's colours and
  name (`SiteBranding`), for partners to put in an `<iframe>`. Its links open the event on the
  site in a new tab (navigating inside a partner's frame would trap the visitor).
- Framing: every page of Xmille refuses to be framed (`X-Frame-Options: DENY`, CSP
  `frame-ancestors 'self'`, see settings). This route alone answers without X-Frame-Options
  and with `frame-ancestors *` (Django's `xframe_options_exempt`, django-csp's `csp_replace`):
  it shows only what the public agenda shows and holds no form, so being framed by anyone
  risks nothing (no clickjacking target).
- No third-party request: the page loads one stylesheet of our own static files; colours are
  a nonce'd `<style>` as in base.html.
- Accessible: a real list of `<article>`s with headings and `<time>`, the language of the page,
  visible focus, contrast of the site's own palette (its primary colour is designed to carry
  white text), a title for the iframe in the snippet.
- One selection: the agenda's filter form and `soonest_occurrences`; a bad filter shows the
  reasons in the frame with a 400 (the partner sees why at once).
- `<agenda url>partenaires/`: "Partenaires / données ouvertes": the snippet for the filters the
  visitor came with (the agenda links here with them), a preview, and the CSV, iCal and API
  addresses of the same selection.
"""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt

from wagtail.models import Page, Site

from csp.decorators import csp_replace

from xmille import limits
from xmille.models import SiteBranding

from .agenda import AgendaFilterForm, Slot, soonest_occurrences
from .agenda.days import STATUS_LABELS
from .agenda.tabs import params_without, url_with
from .agenda.window import local_day

DEFAULT_ITEMS = 10
DEFAULT_HEIGHT = 600  # px, the snippet's iframe


class WidgetForm(AgendaFilterForm):
    """The agenda's filters, and how many dates the widget shows."""

    limit = forms.IntegerField(
        label=_("Nombre de dates"),
        min_value=1,
        max_value=limits.WIDGET_MAX_ITEMS,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": DEFAULT_ITEMS}),
    )


def _branding(request: HttpRequest) -> SiteBranding | None:
    site = Site.find_for_request(request)
    return SiteBranding.for_site(site) if site else None


def widget_items(root: Page, filters: dict, *, request: HttpRequest, limit: int) -> list[dict]:
    """The next `limit` dates of the selection, as the widget shows them (constant queries)."""
    today = local_day(timezone.now())
    items = []
    urls: dict[int, str] = {}
    for occurrence in soonest_occurrences(root, filters, limit=limit):
        event = occurrence.page
        if event.pk not in urls:
            urls[event.pk] = event.get_full_url(request) or ""
        status = "cancelled" if occurrence.cancelled else event.status
        items.append(
            {
                "occurrence": occurrence,
                "event": event,
                "url": urls[event.pk],
                "day": max(local_day(occurrence.start), today),
                "slot": Slot(occurrence, max(local_day(occurrence.start), today)),
                "status": status,
                "status_label": str(STATUS_LABELS.get(status, "")),
                "language": event.locale.language_code,
            }
        )
    return items


@csp_replace({"frame-ancestors": ["*"]})
@xframe_options_exempt
def widget_view(agenda_page: Page, request: HttpRequest) -> HttpResponse:
    root = agenda_page.get_parent()
    form = WidgetForm(request.GET, root=root)
    valid = form.is_valid()
    params = params_without(request, "limit")
    agenda_url = url_with(agenda_page.get_full_url(request), params)
    context = {
        "page": agenda_page,
        "branding": _branding(request),
        "form": form,
        "errors": form.error_reasons() if not valid else {},
        "items": (
            widget_items(
                root,
                form.cleaned_data,
                request=request,
                limit=form.cleaned_data.get("limit") or DEFAULT_ITEMS,
            )
            if valid
            else []
        ),
        "agenda_url": agenda_url,
    }
    return TemplateResponse(request, "events/widget.html", context, status=200 if valid else 400)


# The widget's address reads the agenda's filters and its number of dates.
WIDGET_PARAMS = frozenset((*WidgetForm.base_fields, "page"))


def partners_view(agenda_page: Page, request: HttpRequest) -> HttpResponse:
    """The page where partners copy the snippet, for the filters they came with."""
    root = agenda_page.get_parent()
    form = WidgetForm(request.GET, root=root)
    form.is_valid()
    params = params_without(request, reads=WIDGET_PARAMS)
    base = agenda_page.get_full_url(request)
    widget_url = url_with(base + agenda_page.reverse_subpage("widget"), params)
    branding = _branding(request)
    site_name = branding.name if branding and branding.name else agenda_page.title
    api_params = params_without(request, "limit")
    feed_url = request.build_absolute_uri(agenda_page.feed_url(request))
    api = api_params.copy()
    if root.locale.language_code != settings.LANGUAGE_CODE:
        api["lang"] = root.locale.language_code  # the API's default tree is French
    context = {
        "page": agenda_page,
        "self": agenda_page,
        "partners_form": form,
        "widget_url": widget_url,
        "widget_title": _("Agenda de %(site)s") % {"site": site_name},
        "widget_height": DEFAULT_HEIGHT,
        "csv_url": url_with(base + agenda_page.reverse_subpage("csv"), api_params),
        "ical_url": url_with(feed_url, api_params),
        "api_url": url_with(request.build_absolute_uri("/api/v1/events/"), api),
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
        "agenda_url": url_with(agenda_page.get_url(request), api_params),
    }
    return TemplateResponse(request, "events/partners_page.html", context)
