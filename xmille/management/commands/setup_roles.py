"""Create or repair the role groups, their permissions and the editorial workflows."""

from django.core.management.base import BaseCommand

from xmille.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or repair groups (network admins, editors-in-chief, writers, moderators, "
        "organizers), their permissions and the Agenda and Magazine workflows. Idempotent."
    )

    def handle(self, *args, **options):
        report = setup_roles()
        for line in report.created:
            self.stdout.write(f"+ {line}")
        for line in report.changed:
            self.stdout.write(f"~ {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Roles ready: {len(report.created)} created, {len(report.changed)} repaired."
            )
        )
