"""The agenda's content: regions, venues, organizers, events and their dates.

Page tree (see design.md): HomePage > RegionPage > VenuePage | OrganizerPage > EventPage.
Events live under their organizer so that Wagtail's page permissions give each organizer its
own subtree. Dates are rows of `EventOccurrence`, never rules expanded at query time.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyStreamBlock
from home.guides import GuidePanel, TutorialPage
from xmille.edit_conflicts import GuardedPageForm
from xmille.editorial import EditorialLinePanel
from xmille.limits import TEASER_MAX_LENGTH
from xmille.permissions import LeafAwarePermissionsMixin
from xmille.visibility import KnownRestrictionsMixin, visible

from ..blocks import LinkBlock, ServiceBlock
from ..forms import EventPageForm
from ..widgets import VenuePageForm

http_url = URLValidator(
    schemes=["http", "https"],
    message=_("Saisissez une adresse web qui commence par http:// ou https://."),
)

# An occurrence running longer than this is "ongoing" (an exhibition), not a dated event.
LONG_RUNNING = timedelta(days=6)
# How far ahead an occurrence may be scheduled.
MAX_SCHEDULE_AHEAD = timedelta(days=2 * 365)


class GeoPointMixin(models.Model):
    """A point on the map (WGS84)."""

    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@register_snippet
class EventCategory(TranslatableMixin, models.Model):
    """Concert, théâtre, exposition... shared by the agenda and the magazine."""

    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(
        _("identifiant"),
        max_length=80,
        help_text=_("Utilisé dans les adresses de filtre : ?category=concert"),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


# What a region's directory shows of its venues and organizers (a link and a name); its venues'
# small map reads `events.map.VENUE_MAP_FIELDS` too.
DIRECTORY_FIELDS = ("title", "url_path", "path", "depth", "live", "locale")


class RegionPage(KnownRestrictionsMixin, GeoPointMixin, Page):
    """A sub-region of a site (Liège, Verviers, ...), with its own moderators."""

    base_form_class = GuardedPageForm

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Centre de la région (pour la carte)"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.VenuePage", "events.OrganizerPage"]
    template = "events/region_page.html"

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def get_context(self, request, *args, **kwargs):
        """The site's agenda scoped to this region (same query, same filters), with the
        region's venues and organizers."""
        from xmille.content_cache import content_version

        from ..agenda import agenda_context
        from ..map import VENUE_MAP_FIELDS
        from .agenda_page import AgendaPage

        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        agenda_page = visible(AgendaPage.objects.child_of(home)).first()
        context.update(
            agenda_context(
                request,
                home,
                base_url=self.get_url(request),
                fixed={"region": self.pk},
                feed_url=agenda_page.feed_url(request) if agenda_page else None,
                csv_url=(
                    agenda_page.get_url(request) + agenda_page.reverse_subpage("csv")
                    if agenda_page
                    else None
                ),
                wider_url=agenda_page.get_url(request) if agenda_page else None,
            )
        )
        context["content_version"] = content_version()  # the directory's cache key
        # The directory's columns only: hundreds of whole pages cost more to build than to list.
        context["venues"] = (
            visible(VenuePage.objects.child_of(self))
            .order_by("title")
            .only(*DIRECTORY_FIELDS, *VENUE_MAP_FIELDS)
        )
        context["organizers"] = (
            visible(OrganizerPage.objects.child_of(self))
            .order_by("title")
            .only(*DIRECTORY_FIELDS, "sector")
        )
        return context


