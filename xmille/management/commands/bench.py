"""`make bench`: seed a large network, then measure the public pages people open most.

For each page: SQL queries of one request, median render time over repeated requests through
Django's test client, and that median as a ratio of a plain page's (the search form) measured
in the same run — ratios compare across machines where milliseconds do not."""

import statistics
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from events.bulk import seed_agenda
from events.models import AgendaPage, EventCategory, EventPage, RegionPage, VenuePage


def progress_bar(stage: str, done: int, total: int, width: int = 30) -> None:
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r  {stage:<11} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


class Command(BaseCommand):
    help = "Seed a large agenda and measure SQL queries and render times of the public pages."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=50_000)
        parser.add_argument("--venues", type=int, default=2_000)
        parser.add_argument("--organizers", type=int, default=1_000)
        parser.add_argument("--repeat", type=int, default=15, help="Timed requests per page.")
        parser.add_argument("--no-seed", action="store_true", help="Measure the database as it is.")

    def handle(self, *args, events, venues, organizers, repeat, no_seed, **options):
        if not no_seed:
            self.seed(events=events, venues=venues, organizers=organizers)
        self.measure(repeat)

    def seed(self, **sizes):
        self.stdout.write(f"Seeding on {connection.vendor}: demo network, then {sizes}…")
        call_command("load_demo", verbosity=0)
        regions = list(RegionPage.objects.filter(locale__language_code="fr").order_by("path"))
        if not regions:
            self.stderr.write("No region pages: the demo network has no agenda to scale up.")
            return
        started = time.perf_counter()
        created = seed_agenda(regions, progress=progress_bar, **sizes)
        self.stdout.write(f"Seeded {created} in {time.perf_counter() - started:.0f} s.")

    def pages(self) -> list[tuple[str, str, str]]:
        """(label, host, path) of each page to measure, on the default site."""
        site = Site.objects.get(is_default_site=True)
        host = site.hostname
        root = site.root_page
        pages = [("baseline: search form", host, "/search/")]
        pages.append(("home", host, root.url_path and "/"))
        agenda = AgendaPage.objects.live().descendant_of(root).first()
        if agenda:
            url = agenda.get_url(relative_to=site) or agenda.url
            category = EventCategory.objects.filter(locale=root.locale).order_by("pk").first()
            pages.append(("agenda", host, url))
            pages.append(
                (
                    "agenda weekend+category",
                    host,
                    f"{url}?when=weekend&category={category.slug if category else ''}",
                )
            )
            pages.append(("agenda iCal feed", host, f"{url}feed.ics"))
        region = RegionPage.objects.live().descendant_of(root).order_by("path").first()
        if region:
            pages.append(("region", host, region.get_url(relative_to=site)))
        venue = VenuePage.objects.live().descendant_of(root).order_by("-pk").first()
        if venue:
            pages.append(("venue", host, venue.get_url(relative_to=site)))
        event = EventPage.objects.live().descendant_of(root).order_by("-pk").first()
        if event:
            pages.append(("event", host, event.get_url(relative_to=site)))
        return pages

    def measure(self, repeat: int):
        client = Client()
        counts = {
            "events": EventPage.objects.count(),
            "venues": VenuePage.objects.count(),
        }
        self.stdout.write(
            f"\nMeasuring on {connection.vendor} ({counts}), {repeat} requests per page:"
        )
        header = f"{'page':<26} {'status':>6} {'queries':>8} {'median ms':>10} {'p90 ms':>8} {'x baseline':>11}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        baseline = None
        for label, host, path in self.pages():
            response = client.get(path, HTTP_HOST=host)  # warm up
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, HTTP_HOST=host)
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path, HTTP_HOST=host)
                timings.append((time.perf_counter() - started) * 1000)
            median = statistics.median(timings)
            p90 = sorted(timings)[max(int(len(timings) * 0.9) - 1, 0)]
            baseline = baseline or median
            self.stdout.write(
                f"{label:<26} {response.status_code:>6} {len(queries):>8} {median:>10.1f} {p90:>8.1f} {median / baseline:>10.1f}x"
            )
