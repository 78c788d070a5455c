from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("libellé"), max_length=60, help_text=_("Facebook, Instagram, Mastodon…")
    )
    url = blocks.URLBlock(label=_("adresse"))

    class Meta:
        icon = "link"


class ServiceBlock(blocks.StructBlock):
    """One service or action an organizer offers to others."""

    title = blocks.CharBlock(label=_("titre"), max_length=120)
    description = blocks.TextBlock(label=_("description"))
    audience = blocks.CharBlock(label=_("pour qui"), max_length=120, required=False)

    class Meta:
        icon = "list-ul"
        template = "blocks/service_block.html"
