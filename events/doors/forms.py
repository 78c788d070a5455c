"""The agenda's public forms: an organization's request to join, and an event proposed without
an account. Both are `xmille.doors.guard.GuardedForm`s (honeypot, fill time, rate limit,
HTML stripped); every message goes on its field and says how to fix it."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from PIL import Image, UnidentifiedImageError

from xmille import limits
from xmille.doors.forms import IdChoiceField, accepts_line_field, http_url
from xmille.doors.guard import GuardedForm
from xmille.locales import SOURCE_LANGUAGE
from xmille.visibility import visible
from xmille.workflows import site_for_page

from ..forms import http_only
from ..models import MAX_SCHEDULE_AHEAD, OrganizerPage, RegionPage, VenuePage

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def network_regions():
    """Every public region of the network (French originals), in tree order."""
    return visible(RegionPage.objects.filter(locale__language_code=SOURCE_LANGUAGE)).order_by(
        "path"
    )


class RegionChoiceField(IdChoiceField):
    def label_from_instance(self, region):
        site = site_for_page(region)
        return f"{region.title} ({site.site_name})" if site else region.title


class JoinOrganizationForm(GuardedForm):
    throttle_name = "join"

    name = forms.CharField(label=gettext_lazy("Nom de l'organisation"), max_length=120)
    sector = forms.ChoiceField(
        label=gettext_lazy("Type d'organisation"), choices=OrganizerPage.SECTORS
    )
    region = RegionChoiceField(
        label=gettext_lazy("Région"),
        queryset=RegionPage.objects.none(),
        help_text=gettext_lazy("Là où se passent la plupart de vos activités."),
    )
    contact_name = forms.CharField(label=gettext_lazy("Personne de contact"), max_length=120)
    email = forms.EmailField(
        label=gettext_lazy("E-mail de contact"),
        help_text=gettext_lazy("Votre identifiant une fois la demande acceptée."),
    )
    website = forms.URLField(
        assume_scheme="https",
        label=gettext_lazy("Site web"),
        required=False,
        max_length=500,
        validators=[http_url],
    )
    presentation = forms.CharField(
        label=gettext_lazy("Présentez votre organisation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    services = forms.CharField(
        label=gettext_lazy("Services et actions que vous offrez aux autres membres"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text=gettext_lazy(
            "Un atelier, du matériel à prêter, une salle à louer… Un paragraphe par service : "
            "sa première ligne en est le titre."
        ),
    )
    accepts_line = accepts_line_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = network_regions()


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProposalForm(GuardedForm):
    throttle_name = "proposal"

    proposer_name = forms.CharField(label=gettext_lazy("Votre nom"), max_length=120)
    email = forms.EmailField(
        label=gettext_lazy("Votre e-mail"),
        help_text=gettext_lazy("Pour vous dire si l'événement rejoint l'agenda. Jamais publié."),
    )
    organizes = forms.BooleanField(
        label=gettext_lazy("J'organise cet événement ou j'agis pour son organisateur."),
        error_messages={
            "required": gettext_lazy(
                "Cochez cette case : nous publions les événements proposés par leurs "
                "organisateurs ou par les personnes qui agissent pour eux."
            )
        },
    )
    title = forms.CharField(label=gettext_lazy("Titre de l'événement"), max_length=200)
    start = forms.DateTimeField(
        label=gettext_lazy("Début"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    end = forms.DateTimeField(
        label=gettext_lazy("Fin"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        required=False,
    )
    region = RegionChoiceField(label=gettext_lazy("Région"), queryset=RegionPage.objects.none())
    venue = IdChoiceField(
        label=gettext_lazy("Lieu (dans la liste)"),
        queryset=VenuePage.objects.none(),
        required=False,
        help_text=gettext_lazy("Pas dans la liste ? Décrivez-le ci-dessous."),
    )
    venue_description = forms.CharField(
        label=gettext_lazy("Ou décrivez le lieu (nom, adresse)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=gettext_lazy("Commencez par une ou deux phrases qui donnent envie : l'accroche."),
    )
    price = forms.CharField(
        label=gettext_lazy("Prix"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Par exemple « 12 € / 8 € réduit » ou « gratuit »."),
    )
    image = forms.FileField(
        label=gettext_lazy("Image"),
        required=False,
        # The help text names the limit of `limits` (set in __init__).
    )
    image_alt = forms.CharField(
        label=gettext_lazy("Ce que montre l'image (pour les personnes aveugles)"),
        max_length=250,
        required=False,
    )
    image_credit = forms.CharField(
        label=gettext_lazy("Crédit de l'image (photographe ou source)"),
        max_length=160,
        required=False,
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        home = site.root_page
        self.fields["region"].queryset = visible(RegionPage.objects.child_of(home)).order_by(
            "title"
        )
        self.fields["venue"].queryset = visible(VenuePage.objects.descendant_of(home)).order_by(
            "title"
        )
        self.fields["venue"].label_from_instance = lambda venue: (
            f"{venue.title} ({venue.city})" if venue.city else venue.title
        )
        self.fields["image"].help_text = _("JPEG, PNG ou WebP, %(size)s au plus.") % {
            "size": filesizeformat(limits.PROPOSAL_IMAGE_MAX_BYTES)
        }

    def clean_start(self):
        start = self.cleaned_data["start"]
        now = timezone.now()
        if start < now:
            raise forms.ValidationError(
                _("Le début (%(start)s) est passé : vérifiez le jour, le mois et l'année.")
                % {"start": date_format(timezone.localtime(start), "SHORT_DATETIME_FORMAT")},
                code="past",
            )
        if start > now + MAX_SCHEDULE_AHEAD:
            raise forms.ValidationError(
                _("Cette date est à plus de deux ans : vérifiez l'année."), code="too_far"
            )
        return start

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return upload
        if upload.size > limits.PROPOSAL_IMAGE_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "L'image « %(name)s » pèse %(size)s ; %(limit)s au plus. Réduisez-la "
                    "(ou envoyez-la plus petite depuis votre téléphone) et joignez-la à nouveau."
                )
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limits.PROPOSAL_IMAGE_MAX_BYTES),
                },
                code="too_big",
            )
        not_an_image = forms.ValidationError(
            _(
                "Le fichier « %(name)s » n'est pas une image JPEG, PNG ou WebP. Joignez une "
                "photo ou une affiche dans l'un de ces formats."
            )
            % {"name": upload.name},
            code="not_image",
        )
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                kind = image.format
                width, height = image.size
                if width * height > limits.IMAGE_MAX_PIXELS:
                    raise forms.ValidationError(
                        _(
                            "L'image « %(name)s » est trop grande (%(width)s sur %(height)s "
                            "pixels) : réduisez-la."
                        )
                        % {"name": upload.name, "width": width, "height": height},
                        code="too_many_pixels",
                    )
                image.verify()
        except forms.ValidationError:
            raise
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            Image.DecompressionBombError,
        ):
            raise not_an_image from None
        finally:
            upload.seek(0)
        if kind not in limits.PROPOSAL_IMAGE_FORMATS:
            raise not_an_image
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("La fin (%(end)s) est avant le début (%(start)s).")
                % {
                    "end": date_format(timezone.localtime(end), "SHORT_DATETIME_FORMAT"),
                    "start": date_format(timezone.localtime(start), "SHORT_DATETIME_FORMAT"),
                },
            )
        venue, region = cleaned.get("venue"), cleaned.get("region")
        if not venue and not cleaned.get("venue_description") and "venue" not in self.errors:
            self.add_error(
                "venue_description",
                _("Choisissez le lieu dans la liste ou décrivez-le (nom et adresse)."),
            )
        if venue and region and not venue.path.startswith(region.path):
            self.add_error(
                "venue",
                _(
                    "« %(venue)s » n'est pas dans la région %(region)s : choisissez sa région "
                    "ou un autre lieu."
                )
                % {"venue": venue.title, "region": region.title},
            )
        if cleaned.get("image"):
            if not cleaned.get("image_alt"):
                self.add_error(
                    "image_alt",
                    _(
                        "Décrivez en quelques mots ce que montre l'image : elle sera lue aux "
                        "personnes aveugles."
                    ),
                )
            if not cleaned.get("image_credit"):
                self.add_error(
                    "image_credit",
                    _(
                        "Indiquez le crédit de l'image (photographe ou source), par exemple "
                        "« © Marie Dupont »."
                    ),
                )
        return cleaned


__all__ = ["JoinOrganizationForm", "ProposalForm", "http_only"]
