"""The API's agenda endpoints (/api/v1/events/, /venues/, /organizers/; shared machinery in
`xmille.api`).

- Events: one item per date, selected by the agenda's own query (`agenda_occurrences`) and
  filters (`AgendaFilterForm`, plus paging and `updated_since`). Each item *is* the schema.org
  Event of the event page's JSON-LD (`events.jsonld`), with `identifier` (the date's stable id,
  the iCal UID), `dateModified` (last publication) and an `xmille` object (page id,
  translation key, language, category slugs, all-day, cancelled). An event changed since
  `updated_since` comes back with all its upcoming dates: partners replace the event's dates.
- Venues and organizers: the public fields of their pages (what their pages show: a venue's
  e-mail and an organizer's "public e-mail" are public by design; nothing else of the admin).
- A constant number of queries whatever the page size.
"""

from django.db.models import Prefetch

from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from xmille.api import (
    ApiListForm,
    PublicApiView,
    list_operation,
    page_bounds,
    paginated,
    removed_since,
    site_home,
    validated,
)
from xmille.visibility import visible

from .agenda import AgendaFilterForm, agenda_occurrences
from .feeds import occurrence_uid, organizers_of, site_hostname
from .jsonld import event_jsonld, place
from .models import OrganizerPage, VenuePage

IMAGE_SPEC = "fill-1200x630"  # the pages' social image (events.views.SOCIAL_IMAGE)


class EventApiForm(AgendaFilterForm, ApiListForm):
    """The agenda's filters (the same form as the HTML list and the iCal feed) and the API's."""


def _renditions():
    return get_image_model().get_rendition_model().objects.filter(filter_spec=IMAGE_SPEC)


def image_url(request, image) -> str | None:
    if image is None:
        return None
    return request.build_absolute_uri(image.get_rendition(IMAGE_SPEC).url)


def _updated(queryset, since, field: str):
    return queryset.filter(**{f"{field}__gte": since}) if since else queryset


def event_item(occurrence, *, request, hostname: str, organizers: dict) -> dict:
    event = occurrence.page
    organizer = organizers.get(event.path[: -Page.steplen])
    venue = event.venue
    page_url = event.get_full_url(request)
    (data,) = event_jsonld(
        event,
        [occurrence],
        page_url=page_url,
        image_url=image_url(request, event.main_image),
        organizer=organizer,
        organizer_url=organizer.get_full_url(request) if organizer else None,
        venue_url=venue.get_full_url(request) if venue and venue.live else None,
    )
    return {
        **data,
        "identifier": occurrence_uid(occurrence, hostname),
        "dateModified": event.last_published_at.isoformat() if event.last_published_at else None,
        "xmille": {
            "event_id": event.pk,
            "translation_key": str(event.translation_key),
            "language": event.locale.language_code,
            "categories": [category.slug for category in event.categories.all()],
            "all_day": occurrence.all_day,
            "cancelled": occurrence.cancelled,
            "status": event.status,
            "venue_id": venue.pk if venue else None,
            "organizer_id": organizer.pk if organizer else None,
        },
    }


class EventList(PublicApiView):
    """Upcoming dates of the site's agenda, filtered like the agenda page."""

    etag_prefix = "api-events"

    def build(self, request):
        http = request._request
        home = site_home(http, validated(ApiListForm(request.GET)).get("lang"))
        data = validated(EventApiForm(request.GET, root=home))
        occurrences = _updated(
            agenda_occurrences(home, data), data.get("updated_since"), "page__last_published_at"
        )
        _number, size, offset = page_bounds(data)
        rows = list(
            occurrences.defer("page__body")
            .select_related("page__main_image")
            .prefetch_related(
                "page__categories", Prefetch("page__main_image__renditions", queryset=_renditions())
            )[offset : offset + size]
        )
        organizers = organizers_of({row.page for row in rows})
        hostname = site_hostname(http)
        results = [
            event_item(row, request=http, hostname=hostname, organizers=organizers) for row in rows
        ]
        answer = paginated(request, data, occurrences.count(), results)
        if data.get("updated_since"):
            answer["removed"] = removed_since(home, ["events.eventpage"], data["updated_since"])
        return answer


def venue_item(venue: VenuePage, request) -> dict:
    page_url = venue.get_full_url(request)
    return {
        "@context": "https://schema.org",
        **place(venue, page_url),
        "identifier": venue.pk,
        "dateModified": venue.last_published_at.isoformat() if venue.last_published_at else None,
        "image": image_url(request, venue.image),
        "description": expand_db_html(venue.description),
        "telephone": venue.phone or None,
        "email": venue.email or None,
        "sameAs": venue.website or None,
        "maximumAttendeeCapacity": venue.capacity,
        "xmille": {
            "translation_key": str(venue.translation_key),
            "language": venue.locale.language_code,
            "wheelchair_access": venue.wheelchair_access,
            "adapted_toilets": venue.adapted_toilets,
            "hearing_loop": venue.hearing_loop,
            "accessibility_notes": venue.accessibility_notes,
        },
    }


