"""Tutorials ("Tutos"): step-by-step guides for contributors and visitors.

A site's `GuideIndexPage` (one per site, a child of its home) holds `TutorialPage`s in the
order they are meant to be read: the tree order is the reading order, so previous/next need no
field of their own. Each guide says whom it is for (organizers, writers, moderators, visitors:
a guide may serve several) and, optionally, which editor it helps with (`topic`): the editor's
help panel (`GuidePanel`) links to the guides of its topic, so the event editor leads to
"your first event", the venue editor to "asking for a new venue".

Steps are a StreamField of `StepBlock`s (title, text, an optional screenshot whose alt text is
asked in place by Wagtail's `ImageBlock`, an optional video's address, `VideoBlock`): one translatable value,
reordered by dragging, which wagtail-localize translates segment by segment.

What the public sees follows `xmille.visibility` (a private guide is neither listed nor
linked from the previous/next of its neighbours); sitemap and search list guides like any page.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from xmille.edit_conflicts import GuardedPageForm
from xmille.visibility import KnownRestrictionsMixin, visible


class VideoBlock(blocks.URLBlock):
    """An optional video's address (YouTube, Vimeo, PeerTube…), shown through Wagtail's embeds.
    A URL rather than Wagtail's `EmbedBlock`: wagtail-localize cannot extract a page whose
    optional `EmbedBlock` is empty (it reads `None.url`), so such a guide could not be
    translated. A translator may replace the address (a dubbed video)."""

    def clean(self, value):
        from wagtail.embeds import embeds
        from wagtail.embeds.exceptions import EmbedException

        value = super().clean(value)
        if value:
            try:
                embeds.get_embed(value)
            except EmbedException:
                raise ValidationError(
                    _(
                        "« %(url)s » ne donne pas de vidéo : copiez l'adresse de la page de la "
                        "vidéo (YouTube, Vimeo, PeerTube…)."
                    )
                    % {"url": value}
                ) from None
        return value

    def get_translatable_segments(self, value):
        from wagtail_localize.segments import OverridableSegmentValue

        return [OverridableSegmentValue("", value)] if value else []

    def restore_translated_segments(self, value, segments):
        return segments[0].data if segments else value


class StepBlock(blocks.StructBlock):
    """One step of a guide: what to do, shown on a screenshot, or in a short video."""

    title = blocks.CharBlock(label=_("titre de l'étape"), max_length=120)
    text = blocks.RichTextBlock(
        label=_("explication"), features=["bold", "italic", "link", "ol", "ul"]
    )
    screenshot = ImageBlock(
        required=False,
        label=_("capture d'écran"),
        help_text=_("Décrivez ce que montre la capture dans son texte alternatif."),
    )
    video = VideoBlock(
        label=_("vidéo"), required=False, help_text=_("Facultatif : YouTube, Vimeo, PeerTube…")
    )

    class Meta:
        icon = "list-ol"
        template = "home/blocks/step_block.html"


class Audience(models.TextChoices):
    """Whom a guide is for: the URL parameter `?pour=` of the guides' index and navigation."""

    ORGANIZER = "organisateurs", _("organisateurs")
    WRITER = "redacteurs", _("rédacteurs")
    MODERATOR = "moderateurs", _("modérateurs")
    VISITOR = "visiteurs", _("visiteurs")


# The boolean field of TutorialPage for each audience.
AUDIENCE_FIELDS = {
    Audience.ORGANIZER: "for_organizers",
    Audience.WRITER: "for_writers",
    Audience.MODERATOR: "for_moderators",
    Audience.VISITOR: "for_visitors",
}


def audience_from(value: str | None) -> Audience | None:
    """The audience a `?pour=` value names, or None (an unknown value filters nothing)."""
    try:
        return Audience(value) if value else None
    except ValueError:
        return None


class GuideIndexPage(KnownRestrictionsMixin, Page):
    """The site's guides ("Tutos"), listed in reading order, filtered by audience."""

    base_form_class = GuardedPageForm

    intro = models.TextField(_("chapeau"), blank=True, max_length=400)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.TutorialPage"]
    max_count_per_parent = 1
    template = "home/guide_index_page.html"

    class Meta:
        verbose_name = _("index des tutos")
        verbose_name_plural = _("index des tutos")

    def guides(self, audience: Audience | None = None):
        """The public guides, in reading order, those for `audience` only when given."""
        guides = visible(TutorialPage.objects.child_of(self)).order_by("path")
        if audience is not None:
            guides = guides.filter(**{AUDIENCE_FIELDS[audience]: True})
        return guides

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience = audience_from(request.GET.get("pour"))
        context["audience"] = audience
        context["audiences"] = list(Audience)
        context["guides"] = self.guides(audience).defer_streamfields()
        return context


