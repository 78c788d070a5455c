from django.apps import AppConfig
from django.db.backends.signals import connection_created


class XmilleConfig(AppConfig):
    """Site-wide pieces: per-site branding, the network bar, demo data, roles."""

    name = "xmille"
    verbose_name = "Xmille"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            content_cache,
            folding,
            network,  # noqa: F401  (connects the cache-clearing signals)
            page_purge,
            pg_datetimes,
            tombstones,
            tree_paths,
        )

        connection_created.connect(
            folding.register_sqlite_function, dispatch_uid="xmille-sqlite-fold"
        )
        connection_created.connect(
            pg_datetimes.use_fast_datetimes, dispatch_uid="xmille-pg-datetimes"
        )
        content_cache.connect()
        page_purge.connect()
        tombstones.connect()

        from .doors.queue import register_queue_sources

        register_queue_sources()
        tree_paths.register()
