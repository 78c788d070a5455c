"""Site-wide models: each regional site's branding."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Site

from .content_cache import structure_cached
from .limits import TEASER_MAX_LENGTH

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

    @classmethod
    def for_request(cls, request):
        """Wagtail's, with the row kept until the site's structure changes (saving it makes a
        new version, `xmille.content_cache`): every public page reads it. The settings form
        reads its own (`for_site`)."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        branding = structure_cached("branding", lambda: cls.for_site(site), site.pk)
        branding._request = request  # as Wagtail's: page addresses relative to the request
        setattr(request, attr_name, branding)
        return branding


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


@register_setting(icon="doc-full")
class EditorialLine(BaseSiteSetting):
    """The site's editorial line ("charte"): the text contributors read, and the parameters of the
    automated check every event and magazine piece passes before a human sees it."""

    text = RichTextField(
        _("ligne éditoriale"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "Affichée en tête des formulaires d'édition et sur la page publique « charte »."
        ),
    )
    forbidden_words = models.TextField(
        _("mots interdits"),
        blank=True,
        help_text=_(
            "Un mot ou une expression par ligne. Un contenu qui en contient est refusé "
            "par la vérification automatique."
        ),
    )
    teaser_max_length = models.PositiveSmallIntegerField(
        _("longueur maximale de l'accroche"),
        default=200,
        validators=[MinValueValidator(20), MaxValueValidator(TEASER_MAX_LENGTH)],
        help_text=_(
            "Appliquée à la fois par le formulaire d'édition et par la vérification automatique."
        ),
    )
    require_image = models.BooleanField(
        _("image obligatoire"),
        default=False,
        help_text=_("Refuser les événements et articles sans image principale."),
    )
    duplicate_similarity = models.PositiveSmallIntegerField(
        _("seuil de doublon (%)"),
        default=80,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_(
            "Deux événements au même lieu, aux dates qui se chevauchent, dont les titres se "
            "ressemblent à ce point sont signalés au modérateur (sans refus)."
        ),
    )

    panels = [
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("forbidden_words"),
                FieldPanel("teaser_max_length"),
                FieldPanel("require_image"),
                FieldPanel("duplicate_similarity"),
            ],
            heading=_("Vérification automatique"),
        ),
    ]

    class Meta:
        verbose_name = _("ligne éditoriale")
        verbose_name_plural = _("lignes éditoriales")

    def __str__(self):
        return str(_("Ligne éditoriale de %(site)s") % {"site": self.site})

    @property
    def forbidden_word_list(self) -> list[str]:
        return [w.strip() for w in self.forbidden_words.splitlines() if w.strip()]


class RoleGroup(models.Model):
    """Which Django group plays which role, and where (the page it is anchored on): lets
    `setup_roles` find and repair its groups even after a page or group was renamed."""

    class Role(models.TextChoices):
        NETWORK_ADMIN = "network_admin", _("administrateur du réseau")
        EDITOR_IN_CHIEF = "editor_in_chief", _("rédaction en chef")
        WRITER = "writer", _("rédacteur bénévole")
        MODERATOR = "moderator", _("modérateur")
        ORGANIZER = "organizer", _("organisateur")

    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="xmille_role", verbose_name=_("groupe")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    # The site's home page, the region or the organizer; empty for network admins.
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )

    class Meta:
        verbose_name = _("groupe de rôle")
        verbose_name_plural = _("groupes de rôles")
        constraints = [
            models.UniqueConstraint(fields=["role", "page"], name="unique_role_per_page"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.group.name}"


class EventShare(models.Model):
    """An event listed in another site's agenda (see `xmille.sharing`). The event lives once,
    under its organizer, on its own site: the record only says where else it is listed, and
    whether the receiving site hides or features it. `event` is the French original (the
    record covers its translations); only pages that say `network_shareable` may be shared
    (events), which `xmille.sharing` checks, so xmille needs no app's model."""

    event = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="network_shares",
        verbose_name=_("événement"),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="received_shares",
        verbose_name=_("site d'accueil"),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("partagé par"),
    )
    hidden = models.BooleanField(
        _("masqué"),
        default=False,
        help_text=_("L'événement n'apparaît plus dans l'agenda du site d'accueil."),
    )
    featured = models.BooleanField(
        _("mis en avant"),
        default=False,
        help_text=_("L'événement passe en tête des sélections de la page d'accueil."),
    )
    created = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("partage")
        verbose_name_plural = _("partages")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "site"], name="unique_share_per_site"),
        ]

    def __str__(self):
        return str(_("%(event)s sur %(site)s") % {"event": self.event, "site": self.site})


