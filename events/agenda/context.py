"""The template context of an agenda page (the site's agenda, a region's)."""

from django.utils.functional import SimpleLazyObject

from wagtail.models import Page

from xmille.content_cache import reads_address

from .days import build_agenda
from .filters import AgendaFilterForm
from .tabs import (
    MORE_FILTERS,
    agenda_params,
    empty_suggestions,
    params_without,
    url_with,
    when_tabs,
)


def agenda_context(
    request,
    root: Page,
    *,
    base_url: str,
    fixed: dict | None = None,
    defaults: dict | None = None,
    feed_url: str | None = None,
    csv_url: str | None = None,
    wider_url: str | None = None,
    now=None,
) -> dict:
    """Template context of an agenda page (the site's agenda, a region's): the filter form
    bound to the URL, and one page of results. `fixed` filters override the URL (a region
    page's region), `defaults` apply when the URL says nothing (the weekend route's "when").
    Invalid filters are shown as form errors and left out of the selection: the page still
    answers with what the valid ones select."""
    query = agenda_params(request)
    reads_address(request, query.urlencode())
    data = query.copy()
    for key, value in (defaults or {}).items():
        if not data.get(key):
            data.setlist(key, [str(value)])
    for key, value in (fixed or {}).items():
        data.setlist(key, [str(value)])
    form = AgendaFilterForm(data, root=root)
    form.is_valid()
    # Built only when the results are rendered: a cached fragment skips the work.
    agenda = SimpleLazyObject(
        lambda: build_agenda(root, form.cleaned_data, now=now, page_number=query.get("page"))
    )
    # The feed and the CSV export (events.exports) select what the list shows.
    params = params_without(request)
    for key, value in (fixed or {}).items():
        params.setlist(key, [str(value)])
    if feed_url:
        feed_url = url_with(feed_url, params)
    if csv_url:
        csv_url = url_with(csv_url, params)
    return {
        "agenda_query": query,  # for the links that keep the filters (pagination)
        "filter_form": form,
        "agenda": agenda,
        "agenda_url": base_url,
        "fixed_filters": set(fixed or {}),
        "when_tabs": when_tabs(form, request, base_url),
        "more_filters_open": any(
            name in form.errors or (name in form.active_filters and name not in (fixed or {}))
            for name in MORE_FILTERS
        ),
        "empty_suggestions": SimpleLazyObject(
            lambda: (
                empty_suggestions(form, request, base_url, set(fixed or {}), wider_url)
                if agenda.is_empty
                else []
            )
        ),
        "feed_url": feed_url,
        "csv_url": csv_url,
        "webcal_url": (
            "webcal://" + request.build_absolute_uri(feed_url).split("://", 1)[1]
            if feed_url
            else None
        ),
    }
