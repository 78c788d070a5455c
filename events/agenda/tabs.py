"""The links around the agenda's results: period tabs, "remove this filter" suggestions."""

from datetime import date

from django import forms
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from wagtail.models import Page

from .filters import AgendaFilterForm
from .window import When

MORE_FILTERS = (
    "region",
    "venue",
    "venue_q",
    "organizer",
    "organizer_q",
    "free",
    "accessible",
    "young",
    "ongoing",
)
# A "near" search is one filter written with up to three parameters.
NEAR_PARAMS = ("near", "town", "radius")


def url_with(base_url: str, params) -> str:
    query = params.urlencode()
    return f"{base_url}?{query}" if query else base_url


# What the agenda reads in its address: its filters and the page number. Anything else (a
# share's `fbclid`, `utm_*` tags, a cache buster) changes nothing it shows, is not carried into
# its links, and does not make a page apart in the fragment cache (`agenda_context`).
AGENDA_PARAMS = frozenset((*AgendaFilterForm.base_fields, "page"))


def agenda_params(request, reads=AGENDA_PARAMS) -> QueryDict:
    """The parameters of the request's query string that the agenda (or a page that `reads`
    others, such as the widget's number of dates) reads, in their order."""
    params = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in reads:
            params.setlist(name, values)
    return params


def params_without(request, *names: str, reads=AGENDA_PARAMS) -> QueryDict:
    params = agenda_params(request, reads)
    for name in (*names, "page"):
        params.pop(name, None)
    return params


def when_tabs(form: AgendaFilterForm, request, base_url: str) -> list[dict]:
    """The period shortcuts ("aujourd'hui", "ce week-end", ...), keeping the other filters."""
    data = getattr(form, "cleaned_data", {})
    has_range = bool(data.get("date_from") or data.get("date_to"))
    current = "" if has_range else (data.get("when") or "")
    tabs = []
    for value, label in [("", _("tout")), *When.CHOICES]:
        params = params_without(request, "when", "date_from", "date_to")
        if value:
            params["when"] = value
        tabs.append(
            {
                "value": value,
                "label": label,
                "url": url_with(base_url, params),
                "current": value == current and not has_range,
            }
        )
    return tabs


def describe_filter(form: AgendaFilterForm, name: str) -> str:
    """ "Catégorie : Concert, Théâtre", "Gratuit"... for the "remove this filter" links."""
    field, value = form.fields[name], form.cleaned_data.get(name)
    if isinstance(field, forms.BooleanField):
        return str(field.label)
    if name == "category":
        names = dict(field.choices)
        value = ", ".join(str(names.get(slug, slug)) for slug in value)
    elif name == "town":
        value = dict(field.choices).get(value, value)
    elif name == "when":
        value = dict(When.CHOICES).get(value, value)
    elif isinstance(value, Page):
        value = value.title
    elif isinstance(value, date):
        value = date_format(value, "LONG_DATE_FORMAT")
    colon = pgettext("colon after a label (French puts a space before it)", " :")
    return f"{field.label}{colon} {value}"


def empty_suggestions(
    form: AgendaFilterForm, request, base_url: str, fixed=(), wider_url: str | None = None
) -> list[dict]:
    """Ways out of an empty result: drop one filter, widen the period, see everything."""
    suggestions = []
    data = form.cleaned_data
    when = data.get("when")
    if when in (When.TODAY, When.TOMORROW) and not (data.get("date_from") or data.get("date_to")):
        params = params_without(request, "when")
        params["when"] = When.WEEK
        suggestions.append(
            {"label": _("Élargir à toute la semaine"), "url": url_with(base_url, params)}
        )
    for name in form.active_filters:
        if name in fixed or name == "date_to":
            continue
        if name == "date_from":
            label = _("Sans les dates choisies")
            params = params_without(request, "date_from", "date_to")
        else:
            label = _("Sans le filtre « %(filter)s »") % {"filter": describe_filter(form, name)}
            params = params_without(request, *(NEAR_PARAMS if name in NEAR_PARAMS else (name,)))
        suggestions.append({"label": label, "url": url_with(base_url, params)})
    if "date_to" in form.active_filters and "date_from" not in form.active_filters:
        suggestions.append(
            {
                "label": _("Sans les dates choisies"),
                "url": url_with(base_url, params_without(request, "date_from", "date_to")),
            }
        )
    if len(suggestions) > 1 or (suggestions and fixed):
        suggestions.append({"label": _("Tout ce qui est à venir"), "url": base_url})
    if wider_url:
        suggestions.append({"label": _("L'agenda de tout le site"), "url": wider_url})
    return suggestions
