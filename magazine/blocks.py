"""StreamField blocks of the magazine: interview Q&A, pull quotes, videos, photo galleries."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import CreditedImageBlock, HeadingBlock, QuoteBlock

TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class QuestionBlock(blocks.StructBlock):
    """A question of the magazine to the person interviewed."""

    text = blocks.TextBlock(label=_("question"))

    class Meta:
        icon = "help"
        label = _("question")
        template = "magazine/blocks/question_block.html"


class AnswerBlock(blocks.StructBlock):
    """The answer of the person interviewed, shown under their name."""

    text = blocks.RichTextBlock(label=_("réponse"), features=TEXT_FEATURES)

    class Meta:
        icon = "openquote"
        label = _("réponse")
        template = "magazine/blocks/answer_block.html"


class PullQuoteBlock(blocks.StructBlock):
    """A sentence of the text set large, to catch the eye; it repeats the text, so it is
    hidden from screen readers' reading order only by being an <aside>."""

    text = blocks.TextBlock(label=_("citation mise en avant"), max_length=280)

    class Meta:
        icon = "openquote"
        label = _("citation mise en avant")
        template = "magazine/blocks/pull_quote_block.html"


class VideoBlock(blocks.StructBlock):
    """A video through Wagtail embeds (YouTube, Vimeo, PeerTube), with its credit."""

    video = EmbedBlock(label=_("adresse de la vidéo"), help_text=_("YouTube, Vimeo, PeerTube…"))
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)
    credit = blocks.CharBlock(
        label=_("crédit"), required=False, max_length=160, help_text=_("Vidéaste, production…")
    )

    class Meta:
        icon = "media"
        label = _("vidéo")
        template = "magazine/blocks/video_block.html"


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("photo"))
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("photo")


class GalleryBlock(blocks.StructBlock):
    """A photo gallery: each photo with its caption; alt text and credit come from the image."""

    title = blocks.CharBlock(label=_("titre"), required=False, max_length=120)
    photos = blocks.ListBlock(GalleryImageBlock(), label=_("photos"), min_num=1)

    class Meta:
        icon = "image"
        label = _("galerie photo")
        template = "magazine/blocks/gallery_block.html"


class ArticleStreamBlock(blocks.StreamBlock):
    """The body of chronicles and reports."""

    heading = HeadingBlock(label=_("intertitre"))
    paragraph = blocks.RichTextBlock(label=_("paragraphe"), features=TEXT_FEATURES)
    image = CreditedImageBlock(label=_("image"))
    quote = QuoteBlock(label=_("citation"))
    pull_quote = PullQuoteBlock()
    video = VideoBlock()
    gallery = GalleryBlock()


class InterviewStreamBlock(blocks.StreamBlock):
    """An interview: questions and answers, with headings, images and pull quotes between."""

    question = QuestionBlock()
    answer = AnswerBlock()
    heading = HeadingBlock(label=_("intertitre"))
    paragraph = blocks.RichTextBlock(label=_("paragraphe"), features=TEXT_FEATURES)
    image = CreditedImageBlock(label=_("image"))
    pull_quote = PullQuoteBlock()
    video = VideoBlock()
