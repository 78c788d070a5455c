"""Bulk creation of agenda pages, for `make bench`: tens of thousands of venues, organizers,
events and dates in seconds, written straight into Wagtail's tree (materialised paths) instead
of one `add_child()` at a time. Pages are live, without revisions: enough for the public side.
"""

import random
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from .models import (
    LONG_RUNNING,
    EventCategory,
    EventOccurrence,
    EventPage,
    OrganizerPage,
    RegionPage,
    VenuePage,
)

BATCH = 2000
WORDS = [
    "Nuit",
    "Jazz",
    "Lumière",
    "Fanfare",
    "Ballade",
    "Printemps",
    "Conte",
    "Marionnettes",
    "Cirque",
    "Slam",
    "Baroque",
    "Rock",
    "Orgue",
    "Tango",
    "Impro",
    "Rêve",
    "Mémoire",
    "Forêt",
    "Rivière",
    "Atelier",
    "Voix",
    "Quatuor",
    "Fête",
    "Balade",
    "Récit",
]


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _next_child_index(parent: Page) -> int:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    return Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1


def bulk_create_pages(
    parent: Page,
    model: type[Page],
    specs: list[dict],
    progress: Callable[[int], None] | None = None,
) -> list[Page]:
    """Create live `model` pages under `parent`, one per dict of field values in `specs`
    (`title` and `slug` required). Returns the pages with their primary keys set."""
    content_type = ContentType.objects.get_for_model(model)
    start = _next_child_index(parent)
    now = timezone.now()
    base_fields = {f.attname for f in Page._meta.concrete_fields}
    pages = []
    for offset, spec in enumerate(specs):
        key = Page._int2str(start + offset).rjust(Page.steplen, "0")
        page = model(
            **spec,
            path=parent.path + key,
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{spec['slug']}/",
            draft_title=spec["title"],
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
            content_type=content_type,
        )
        pages.append(page)

    local_fields = list(model._meta.local_concrete_fields)
    for chunk in _chunks(pages):
        base_rows = [
            Page(**{name: getattr(p, name) for name in base_fields if name != "id"}) for p in chunk
        ]
        Page.objects.bulk_create(base_rows)
        for page, row in zip(chunk, base_rows, strict=True):
            page.pk = page.page_ptr_id = row.pk
            page.id = row.pk
        model._base_manager._insert(chunk, fields=local_fields)
        if progress:
            progress(len(chunk))

    Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(pages))
    parent.refresh_from_db()
    return pages


def _occurrence(
    page_id: int, start: datetime, end: datetime | None, all_day=False, sort_order=0
) -> EventOccurrence:
    occurrence = EventOccurrence(
        page_id=page_id, start=start, end=end, all_day=all_day, sort_order=sort_order
    )
    occurrence.ends_at = occurrence.effective_end
    occurrence.long_running = occurrence.ends_at - occurrence.start > LONG_RUNNING
    return occurrence


