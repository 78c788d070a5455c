"""The dates of a list of event cards read as `values()` rows, each with a light event: what a
card shows (`events.agenda.cards`), without building a Wagtail page per date.

A page of the agenda shows some fifty dates; built as model instances (an occurrence, its event
page, venue page, image and locale each) they cost more than the rest of a cold agenda. Here
they are one query of plain rows, plus one for the category names and one for the images with
their card renditions (as `with_display_data` fetched them). `CardEvent` and `CardDate` carry
the attributes of `EventPage` and `EventOccurrence` that the cards and the day grouping read,
under the same names."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from types import SimpleNamespace

from django.db.models import QuerySet

from wagtail.images import get_image_model

from xmille.locales import language_codes
from xmille.models import CustomRendition

from ..models import EventOccurrence, EventPage

EVENT_FIELDS = (
    "title",
    "url_path",
    "translation_key",
    "teaser",
    "status",
    "audience",
    "min_age",
    "is_free",
    "attendance_mode",
    "main_image_id",
    "venue_id",
)
VENUE_FIELDS = ("title", "city", "wheelchair_access")
DATE_FIELDS = ("pk", "page_id", "start", "end", "all_day", "cancelled", "ends_at", "long_running")
STATUS_NAMES = dict(EventPage.Status.choices)
ROW_FIELDS = (
    *DATE_FIELDS,
    *(f"page__{name}" for name in EVENT_FIELDS),
    *(f"page__venue__{name}" for name in VENUE_FIELDS),
    "page__locale_id",
)


@dataclass(slots=True, eq=False)
class CardVenue:
    title: str
    city: str
    wheelchair_access: bool


@dataclass(slots=True, eq=False)
class CardEvent:
    """An event as its card shows it: the attributes of `EventPage` a card reads."""

    pk: int
    title: str
    url_path: str
    translation_key: object
    teaser: str
    status: str
    audience: str
    min_age: int | None
    is_free: bool
    attendance_mode: str
    main_image_id: int | None
    venue_id: int | None
    locale: SimpleNamespace
    venue: CardVenue | None = None
    main_image: object = None
    category_names: list[str] = dataclass_field(default_factory=list)

    Status = EventPage.Status
    Audience = EventPage.Audience
    AttendanceMode = EventPage.AttendanceMode
    is_cancelled = EventPage.is_cancelled
    is_online = EventPage.is_online

    @property
    def id(self) -> int:
        return self.pk

    def get_status_display(self) -> str:
        return str(STATUS_NAMES.get(self.status, self.status))


@dataclass(slots=True, eq=False)
class CardDate:
    """A date as a list of cards reads it: the attributes of `EventOccurrence` (and the
    distance of a "near" search)."""

    pk: int
    page_id: int
    start: datetime
    end: datetime | None
    all_day: bool
    cancelled: bool
    ends_at: datetime
    long_running: bool
    page: CardEvent
    distance: float | None = None
    local_times: object = None  # `days.local_times`, once worked out

    effective_end = EventOccurrence.effective_end


def card_dates(
    selections: list[QuerySet], images_rendition: str, *, categories: bool = True
) -> list[list[CardDate]]:
    """The dates of each of `selections` (in its order), each with its card's event: one
    query per selection, then one for the category names (unless `categories` is False: a
    list that does not show them) and one for the images with their `images_rendition`
    renditions, shared by all."""
    results = []
    for occurrences in selections:
        distance = ("distance",) if "distance" in occurrences.query.annotations else ()
        results.append(list(occurrences.values(*ROW_FIELDS, *distance)))
    return cards_of_rows(results, images_rendition, categories=categories)


def cards_of_ids(
    id_lists: list[list[int]], images_rendition: str, *, categories: bool = True
) -> list[list[CardDate]]:
    """`card_dates` for dates already chosen by their ids (each list in its order): their rows
    in one query by primary key, whatever the filters that chose them. A list that counts and
    pages its selection reads the ids of its first dates once (a short, narrow scan), then
    only the rows it shows."""
    wanted = {pk for ids in id_lists for pk in ids}
    if not wanted:
        return [[] for _ in id_lists]
    by_id = {
        row["pk"]: row for row in EventOccurrence.objects.filter(pk__in=wanted).values(*ROW_FIELDS)
    }
    return cards_of_rows(
        [[by_id[pk] for pk in ids if pk in by_id] for ids in id_lists],
        images_rendition,
        categories=categories,
    )


def cards_of_rows(
    results: list[list[dict]], images_rendition: str, *, categories: bool = True
) -> list[list[CardDate]]:
    """`card_dates` for rows already read (`values(*ROW_FIELDS)`): a list that picks its
    dates among more rows than it shows reads them whole once."""
    rows = [row for result in results for row in result]
    if not rows:
        return [[] for _ in results]
    event_ids = {row["page_id"] for row in rows}
    names: dict[int, list[str]] = {}
    links = EventPage.categories.through.objects.filter(eventpage_id__in=event_ids)
    for event_id, name in (
        links.order_by("eventcategory__name", "eventcategory_id").values_list(
            "eventpage_id", "eventcategory__name"
        )
        if categories
        else ()
    ):
        names.setdefault(event_id, []).append(name)
    images = card_images({row["page__main_image_id"] for row in rows} - {None}, images_rendition)
    codes = language_codes()
    locales: dict[int, SimpleNamespace] = {}
    events: dict[int, CardEvent] = {}

    def card_date(row) -> CardDate:
        event = events.get(row["page_id"])
        if event is None:
            locale_id = row["page__locale_id"]
            locale = locales.get(locale_id)
            if locale is None:
                locale = locales[locale_id] = SimpleNamespace(language_code=codes[locale_id])
            event = events[row["page_id"]] = CardEvent(
                row["page_id"],
                *(row[f"page__{name}"] for name in EVENT_FIELDS),
                locale=locale,
                venue=(
                    CardVenue(*(row[f"page__venue__{name}"] for name in VENUE_FIELDS))
                    if row["page__venue_id"] is not None
                    else None
                ),
                main_image=images.get(row["page__main_image_id"]),
                category_names=names.get(row["page_id"], []),
            )
        return CardDate(
            *(row[name] for name in DATE_FIELDS), page=event, distance=row.get("distance")
        )

    return [[card_date(row) for row in result] for result in results]


def card_images(image_ids: set[int], rendition: str) -> dict:
    """{id: image} of `image_ids`, each with its `rendition` renditions at hand (as
    `prefetched_renditions`, which Wagtail's `get_rendition` reads): the renditions with their
    images in one query; an image without one yet is read apart, and Wagtail makes its
    rendition when the card asks for it."""
    images = {}
    if not image_ids:
        return images
    for found in CustomRendition.objects.filter(
        image_id__in=image_ids, filter_spec=rendition
    ).select_related("image"):
        image = images.get(found.image_id)
        if image is None:
            image = images[found.image_id] = found.image
            image.prefetched_renditions = []
        found.image = image
        image.prefetched_renditions.append(found)
    missing = image_ids - images.keys()
    if missing:
        for image in get_image_model().objects.filter(pk__in=missing):
            image.prefetched_renditions = []
            images[image.pk] = image
    return images