class DoorRecord(models.Model):
    """What every request sent without an account holds (xmille.doors): who sent it, in which
    language (the outcome is written in it), and the decision. A plain record, not a page."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        APPROVED = "approved", _("acceptée")
        REJECTED = "rejected", _("refusée")

    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("langue"), max_length=8, default="fr", editable=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created = models.DateTimeField(_("reçue le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    reason = models.TextField(_("raison du refus"), blank=True)

    class Meta:
        # Subclasses write `class Meta(DoorRecord.Meta)` and inherit the queue's order.
        abstract = True
        ordering = ["-created", "-pk"]

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @staticmethod
    def approval_result(to, verbose_name) -> models.ForeignKey:
        """A link to what an approval opened or created (an account, a page): empty until
        then, emptied if that is deleted, while the record stays."""
        return models.ForeignKey(
            to,
            null=True,
            blank=True,
            on_delete=models.SET_NULL,
            related_name="+",
            verbose_name=verbose_name,
        )

    @staticmethod
    def one_pending(name: str, *fields: str) -> models.UniqueConstraint:
        """At most one pending record per value of `fields`: a double click or a second
        send stores nothing more (the public forms rely on it, `store_once`)."""
        return models.UniqueConstraint(
            fields=list(fields), condition=models.Q(status="pending"), name=name
        )


class ContributorRequest(DoorRecord):
    """A person who wants to write, photograph or film for one site's magazine, or a local
    radio that wants to take part (xmille.doors.contributors). The site's editors-in-chief
    decide; approval makes the person a writer of that site's magazine."""

    class Kind(models.TextChoices):
        WRITER = "writer", _("rédacteur ou rédactrice")
        PHOTOGRAPHER = "photographer", _("photographe")
        VIDEOGRAPHER = "videographer", _("vidéaste")
        RADIO = "radio", _("radio locale")

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="contributor_requests",
        verbose_name=_("site"),
    )
    name = models.CharField(_("nom"), max_length=120)
    kind = models.CharField(_("je suis"), max_length=20, choices=Kind.choices)
    about = models.TextField(_("qui je suis"))
    wishes = models.TextField(_("ce que je voudrais faire"))
    sample_url = models.URLField(_("exemple de travail"), max_length=500)
    user = DoorRecord.approval_result(settings.AUTH_USER_MODEL, _("compte"))

    class Meta(DoorRecord.Meta):
        verbose_name = _("demande de contributeur")
        verbose_name_plural = _("demandes de contributeurs")
        # One pending request per e-mail and site.
        constraints = [DoorRecord.one_pending("one_pending_contributor_request", "site", "email")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


# The workflow tasks are models of this app; they live in their own module.
class Tombstone(models.Model):
    """A page the public could see and no longer can (unpublished, deleted, put behind a view
    restriction): the API reports it to `updated_since` clients so that partners' copies
    drop it too (`xmille.tombstones` fills the table from Wagtail's signals). Publishing the
    page again removes its tombstone: it is then listed as updated."""

    class Reason(models.TextChoices):
        UNPUBLISHED = "unpublished", _("dépublié")
        DELETED = "deleted", _("supprimé")
        RESTRICTED = "restricted", _("accès restreint")

    page_id = models.PositiveIntegerField(_("page"), db_index=True)
    translation_key = models.UUIDField(_("clé de traduction"))
    kind = models.CharField(_("type"), max_length=100, help_text="app_label.model")
    path = models.CharField(_("chemin"), max_length=255)
    url = models.CharField(_("adresse"), max_length=500, blank=True)
    reason = models.CharField(_("raison"), max_length=20, choices=Reason.choices)
    removed_at = models.DateTimeField(_("retiré le"), db_index=True)

    class Meta:
        verbose_name = _("page retirée")
        verbose_name_plural = _("pages retirées")
        indexes = [models.Index(fields=["kind", "removed_at"], name="xmille_tomb_kind_time")]

    def __str__(self):
        return f"{self.kind} {self.page_id} ({self.reason})"


from .workflows import EditorialCheckTask, ModerationTask, ProofreadingTask  # noqa: E402, F401
