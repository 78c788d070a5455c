from django.apps import AppConfig


class MagazineConfig(AppConfig):
    """The magazine: interviews, chronicles, reports, weekly favourites."""

    name = "magazine"
    verbose_name = "Magazine"
