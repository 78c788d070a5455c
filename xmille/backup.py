"""Backup and restore of a whole Xmille install: the database, the uploaded media, a manifest.

The archive is a .tar.gz holding:

- `manifest.json`: format, time, versions (Python, Django, Wagtail, Xmille), database vendor,
  the migrations applied per app, and the number of rows per model;
- `database.json`: Django's `dumpdata` of every model, primary keys kept;
- `media/...`: every file of the default storage (images, renditions, documents).

Why `dumpdata` and not `pg_dump`/`.backup`: one format for SQLite and PostgreSQL, so a backup
made on a laptop restores into production and back; it needs no client binary matching the
server's version; and it goes through the storage and ORM layers the app already trusts.
The cost: the dump is held by the ORM and is slower than native tools on large databases;
`pg_dump` stays the right tool for point-in-time recovery of a big production database.

Why no natural keys: Wagtail gives pages (`url_path`), collections and sites natural keys, so
`--natural-foreign` would turn every reference to a page into a path lookup, and it fails on
Wagtail's audit log, whose entries keep pointing at deleted pages (`db_constraint=False`). The
dump keeps primary keys instead, content types and permissions included, and restore empties
every table without recreating them (`flush` without post-migrate), so the ids the dump refers
to are exactly the ones loaded: an exact copy, whatever ids the new install had given them.
Left out: sessions and Wagtail's editing sessions (who is connected now), and the search index
(its SQLite and PostgreSQL forms differ), rebuilt after a restore.

Consistency: the dump reads every table in one transaction (REPEATABLE READ, READ ONLY on
PostgreSQL; a SQLite read transaction holds its snapshot), and media are copied after it, so
every file the dump refers to is in the archive.

Restore refuses a database that holds content unless forced, and an archive whose migrations
differ from this install's (restore with the Xmille version that made it, then migrate). It
empties the database (`flush`), loads the dump, checks the row counts against the manifest,
all in one transaction, then writes the media and rebuilds the search index.
"""

from __future__ import annotations

import io
import json
import platform
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "xmille-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media"

# Meaningful only while people are connected, or rebuilt after a restore (the search index,
# whose PostgreSQL and SQLite forms differ).
EXCLUDED = (
    "sessions",
    "wagtailadmin.editingsession",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",  # exists on SQLite only
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in French."""


def _excluded(model) -> bool:
    return model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED


def _existing(labels) -> list[str]:
    """The labels naming an installed app or model (dumpdata refuses unknown ones)."""
    known = {config.label for config in apps.get_app_configs()}
    known |= {model._meta.label_lower for model in apps.get_models()}
    return [label for label in labels if label in known]


def dumped_models(using: str = DEFAULT_DB_ALIAS) -> list:
    """The models `dumpdata` writes with our exclusions: concrete, migrated, not excluded."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and router.allow_migrate_model(using, model)
        and not _excluded(model)
    ]


def model_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in dumped_models(using)
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "inconnue"


def _media_files(storage, directory: str = "") -> list[str]:
    """Every file of the storage, walked through its API (file system, memory or S3 alike)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [str(PurePosixPath(directory, name)) for name in files]
    for sub in directories:
        names += _media_files(storage, str(PurePosixPath(directory, sub)))
    return sorted(names)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _snapshot(using: str):
    """One read transaction over every table (see the module docstring)."""
    atomic = transaction.atomic(using=using)
    connection = connections[using]
    outermost = not connection.in_atomic_block
    atomic.__enter__()
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    return atomic


@dataclass
class BackupReport:
    path: Path
    manifest: dict
    media_files: int = 0


def backup(path: str | Path, using: str = DEFAULT_DB_ALIAS, storage=None) -> BackupReport:
    """Write the archive at `path` (a .tar.gz); returns what it holds."""
    storage = storage or default_storage
    path = Path(path)
    with tempfile.TemporaryDirectory() as workdir:
        dump = Path(workdir) / DATABASE
        atomic = _snapshot(using)
        try:
            call_command(
                "dumpdata",
                *[f"--exclude={label}" for label in _existing(EXCLUDED)],
                use_base_manager=True,
                database=using,
                output=str(dump),
                verbosity=0,
            )
            counts = model_counts(using)
            migrations = applied_migrations(using)
        finally:
            atomic.__exit__(None, None, None)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "versions": {
                "python": platform.python_version(),
                "django": _version("django"),
                "wagtail": _version("wagtail"),
                "xmille": _version("xmille"),
            },
            "database": {"vendor": connections[using].vendor},
            "migrations": migrations,
            "counts": counts,
            "media": [],
        }
        with tarfile.open(path, "w:gz") as archive:
            archive.add(dump, arcname=DATABASE)
            for name in _media_files(storage):
                with storage.open(name, "rb") as handle:
                    _add_bytes(archive, f"{MEDIA}/{name}", handle.read())
                manifest["media"].append(name)
            _add_bytes(
                archive,
                MANIFEST,
                json.dumps(manifest, indent=2, ensure_ascii=False).encode(),
            )
    return BackupReport(path=path, manifest=manifest, media_files=len(manifest["media"]))


def read_manifest(path: str | Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(
            _("« %(path)s » n'est pas une sauvegarde Xmille lisible (%(error)s).")
            % {"path": path, "error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("« %(path)s » est au format « %(found)s » ; cette version lit « %(expected)s ».")
            % {"path": path, "found": manifest.get("format"), "expected": FORMAT}
        )
    return manifest


def _migration_differences(archived: dict, current: dict) -> list[str]:
    lines = []
    for app in sorted(set(archived) | set(current)):
        missing_here = sorted(set(archived.get(app, [])) - set(current.get(app, [])))
        missing_there = sorted(set(current.get(app, [])) - set(archived.get(app, [])))
        if missing_here:
            lines.append(
                _("%(app)s : la sauvegarde a %(names)s, pas cette installation")
                % {"app": app, "names": ", ".join(missing_here)}
            )
        if missing_there:
            lines.append(
                _("%(app)s : cette installation a %(names)s, pas la sauvegarde")
                % {"app": app, "names": ", ".join(missing_there)}
            )
    return lines


def content_in_database(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What a fresh, migrated install does not have: users, pages beyond Wagtail's root and
    welcome page, images. Empty when the database may be restored into without --force."""
    from wagtail.images import get_image_model
    from wagtail.models import Page

    found = []
    users = get_user_model()._base_manager.using(using).count()
    if users:
        found.append(_("%(count)s utilisateur·ices") % {"count": users})
    pages = Page._base_manager.using(using).count()
    if pages > 2:
        found.append(_("%(count)s pages") % {"count": pages})
    images = get_image_model()._base_manager.using(using).count()
    if images:
        found.append(_("%(count)s images") % {"count": images})
    return found


