"""`manage.py restore <path>`: bring back an archive written by `manage.py backup`.

Meant for a fresh install: create the database, `manage.py migrate`, then restore. It checks
the manifest (format, migrations identical to this install's), refuses a database that
already holds content unless `--force`, then replaces everything in one transaction and checks
the row counts against the manifest, writes the media back and rebuilds the search index.
"""

from django.core.management.base import BaseCommand, CommandError

from xmille.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une archive de « manage.py backup » dans une installation neuve et migrée "
        "(--force pour remplacer une base qui contient déjà des données)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="L'archive .tar.gz écrite par « manage.py backup »")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplacer tout le contenu d'une base qui n'est pas vide.",
        )
        parser.add_argument(
            "--no-search-index",
            action="store_false",
            dest="search_index",
            help="Ne pas reconstruire l'index de recherche (à faire ensuite : update_index).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, force, search_index, database, **options):
        try:
            report = restore(path, force=force, using=database, rebuild_search_index=search_index)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauré : sauvegarde du {manifest['created_at']} "
                f"(Xmille {manifest['versions']['xmille']}, {manifest['database']['vendor']}), "
                f"{sum(report.counts.values())} lignes, {report.media_files} fichiers médias."
            )
        )
