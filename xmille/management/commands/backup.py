"""`manage.py backup <path>`: the database, the uploaded media and a manifest in one .tar.gz.

The database is written with Django's `dumpdata` (every model, content types and permissions
included, primary keys kept: an exact copy), not with `pg_dump` or SQLite's `.backup`: one format
for both databases (a SQLite backup restores into PostgreSQL), no client binary to match with
the server, and the same ORM the app trusts. All tables are read in one transaction
(REPEATABLE READ on PostgreSQL) so the dump is consistent; media are copied after it. The
reasons and the archive's layout are in `xmille/backup.py`. `manage.py restore` reads it back.
"""

from django.core.management.base import BaseCommand, CommandError

from xmille.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (dumpdata), les médias et un manifeste dans une "
        "archive .tar.gz ; « manage.py restore » la relit."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier à écrire, par exemple xmille-2026-03-01.tar.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        if not path.endswith((".tar.gz", ".tgz")):
            raise CommandError(f"Donnez un nom de fichier en .tar.gz (reçu : « {path} »).")
        try:
            report = backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = report.manifest["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {report.path} — {sum(counts.values())} lignes "
                f"({len(counts)} modèles), {report.media_files} fichiers médias."
            )
        )
