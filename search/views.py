"""Site search: Wagtail's search across the public pages (`xmille.visibility`) of the current site and language."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from xmille.visibility import visible

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    site = Site.find_for_request(request)
    results = Page.objects.none()
    if query and site:
        pages = visible(Page.objects.descendant_of(site.root_page, inclusive=True))
        locale = Locale.objects.filter(language_code=get_language()).first()
        if locale:
            pages = pages.filter(locale=locale)
        results = pages.specific().search(query)

    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)

    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page},
    )
