"""`make bench`: seed a large network, then measure the public pages people open most.

For each page: SQL queries of one request, median render time over repeated requests through
Django's test client, and that median as a ratio of a plain page's (the search form) measured
in the same run — ratios compare across machines where milliseconds do not."""

import gc
import statistics
import sys
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from wagtail.models import GroupPagePermission, Site

from events.bulk import seed_agenda
from events.models import AgendaPage, EventCategory, EventPage, OrganizerPage, RegionPage, VenuePage
from xmille.content_cache import content_changed, site_changed
from xmille.models import RoleGroup
from xmille.roles import role_group, setup_roles

# Open data: the API's list of 100 events, the CSV of 1,000 dates, the iCal feed.
OPEN_DATA_PAGES = [
    ("API events (100)", "/api/v1/events/?page_size=100"),
    ("agenda CSV (1,000 dates)", "{agenda}csv/?limit=1000"),
]
CONDITIONAL_PAGES = [
    ("API events (100)", "/api/v1/events/?page_size=100"),
    ("agenda CSV (1,000 dates)", "{agenda}csv/?limit=1000"),
    ("agenda iCal feed", "{agenda}feed.ics"),
]


class QueryCounter:
    """Counts the SQL queries run while installed with `connection.execute_wrapper`."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


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
        parser.add_argument(
            "--no-measure", action="store_true", help="Only seed (the database of `make load`)."
        )

    def handle(self, *args, events, venues, organizers, repeat, no_seed, no_measure, **options):
        if not no_seed:
            self.seed(events=events, venues=venues, organizers=organizers)
        if no_measure:
            return
        self.measure(repeat)
        self.measure_admin(repeat)

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
        started = time.perf_counter()
        report = setup_roles()
        # Statistics for the query planner, as a live database has them (PostgreSQL's
        # autovacuum; `PRAGMA optimize` on SQLite): without them SQLite guesses its plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Roles: {len(report.created)} groups and workflows created in {time.perf_counter() - started:.0f} s "
            f"({Group.objects.count()} groups, {GroupPagePermission.objects.count()} page permissions)."
        )

    def pages(self) -> list[tuple[str, str, str]]:
        """(label, host, path[, "cold"]) of each page to measure, on the default site. Cached
        pages are measured twice: as most visitors get them, and right after an edit."""
        site = Site.objects.get(is_default_site=True)
        host = site.hostname
        root = site.root_page
        pages = [("baseline: search form", host, "/search/")]
        pages.append(("home", host, root.url_path and "/"))
        agenda = AgendaPage.objects.live().descendant_of(root).first()
        if agenda:
            url = agenda.relative_url(site)
            category = EventCategory.objects.filter(locale=root.locale).order_by("pk").first()
            weekend = f"{url}?when=weekend&category={category.slug if category else ''}"
            region = RegionPage.objects.live().descendant_of(root).order_by("path").first()
            near = f"{region.latitude or 50.5},{region.longitude or 5.0}" if region else "50.5,5.0"
            # As the first visitor after an event's publication on the site sees it: what
            # shows events is built again, the site's structure (menus, filter lists) is not.
            pages.append(("agenda, after an event's publication", host, url, "published"))
            for label, path in (
                ("agenda", url),
                ("agenda weekend+category", weekend),
                ("agenda iCal feed", f"{url}feed.ics"),
                ("agenda near me (10 km)", f"{url}?near={near}&radius=10"),
                ("agenda map", f"{url}carte/"),
                ("agenda GeoJSON", f"{url}carte/geojson/"),
            ):
                pages.append((label, host, path))
                pages.append((f"{label}, after an edit", host, path, "cold"))
            # Open data (events.exports, events.api): built for every request (only 304s are
            # cheap), so measured once: "after an edit" is what every poll costs.
            for label, path in OPEN_DATA_PAGES:
                pages.append((label, host, path.format(agenda=url), "cold"))
        region = RegionPage.objects.live().descendant_of(root).order_by("path").first()
        if region:
            pages.append(("region", host, region.relative_url(site)))
            pages.append(("region, after an edit", host, region.relative_url(site), "cold"))
        venue = VenuePage.objects.live().descendant_of(root).order_by("-pk").first()
        if venue:
            pages.append(("venue", host, venue.relative_url(site)))
        event = EventPage.objects.live().descendant_of(root).order_by("-pk").first()
        if event:
            pages.append(("event", host, event.relative_url(site)))
            pages.append(("event, after an edit", host, event.relative_url(site), "cold"))
            pages.append(
                ("event, after an event's publication", host, event.relative_url(site), "published")
            )
        return pages

    def report_header(self) -> None:
        header = f"{'page':<34} {'status':>6} {'queries':>8} {'median ms':>10} {'p90 ms':>8} {'x baseline':>11}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))

    def time_pages(
        self, client: Client, pages, repeat: int, baseline: float | None = None
    ) -> float:
        """Print one row per page; return the first page's median (the baseline)."""
        for label, host, path, *cold in pages:
            # A "cold" page is measured as the first visitor after an edit sees it: the
            # content version changes before each request, so no cached fragment applies.
            # "published": after an event's publication on the page's site (its lists change,
            # its structure does not: `xmille.content_cache`).
            before = {
                "cold": content_changed,
                "published": lambda host=host: site_changed(
                    Site.objects.get(hostname=host).pk, structure=False
                ),
            }.get(cold[0] if cold else None, lambda: None)
            client.get(path, HTTP_HOST=host)  # warm up
            queries = QueryCounter()
            before()
            with connection.execute_wrapper(queries):
                response = client.get(path, HTTP_HOST=host)
            timings = []
            for _ in range(repeat):
                before()
                started = time.perf_counter()
                client.get(path, HTTP_HOST=host)
                timings.append((time.perf_counter() - started) * 1000)
            median = statistics.median(timings)
            self.medians[label] = median
            self.sizes[label] = len(response.content)
            p90 = sorted(timings)[max(int(len(timings) * 0.9) - 1, 0)]
            baseline = baseline or median
            self.stdout.write(
                f"{label:<34} {response.status_code:>6} {queries.count:>8} {median:>10.1f} {p90:>8.1f} {median / baseline:>10.1f}x"
            )
        return baseline

    def measure_admin(self, repeat: int):
        """The admin dashboard and explorer for a non-superuser, with every organizer's group
        present (Wagtail gets slow with many page-permission rows: wagtail issue 14593)."""
        User = get_user_model()
        region = RegionPage.objects.filter(locale__language_code="fr").order_by("path").first()
        organizer = (
            OrganizerPage.objects.child_of(region).order_by("-path").first() if region else None
        )
        groups = {
            "organizer": role_group(RoleGroup.Role.ORGANIZER, organizer) if organizer else None,
            "moderator": role_group(RoleGroup.Role.MODERATOR, region) if region else None,
        }
        self.stdout.write(
            f"\nAdmin as a non-superuser, with {Group.objects.count()} groups and "
            f"{GroupPagePermission.objects.count()} page permissions present:"
        )
        self.report_header()
        site = Site.objects.get(is_default_site=True)
        for role, group in groups.items():
            if group is None:
                self.stdout.write(f"{role}: no group (run setup_roles)")
                continue
            user, _ = User.objects.get_or_create(username=f"bench-{role}")
            user.groups.set([group])
            client = Client()
            client.force_login(user)
            place = organizer if role == "organizer" else region
            self.time_pages(
                client,
                [
                    (f"{role}: dashboard", site.hostname, "/admin/"),
                    (f"{role}: explorer", site.hostname, f"/admin/pages/{place.pk}/"),
                ],
                repeat,
                baseline=self.baseline,
            )

    def measure(self, repeat: int):
        client = Client()
        counts = {
            "events": EventPage.objects.count(),
            "venues": VenuePage.objects.count(),
        }
        self.stdout.write(
            f"\nMeasuring on {connection.vendor} ({counts}), {repeat} requests per page:"
        )
        self.report_header()
        self.medians, self.sizes = {}, {}
        pages = self.pages()
        # As a gunicorn worker runs (`xmille/wsgi.py`): what loading the code and a first
        # request to each page made is frozen, out of the garbage collector's full walks.
        for _label, host, path, *_cold in pages:
            client.get(path, HTTP_HOST=host)
        gc.collect()
        gc.freeze()
        self.baseline = self.time_pages(client, pages, repeat)
        self.report_map()
        self.report_cold()
        self.measure_conditional(client, repeat)

    def measure_conditional(self, client: Client, repeat: int) -> None:
        """A poll answered 304 (ETag matched, `xmille.conditional`) against a full build of
        the same address (the content version changed before each, so nothing cached
        applies); target: the 304 under a tenth of the build."""
        site = Site.objects.get(is_default_site=True)
        agenda = AgendaPage.objects.live().descendant_of(site.root_page).first()
        if agenda is None:
            return
        url = agenda.relative_url(site)
        host = site.hostname
        self.stdout.write("\nConditional GET (304) against a full build of the same address:")
        header = f"{'address':<34} {'queries 304':>11} {'304 ms':>8} {'build ms':>9} {'ratio':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for label, path in CONDITIONAL_PAGES:
            path = path.format(agenda=url)
            full, unchanged = [], []
            for _ in range(repeat):
                content_changed()
                started = time.perf_counter()
                response = client.get(path, HTTP_HOST=host)
                full.append((time.perf_counter() - started) * 1000)
            etag = response.get("ETag")
            if response.status_code != 200 or not etag:
                self.stdout.write(f"{label:<34} no ETag (status {response.status_code})")
                continue
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                status = client.get(path, HTTP_HOST=host, HTTP_IF_NONE_MATCH=etag).status_code
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path, HTTP_HOST=host, HTTP_IF_NONE_MATCH=etag)
                unchanged.append((time.perf_counter() - started) * 1000)
            built, answered = statistics.median(full), statistics.median(unchanged)
            self.stdout.write(
                f"{label:<34} {queries.count:>11} {answered:>8.1f} {built:>9.1f} "
                f"{answered / built:>6.2f}x{'' if status == 304 else f'  (status {status})'}"
            )

    def report_cold(self) -> None:
        """The cold-render targets (issue 15): the agenda after a publication within 50 ms, its HTML
        under 80 KB whatever the number of venues and organizers, the whole-agenda iCal of
        1,000 dates within 150 ms after an edit."""
        agenda = self.medians.get("agenda, after an edit")
        published = self.medians.get("agenda, after an event's publication")
        feed = self.medians.get("agenda iCal feed, after an edit")
        event = self.medians.get("event, after an edit")
        if not (agenda and feed):
            return
        self.stdout.write(
            f"\nCold renders: agenda {agenda:.0f} ms after an edit, "
            + (f"{published:.0f} ms after an event's publication " if published else "")
            + f"(target <= 50), HTML {self.sizes['agenda'] / 1000:.0f} KB (target < 80); "
            f"iCal {feed:.0f} ms (target <= 150)"
            + (f"; event {event:.0f} ms" if event else "")
            + "."
        )

    def report_map(self) -> None:
        """The map's targets: the GeoJSON (at most 5,000 events) under 1 MB and within 3x the
        agenda's cold render; "near me" within 2x the plain agenda."""
        agenda = self.medians.get("agenda, after an edit")
        geojson = self.medians.get("agenda GeoJSON, after an edit")
        near = self.medians.get("agenda near me (10 km), after an edit")
        if not (agenda and geojson and near):
            return
        size = self.sizes["agenda GeoJSON"]
        self.stdout.write(
            f"\nMap: GeoJSON {size / 1e6:.2f} MB (target < 1 MB), cold {geojson / agenda:.1f}x "
            f"the agenda's cold render (target <= 3x); near me cold {near / agenda:.1f}x "
            "the agenda's (target <= 2x)."
        )
