"""Magazine pieces: interviews, chronicles, reports and weekly favourites.

They share one concrete base, `MagazinePiece`, so that the index, the feeds, the author pages
and the "in the magazine" cross-links query every type in one go.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.models import EventCategory, EventPage
from home.guides import GuidePanel, TutorialPage
from xmille.edit_conflicts import GuardedPageForm
from xmille.editorial import EditorialLinePanel
from xmille.permissions import LeafAwarePermissionsMixin
from xmille.visibility import KnownRestrictionsMixin, is_public, visible

from ..blocks import ArticleStreamBlock, InterviewStreamBlock
from .authors import Author

WORDS_PER_MINUTE = 200
# What a piece may be about: the agenda's events, venues and organizers.
MENTIONABLE = ["events.EventPage", "events.VenuePage", "events.OrganizerPage"]


class PieceTag(TaggedItemBase):
    content_object = ParentalKey(
        "magazine.MagazinePiece", on_delete=models.CASCADE, related_name="tagged_items"
    )


class MagazinePiece(KnownRestrictionsMixin, LeafAwarePermissionsMixin, Page):
    """What every piece has: a teaser, an image, authors, categories, regions, tags, and the
    events, venues and organizers it is about. Not created directly: pick a type."""

    base_form_class = GuardedPageForm

    type_slug = ""  # in the index's ?type= filter and the feeds' URLs
    # Shown in lists only: publishing it leaves its site's menus and filter lists cached
    # (xmille.content_cache.structure_version).
    changes_site_structure = False

    teaser = models.CharField(
        _("chapeau"), max_length=300, help_text=_("Deux ou trois phrases, 300 caractères au plus.")
    )
    main_image = models.ForeignKey(
        "xmille.CustomImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Avec un texte alternatif et un crédit."),
    )
    authors = ParentalManyToManyField(
        Author, verbose_name=_("auteur·ices"), related_name="pieces", blank=False
    )
    categories = ParentalManyToManyField(
        EventCategory, verbose_name=_("catégories"), blank=True, related_name="magazine_pieces"
    )
    regions = ParentalManyToManyField(
        "events.RegionPage", verbose_name=_("régions"), blank=True, related_name="magazine_pieces"
    )
    tags = ClusterTaggableManager(through=PieceTag, verbose_name=_("mots-clés"), blank=True)
    reading_minutes = models.PositiveSmallIntegerField(
        _("temps de lecture (minutes)"), default=1, editable=False
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("categories"), FieldPanel("regions"), FieldPanel("tags")],
            heading=_("Classement"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.RelatedFields("authors", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    parent_page_types = ["magazine.MagazineIndexPage"]
    subpage_types = []
    is_creatable = False

    class Meta:
        verbose_name = _("article du magazine")
        verbose_name_plural = _("articles du magazine")

    @classmethod
    def editor_panels(cls, head=(), tail=()):
        """The editor of every type: the site's editorial line first (as on events), the
        title, the type's own fields (`head`), the shared ones, then the type's text (`tail`)."""
        return [
            EditorialLinePanel(),
            GuidePanel(TutorialPage.Topic.PIECE),
            *Page.content_panels,
            *head,
            *cls.common_panels(),
            *tail,
        ]

    # Panels shared by every type: what comes after the title.
    @classmethod
    def common_panels(cls):
        return [
            FieldPanel("teaser"),
            FieldPanel("main_image"),
            FieldPanel("authors"),
            InlinePanel("credits", heading=_("Autres crédits"), label=_("crédit")),
            InlinePanel(
                "mentions",
                heading=_("Cet article parle de…"),
                label=_("événement, lieu ou organisateur"),
                help_text=_("Leurs pages montreront cet article dans « Dans le magazine »."),
            ),
        ]

    @property
    def type_label(self) -> str:
        """The piece's type as its card says it; a piece read as a base row by `card_listing`
        takes it from its specific class (and a report from the kind read with it)."""
        kind = getattr(self, "report_kind", None)
        if kind:
            return ReportPage.Kind(kind).label
        return (self.specific_class or type(self))._meta.verbose_name

    def reading_text(self) -> str:
        """The words a reader reads, for the reading time."""
        parts = [self.title, self.teaser]
        body = getattr(self, "body", None)
        if body:
            parts.extend(str(text) for text in body.stream_block.get_searchable_content(body))
        return strip_tags(" ".join(parts))

    def save(self, *args, **kwargs):
        words = len(self.reading_text().split())
        self.reading_minutes = max(1, round(words / WORDS_PER_MINUTE))
        super().save(*args, **kwargs)

    @property
    def published_at(self):
        return self.first_published_at or self.latest_revision_created_at or timezone.now()

    @cached_property
    def magazine(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def about_pages(self) -> list[Page]:
        """The events, venues and organizers the piece names, public ones only, in order."""
        pages = [m.target for m in self.mentions.all() if m.target_id]
        pages.extend(self.subject_pages())
        seen, result = set(), []
        for page in pages:
            if page.pk not in seen and is_public(page):
                seen.add(page.pk)
                result.append(page.specific)
        return result

    def subject_pages(self) -> list[Page]:
        """Pages a type links through its own fields (the interviewee's organizer, ...)."""
        return []

    def shown_on_pages(self, home=None) -> list[Page]:
        """Pages other than its ancestors that show it (`xmille.page_purge`): the events,
        venues and organizers it is about ("Dans le magazine")."""
        return [] if home is not None else self.about_pages()

    def related_pieces(self, limit: int = 3) -> list["MagazinePiece"]:
        """Other pieces of the same magazine sharing a category, a tag or a subject; the
        latest of the same type fill the gaps."""
        magazine = self.magazine
        if magazine is None:
            return []
        siblings = listing(visible(MagazinePiece.objects.child_of(magazine)).exclude(pk=self.pk))
        about = [p.pk for p in self.about_pages()]
        shared = (
            Q(categories__in=self.categories.all())
            | Q(tags__in=self.tags.all())
            | Q(mentions__target__in=about)
        )
        related = list(siblings.filter(shared).distinct()[:limit])
        if len(related) < limit:
            more = siblings.filter(content_type=self.content_type).exclude(
                pk__in=[p.pk for p in related]
            )
            related.extend(more[: limit - len(related)])
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["magazine"] = self.magazine
        context["authors"] = list(self.authors.all())
        context["about_pages"] = self.about_pages()
        context["related_pieces"] = self.related_pieces()
        return context


class PieceCredit(Orderable):
    """Photographer, videographer, illustrator... credited on a piece besides its authors."""

    class Role(models.TextChoices):
        PHOTO = "photo", _("photos")
        VIDEO = "video", _("vidéo")
        ILLUSTRATION = "illustration", _("illustrations")
        SOUND = "sound", _("son")
        EDITING = "editing", _("montage")

    page = ParentalKey(MagazinePiece, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    author = models.ForeignKey(
        Author,
        verbose_name=_("auteur·ice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credits",
        help_text=_("Si la personne a une fiche d'auteur·ice ; sinon, son nom ci-dessous."),
    )
    name = models.CharField(_("nom"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("role"), FieldPanel("author"), FieldPanel("name")])]

    def clean(self):
        if not self.author_id and not self.name.strip():
            raise ValidationError(
                {"name": _("Choisissez une fiche d'auteur·ice ou donnez un nom.")}
            )

    @property
    def display_name(self) -> str:
        return self.author.name if self.author_id else self.name


class PieceMention(Orderable):
    """An event, venue or organizer a piece is about."""

    page = ParentalKey(MagazinePiece, on_delete=models.CASCADE, related_name="mentions")
    target = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="magazine_mentions",
    )

    panels = [PageChooserPanel("target", MENTIONABLE)]


class InterviewPage(MagazinePiece):
    """An interview: who, their portrait, and the questions and answers."""

    type_slug = "interview"

    interviewee = models.CharField(_("personne interviewée"), max_length=160)
    interviewee_role = models.CharField(
        _("qui est-ce ?"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « chanteuse du groupe Les Hirondelles »."),
    )
    interviewee_page = models.ForeignKey(
        Page,
        verbose_name=_("son organisation ou son lieu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    portrait = models.ForeignKey(
        "xmille.CustomImage",
        verbose_name=_("portrait"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Son crédit (photographe) est celui de l'image."),
    )
    body = StreamField(InterviewStreamBlock(), verbose_name=_("questions et réponses"))

    content_panels = MagazinePiece.editor_panels(
        head=[
            MultiFieldPanel(
                [
                    FieldPanel("interviewee"),
                    FieldPanel("interviewee_role"),
                    PageChooserPanel(
                        "interviewee_page", ["events.OrganizerPage", "events.VenuePage"]
                    ),
                    FieldPanel("portrait"),
                ],
                heading=_("Qui ?"),
            ),
        ],
        tail=[FieldPanel("body")],
    )
    search_fields = [
        *MagazinePiece.search_fields,
        index.SearchField("interviewee"),
        index.SearchField("body"),
    ]
    template = "magazine/interview_page.html"

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def subject_pages(self):
        return [self.interviewee_page] if self.interviewee_page_id else []


class ChroniclePage(MagazinePiece):
    """A chronicle: a show, an album, a book, an exhibition... seen by a volunteer."""

    type_slug = "chronique"

    class Subject(models.TextChoices):
        SHOW = "show", _("spectacle")
        CONCERT = "concert", _("concert")
        ALBUM = "album", _("album")
        BOOK = "book", _("livre")
        EXHIBITION = "exhibition", _("exposition")
        FILM = "film", _("film")
        OTHER = "other", _("autre")

    subject_kind = models.CharField(
        _("c'est…"), max_length=20, choices=Subject.choices, default=Subject.SHOW
    )
    subject_title = models.CharField(
        _("de quoi parle la chronique"),
        max_length=200,
        blank=True,
        help_text=_("Titre de l'album, du livre... Vide : la page choisie ci-dessous."),
    )
    subject_page = models.ForeignKey(
        Page,
        verbose_name=_("événement, lieu ou organisateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("texte"))

    content_panels = MagazinePiece.editor_panels(
        head=[
            MultiFieldPanel(
                [
                    FieldPanel("subject_kind"),
                    FieldPanel("subject_title"),
                    PageChooserPanel("subject_page", MENTIONABLE),
                ],
                heading=_("Le sujet"),
            ),
        ],
        tail=[FieldPanel("body")],
    )
    search_fields = [
        *MagazinePiece.search_fields,
        index.SearchField("subject_title"),
        index.SearchField("body"),
    ]
    template = "magazine/chronicle_page.html"

    class Meta:
        verbose_name = _("chronique")
        verbose_name_plural = _("chroniques")

    def clean(self):
        super().clean()
        if not self.subject_title.strip() and not self.subject_page_id:
            raise ValidationError(
                {"subject_title": _("Dites de quoi parle la chronique, ou choisissez sa page.")}
            )

    def subject_pages(self):
        return [self.subject_page] if self.subject_page_id else []

    @property
    def subject_name(self) -> str:
        if self.subject_title:
            return self.subject_title
        return self.subject_page.title if self.subject_page_id else ""


class ReportPage(MagazinePiece):
    """A report (reportage, compte rendu): filmed, photographed or written."""

    type_slug = "reportage"

    class Kind(models.TextChoices):
        VIDEO = "video", _("reportage vidéo")
        PHOTO = "photo", _("reportage photo")
        WRITTEN = "written", _("compte rendu")

    kind = models.CharField(_("genre"), max_length=10, choices=Kind.choices, default=Kind.WRITTEN)
    body = StreamField(ArticleStreamBlock(), verbose_name=_("contenu"))

    content_panels = MagazinePiece.editor_panels(
        head=[FieldPanel("kind")], tail=[FieldPanel("body")]
    )
    search_fields = [*MagazinePiece.search_fields, index.SearchField("body")]
    template = "magazine/report_page.html"

    class Meta:
        verbose_name = _("reportage")
        verbose_name_plural = _("reportages")

    def clean(self):
        super().clean()
        block_types = {block.block_type for block in self.body or []}
        if self.kind == self.Kind.VIDEO and "video" not in block_types:
            raise ValidationError({"body": _("Un reportage vidéo contient au moins une vidéo.")})
        if self.kind == self.Kind.PHOTO and "gallery" not in block_types:
            raise ValidationError(
                {"body": _("Un reportage photo contient au moins une galerie photo.")}
            )

    @property
    def type_label(self) -> str:
        return self.get_kind_display()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeeklyFavouritesPage(MagazinePiece):
    """The week's favourites (coups de cœur): events picked by the editors, each with a blurb.
    The site's home page and the agenda show the current week's."""

    type_slug = "coups-de-coeur"
    # Its picks show on the site's home and agenda, kept with the site's structure
    # (`magazine.picks`): publishing it renews that structure, unlike other pieces.
    changes_site_structure = True

    week_start = models.DateField(
        _("semaine du"), help_text=_("Le lundi de la semaine (un autre jour est ramené au lundi).")
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = MagazinePiece.editor_panels(
        head=[FieldPanel("week_start")],
        tail=[
            FieldPanel("intro"),
            InlinePanel("picks", heading=_("Coups de cœur"), label=_("coup de cœur"), min_num=1),
        ],
    )
    search_fields = [*MagazinePiece.search_fields, index.SearchField("intro")]
    template = "magazine/weekly_favourites_page.html"

    class Meta:
        verbose_name = _("coups de cœur de la semaine")
        verbose_name_plural = _("coups de cœur de la semaine")
        indexes = [models.Index(fields=["week_start"], name="magazine_fav_week")]

    def clean(self):
        super().clean()
        if self.week_start:
            self.week_start = monday_of(self.week_start)

    def save(self, *args, **kwargs):
        if self.week_start:
            self.week_start = monday_of(self.week_start)
        super().save(*args, **kwargs)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    def reading_text(self) -> str:
        blurbs = " ".join(pick.blurb for pick in self.picks.all())
        return f"{super().reading_text()} {strip_tags(self.intro)} {blurbs}"

    def visible_picks(self) -> list["FavouritePick"]:
        """The picks whose event is still public, with the event's dates at hand. The events
        and venues are read with the columns a pick shows (`pick_fields`): a Wagtail page has
        some sixty, and the home page and the agenda show the picks on every render."""
        return [
            pick
            for pick in self.picks.select_related("event", "event__venue", "event__main_image")
            .only(*pick_fields())
            .prefetch_related("event__occurrences")
            if is_public(pick.event)
        ]

    def subject_pages(self):
        return [pick.event for pick in self.picks.all() if pick.event_id]


# What a pick shows of its event (`pick_list.html`): its title, address, state and image, and
# its venue's name. `pageurl` needs `url_path` only (Wagtail's site root paths do the rest).
PICK_EVENT_FIELDS = ("title", "url_path", "path", "live", "status", "main_image", "venue")


def pick_fields() -> tuple[str, ...]:
    from wagtail.images import get_image_model

    return (
        *(f.name for f in FavouritePick._meta.concrete_fields),
        *(f"event__{name}" for name in PICK_EVENT_FIELDS),
        "event__venue__title",
        *(f"event__main_image__{f.name}" for f in get_image_model()._meta.concrete_fields),
    )


class FavouritePick(Orderable):
    """One favourite of the week: an event of the agenda and why we like it."""

    page = ParentalKey(WeeklyFavouritesPage, on_delete=models.CASCADE, related_name="picks")
    event = models.ForeignKey(
        EventPage, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="+"
    )
    blurb = models.TextField(_("pourquoi on aime"), max_length=400)

    panels = [PageChooserPanel("event", "events.EventPage"), FieldPanel("blurb")]

    @property
    def is_cancelled(self) -> bool:
        return self.event.status == EventPage.Status.CANCELLED

    def next_occurrence(self):
        """The event's next date (or the last one, if all are past)."""
        occurrences = sorted(self.event.occurrences.all(), key=lambda o: o.start)
        now = timezone.now()
        upcoming = [o for o in occurrences if o.ends_at >= now]
        return (upcoming or occurrences[-1:] or [None])[0]


PIECE_TYPES: list[type[MagazinePiece]] = [
    InterviewPage,
    ChroniclePage,
    ReportPage,
    WeeklyFavouritesPage,
]


def listing(queryset):
    """A queryset of pieces with what a list of cards shows, in a fixed number of queries:
    specific types, authors, image renditions."""
    return (
        queryset.specific()
        .prefetch_related("authors", "main_image__renditions", for_specific_subqueries=True)
        .order_by("-first_published_at", "-pk")
    )


def card_listing(queryset):
    """Pieces as their cards show them (`magazine/includes/piece_card.html`: the home's latest,
    "Dans le magazine"): base rows with their authors and image renditions, in three queries
    whatever the types, each with its type's label (a report's kind read with it). `listing`
    builds the specific pages, a query per type and per relation (some fifteen for the
    home's three pieces)."""
    return (
        queryset.annotate(report_kind=F("reportpage__kind"))
        .prefetch_related("authors", "main_image__renditions")
        .order_by("-first_published_at", "-pk")
    )


def pieces_about(page: Page):
    """Public pieces that name `page` (an event, venue or organizer), in any of their ways.
    Compared by id: `page` may be of any page type.

    One small subquery per way, not joins through every piece type: PostgreSQL spent ten
    times longer planning the joined form (seven tables, DISTINCT) than running it, on every
    event page."""
    return visible(MagazinePiece.objects).filter(
        Q(pk__in=PieceMention.objects.filter(target_id=page.pk).values("page_id"))
        | Q(pk__in=InterviewPage.objects.filter(interviewee_page_id=page.pk).values("pk"))
        | Q(pk__in=ChroniclePage.objects.filter(subject_page_id=page.pk).values("pk"))
        | Q(pk__in=FavouritePick.objects.filter(event_id=page.pk).values("page_id"))
    )
