"""The people's door: "Rejoindre le réseau" for writers, photographers, videographers and
local radios, on each site (its editors-in-chief decide)."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from xmille.models import ContributorRequest

from .guard import GuardedForm

http_url = URLValidator(
    schemes=["http", "https"],
    message=_("Saisissez une adresse web qui commence par http:// ou https://."),
)


MAX_ID = 2**31 - 1


class IdChoiceField(forms.ModelChoiceField):
    """A choice of a row by its id that refuses, as an invalid choice, what no id can be
    (letters, a number too large for the database) instead of failing in the query."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text.isdigit() or int(text) > MAX_ID:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(text)


def accepts_line_field():
    return forms.BooleanField(
        label=_("J'ai lu la ligne éditoriale du réseau et je l'accepte."),
        error_messages={
            "required": _(
                "Cochez cette case pour accepter la ligne éditoriale (lien au-dessus du "
                "formulaire) : sans elle, nous ne pouvons pas vous accueillir."
            )
        },
    )


class ContributorForm(GuardedForm):
    throttle_name = "join"

    name = forms.CharField(label=_("Votre nom"), max_length=120)
    email = forms.EmailField(
        label=_("Votre e-mail"), help_text=_("Nous y envoyons la réponse de la rédaction.")
    )
    kind = forms.ChoiceField(label=_("Vous êtes"), choices=ContributorRequest.Kind.choices)
    about = forms.CharField(
        label=_("Qui êtes-vous ?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )
    wishes = forms.CharField(
        label=_("Ce que vous aimeriez faire pour le magazine"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("Des interviews, des chroniques, des reportages photo ou vidéo…"),
    )
    sample_url = forms.URLField(
        assume_scheme="https",
        label=_("Un exemple de votre travail (lien)"),
        max_length=500,
        validators=[http_url],
        help_text=_("Un article, une galerie, une vidéo, une émission : une adresse web."),
    )
    accepts_line = accepts_line_field()
