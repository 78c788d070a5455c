"""The search page (`/search/`) and the header's suggestions (`/search/suggestions/`).

The page groups results by kind (`search.results.KINDS`): an overview with the first results of
each kind, or one kind page by page (`?kind=events`). `?network=1` looks in every site of the
network. The agenda's filters (`AgendaFilterForm`, the agenda's URL parameters) narrow the
events; the other kinds are then left out (they have no dates).

What the visitor typed never reaches the database as is (`search.text`): a query without a
letter or digit, a NUL byte or 10,000 characters get the page, with a word of help."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from wagtail.models import Site

from events.agenda import AgendaFilterForm
from xmille.content_cache import request_cache_key

from .results import (
    EVENTS,
    KINDS,
    KINDS_BY_SLUG,
    kind_of,
    promotions,
    scope_for,
    search_kind,
    suggestions,
)
from .text import plain_query, search_terms

RESULTS_PER_PAGE = 10
OVERVIEW_SIZE = 4
# Parameters of the page itself, not agenda filters.
OWN_PARAMETERS = ("q", "page", "kind", "network")
SUGGESTIONS_SECONDS = 60
MIN_SUGGESTION_LENGTH = 2


def _filter_form(request, root) -> AgendaFilterForm:
    data = request.GET.copy()
    for name in OWN_PARAMETERS:
        data.pop(name, None)
    form = AgendaFilterForm(data, root=root)
    form.is_valid()
    return form


def search(request):
    query = plain_query(request.GET.get("q", ""))
    terms = search_terms(query)
    network = request.GET.get("network") == "1"
    kind = KINDS_BY_SLUG.get(request.GET.get("kind", ""))
    context = {
        "search_query": query,
        "search_terms": terms,
        "network": network,
        "kind": kind,
        "groups": [],
        "total": 0,
    }
    # The empty form stays a plain page (`make bench` measures it as its baseline): the
    # filters come with results.
    site = Site.find_for_request(request) if terms else None
    scope = scope_for(site, network) if site else None
    if scope is not None:
        context.update(_results(request, scope, query, kind))
    return TemplateResponse(request, "search/search.html", context)


def _results(request, scope, query: str, kind) -> dict:
    """The context of a search with words to look for: groups, tabs, promotions, filters."""
    form = _filter_form(request, scope.root)
    filters = form.cleaned_data if form.active_filters else {}
    kinds = [EVENTS] if filters else KINDS
    if kind not in kinds:
        kind = None
    groups, page_obj = [], None
    for each in kinds:
        results = search_kind(each, scope, query, filters)
        groups.append({"kind": each, "results": results, "count": results.count()})
    for group in groups:
        if kind is None:
            group["items"] = list(group["results"][:OVERVIEW_SIZE])
        elif group["kind"] is kind:
            page_obj = Paginator(group["results"], RESULTS_PER_PAGE).get_page(
                request.GET.get("page")
            )
            group["items"] = list(page_obj)
    return {
        "filter_form": form,
        "filtering": bool(filters),
        "current_locale_id": scope.root.locale_id,
        "kind": kind,
        "groups": [g for g in groups if "items" in g and g["count"]],
        "tabs": groups,
        "page_obj": page_obj,
        "total": sum(g["count"] for g in groups),
        "promotions": promotions(query, scope) if not kind and not filters else [],
    }


def suggest(request):
    """Up to eight pages whose titles start like the words typed, as JSON for the header's
    autocomplete: {"query": ..., "results": [{"title", "url", "kind"}]}. Cached a minute per
    address and content version: the same prefixes are typed again and again."""
    query = plain_query(request.GET.get("q", ""))
    key = request_cache_key("xmille:search-suggestions", request)
    answer = cache.get(key)
    if answer is None:
        results = []
        site = Site.find_for_request(request)
        scope = scope_for(site, network=False) if site else None
        if scope is not None and len(query) >= MIN_SUGGESTION_LENGTH and search_terms(query):
            results = [
                {
                    "title": page.title,
                    "url": page.get_url(request),
                    "kind": str(kind_of(page).label),
                }
                for page in suggestions(query, scope)
            ]
        answer = {"query": query, "results": results}
        cache.set(key, answer, SUGGESTIONS_SECONDS)
    response = JsonResponse(answer)
    patch_cache_control(response, public=True, max_age=SUGGESTIONS_SECONDS)
    return response
