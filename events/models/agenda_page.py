"""The agenda page of a site: the list of what's on, with its filters and feeds."""

from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from xmille.edit_conflicts import GuardedPageForm
from xmille.visibility import KnownRestrictionsMixin


class AgendaPage(KnownRestrictionsMixin, RoutablePageMixin, Page):
    """One per site, under its home page: the agenda, "this weekend", filters, iCal feed."""

    base_form_class = GuardedPageForm

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "events/agenda_page.html"

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def get_context(self, request, *args, defaults=None, map_view=False, **kwargs):
        from ..agenda import agenda_context
        from ..agenda.tabs import params_without, url_with
        from ..map import map_context

        context = super().get_context(request, *args, **kwargs)
        list_url = self.get_url(request)
        map_url = list_url + self.reverse_subpage("map")
        context.update(
            agenda_context(
                request,
                self.get_parent(),
                base_url=map_url if map_view else list_url,
                defaults=defaults,
                feed_url=self.feed_url(request),
                csv_url=list_url + self.reverse_subpage("csv"),
            )
        )
        # The partners' page (widget snippet, CSV, API) for the selection on screen.
        context["partners_url"] = url_with(self.partners_url(request), params_without(request))
        context.update(
            map_context(
                request,
                list_url=list_url,
                map_url=map_url,
                geojson_url=list_url + self.reverse_subpage("geojson"),
                map_view=map_view,
                defaults=defaults,
            )
        )
        return context

    @classmethod
    def of_site(cls, page: Page) -> list["AgendaPage"]:
        """The agendas of the site whose home is `page`'s (or `page` itself), in every
        language: a language without a translation lists the French events
        (`xmille.page_purge` purges them all when one of its events changes)."""
        home = (
            Page.objects.filter(path=page.path[: Page.steplen * 2]).only("translation_key").first()
        )
        if home is None:
            return []
        homes = Page.objects.filter(translation_key=home.translation_key).values_list(
            "path", flat=True
        )
        under = Q()
        for home_path in homes:
            under |= Q(path__startswith=home_path)
        return list(cls.objects.filter(under, depth=3)) if under else []

    def feed_url(self, request=None) -> str | None:
        """The iCal feed's address (without filters), when the feed route exists: `feed.ics`,
        without the route's trailing slash (`xmille.urls` serves both; calendar apps and
        people expect a file name)."""
        try:
            return (self.get_url(request) + self.reverse_subpage("feed_ics")).rstrip("/")
        except NoReverseMatch:
            return None

    def partners_url(self, request=None) -> str:
        """The "Partenaires / données ouvertes" page (events.widget)."""
        return self.get_url(request) + self.reverse_subpage("partners")

    @path("")
    def index(self, request):
        """The agenda, filtered by the URL's parameters."""
        return self.render(request)

    @path("ce-week-end/")
    def weekend(self, request):
        """A friendly address for "what's on this weekend"; other filters still apply."""
        return self.render(request, defaults={"when": "weekend"})

    @path("carte/")
    def map(self, request):
        """The agenda on a map, with the same filters and periods (the list stays below it:
        without JavaScript, or without tiles, it is the map's text alternative)."""
        return self.render(request, map_view=True)

    @path("carte/geojson/")
    def geojson(self, request):
        """The selection as GeoJSON (RFC 7946), same filters: carte/geojson/?when=weekend."""
        from ..map import agenda_geojson_response

        return agenda_geojson_response(self.get_parent(), request)

    @path("feed.ics/")
    def feed_ics(self, request):
        """The agenda as an iCal feed, with the list's filters: feed.ics?category=concert."""
        from ..feeds import agenda_feed

        return agenda_feed(self, request)

    @path("csv/")
    def csv(self, request):
        """The selection as CSV (events.exports), same filters: csv/?when=weekend."""
        from ..exports import agenda_csv

        return agenda_csv(self, request)

    @path("widget/")
    def widget(self, request):
        """The embeddable agenda (events.widget): the only page other sites may frame."""
        from ..widget import widget_view

        return widget_view(self, request)

    @path("partenaires/")
    def partners(self, request):
        """For partners: the widget's snippet, the CSV, iCal and the API (events.widget)."""
        from ..widget import partners_view

        return partners_view(self, request)
