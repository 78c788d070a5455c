from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Each site's home page and its plain editorial pages (charte, about, contact)."""

    name = "home"
    verbose_name = _("Accueil")
