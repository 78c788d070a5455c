"""Authors: the volunteers (and staff) who write, photograph and film for the magazine."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from events.blocks import LinkBlock


class Author(index.Indexed, models.Model):
    """A person who signs pieces, shared by every site of the network (a volunteer may write
    for Liège and Namur); each magazine lists their pieces on its own author page."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(
        _("identifiant"),
        max_length=120,
        unique=True,
        help_text=_("Utilisé dans l'adresse de sa page : /magazine/auteurs/<identifiant>/"),
    )
    bio = RichTextField(_("biographie"), blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        "xmille.CustomImage",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    links = StreamField([("link", LinkBlock())], verbose_name=_("liens"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte utilisateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="magazine_author",
        help_text=_("Facultatif : le compte avec lequel cette personne écrit dans l'admin."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("links"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("auteur·ice")
        verbose_name_plural = _("auteur·ices")
        ordering = ["name"]

    def __str__(self):
        return self.name


def author_for_contributor(sender, record, user, **kwargs) -> Author:
    """An approved contributor (xmille.doors.contributors) gets an author profile linked to
    their account, so that pieces credit them (writers, photographers, videographers)."""
    from django.utils.text import slugify

    existing = Author.objects.filter(user=user).first()
    if existing is not None:
        return existing
    base = slugify(record.name)[:110] or "auteur"
    slug, n = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return Author.objects.create(name=record.name, slug=slug, user=user)