class VenuePage(KnownRestrictionsMixin, RoutablePageMixin, GeoPointMixin, Page):
    """A place where events happen, shared by every organizer of the network."""

    base_form_class = GuardedPageForm

    street = models.CharField(_("rue et numéro"), max_length=200)
    postal_code = models.CharField(_("code postal"), max_length=10)
    city = models.CharField(_("localité"), max_length=100)
    wheelchair_access = models.BooleanField(_("accessible en chaise roulante"), default=False)
    adapted_toilets = models.BooleanField(_("toilettes adaptées"), default=False)
    hearing_loop = models.BooleanField(_("boucle à induction"), default=False)
    accessibility_notes = models.TextField(_("accessibilité : précisions"), blank=True)
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)
    website = models.URLField(_("site web"), blank=True, validators=[http_url])
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    image = models.ForeignKey(
        "xmille.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    content_panels = [
        GuidePanel(TutorialPage.Topic.VENUE),
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
            ],
            heading=_("Adresse"),
        ),
        # Form fields of VenuePageForm: the map writes the venue's latitude and longitude.
        MultiFieldPanel(
            [FieldPanel("find_address"), FieldPanel("location")],
            heading=_("Point sur la carte"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("wheelchair_access"),
                        FieldPanel("adapted_toilets"),
                        FieldPanel("hearing_loop"),
                    ]
                ),
                FieldPanel("accessibility_notes"),
                FieldPanel("capacity"),
            ],
            heading=_("Accessibilité et capacité"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
            heading=_("Contact"),
        ),
        FieldPanel("image"),
        FieldPanel("description"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("city"),
        index.SearchField("description"),
        index.FilterField("city"),
    ]

    parent_page_types = ["events.RegionPage"]
    subpage_types = []
    template = "events/venue_page.html"
    base_form_class = VenuePageForm

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        # "Près de moi" narrows the venues by a box on these two columns first.
        indexes = [models.Index(fields=["latitude", "longitude"], name="venue_lat_lng")]

    @property
    def is_accessible(self) -> bool:
        return self.wheelchair_access

    def get_admin_display_title(self):
        """The city after the name in the admin (choosers, listings): two "Salle des fêtes"
        of the network are then told apart."""
        title = super().get_admin_display_title()
        return f"{title} ({self.city})" if self.city else title

    def get_context(self, request, *args, **kwargs):
        from ..views import venue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(venue_context(self, request))
        return context

    def shown_on_pages(self, home=None) -> list[Page]:
        """Pages other than its ancestors that show it (`xmille.page_purge`): the agendas'
        venue filter."""
        from .agenda_page import AgendaPage

        return AgendaPage.of_site(home or self)

    @path("feed.ics/")
    def feed_ics(self, request):
        """The upcoming dates at this venue, as an iCal feed (<venue url>feed.ics)."""
        from ..feeds import venue_feed

        return venue_feed(self, request)