@dataclass
class RestoreReport:
    manifest: dict
    media_files: int = 0
    counts: dict = field(default_factory=dict)


def restore(
    path: str | Path,
    *,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    storage=None,
    rebuild_search_index: bool = True,
) -> RestoreReport:
    """Bring the archive back; raises BackupError, changing nothing, when it must refuse."""
    storage = storage or default_storage
    manifest = read_manifest(path)
    differences = _migration_differences(manifest["migrations"], applied_migrations(using))
    if differences:
        raise BackupError(
            _(
                "Les migrations de la sauvegarde et de cette installation diffèrent : %(lines)s. "
                "Restaurez avec la version d'Xmille qui a fait la sauvegarde "
                "(%(version)s), puis lancez « manage.py migrate »."
            )
            % {"lines": " ; ".join(differences), "version": manifest["versions"]["xmille"]}
        )
    found = content_in_database(using)
    if found and not force:
        raise BackupError(
            _(
                "La base de données n'est pas vide (%(found)s) : la restauration la "
                "remplacerait entièrement. Restaurez dans une installation neuve "
                "(« manage.py migrate » sur une base vide), ou ajoutez --force pour tout "
                "remplacer."
            )
            % {"found": ", ".join(found)}
        )

    with tempfile.TemporaryDirectory() as workdir, tarfile.open(path, "r:gz") as archive:
        dump = Path(workdir) / DATABASE
        source = archive.extractfile(DATABASE)
        if source is None:
            raise BackupError(_("La sauvegarde ne contient pas de base de données."))
        dump.write_bytes(source.read())
        with transaction.atomic(using=using):
            # Fire the checks still pending in an enclosing transaction: PostgreSQL refuses to
            # TRUNCATE a table with pending trigger events.
            connections[using].check_constraints()
            # Content types and permissions come from the dump, with their ids.
            call_command(
                "flush",
                interactive=False,
                inhibit_post_migrate=True,
                database=using,
                verbosity=0,
            )
            ContentType.objects.clear_cache()
            call_command("loaddata", str(dump), database=using, verbosity=0)
            ContentType.objects.clear_cache()
            counts = model_counts(using)
            wrong = {
                label: (expected, counts.get(label))
                for label, expected in manifest["counts"].items()
                if counts.get(label) != expected
            }
            if wrong:
                raise BackupError(
                    _("Restauration annulée, les nombres ne correspondent pas : %(wrong)s")
                    % {
                        "wrong": ", ".join(
                            f"{label} {found}/{expected}"
                            for label, (expected, found) in sorted(wrong.items())
                        )
                    }
                )
        media = 0
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith(f"{MEDIA}/"):
                continue
            name = member.name.removeprefix(f"{MEDIA}/")
            content = archive.extractfile(member).read()
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(
                    _("Le fichier « %(name)s » a été enregistré sous « %(saved)s ».")
                    % {"name": name, "saved": saved}
                )
            media += 1

    from django.core.cache import cache

    cache.clear()  # cached public pages describe the content that was just replaced
    if rebuild_search_index:
        call_command("update_index", verbosity=0)
    return RestoreReport(manifest=manifest, media_files=media, counts=counts)
