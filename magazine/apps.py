from django.apps import AppConfig


class MagazineConfig(AppConfig):
    """The magazine: interviews, chronicles, reports, weekly favourites."""

    name = "magazine"
    verbose_name = "Magazine"

    def ready(self):
        from xmille.doors.contributors import contributor_approved

        from . import picks
        from .models.authors import author_for_contributor

        contributor_approved.connect(
            author_for_contributor, dispatch_uid="magazine_author_for_contributor"
        )
        picks.connect()
