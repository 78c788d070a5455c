"""StreamField blocks shared by the editorial pages of every app."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CreditedImageBlock(blocks.StructBlock):
    """An image with a caption; its alt text and credit come from the image itself."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/credited_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur·ice"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("niveau"), choices=[("h2", "H2"), ("h3", "H3")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    """The body of editorial pages: text, headings, credited images, quotes, embeds."""

    heading = HeadingBlock(label=_("intertitre"))
    paragraph = blocks.RichTextBlock(
        label=_("paragraphe"),
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
    )
    image = CreditedImageBlock(label=_("image"))
    quote = QuoteBlock(label=_("citation"))
    embed = EmbedBlock(label=_("vidéo ou média"), help_text=_("YouTube, Vimeo, PeerTube…"))
