"""Site-wide models: each regional site's branding."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$",
    _("Saisissez une couleur au format #RRGGBB, par exemple #b3123f."),
)


@register_setting(icon="site")
class SiteBranding(BaseSiteSetting):
    """Name, tagline, colours and logo of one regional site, shown on every public page."""

    name = models.CharField(
        _("nom"), max_length=60, help_text=_("Le nom public du site, par exemple « Quatremille ».")
    )
    short_name = models.CharField(
        _("nom court"),
        max_length=20,
        blank=True,
        help_text=_("Pour la barre du réseau, par exemple « Liège ». Vide : le nom."),
    )
    tagline = models.CharField(_("accroche"), max_length=160, blank=True)
    primary_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default="#8a1538",
        validators=[hex_colour],
        help_text=_("Fond de l'en-tête et des boutons. Le texte posé dessus est blanc."),
    )
    accent_colour = models.CharField(
        _("couleur d'accent"),
        max_length=7,
        default="#f2b705",
        validators=[hex_colour],
        help_text=_("Soulignements et repères, sur fond clair."),
    )
    logo = models.ForeignKey(
        "xmille.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    network_order = models.PositiveSmallIntegerField(_("ordre dans la barre du réseau"), default=0)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("tagline")],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour"), FieldPanel("logo")],
            heading=_("Apparence"),
        ),
        FieldPanel("network_order"),
    ]

    class Meta:
        verbose_name = _("identité du site")
        verbose_name_plural = _("identités des sites")

    def __str__(self):
        return self.name or str(self.site)

    @property
    def network_label(self) -> str:
        return self.short_name or self.name


class CustomImage(AbstractImage):
    """Wagtail's image with the credit the editorial line requires (alt text is `description`)."""

    credit = models.CharField(
        _("crédit"),
        max_length=160,
        blank=True,
        help_text=_(
            "Photographe ou source, par exemple « © Marie Dupont ». Obligatoire pour publier."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
