from django.apps import AppConfig


class XmilleConfig(AppConfig):
    """Site-wide pieces: per-site branding, the network bar, demo data, roles."""

    name = "xmille"
    verbose_name = "Xmille"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            content_cache,
            network,  # noqa: F401  (connects the cache-clearing signals)
            tree_paths,
        )

        content_cache.connect()
        tree_paths.register()
