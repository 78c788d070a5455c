"""The public, read-only JSON API (/api/v1/): what every endpoint shares. The endpoints live
next to their models (`events/api.py`, `magazine/api.py`), their routes in `xmille/urls.py`.

Choices:

- Django REST framework (already installed: Wagtail's API v2 is built on it) for the views,
  JSON rendering and error answers. Not Wagtail's API v2 itself: its pages endpoint filters
  with its own parameters and its own idea of "public", where ours must go through
  `xmille.visibility` and the agenda's `AgendaFilterForm`. Query parameters are validated by
  Django forms (the agenda's own form for events), so a bad value answers 400 with the same
  reasons as the iCal feed, as JSON: `{"date_to": ["..."]}`.
- Anonymous only: no session or token authentication, so a logged-in editor's browser sees
  exactly what a partner's robot sees (no drafts, no private pages).
- Page-number pagination (`page`, `page_size`), `count`, absolute `next`/`previous`.
- `updated_since` (ISO 8601): only what was published since, plus `removed`, the tombstones
  (`xmille.tombstones`) of the same kind since that time, so partners' copies stay in sync.
- Rate limit per client address (`limits.API_REQUESTS_PER_MINUTE` per calendar minute, an
  atomic cache counter): over it, 429 with `Retry-After`.
- CORS: `Access-Control-Allow-Origin: *` on API answers only (read-only, no credentials).
- ETag / Last-Modified from the content version and the address (`xmille.conditional`),
  checked before anything is built: 304 on a match.
- The OpenAPI 3 description is written here by hand from the endpoints' fragments (DRF's own
  schema generator is deprecated and knows nothing of form-validated parameters).
"""

import time
from datetime import datetime

from django import forms
from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page, Site

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from . import limits
from .conditional import not_modified, set_validators, validators
from .throttling import Throttle, client_address

API_VERSION = "1.0.0"
per_minute = Throttle("api", limits.API_REQUESTS_PER_MINUTE, 1)


class AddressRateThrottle(BaseThrottle):
    """`limits.API_REQUESTS_PER_MINUTE` per address and calendar minute, counted atomically
    (cache `incr`), unlike DRF's own throttles which read and write a list of times."""

    def allow_request(self, request, view):
        minute = int(time.time() // 60)
        return per_minute.hit(client_address(request), minute) <= per_minute.limit

    def wait(self):
        return 60 - int(time.time()) % 60


class ApiListForm(forms.Form):
    """What every list accepts: language, paging, `updated_since`."""

    lang = forms.ChoiceField(
        label=_("Langue"), choices=settings.WAGTAIL_CONTENT_LANGUAGES, required=False
    )
    page = forms.IntegerField(
        label=_("Page"), min_value=1, max_value=limits.API_MAX_PAGE, required=False
    )
    page_size = forms.IntegerField(
        label=_("Taille de page"), min_value=1, max_value=limits.API_MAX_PAGE_SIZE, required=False
    )
    updated_since = forms.DateTimeField(label=_("Modifié depuis"), required=False)

    def error_reasons(self) -> dict[str, list[str]]:
        return {field: [str(m) for m in messages] for field, messages in self.errors.items()}


def site_home(request: HttpRequest, language: str | None) -> Page:
    """The home page of the request's site in `language` (French by default)."""
    site = Site.find_for_request(request)
    if site is None:
        raise NotFound(_("Aucun site à cette adresse."))
    home = site.root_page
    language = language or settings.LANGUAGE_CODE
    if home.locale.language_code != language:
        locale = Locale.objects.filter(language_code=language).first()
        translated = home.get_translation_or_none(locale) if locale else None
        if translated is None or not translated.live:
            raise NotFound(_("Ce site n'existe pas dans cette langue."))
        home = translated
    return home


def validated(form):
    """`form.cleaned_data`, or a 400 with the reasons per parameter."""
    if not form.is_valid():
        raise ValidationError(form.error_reasons())
    return form.cleaned_data


def page_bounds(data: dict) -> tuple[int, int, int]:
    number = data.get("page") or 1
    size = data.get("page_size") or limits.API_PAGE_SIZE
    return number, size, (number - 1) * size


def paginated(request, data: dict, count: int, results: list) -> dict:
    """The envelope of a list: count, absolute next/previous addresses, results."""
    number, size, offset = page_bounds(data)

    def link(target: int) -> str:
        query = request.GET.copy()
        query["page"] = str(target)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "page": number,
        "page_size": size,
        "next": link(number + 1) if offset + size < count else None,
        "previous": link(number - 1) if number > 1 else None,
        "results": results,
    }


