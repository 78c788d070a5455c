"""The agenda's filters as they appear in the URL (`AgendaFilterForm`), and the lists of
places they offer, rendered in Python (`LongSelect`).

A site has thousands of venues and organizers: listed inline they made the agenda's HTML
weigh 215 KB. The venue and organizer lists are therefore scoped: the places of the region
chosen (the URL's `region`, or a region page's own), or the whole site's when they are few
(`PLACE_LIST_MAX`). Where the list would be longer, the form offers a text search instead
(`venue_q`: a venue's name or town; `organizer_q`: an organizer's name), a plain GET field
that works without JavaScript; a venue or organizer already chosen (a link from its page) stays
shown as the list's one option. The text searches are filters like the others: the feeds, the
map's GeoJSON and the API read the same form, so they answer the same selection."""

from datetime import date

from django import forms
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from xmille.content_cache import structure_cached
from xmille.visibility import visible
from xmille.widget_rendering import PYTHON_WIDGETS

from ..geo import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, MIN_RADIUS_KM, network_towns, parse_near
from ..models import (
    EventCategory,
    OrganizerPage,
    RegionPage,
    VenuePage,
)
from .window import When

MAX_RANGE_DAYS = 366
MAX_KEYWORD_LENGTH = 100
# The dates the agenda answers for: archives since 2000, plans until 2099. Beyond, a date is a
# typo or a robot (and 9999-12-31 + one day is past what Python's dates hold).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
# Page ids are database integers: a larger number names no page (and overflows SQLite).
MAX_PAGE_ID = 2**31 - 1


# Venues or organizers listed as options at most; beyond, the form offers a text search.
PLACE_LIST_MAX = 60


def place_choices(model, root: Page, limit: int | None = None) -> list[tuple[int, str]]:
    """(pk, title) of the public regions, venues or organizers under `root`, by title: the
    filter lists. With a `limit`, more than `limit` places means "too many to list": then
    `limit` + 1 of them are returned, in no order (sorting two thousand venues by title to
    say that there are too many cost more than the agenda query). Cached until the site's
    structure changes (a place, a region: not an event, `structure_version`)."""

    def read() -> list[tuple[int, str]]:
        # Led by the content-type index: the subtree as a plain LIKE (`startswith_scan`,
        # xmille.tree_paths), else SQLite walks every page of the site by path.
        pages = visible(
            Page.objects.filter(path__startswith_scan=root.path, depth__gt=root.depth).exact_type(
                model
            )
        )
        if limit is not None:
            some = list(pages.order_by().values_list("pk", "title")[: limit + 1])
            if len(some) > limit:
                return some
        return list(pages.order_by("title").values_list("pk", "title"))

    return structure_cached(
        "agenda-place-choices", read, model._meta.model_name, root.pk, limit, alone=True
    )


class LongSelect(forms.Select):
    """A single-choice list rendered in Python from `load_choices` (a callable, run only when the
    list is shown): Django renders each <option> through a template, which costs more than the
    whole agenda query once a site has a thousand venues. Same markup and attributes
    (aria-invalid, aria-describedby) as `forms.Select`."""

    def __init__(self, load_choices, attrs=None):
        super().__init__(attrs)
        self.load_choices = load_choices

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == selected else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.load_choices()
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")


