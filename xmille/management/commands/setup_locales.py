"""Create the locale structure of every site (nl, de, en), then repair the roles on it."""

from django.core.management.base import BaseCommand

from xmille.locales import ensure_locale_structure
from xmille.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create, in every content language, each site's home and its sections (agenda, "
        "magazine, regions, standard pages: published) and its organizer pages (drafts), then "
        "put the groups' permissions and the workflows on them. Idempotent."
    )

    def handle(self, *args, **options):
        report = ensure_locale_structure()
        for line in report.created:
            self.stdout.write(f"+ {line}")
        for line in report.published:
            self.stdout.write(f"^ {line}")
        roles = setup_roles()
        self.stdout.write(
            self.style.SUCCESS(
                f"Locale structure ready: {len(report.created)} pages created, "
                f"{len(report.published)} published; roles: {roles.changes} changes."
            )
        )