def _local(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def event_dates(
    rng: random.Random, today, days: int
) -> list[tuple[datetime, datetime | None, bool]]:
    """A realistic mix: single dates, runs of shows, weekly series, long exhibitions.
    Three dates per event on average."""
    first = today + timedelta(days=rng.randrange(days))
    kind = rng.random()
    if kind < 0.45:  # one date
        start = _local(first, rng.choice((14, 18, 20, 20, 21)), rng.choice((0, 30)))
        return [(start, start + timedelta(hours=2), False)]
    if kind < 0.75:  # a run of performances
        return [
            (_local(first + timedelta(days=i), 20), _local(first + timedelta(days=i), 22), False)
            for i in range(rng.randint(3, 6))
        ]
    if kind < 0.95:  # a weekly series
        return [
            (
                _local(first + timedelta(weeks=i), 18, 30),
                _local(first + timedelta(weeks=i), 20, 30),
                False,
            )
            for i in range(rng.randint(4, 9))
        ]
    # an exhibition
    return [(_local(first, 10), _local(first + timedelta(days=rng.randint(20, 90)), 18), False)]


@transaction.atomic
def seed_agenda(
    regions: list[RegionPage],
    *,
    venues: int,
    organizers: int,
    events: int,
    days: int = 120,
    seed: int = 4000,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Spread venues, organizers and events over `regions`; returns what was created."""
    rng = random.Random(seed)
    today = timezone.localdate()
    categories_by_locale: dict[int, list[int]] = {}
    for category in EventCategory.objects.all():
        categories_by_locale.setdefault(category.locale_id, []).append(category.pk)

    def tick(stage: str, total: int):
        done = 0

        def step(n: int):
            nonlocal done
            done += n
            if progress:
                progress(stage, done, total)

        return step

    venue_pages: dict[int, list[VenuePage]] = {}
    organizer_pages: list[tuple[RegionPage, OrganizerPage]] = []
    step_venues = tick("venues", venues)
    step_organizers = tick("organizers", organizers)

    def share(total: int, index: int) -> int:
        """This region's part of `total`, spread as evenly as possible."""
        return total // len(regions) + (1 if index < total % len(regions) else 0)

    for index, region in enumerate(regions):
        tag = slugify(region.title)
        venue_pages[region.pk] = bulk_create_pages(
            region,
            VenuePage,
            [
                {
                    "title": f"Salle {rng.choice(WORDS)} {tag}-{n}",
                    "slug": f"bench-salle-{tag}-{seed}-{n}",
                    "street": f"Rue {rng.choice(WORDS)} {rng.randint(1, 200)}",
                    "postal_code": "4000",
                    "city": region.title,
                    "latitude": (region.latitude or 50.5) + rng.uniform(-0.1, 0.1),
                    "longitude": (region.longitude or 5.0) + rng.uniform(-0.1, 0.1),
                    "wheelchair_access": rng.random() < 0.6,
                }
                for n in range(share(venues, index))
            ],
            step_venues,
        )
        created = bulk_create_pages(
            region,
            OrganizerPage,
            [
                {
                    "title": f"ASBL {rng.choice(WORDS)} {tag}-{n}",
                    "slug": f"bench-asbl-{tag}-{seed}-{n}",
                }
                for n in range(share(organizers, index))
            ],
            step_organizers,
        )
        organizer_pages.extend((region, organizer) for organizer in created)

    step_events = tick("events", events)
    occurrences_total = 0
    per_organizer = max(events // max(len(organizer_pages), 1), 1)
    remaining = events
    for n, (region, organizer) in enumerate(organizer_pages):
        count = remaining if n == len(organizer_pages) - 1 else min(per_organizer, remaining)
        if count <= 0:
            break
        remaining -= count
        venues_here = venue_pages[region.pk]
        specs = []
        for i in range(count):
            title = f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()} {organizer.pk}-{i}"
            specs.append(
                {
                    "title": title,
                    "slug": f"bench-{organizer.pk}-{i}",
                    "teaser": "Un rendez-vous du banc d'essai.",
                    "venue_id": rng.choice(venues_here).pk if venues_here else None,
                    "is_free": rng.random() < 0.25,
                    "audience": "young" if rng.random() < 0.15 else "all",
                    "status": "cancelled" if rng.random() < 0.02 else "scheduled",
                    "languages": [],
                }
            )
        pages = bulk_create_pages(organizer, EventPage, specs, step_events)
        occurrences, links = [], []
        category_ids = categories_by_locale.get(organizer.locale_id, [])
        through = EventPage.categories.through
        for page in pages:
            for order, (start, end, all_day) in enumerate(event_dates(rng, today, days)):
                occurrences.append(_occurrence(page.pk, start, end, all_day, order))
            if category_ids:
                links.extend(
                    through(eventpage_id=page.pk, eventcategory_id=c)
                    for c in rng.sample(category_ids, k=min(2, len(category_ids)))
                )
        EventOccurrence.objects.bulk_create(occurrences, batch_size=BATCH)
        through.objects.bulk_create(links, batch_size=BATCH)
        occurrences_total += len(occurrences)
    return {
        "venues": sum(len(v) for v in venue_pages.values()),
        "organizers": len(organizer_pages),
        "events": events - remaining,
        "occurrences": occurrences_total,
    }
