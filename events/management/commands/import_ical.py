"""`manage.py import_ical`: read every organizer's iCal feed (the address on its published
page) into draft events sent through moderation (events.ical_import). For a scheduler, e.g.
hourly: `python manage.py import_ical`. `--organizer <id>` for one."""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.ical_import import import_organizer
from events.models import ICalImportRun, OrganizerPage


class Command(BaseCommand):
    help = "Import the organizers' iCal feeds as draft events (through the Agenda workflow)."

    def add_arguments(self, parser):
        parser.add_argument("--organizer", type=int, action="append", help="An organizer's id.")

    def handle(self, *args, organizer=None, **options):
        # French originals only: a translated organizer page carries the same address, and
        # the import goes to the original (events.ical_import.sync).
        organizers = (
            OrganizerPage.objects.live()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .exclude(ical_url="")
            .order_by("pk")
        )
        if organizer:
            organizers = organizers.filter(pk__in=organizer)
        failed = 0
        for page in organizers:
            run = import_organizer(page)
            failed += run.status == ICalImportRun.Status.FAILED
            first_line = run.message.splitlines()[0] if run.message else ""
            self.stdout.write(f"{page.pk} {page.title}: {run.status} — {first_line}")
        self.stdout.write(f"{organizers.count()} organizers, {failed} failed.")
