from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Each site's home page and its plain editorial pages (charte, about, contact)."""

    name = "home"
    verbose_name = "Accueil"
