"""The magazine of a site: featured piece, latest pieces, filters, author pages, feeds."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from xmille.edit_conflicts import GuardedPageForm
from xmille.visibility import KnownRestrictionsMixin, visible

from .authors import Author
from .pieces import MagazinePiece, listing

PIECES_PER_PAGE = 12


def paginate(request, queryset, per_page=PIECES_PER_PAGE):
    """The requested page of results; a bad or too-large page number gives the last page."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class MagazineIndexPage(KnownRestrictionsMixin, RoutablePageMixin, Page):
    """One per site, under its home page. Works without JavaScript: filters are links and a
    GET form, pages are links."""

    base_form_class = GuardedPageForm

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    featured_piece = models.ForeignKey(
        MagazinePiece,
        verbose_name=_("article à la une"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vide : le plus récent."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        PageChooserPanel(
            "featured_piece",
            [
                "magazine.InterviewPage",
                "magazine.ChroniclePage",
                "magazine.ReportPage",
                "magazine.WeeklyFavouritesPage",
            ],
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "magazine.InterviewPage",
        "magazine.ChroniclePage",
        "magazine.ReportPage",
        "magazine.WeeklyFavouritesPage",
    ]
    max_count_per_parent = 1
    template = "magazine/magazine_index_page.html"
    author_template = "magazine/author_page.html"

    class Meta:
        verbose_name = _("magazine")
        verbose_name_plural = _("magazines")

    def pieces(self):
        return visible(MagazinePiece.objects.child_of(self))

    def filter_form(self, request):
        from ..forms import MagazineFilterForm

        return MagazineFilterForm(request.GET or None, magazine=self)

    def get_featured(self):
        """The chosen featured piece if it is published here, else the latest one."""
        queryset = listing(self.pieces())
        if self.featured_piece_id:
            chosen = queryset.filter(pk=self.featured_piece_id).first()
            if chosen:
                return chosen
        return queryset.first()

    @path("")
    def index(self, request):
        form = self.filter_form(request)
        queryset = self.pieces()
        featured = None
        if form.is_bound and not form.is_valid():
            queryset = queryset.none()
        elif form.is_bound and form.active:
            queryset = form.filter(queryset)
        else:
            # The featured piece leads page 1 and is left out of every page of the list.
            featured = self.get_featured()
            if featured is not None:
                queryset = queryset.exclude(pk=featured.pk)
        page_obj = paginate(request, listing(queryset))
        if page_obj.number != 1:
            featured = None
        return self.render(
            request,
            context_overrides={
                "form": form,
                "featured": featured,
                "page_obj": page_obj,
                "pieces": page_obj.object_list,
                "feeds": self.feed_links(request, form),
            },
        )

    def feed_links(self, request, form) -> dict[str, str]:
        """RSS and Atom addresses for what the visitor is looking at (filters kept)."""
        query = ""
        if form.is_bound and form.is_valid():
            params = {k: v for k, v in form.cleaned_data.items() if v}
            if params:
                query = "?" + urlencode(params)
        base = self.get_url(request)
        return {"rss": f"{base}rss/{query}", "atom": f"{base}atom/{query}"}

    @path("rss/", name="rss")
    def rss(self, request):
        from ..feeds import MagazineRssFeed

        return MagazineRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom(self, request):
        from ..feeds import MagazineAtomFeed

        return MagazineAtomFeed(self)(request)

    @path("auteurs/<slug:slug>/", name="author")
    def author(self, request, slug):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
        page_obj = paginate(request, listing(self.pieces().filter(authors=author)))
        return TemplateResponse(
            request,
            self.author_template,
            {
                **self.get_context(request),
                "author": author,
                "page_obj": page_obj,
                "pieces": page_obj.object_list,
            },
        )

    def author_url(self, author: Author, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("author", args=[author.slug])