class AgendaFilterForm(forms.Form):
    """The agenda's filters, as they appear in the URL (shareable, bookmarkable)."""

    # Its forty-odd widgets and labels written in Python, the same markup as Django's.
    default_renderer = PYTHON_WIDGETS

    when = forms.ChoiceField(
        label=_("Quand"), choices=[("", _("à venir")), *When.CHOICES], required=False
    )
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = forms.MultipleChoiceField(label=_("Catégorie"), required=False)
    region = forms.IntegerField(label=_("Région"), required=False, min_value=1)
    venue = forms.IntegerField(label=_("Lieu"), required=False, min_value=1)
    organizer = forms.IntegerField(label=_("Organisateur"), required=False, min_value=1)
    free = forms.BooleanField(label=_("Gratuit"), required=False)
    accessible = forms.BooleanField(label=_("Accessible en chaise roulante"), required=False)
    young = forms.BooleanField(label=_("Jeune public"), required=False)
    q = forms.CharField(label=_("Mot-clé"), required=False, max_length=MAX_KEYWORD_LENGTH)
    venue_q = forms.CharField(
        label=_("Lieu (nom ou localité)"), required=False, max_length=MAX_KEYWORD_LENGTH
    )
    organizer_q = forms.CharField(
        label=_("Organisateur (nom)"), required=False, max_length=MAX_KEYWORD_LENGTH
    )

    ongoing = forms.BooleanField(
        label=_("Seulement les expositions et événements de longue durée"), required=False
    )

    # "Près de moi": a point (the browser's position, or typed), or one of the network's towns;
    # the agenda is then sorted by distance, within `radius` km (events online only left out).
    near = forms.CharField(
        label=_("Près de (latitude,longitude)"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "50.6326,5.5797"}),
    )
    town = forms.ChoiceField(label=_("Près de la localité"), required=False)
    radius = forms.FloatField(
        label=_("Dans un rayon de (km)"),
        required=False,
        widget=forms.NumberInput(
            attrs={
                "min": MIN_RADIUS_KM,
                "max": MAX_RADIUS_KM,
                "step": "any",
                "placeholder": DEFAULT_RADIUS_KM,
            }
        ),
    )

    def __init__(self, data=None, *, root: Page, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.root = root
        # Categories are the network's (a change renews every site's structure version).
        self.fields["category"].choices = structure_cached(
            "categories",
            lambda: [
                (c.slug, c.name) for c in EventCategory.objects.filter(locale_id=root.locale_id)
            ],
            root.locale_id,
        )
        self.fields["category"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["category"].choices
        )
        # The page choosers are lists in the HTML form; their options are only queried when
        # the form is rendered (the iCal feed validates the same fields without them).
        for name, model, empty in (
            ("region", RegionPage, _("toutes les régions")),
            ("venue", VenuePage, _("tous les lieux")),
            ("organizer", OrganizerPage, _("tous les organisateurs")),
        ):
            self.fields[name].widget = LongSelect(self._page_choices(name, model, empty))
        self.fields["town"].choices = [
            ("", _("aucune")),
            *(
                (town.slug, f"{town.name} ({town.postal_code})")
                for town in network_towns().values()
            ),
        ]

    PLACE_MODELS = {"venue": VenuePage, "organizer": OrganizerPage}

    def _page_choices(self, name, model, empty):
        if name not in self.PLACE_MODELS:
            return lambda: [("", empty), *place_choices(model, self.root)]

        def load():
            if name in self.searched_places:
                chosen = getattr(self, "cleaned_data", {}).get(name)
                return [("", empty), *([(chosen.pk, chosen.title)] if chosen else [])]
            return [("", empty), *self._scoped_choices(name)]

        return load

    @property
    def place_scope(self) -> Page:
        """Where the venue and organizer lists come from: the region chosen, else the root."""
        region = getattr(self, "cleaned_data", {}).get("region")
        return region if isinstance(region, Page) else self.root

    def _scoped_choices(self, name: str) -> list[tuple[int, str]]:
        return place_choices(self.PLACE_MODELS[name], self.place_scope, PLACE_LIST_MAX)

    @cached_property
    def searched_places(self) -> set[str]:
        """ "venue", "organizer": the lists too long to show (more than PLACE_LIST_MAX
        places in scope), offered as a text search instead; also those searched already."""
        data = getattr(self, "cleaned_data", {})
        return {
            name
            for name in self.PLACE_MODELS
            if data.get(f"{name}_q") or len(self._scoped_choices(name)) > PLACE_LIST_MAX
        }

    @property
    def active_filters(self) -> list[str]:
        """Names of the URL parameters that narrow the selection (for "remove this filter")."""
        if not hasattr(self, "cleaned_data"):
            return []
        derived = {"radius"}  # a modifier of "near", removed with it
        if not (self.data.get("near") or "").strip():
            derived.add("near")  # stands for the town chosen
        return [
            name
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [], False) and name not in derived
        ]

    def _page_in_root(self, field: str, model) -> Page | None:
        pk = self.cleaned_data.get(field)
        if pk is None:
            return None
        if pk > MAX_PAGE_ID:
            raise forms.ValidationError(_("Ce choix n'existe pas sur ce site."), code="unknown")
        page = visible(model.objects.descendant_of(self.root)).filter(pk=pk).first()
        if page is None:
            raise forms.ValidationError(_("Ce choix n'existe pas sur ce site."), code="unknown")
        return page

    def clean_region(self):
        return self._page_in_root("region", RegionPage)

    def clean_venue(self):
        return self._page_in_root("venue", VenuePage)

    def clean_organizer(self):
        return self._page_in_root("organizer", OrganizerPage)

    def _date_in_range(self, field: str) -> date | None:
        value = self.cleaned_data.get(field)
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                _("Choisissez une date entre %(first)s et %(last)s.")
                % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
                code="out_of_range",
            )
        return value

    def clean_date_from(self):
        return self._date_in_range("date_from")

    def clean_date_to(self):
        return self._date_in_range("date_to")

    def clean_near(self):
        value = self.cleaned_data.get("near", "").strip()
        if not value:
            return None
        point = parse_near(value)
        if point is None:
            raise forms.ValidationError(
                _(
                    "« %(value)s » n'est pas une position : écrivez la latitude puis la longitude "
                    "en degrés, séparées par une virgule (par exemple 50.6326,5.5797)."
                ),
                code="invalid_point",
                params={"value": value},
            )
        return point

    def clean_radius(self):
        radius = self.cleaned_data.get("radius")
        if radius is None:
            return None
        if not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:
            raise forms.ValidationError(
                _("Le rayon « %(value)s km » est hors limites : de %(min)s à %(max)s km."),
                code="radius_range",
                params={"value": f"{radius:g}", "min": MIN_RADIUS_KM, "max": MAX_RADIUS_KM},
            )
        return radius

    def clean(self):
        data = super().clean()
        # A town stands for its point; a position given explicitly wins.
        town = network_towns().get(data.get("town") or "")
        if data.get("near") is None and "near" not in self.errors and town is not None:
            data["near"] = town.point
        if data.get("near") is not None and data.get("radius") is None:
            # Also when the radius given is wrong: the list shows its error, near the default.
            data["radius"] = float(DEFAULT_RADIUS_KM)
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("La date de fin est avant la date de début."))
            elif (date_to - date_from).days > MAX_RANGE_DAYS:
                self.add_error("date_to", _("Choisissez une période d'un an au plus."))
        return data

    def error_reasons(self) -> dict[str, list[str]]:
        """The errors as plain text, per URL parameter, for 400 responses."""
        return {field: [str(m) for m in messages] for field, messages in self.errors.items()}
