"""`make load`: the public sites under load, through the production stack, while an editor
publishes.

On the bench database (`make bench`'s, 50,000 events; seeded here when missing), with the
production settings, gunicorn, Redis (a database of its own, emptied first), the task worker
(`db_worker`) and whitenoise:
1. one page at a time, as the issue that asked for this test measures it (`wrk -c4`, two
   sync workers: each connection goes to a free worker, so that no run piles its four
   connections on one worker and halves its figure): the static-file ceiling of the same
   stack (a static file of the size of a page), the kept agenda and event pages (their share
   of the ceiling), and the same pages rendered: each request a new address, so that the
   page cache has nothing to answer with;
2. the mix, on the production configuration (`--workers` x `--threads`, gthread): N clients
   (`--clients`, half on a *busy* site, half on a *quiet* one) read public pages (home,
   agenda and filtered variants, feeds, regions, venues, organizers, events, sitemap) for
   `--duration` seconds, while a scripted editor publishes an event every `--interval`
   seconds, alternately on the busy site and on a third site nobody reads;
3. prints throughput, p50/p99, errors, the page cache's hit ratio per site and the load
   average. `--smoke` runs a short, small version of the same.

Every process it starts (gunicorn, worker, editor, wrk) is stopped at the end."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

LUA = Path(__file__).resolve().parents[2] / "loadtest" / "mix.lua"
# The ceiling's static file: about the size of the agenda's HTML at 50,000 events (61 KB
# against 60), served by the same gunicorn and whitenoise.
STATIC_FILE = "wagtailadmin/js/vendor/jquery.datetimepicker.js"


class Command(BaseCommand):
    help = "Load test: production stack, bench database, readers on two sites and an editor."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=100)
        parser.add_argument("--duration", type=int, default=120, help="Seconds of the mix.")
        parser.add_argument(
            "--interval", type=float, default=10, help="Seconds between publications."
        )
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
        parser.add_argument(
            "--threads", type=int, default=4, help="Threads per gunicorn worker (gthread)."
        )
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
        parser.add_argument("--smoke", action="store_true", help="10 clients, 15 s.")
        parser.add_argument("--editor", action="store_true", help=argparse_hidden())
        parser.add_argument("--sites", default="")

    # The editor (a child process of the run, in the production settings) ---------------------

    def edit(self, interval: float, duration: float, hostnames: list[str]):
        from wagtail.models import Site

        from events.models import EventPage

        sites = [Site.objects.get(hostname=hostname) for hostname in hostnames]
        events = {
            site.pk: list(
                EventPage.objects.live()
                .descendant_of(site.root_page)
                .values_list("pk", flat=True)[:500]
            )
            for site in sites
        }
        published, failed, ends, turn = 0, 0, time.monotonic() + duration, 0
        while time.monotonic() < ends:
            site = sites[turn % len(sites)]
            turn += 1
            started = time.perf_counter()
            try:
                page = EventPage.objects.get(pk=random.choice(events[site.pk]))
                page.title = page.title.split(" · ")[0] + f" · {turn}"
                page.save_revision().publish()
            except DatabaseError as error:  # counted, and the next one is tried
                failed += 1
                self.stdout.write(f"editor: publication failed on {site.hostname}: {error}")
            else:
                published += 1
                self.stdout.write(
                    f"editor: published on {site.hostname} in {(time.perf_counter() - started) * 1000:.0f} ms"
                )
            self.stdout.flush()
            time.sleep(max(0.0, interval - (time.perf_counter() - started)))
        self.stdout.write(f"editor: {published} publications, {failed} failed")

    # The run -----------------------------------------------------------------------------

    def handle(self, *args, **options):
        if options["editor"]:
            return self.edit(options["interval"], options["duration"], options["sites"].split(","))
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: `make load` installs it (apt-get install wrk).")
        if options["smoke"]:
            options.update(clients=10, duration=15, interval=5)
        database = settings.DATABASES["default"]
        env = self.environment(options)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
        if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
            self.stdout.write("Collecting the static files (once)…")
            subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)
        if database["ENGINE"].endswith("sqlite3"):
            # Readers and the editor at once: the write-ahead log lets them (kept in the file).
            import sqlite3

            sqlite3.connect(database["NAME"]).execute("PRAGMA journal_mode=WAL").close()
        subprocess.run(
            ["redis-cli", "-u", options["redis"], "FLUSHDB"], check=True, capture_output=True
        )

        busy, quiet, other = self.sites()
        mixes = {busy: self.mix(busy), quiet: self.mix(quiet)}
        processes = []
        workdir = Path(tempfile.mkdtemp(prefix="xmille-load-"))
        try:
            # 1. One page at a time, as the yardstick has it: wrk -c4 against two sync
            # workers (one request per worker at a time, each connection to whichever is free).
            base = f"http://127.0.0.1:{options['port'] + 1}"
            single = self.start(
                self.gunicorn(options["port"] + 1, workers=2, worker_class="sync"),
                env,
                workdir / "gunicorn-single.log",
            )
            processes.append(single)
            self.wait_for(base, busy)
            static = self.static_url(env)
            self.stdout.write(
                f"\n{connection_label()} · Redis · load average {load_average()}\n"
                "Ceiling, kept and rendered pages, one at a time: gunicorn 2 sync workers, "
                "wrk -c4, 10 s each:"
            )
            ceiling = self.wrk(base, busy, [static], 4, 10, workdir, "static")
            self.report("static file", ceiling, ceiling)
            for label, path in (("agenda (kept)", "/agenda/"), ("event (kept)", mixes[busy][-1])):
                self.fetch(base, busy, path)
                self.report(label, self.wrk(base, busy, [path], 4, 10, workdir, "page"), ceiling)
            # Rendered: a new address each time, so the page cache keeps nothing to answer
            # with (what a visitor costs when the page has expired, or a CDN's miss).
            for label, path in (
                ("agenda (rendered)", "/agenda/"),
                ("event (rendered)", mixes[busy][-1]),
            ):
                result = self.wrk(base, busy, [path], 4, 10, workdir, "page", fresh=True)
                self.report(label, result, ceiling)
            stop(single)

            # 2. The mix, on the production configuration: threads for many clients at once.
            base = f"http://127.0.0.1:{options['port']}"
            processes.append(
                self.start(
                    self.gunicorn(
                        options["port"],
                        workers=options["workers"],
                        worker_class="gthread",
                        threads=options["threads"],
                    ),
                    env,
                    workdir / "gunicorn.log",
                )
            )
            processes.append(self.start([*manage, "db_worker"], env, workdir / "worker.log"))
            self.wait_for(base, busy)
            self.stdout.write(
                f"\nMix: gunicorn {options['workers']} workers x {options['threads']} threads, "
                f"task worker; {options['clients']} clients for {options['duration']} s "
                f"({options['clients'] // 2} on {busy}, where the editor publishes every "
                f"{options['interval'] * 2:g} s, and on {other}; "
                f"{options['clients'] - options['clients'] // 2} on {quiet}, where nothing is published):"
            )
            for host, paths in mixes.items():  # the first visitor of each page
                for path in paths:
                    self.fetch(base, host, path)
            editor = self.start(
                [
                    *manage,
                    "load",
                    "--editor",
                    f"--interval={options['interval']}",
                    f"--duration={options['duration']}",
                    f"--sites={busy},{other}",
                ],
                env,
                workdir / "editor.log",
            )
            processes.append(editor)
            readers = {
                host: self.wrk_start(
                    base, host, mixes[host], clients, options["duration"], workdir, host
                )
                for host, clients in (
                    (busy, options["clients"] // 2),
                    (quiet, options["clients"] - options["clients"] // 2),
                )
            }
            results = {host: self.wrk_finish(process) for host, process in readers.items()}
            editor.wait(timeout=60)
            total = {"requests": 0, "seconds": 0.0}
            for host, result in results.items():
                self.report(host, result, ceiling, hit_ratio=True)
                total["requests"] += result["requests"]
                total["seconds"] = max(total["seconds"], result["seconds"])
            errors = sum(r["socket_errors"] + r["http_errors"] for r in results.values())
            p99 = max(r["p99_ms"] for r in results.values())
            self.stdout.write(
                f"{'all':<24} {total['requests'] / total['seconds']:>9.0f} req/s, "
                f"worst p99 {p99:.0f} ms, {errors} errors · load average {load_average()}"
            )
            log = (workdir / "editor.log").read_text().strip().splitlines()
            self.stdout.write(log[-1] if log else "editor: no output")
            failed = [
                line
                for line in (workdir / "worker.log").read_text().splitlines()
                if "Traceback" in line or "failed" in line.lower()
            ]
            self.stdout.write(f"task worker: {len(failed)} failures")
            server_errors = [
                line
                for line in (workdir / "gunicorn.log").read_text().splitlines()
                if "Error" in line or "Traceback" in line or "WORKER TIMEOUT" in line
            ]
            self.stdout.write(f"gunicorn: {len(server_errors)} errors in its log")
            for line in server_errors[:5]:
                self.stdout.write(f"  {line}")
        finally:
            for process in reversed(processes):
                stop(process)
            shutil.rmtree(workdir, ignore_errors=True)

    def environment(self, options) -> dict:
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            url = f"sqlite:///{database['NAME']}"
        else:
            url = os.environ.get("DATABASE_URL", "")
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "xmille.settings.production",
            "DATABASE_URL": url,
            "SECRET_KEY": "load-test-only-insecure-key",
            "ALLOWED_HOSTS": "*",
            "SECURE_SSL_REDIRECT": "0",
            "REDIS_URL": options["redis"],
            "STATIC_ROOT": str(Path(settings.BASE_DIR) / "build" / "load-static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }

    def sites(self) -> tuple[str, str, str]:
        from wagtail.models import Site

        hosts = list(
            Site.objects.order_by("-is_default_site", "hostname").values_list("hostname", flat=True)
        )
        if len(hosts) < 3:
            raise CommandError(
                "The bench network has fewer than three sites: run `make bench` first."
            )
        return hosts[0], hosts[1], hosts[2]

    def mix(self, hostname: str) -> list[str]:
        """Public paths of a site, as people open them: lists more than single pages."""
        from wagtail.models import Site

        from events.models import (
            AgendaPage,
            EventCategory,
            EventPage,
            OrganizerPage,
            RegionPage,
            VenuePage,
        )

        site = Site.objects.get(hostname=hostname)
        root = site.root_page

        def rel(page):
            return page.get_url_parts()[2]

        paths = ["/", "/sitemap.xml"]
        agenda = AgendaPage.objects.live().child_of(root).first()
        if agenda:
            url = rel(agenda)
            paths += [url] * 4 + [f"{url}?when=weekend", f"{url}ce-week-end/", f"{url}feed.ics"]
            for category in EventCategory.objects.filter(locale=root.locale).order_by("pk")[:4]:
                paths.append(f"{url}?category={category.slug}")
        paths += [
            rel(p) for p in RegionPage.objects.live().descendant_of(root).order_by("path")[:4]
        ]
        paths += [rel(p) for p in VenuePage.objects.live().descendant_of(root).order_by("?")[:8]]
        paths += [
            rel(p) for p in OrganizerPage.objects.live().descendant_of(root).order_by("?")[:6]
        ]
        paths += [rel(p) for p in EventPage.objects.live().descendant_of(root).order_by("?")[:24]]
        return paths

    def static_url(self, env) -> str:
        manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
        return settings.STATIC_URL + manifest["paths"][STATIC_FILE]

    def gunicorn(self, port: int, *, workers: int, worker_class: str, threads: int = 1) -> list:
        return [
            str(Path(sys.executable).parent / "gunicorn"),
            "xmille.wsgi",
            f"--workers={workers}",
            f"--worker-class={worker_class}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            "--log-level=warning",
        ]

    def start(self, command, env, log: Path) -> subprocess.Popen:
        return subprocess.Popen(
            command,
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def fetch(self, base: str, host: str, path: str) -> int:
        request = urllib.request.Request(base + path, headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def wait_for(self, base: str, host: str) -> None:
        for _ in range(120):
            try:
                self.fetch(base, host, "/robots.txt")
                return
            except OSError:
                time.sleep(0.5)
        raise CommandError("gunicorn did not answer within a minute.")

    def wrk_start(self, base, host, paths, clients, seconds, workdir: Path, name, fresh=False):
        listing = workdir / f"{name}.paths"
        listing.write_text("\n".join(paths) + "\n")
        threads = max(1, min(2, clients))
        return subprocess.Popen(
            [
                "wrk",
                f"-t{threads}",
                f"-c{clients}",
                f"-d{seconds}s",
                "--timeout=10s",
                "-s",
                str(LUA),
                base,
                "--",
                str(listing),
                host,
                *(["fresh"] if fresh else []),
            ],
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def wrk_finish(self, process) -> dict:
        output, _ = process.communicate()
        for line in output.splitlines():
            if line.startswith("{"):
                return json.loads(line)
        raise CommandError(f"wrk printed no result:\n{output}")

    def wrk(self, base, host, paths, clients, seconds, workdir, name, fresh=False) -> dict:
        return self.wrk_finish(
            self.wrk_start(base, host, paths, clients, seconds, workdir, name, fresh)
        )

    def report(self, label: str, result: dict, ceiling: dict, hit_ratio: bool = False) -> None:
        rate = result["requests"] / result["seconds"]
        share = rate / (ceiling["requests"] / ceiling["seconds"]) * 100
        line = (
            f"{label:<24} {rate:>9.0f} req/s ({share:5.1f} % of the ceiling), "
            f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
            f"errors {result['socket_errors'] + result['http_errors']}"
        )
        if result["socket_errors"] or result["http_errors"]:
            line += f" ({result['socket_errors']} timeouts or socket, {result['http_errors']} HTTP >= 400)"
        if hit_ratio:
            kept = result["hits"] + result["stale"]
            answered = kept + result["misses"]
            ratio = kept / answered * 100 if answered else 0
            line += (
                f", cache hits {ratio:.1f} % ({result['stale']} of them stale while rebuilt, "
                f"{result['misses']} built for the request)"
            )
        self.stdout.write(line)


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def connection_label() -> str:
    from django.db import connection

    return f"{connection.vendor}, {os.cpu_count()} cores"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())
