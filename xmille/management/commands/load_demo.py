"""Build the demo network. Idempotent: run it as often as you like, nothing is created twice."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from xmille.demo.sites import DemoNetwork

# Each app contributes its part of the demo, in this order.
DEMO_BUILDERS = [
    "xmille.demo.sites.build",
    "events.demo.build",
    "magazine.demo.build",
    "home.demo.build",
    "xmille.demo.locales.build",
    "xmille.demo.translations.build",
    "xmille.demo.roles.build",
]


class Command(BaseCommand):
    help = "Load the Xmille demo network (sites, pages, users). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--domain",
            default="localhost",
            help="Sites answer on <name>.<domain> (default: localhost).",
        )
        parser.add_argument("--port", type=int, default=8000, help="Port of the sites' URLs.")

    def handle(self, *args, domain, port, **options):
        network = DemoNetwork(domain=domain, port=port)
        with transaction.atomic():
            for dotted in DEMO_BUILDERS:
                import_string(dotted)(network)
        for line in network.log:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo network ready."))
