"""The agenda page of a site: the list of what's on, with its filters and feeds."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page


class AgendaPage(RoutablePageMixin, Page):
    """One per site, under its home page: the agenda, "this weekend", filters, iCal feed."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "events/agenda_page.html"

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
