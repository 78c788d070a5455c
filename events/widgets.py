"""The venue editor's map: wagtailgeowidget's Leaflet field (a draggable marker) fed by our
geocoding proxy (`events.geocoding`), with Leaflet served from our own static files.

The widget's value ("SRID=4326;POINT(lng lat)") is a form field only: `VenuePageForm` reads it
from the venue's latitude/longitude and writes it back to them, the indexed columns the agenda
queries. That is the one code path from the map to the database."""

from django import forms
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtailgeowidget.widgets import LeafletField

from xmille.edit_conflicts import GuardedPageForm

from .geo import parse_widget_point, widget_point

LEAFLET = "events/vendor/leaflet/"
POINT_ZOOM = 16
NO_POINT_ZOOM = 8


def leaflet_icon_script(path: str) -> forms.Script:
    """A script tag that tells Leaflet where its marker images are: with hashed static names
    (production) it cannot guess them from its stylesheet."""
    return forms.Script(
        path,
        **{
            "data-icon": static(f"{LEAFLET}images/marker-icon.png"),
            "data-icon-retina": static(f"{LEAFLET}images/marker-icon-2x.png"),
            "data-shadow": static(f"{LEAFLET}images/marker-shadow.png"),
        },
    )


class VenueMapWidget(LeafletField):
    """wagtailgeowidget's Leaflet field, with Leaflet from our static files (no CDN) and a
    closer zoom once the venue has a point."""

    def __init__(self, **kwargs):
        kwargs.setdefault("address_field", "find_address")
        kwargs.setdefault("srid", 4326)
        kwargs.setdefault("id_prefix", "id_")
        super().__init__(**kwargs)

    def build_attrs(self, *args, **kwargs):
        self.zoom = POINT_ZOOM if parse_widget_point(self.value_data or "") else NO_POINT_ZOOM
        return super().build_attrs(*args, **kwargs)

    @property
    def media(self):
        return forms.Media(
            css={"all": ("wagtailgeowidget/css/leaflet-field.css", f"{LEAFLET}leaflet.css")},
            js=(
                f"{LEAFLET}leaflet.js",
                leaflet_icon_script("events/js/leaflet-icons.js"),
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
            ),
        )


class AddressSearchWidget(forms.TextInput):
    """The address to look up, with a button: asks our geocoding proxy, then moves the map's
    marker (wagtailgeowidget's "searchGeocoded" event). Never a search per keystroke."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {
            **(attrs or {}),
            "data-geocoder-url": reverse("xmille_geocode"),
            "data-msg-empty": _("Écrivez d'abord l'adresse du lieu."),
            "data-msg-searching": _("Recherche de l'adresse…"),
            "data-msg-found": _("Adresse trouvée : vérifiez le point et déplacez-le au besoin."),
            "data-msg-failed": _(
                "La recherche d'adresse a échoué. Le point n'a pas changé : placez-le à la "
                "main sur la carte."
            ),
            "data-msg-offline": _(
                "Le service de géocodage est injoignable (hors ligne ?). Le point n'a pas "
                "changé : placez-le à la main sur la carte."
            ),
        }
        field = super().render(name, value, attrs, renderer)
        return format_html(
            '<div class="xmille-geocoder" data-xmille-geocoder>{}'
            '<p><button type="button" class="button button-secondary" data-geocoder-button>'
            "{}</button></p>"
            '<p class="help-block" data-geocoder-status role="status" aria-live="polite"></p>'
            '<p class="help">{}</p></div>',
            field,
            _("Placer cette adresse sur la carte"),
            _(
                "Recherche par Nominatim, données © les contributeurs d'OpenStreetMap. Vérifiez "
                "le point et déplacez-le au besoin."
            ),
        )

    @property
    def media(self):
        return forms.Media(js=("events/js/venue-geocoder.js",))


class VenuePageForm(GuardedPageForm):
    find_address = forms.CharField(
        label=_("Chercher l'adresse"),
        required=False,
        max_length=200,
        widget=AddressSearchWidget(),
        help_text=_("Rue, numéro, code postal et localité ; rien n'est enregistré ici."),
    )
    location = forms.CharField(
        label=_("Point sur la carte"),
        required=False,
        max_length=250,
        widget=VenueMapWidget(),
        help_text=_(
            "Déplacez le marqueur sur l'entrée du lieu, ou écrivez « latitude,longitude ». "
            "Sans point, le lieu et ses événements n'apparaissent pas sur la carte."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venue = self.instance
        self.initial.setdefault("location", widget_point(venue.latitude, venue.longitude))
        address = ", ".join(
            part for part in (venue.street, f"{venue.postal_code} {venue.city}".strip()) if part
        )
        self.initial.setdefault("find_address", address if venue.street or venue.city else "")

    def clean_location(self):
        value = (self.cleaned_data.get("location") or "").strip()
        if value and parse_widget_point(value) is None:
            raise forms.ValidationError(
                _(
                    "Le point « %(value)s » n'est pas lisible : déplacez le marqueur sur la carte "
                    "ou écrivez « latitude,longitude »."
                ),
                params={"value": value},
            )
        return value

    def _post_clean(self):
        super()._post_clean()
        if "location" in self.cleaned_data:
            point = parse_widget_point(self.cleaned_data["location"])
            self.instance.latitude = point.latitude if point else None
            self.instance.longitude = point.longitude if point else None