def organizer_item(organizer: OrganizerPage, request) -> dict:
    page_url = organizer.get_full_url(request)
    published = organizer.last_published_at
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organizer.title,
        "url": page_url,
        "identifier": organizer.pk,
        "dateModified": published.isoformat() if published else None,
        "sameAs": organizer.website or None,
        "email": organizer.contact_email or None,  # the "public e-mail" of the editor
        "telephone": organizer.contact_phone or None,
        "logo": image_url(request, organizer.logo),
        "description": expand_db_html(organizer.presentation),
        "xmille": {
            "translation_key": str(organizer.translation_key),
            "language": organizer.locale.language_code,
            "sector": organizer.sector,
        },
    }


class PageList(PublicApiView):
    """Public pages of one type under the site's home, by title."""

    model: type[Page]
    image_field: str
    serialize = None

    def build(self, request):
        http = request._request
        data = validated(ApiListForm(request.GET))
        home = site_home(http, data.get("lang"))
        pages = _updated(
            visible(self.model.objects.descendant_of(home)),
            data.get("updated_since"),
            "last_published_at",
        )
        _number, size, offset = page_bounds(data)
        rows = list(
            pages.select_related("locale", self.image_field)
            .prefetch_related(Prefetch(f"{self.image_field}__renditions", queryset=_renditions()))
            .order_by("title", "pk")[offset : offset + size]
        )
        results = [type(self).serialize(row, http) for row in rows]
        answer = paginated(request, data, pages.count(), results)
        if data.get("updated_since"):
            kind = f"{self.model._meta.app_label}.{self.model._meta.model_name}"
            answer["removed"] = removed_since(home, [kind], data["updated_since"])
        return answer


class VenueList(PageList):
    etag_prefix = "api-venues"
    model = VenuePage
    image_field = "image"
    serialize = venue_item


class OrganizerList(PageList):
    etag_prefix = "api-organizers"
    model = OrganizerPage
    image_field = "logo"
    serialize = organizer_item


# OpenAPI fragments (assembled by xmille.urls)


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "schema": schema, "description": description}


EVENT_PARAMETERS = [
    _query("when", {"type": "string"}, "A time window of the agenda (today, weekend, ...)."),
    _query("date_from", {"type": "string", "format": "date"}),
    _query("date_to", {"type": "string", "format": "date"}, "At most one year after date_from."),
    {
        **_query("category", {"type": "array", "items": {"type": "string"}}, "Category slugs."),
        "style": "form",
        "explode": True,
    },
    _query("region", {"type": "integer"}, "A region page id of the site."),
    _query("venue", {"type": "integer"}, "A venue id (see /venues/)."),
    _query("organizer", {"type": "integer"}, "An organizer id (see /organizers/)."),
    _query("free", {"type": "boolean"}),
    _query("accessible", {"type": "boolean"}, "Wheelchair-accessible venues only."),
    _query("young", {"type": "boolean"}),
    _query("ongoing", {"type": "boolean"}, "Exhibitions and long runs only."),
    _query("q", {"type": "string", "maxLength": 100}, "Keywords."),
    _query(
        "near",
        {"type": "string", "pattern": r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$"},
        "A point 'latitude,longitude' (WGS 84): dates within `radius` km, nearest first.",
    ),
    _query("town", {"type": "string"}, "A town of the network (slug), instead of `near`."),
    _query("radius", {"type": "number", "minimum": 0.1, "maximum": 100}, "Kilometres (10)."),
]
_OBJECT = {"type": "object", "additionalProperties": True}
OPENAPI_SCHEMAS = {
    "Event": {
        **_OBJECT,
        "description": "A schema.org Event (one date of an event page), as in the page's JSON-LD.",
        "required": ["@context", "@type", "name", "url", "startDate", "identifier", "xmille"],
        "properties": {
            "@type": {"type": "string", "enum": ["Event"]},
            "name": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "startDate": {"type": "string"},
            "endDate": {"type": "string"},
            "eventStatus": {"type": "string"},
            "identifier": {"type": "string", "description": "Stable id of this date (iCal UID)."},
            "dateModified": {"type": "string", "format": "date-time", "nullable": True},
            "xmille": _OBJECT,
        },
    },
    "Venue": {
        **_OBJECT,
        "description": "A schema.org Place.",
        "required": ["@type", "name", "url", "identifier"],
        "properties": {"identifier": {"type": "integer"}, "name": {"type": "string"}},
    },
    "Organizer": {
        **_OBJECT,
        "description": "A schema.org Organization.",
        "required": ["@type", "name", "url", "identifier"],
        "properties": {"identifier": {"type": "integer"}, "name": {"type": "string"}},
    },
}
OPENAPI_PATHS = {
    "/events/": list_operation(
        "Upcoming dates of the agenda", "#/components/schemas/Event", EVENT_PARAMETERS
    ),
    "/venues/": list_operation("Venues", "#/components/schemas/Venue"),
    "/organizers/": list_operation("Organizers", "#/components/schemas/Organizer"),
}