class TutorialPage(KnownRestrictionsMixin, Page):
    """One guide: an introduction, then ordered steps."""

    base_form_class = GuardedPageForm

    class Topic(models.TextChoices):
        EVENT = "event", _("un événement")
        VENUE = "venue", _("un lieu")
        ORGANIZER = "organizer", _("une page d'organisateur")
        PIECE = "piece", _("un article du magazine")
        MODERATION = "moderation", _("la modération")

    intro = models.TextField(
        _("chapeau"),
        blank=True,
        max_length=400,
        help_text=_("Une ou deux phrases : ce que le guide permet de faire."),
    )
    for_organizers = models.BooleanField(_("organisateurs"), default=False)
    for_writers = models.BooleanField(_("rédacteurs"), default=False)
    for_moderators = models.BooleanField(_("modérateurs"), default=False)
    for_visitors = models.BooleanField(_("visiteurs"), default=False)
    topic = models.CharField(
        _("aide à l'édition de"),
        max_length=20,
        blank=True,
        choices=Topic.choices,
        help_text=_("Le formulaire d'édition de ce type de contenu renvoie vers ce guide."),
    )
    steps = StreamField(
        [("step", StepBlock(label=_("étape")))],
        verbose_name=_("étapes"),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                HelpPanel(content=_("Cochez tous les publics que ce guide aide.")),
                FieldPanel("for_organizers"),
                FieldPanel("for_writers"),
                FieldPanel("for_moderators"),
                FieldPanel("for_visitors"),
                FieldPanel("topic"),
            ],
            heading=_("Pour qui ?"),
        ),
        FieldPanel("steps"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("steps"),
        index.FilterField("topic"),
    ]

    parent_page_types = ["home.GuideIndexPage"]
    subpage_types = []
    template = "home/tutorial_page.html"

    class Meta:
        verbose_name = _("tuto")
        verbose_name_plural = _("tutos")

    @property
    def audiences(self) -> list[Audience]:
        return [audience for audience, name in AUDIENCE_FIELDS.items() if getattr(self, name)]

    def neighbours(self, audience: Audience | None = None) -> tuple[Page | None, Page | None]:
        """(previous, next) public guides of the same index in reading order; among the
        guides for `audience` when the reader came through that audience's list."""
        parent = self.get_parent()
        siblings = visible(TutorialPage.objects.child_of(parent)).defer_streamfields()
        if audience is not None:
            siblings = siblings.filter(**{AUDIENCE_FIELDS[audience]: True})
        previous = siblings.filter(path__lt=self.path).order_by("-path").first()
        following = siblings.filter(path__gt=self.path).order_by("path").first()
        return previous, following

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audience = audience_from(request.GET.get("pour"))
        if audience is not None and audience not in self.audiences:
            audience = None
        context["audience"] = audience
        context["previous_guide"], context["next_guide"] = self.neighbours(audience)
        context["index"] = self.get_parent()
        return context


def guides_for_topic(anchor: Page, topic: str, limit: int = 3) -> list[Page]:
    """The public guides of `anchor`'s site that help with `topic`, in reading order, each in
    `anchor`'s language when translated and public (else the French guide)."""
    from xmille.workflows import site_for_page

    site = site_for_page(anchor) if anchor is not None else None
    if site is None:
        return []
    guides = list(
        visible(
            TutorialPage.objects.descendant_of(site.root_page).filter(
                topic=topic, locale_id=site.root_page.locale_id
            )
        )
        .defer_streamfields()
        .order_by("path")[:limit]
    )
    if guides and anchor.locale_id != site.root_page.locale_id:
        translated = {
            page.translation_key: page
            for page in visible(
                TutorialPage.objects.filter(
                    translation_key__in=[guide.translation_key for guide in guides],
                    locale_id=anchor.locale_id,
                )
            ).defer_streamfields()
        }
        guides = [translated.get(guide.translation_key, guide) for guide in guides]
    return guides


class GuidePanel(HelpPanel):
    """The editor's help: links to the site's guides for what is being edited.

    `GuidePanel(TutorialPage.Topic.EVENT)` in an editor's panels; it shows nothing when the
    site has no such guide."""

    def __init__(self, topic: str = "", **kwargs):
        self.topic = topic
        kwargs.setdefault("heading", _("Besoin d'aide ?"))
        kwargs.setdefault("template", "home/includes/guide_panel.html")
        super().__init__(**kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "topic": self.topic}

    class BoundPanel(HelpPanel.BoundPanel):
        @cached_property
        def guides(self) -> list[Page]:
            page = self.instance
            anchor = (
                page if page is not None and page.pk else getattr(self.form, "parent_page", None)
            )
            return guides_for_topic(anchor, self.panel.topic) if anchor is not None else []

        def is_shown(self):
            return super().is_shown() and bool(self.guides)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["guides"] = self.guides
            return context