def removed_since(root: Page, kinds: list[str], since: datetime | None) -> list[dict]:
    """Tombstones of these kinds under `root` since `since` (only when a client asks)."""
    from .models import Tombstone

    if since is None:
        return []
    rows = Tombstone.objects.filter(
        kind__in=kinds, removed_at__gte=since, path__startswith=root.path
    ).order_by("removed_at", "pk")
    return [
        {
            "id": row.page_id,
            "translation_key": str(row.translation_key),
            "url": row.url,
            "reason": row.reason,
            "removed_at": row.removed_at.isoformat(),
        }
        for row in rows
    ]


class PublicApiView(APIView):
    """A read-only, anonymous, throttled, CORS-open, conditional endpoint. Subclasses
    implement `build(request)` and return the data."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [AddressRateThrottle]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]
    etag_prefix = "api"

    def get(self, request, *args, **kwargs):
        etag, last_modified = validators(request._request, self.etag_prefix)
        unchanged = not_modified(request._request, etag, last_modified)
        if unchanged is not None:
            return unchanged
        response = Response(self.build(request, *args, **kwargs))
        return set_validators(response, etag, last_modified)

    def build(self, request, *args, **kwargs):
        raise NotImplementedError

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response


# OpenAPI

LIST_PARAMETERS = [
    {
        "name": "lang",
        "in": "query",
        "schema": {"type": "string", "enum": [c for c, _n in settings.WAGTAIL_CONTENT_LANGUAGES]},
        "description": "Language of the site's tree (default fr).",
    },
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": limits.API_MAX_PAGE},
    },
    {
        "name": "page_size",
        "in": "query",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": limits.API_MAX_PAGE_SIZE,
            "default": limits.API_PAGE_SIZE,
        },
    },
    {
        "name": "updated_since",
        "in": "query",
        "schema": {"type": "string", "format": "date-time"},
        "description": "Only items published since; `removed` then lists what was withdrawn since.",
    },
]
REMOVED_SCHEMA = {
    "type": "object",
    "required": ["id", "translation_key", "reason", "removed_at"],
    "properties": {
        "id": {"type": "integer"},
        "translation_key": {"type": "string", "format": "uuid"},
        "url": {"type": "string"},
        "reason": {"type": "string", "enum": ["unpublished", "deleted", "restricted"]},
        "removed_at": {"type": "string", "format": "date-time"},
    },
}
COMMON_RESPONSES = {
    "304": {"description": "Not modified (If-None-Match / If-Modified-Since matched)."},
    "400": {
        "description": "Invalid parameters, with the reasons per parameter.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    },
    "429": {
        "description": "Too many requests from this address; see Retry-After.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    },
}


def list_operation(summary: str, item_ref: str, extra_parameters: list | None = None) -> dict:
    """An OpenAPI GET operation for a paginated list of `item_ref` items."""
    return {
        "get": {
            "summary": summary,
            "parameters": [*(extra_parameters or []), *LIST_PARAMETERS],
            "responses": {
                "200": {
                    "description": "A page of results.",
                    "headers": {
                        "ETag": {"schema": {"type": "string"}},
                        "Last-Modified": {"schema": {"type": "string"}},
                    },
                    "content": {
                        "application/json": {
                            "schema": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/Page"},
                                    {
                                        "type": "object",
                                        "properties": {
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": item_ref},
                                            }
                                        },
                                    },
                                ]
                            }
                        }
                    },
                },
                **COMMON_RESPONSES,
            },
        }
    }


def openapi_document(request: HttpRequest, paths: dict, schemas: dict) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Xmille open data",
            "version": API_VERSION,
            "description": (
                "Read-only public data of a Xmille site (agenda, venues, organizers, "
                "magazine). Anonymous; rate limited per address; CORS open."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": request.build_absolute_uri("/api/v1")}],
        "paths": paths,
        "components": {
            "schemas": {
                "Errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "Page": {
                    "type": "object",
                    "required": ["count", "page", "page_size", "next", "previous", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "next": {"type": "string", "nullable": True},
                        "previous": {"type": "string", "nullable": True},
                        "results": {"type": "array", "items": {}},
                        "removed": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Removed"},
                        },
                    },
                },
                "Removed": REMOVED_SCHEMA,
                **schemas,
            }
        },
    }


def openapi_view(paths: dict, schemas: dict):
    def view(request):
        response = JsonResponse(openapi_document(request, paths, schemas))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return view
