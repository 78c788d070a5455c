"""Send each moderator the weekly digest of what waits for them (xmille.moderation.digest).
Meant for a scheduler, e.g. every Monday at 8:00:
`0 8 * * 1 cd /srv/xmille && .venv/bin/python manage.py send_moderation_digest`."""

from django.core.management.base import BaseCommand

from xmille.moderation.digest import OLD_AFTER_DAYS, send_digests


class Command(BaseCommand):
    help = "E-mail each moderator what waits in their regions and what is old."

    def add_arguments(self, parser):
        parser.add_argument(
            "--old-after",
            type=int,
            default=OLD_AFTER_DAYS,
            help=f"Days after which an item is called old (default {OLD_AFTER_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would get what; send nothing."
        )

    def handle(self, *args, old_after, dry_run, **options):
        digests = send_digests(old_after=old_after, dry_run=dry_run)
        for digest in digests:
            self.stdout.write(
                f"{digest.user.get_username()}: {len(digest.items)} waiting, {len(digest.old)} old"
            )
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{len(digests)} digest(s) {verb}."))
