"""This week's picks are kept with their site's structure (`{% fragment_key "structure" %}` on
the home and the agenda), not with its content: an event's publication renews them only
where the event is picked. The favourites' own publication renews the structure too
(`WeeklyFavouritesPage.changes_site_structure`)."""

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished


def on_event_changed(sender, instance, **kwargs) -> None:
    """A picked event published, changed or taken down: the structure of the sites whose
    favourites pick it (their picks show its title, image, venue and dates)."""
    from events.models import EventPage
    from xmille.content_cache import site_changed
    from xmille.page_purge import sites_of

    from .models import FavouritePick

    if not isinstance(instance, EventPage):
        return
    favourites = Page.objects.filter(
        pk__in=FavouritePick.objects.filter(event_id=instance.pk).values("page_id")
    ).only("url_path")
    site_ids = {site_id for page in favourites for site_id in sites_of(page)}
    if site_ids:
        site_changed(*site_ids)


def connect() -> None:
    page_published.connect(on_event_changed, dispatch_uid="magazine-picked-event-published")
    page_unpublished.connect(on_event_changed, dispatch_uid="magazine-picked-event-unpublished")