class OrganizerPage(KnownRestrictionsMixin, RoutablePageMixin, Page):
    """An ASBL, a venue's team, a collective...: its presentation and the events it organizes."""

    base_form_class = GuardedPageForm

    SECTORS = [
        ("asbl", _("association (ASBL)")),
        ("venue", _("lieu culturel")),
        ("collective", _("collectif d'artistes")),
        ("library", _("bibliothèque")),
        ("school", _("école, académie")),
        ("club", _("club, cercle")),
        ("public", _("service public")),
        ("company", _("entreprise")),
        ("other", _("autre")),
    ]

    # Each locale has a draft copy of every organizer page (xmille.locales): the organizer's
    # translated events live under it, and its group's permissions cover it.
    locale_container = True

    presentation = RichTextField(
        _("présentation"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    logo = models.ForeignKey(
        "xmille.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sector = models.CharField(_("secteur"), max_length=20, choices=SECTORS, default="asbl")
    website = models.URLField(_("site web"), blank=True, validators=[http_url])
    links = StreamField(
        [("link", LinkBlock())], verbose_name=_("réseaux sociaux et liens"), blank=True
    )
    contact_email = models.EmailField(_("e-mail public"), blank=True)
    contact_phone = models.CharField(_("téléphone public"), max_length=40, blank=True)
    services = StreamField(
        [("service", ServiceBlock())],
        verbose_name=_("services et actions proposés"),
        blank=True,
        help_text=_(
            "Ce que votre organisation offre aux autres : prêt de matériel, ateliers, accompagnement…"
        ),
    )
    trusted = models.BooleanField(
        _("organisateur de confiance"),
        default=False,
        help_text=_(
            "Réservé aux modérateurs : ses événements passent la vérification automatique "
            "mais pas la validation humaine."
        ),
    )

    # "Encode once" (events.ical_import): the organizer's own calendar, read by the import.
    ical_url = models.URLField(
        _("adresse de votre agenda iCal"),
        max_length=500,
        blank=True,
        validators=[http_url],
        help_text=_(
            "L'adresse publique (.ics) de l'agenda que vous tenez déjà (Google Agenda, "
            "Nextcloud, extension WordPress…). Ses événements deviennent des brouillons ici, "
            "soumis à la modération comme les autres ; rien n'est publié directement. "
            "Pris en compte une fois cette page publiée."
        ),
    )
    ical_default_venue = models.ForeignKey(
        "events.VenuePage",
        verbose_name=_("lieu par défaut des événements importés"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Quand le lieu d'un événement de votre agenda ne correspond à aucun lieu du site."
        ),
    )

    content_panels = [
        GuidePanel(TutorialPage.Topic.ORGANIZER),
        *Page.content_panels,
        FieldPanel("sector"),
        FieldPanel("presentation"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("links"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Contact et liens"),
        ),
        FieldPanel("services"),
        MultiFieldPanel(
            [FieldPanel("ical_url"), PageChooserPanel("ical_default_venue", "events.VenuePage")],
            heading=_("Importer votre agenda (iCal)"),
            classname="collapsed",
        ),
    ]
    # The feed's address and the venue are the same in every language (one import).
    override_translatable_fields = [
        SynchronizedField("ical_url"),
        SynchronizedField("ical_default_venue"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("trusted")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("presentation"),
        index.SearchField("services"),
    ]

    parent_page_types = ["events.RegionPage"]
    subpage_types = ["events.EventPage"]
    template = "events/organizer_page.html"

    class Meta:
        verbose_name = _("organisateur")
        verbose_name_plural = _("organisateurs")

    def get_context(self, request, *args, **kwargs):
        from ..views import organizer_context

        context = super().get_context(request, *args, **kwargs)
        context.update(organizer_context(self, request))
        return context

    def shown_on_pages(self, home=None) -> list[Page]:
        """Pages other than its ancestors that show it (`xmille.page_purge`): the agendas'
        organizer filter."""
        from .agenda_page import AgendaPage

        return AgendaPage.of_site(home or self)

    @path("feed.ics/")
    def feed_ics(self, request):
        """This organizer's upcoming dates, as an iCal feed (<organizer url>feed.ics)."""
        from ..feeds import organizer_feed

        return organizer_feed(self, request)


class EventPage(KnownRestrictionsMixin, LeafAwarePermissionsMixin, RoutablePageMixin, Page):
    """One event with all its dates: a concert, a run of shows, an exhibition, a weekly workshop."""

    # Another site's agenda may list it (xmille.sharing).
    network_shareable = True
    # Read with the page when it is served (xmille.routing): its page shows them.
    served_with = ("venue", "main_image")
    # Shown in lists only: publishing it leaves its site's menus and filter lists cached
    # (xmille.content_cache.structure_version).
    changes_site_structure = False

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("programmé")
        CANCELLED = "cancelled", _("annulé")
        POSTPONED = "postponed", _("reporté")
        RESCHEDULED = "rescheduled", _("déplacé (nouvelles dates)")
        SOLD_OUT = "sold_out", _("complet")

    class AttendanceMode(models.TextChoices):
        OFFLINE = "offline", _("sur place")
        ONLINE = "online", _("en ligne")
        MIXED = "mixed", _("sur place et en ligne")

    class Audience(models.TextChoices):
        ALL = "all", _("tout public")
        YOUNG = "young", _("jeune public")
        ADULT = "adult", _("adultes")

    teaser = models.CharField(
        _("accroche"),
        max_length=TEASER_MAX_LENGTH,
        # The limit shown and applied is the site's editorial line's (xmille.admin_home.forms).
        help_text=_("Une ou deux phrases."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("description"), blank=True)
    main_image = models.ForeignKey(
        "xmille.CustomImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Avec un texte alternatif et un crédit (photographe ou source)."),
    )
    categories = ParentalManyToManyField(
        EventCategory, verbose_name=_("catégories"), blank=True, related_name="events"
    )
    audience = models.CharField(
        _("public"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    min_age = models.PositiveSmallIntegerField(
        _("âge minimum"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    is_free = models.BooleanField(_("gratuit"), default=False)
    price = models.CharField(
        _("prix"), max_length=120, blank=True, help_text=_("Par exemple « 12 € / 8 € réduit ».")
    )
    ticket_url = models.URLField(_("billetterie"), blank=True, validators=[http_url])
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    attendance_mode = models.CharField(
        _("participation"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
    )
    online_url = models.URLField(_("lien en ligne"), blank=True, validators=[http_url])
    venue = models.ForeignKey(
        VenuePage,
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    performers = models.CharField(
        _("artistes"), max_length=250, blank=True, help_text=_("Noms séparés par des virgules.")
    )
    accessibility_notes = models.TextField(_("accessibilité"), blank=True)

    content_panels = [
        EditorialLinePanel(),
        GuidePanel(TutorialPage.Topic.EVENT),
        TitleFieldPanel(
            "title",
            help_text=_(
                "Le nom de l'événement, en minuscules accentuées. Par exemple : « Contes de la "
                "Meuse pour petites oreilles »."
            ),
        ),
        FieldPanel("teaser"),
        MultiFieldPanel(
            [
                FieldPanel("main_image"),
                FieldRowPanel([FieldPanel("main_image_alt"), FieldPanel("main_image_credit")]),
            ],
            heading=_("Image"),
            help_text=_(
                "Choisissez ou téléversez une image (une photo, l'affiche), puis dites ce "
                "qu'elle montre et qui l'a faite : c'est demandé pour publier."
            ),
        ),
        InlinePanel(
            "occurrences",
            heading=_("Dates"),
            label=_("date"),
            min_num=1,
            help_text=_(
                "Une ligne par date, à l'heure de Bruxelles. Une série de représentations : "
                "une ligne par représentation. Une exposition : une seule ligne, du premier au "
                "dernier jour. Un atelier chaque semaine : la première date, puis « Répéter "
                "la première date » ci-dessous."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat_weekdays"),
                FieldRowPanel([FieldPanel("repeat_every"), FieldPanel("repeat_until")]),
            ],
            heading=_("Répéter la première date"),
            help_text=_(
                "Pour un rendez-vous régulier : à l'enregistrement, une date est ajoutée pour "
                "chaque jour coché, toutes les N semaines, jusqu'à la date choisie, aux mêmes "
                "heures que la première date (même après un changement d'heure). Les dates "
                "créées apparaissent ensuite dans « Dates », où vous pouvez en supprimer ou "
                "en annuler une. 200 dates au plus, deux ans au plus."
            ),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                PageChooserPanel(
                    "venue",
                    "events.VenuePage",
                    help_text=_(
                        "Le choix s'ouvre sur les lieux de votre région. Le lieu n'y est pas ? "
                        "« Proposer un lieu » depuis votre accueil : la modération de la "
                        "région le valide."
                    ),
                ),
                FieldPanel(
                    "online_url",
                    help_text=_(
                        "Seulement pour un événement en ligne : le lien pour le suivre, par "
                        "exemple https://www.exemple.be/direct."
                    ),
                ),
            ],
            heading=_("Où ?"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("audience"), FieldPanel("min_age")]),
                FieldPanel("languages"),
            ],
            heading=_("Pour qui ?"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_free"), FieldPanel("price"), FieldPanel("ticket_url")],
            heading=_("Prix et billetterie"),
        ),
        FieldPanel("status"),
        FieldPanel("performers"),
        FieldPanel("accessibility_notes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.SearchField("performers"),
        index.RelatedFields("venue", [index.SearchField("title"), index.SearchField("city")]),
        index.FilterField("status"),
        index.FilterField("is_free"),
    ]

    # A translation points to the same venue (venues are shared, their address needs no
    # translation): wagtail-localize must not translate the venue page along with the event.
    override_translatable_fields = [SynchronizedField("venue")]

    parent_page_types = ["events.OrganizerPage"]
    subpage_types = []
    template = "events/event_page.html"
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    @cached_property
    def organizer(self) -> "OrganizerPage | None":
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.attendance_mode in (self.AttendanceMode.ONLINE, self.AttendanceMode.MIXED)

    def editorial_issues(self, line) -> list[str]:
        """The editorial check's rules of an event beyond the common ones (xmille.workflows):
        an event on site needs a venue placed on the map, or it is missing from the map and
        from "près de moi"."""
        issues = []
        venue = self.venue
        on_site = self.attendance_mode != self.AttendanceMode.ONLINE
        if venue is not None and on_site and not venue.has_point:
            issues.append(
                str(
                    _(
                        "Le lieu « %(venue)s » n'a pas de point sur la carte : placez-le "
                        "(page du lieu, « Point sur la carte ») ou demandez-le à la "
                        "modération, puis soumettez à nouveau."
                    )
                    % {"venue": venue.title}
                )
            )
        return issues

    def get_context(self, request, *args, **kwargs):
        from ..views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        return context

    def shown_on_pages(self, home=None) -> list[Page]:
        """Pages other than its ancestors that list it (`xmille.page_purge`): its venue and
        the agendas of its site, or of `home`'s site where it is shared."""
        from .agenda_page import AgendaPage

        venue = [self.venue] if self.venue_id and home is None else []
        return venue + AgendaPage.of_site(home or self)

    @path("feed.ics/")
    def feed_ics(self, request):
        """This event's upcoming dates as an .ics file, for "add to my calendar"."""
        from ..feeds import event_feed

        return event_feed(self, request)


class EventOccurrence(Orderable):
    """One date of an event. Stored in Europe/Brussels-aware datetimes (UTC in the database)."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(
        _("fin"), null=True, blank=True, help_text=_("Vide : une heure après le début.")
    )
    all_day = models.BooleanField(_("toute la journée"), default=False)
    cancelled = models.BooleanField(_("date annulée"), default=False)
    # Computed on save, for the agenda's queries: the effective end (never empty), and whether
    # the date spans more than LONG_RUNNING (an exhibition, shown as "ongoing").
    ends_at = models.DateTimeField(editable=False, db_index=True)
    long_running = models.BooleanField(default=False, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("all_day"), FieldPanel("cancelled")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        indexes = [
            models.Index(fields=["start", "ends_at"], name="occurrence_start_ends"),
            models.Index(fields=["long_running", "start"], name="occurrence_long_start"),
            # The agenda's "ongoing" block: long-running dates not over yet, ending soonest.
            models.Index(fields=["long_running", "ends_at"], name="occurrence_long_ends"),
        ]

    def __str__(self):
        return f"{self.page_id} @ {self.start:%Y-%m-%d %H:%M}"

    @property
    def effective_end(self):
        """When the date is over: the end given; for an all-day date, midnight after its last
        day (local time, so a DST change never shifts it); else one hour after the start."""
        if self.all_day:
            last_day = timezone.localtime(self.end or self.start).date()
            return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
        if self.end:
            return self.end
        return self.start + timedelta(hours=1)

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("La fin (%(end)s) est avant le début (%(start)s).") % {
                "end": date_format(timezone.localtime(self.end), "SHORT_DATETIME_FORMAT"),
                "start": date_format(timezone.localtime(self.start), "SHORT_DATETIME_FORMAT"),
            }
        if self.start and self.start > timezone.now() + MAX_SCHEDULE_AHEAD:
            errors["start"] = _("Cette date est à plus de deux ans : vérifiez l'année.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.ends_at = self.effective_end
        self.long_running = self.ends_at - self.start > LONG_RUNNING
        super().save(*args, **kwargs)
