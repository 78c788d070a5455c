"""`manage.py compilemessages` without GNU gettext: Django's command of the same name calls
msgfmt; this one (apps' commands take precedence over Django's) writes the .mo files of
LOCALE_PATHS with polib. See xmille/catalogues.py."""

from django.core.management.base import BaseCommand, CommandError

from xmille.catalogues import catalogue_problems, compile_catalogues, po_files


class Command(BaseCommand):
    help = (
        "Compile the interface catalogues (locale/<language>/LC_MESSAGES/django.po) to .mo "
        "files in pure Python; only those whose .po changed, unless --force."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale", "-l", action="append", default=[], help="Only this language (repeatable)."
        )
        parser.add_argument(
            "--exclude", "-x", action="append", default=[], help="Not this language (repeatable)."
        )
        parser.add_argument(
            "--force", "-f", action="store_true", help="Compile even the up-to-date catalogues."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail on an empty or fuzzy translation or a placeholder the translation lost.",
        )

    def handle(self, *args, locale, exclude, force, check, verbosity, **options):
        catalogues = po_files(locale or None, exclude or None)
        if not catalogues:
            raise CommandError("No catalogue found under LOCALE_PATHS.")
        if check:
            problems = [problem for po in catalogues for problem in catalogue_problems(po)]
            if problems:
                raise CommandError("\n".join(["Catalogues to fix:", *problems]))
        written = compile_catalogues(locale or None, exclude or None, force=force)
        if verbosity >= 1:
            for mo in written:
                self.stdout.write(f"compiled {mo}")
            if not written:
                self.stdout.write("Catalogues up to date.")
