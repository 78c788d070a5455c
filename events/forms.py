"""Admin forms of the agenda's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

LANGUAGE_CHOICES = [
    ("fr", _("français")),
    ("nl", _("néerlandais")),
    ("de", _("allemand")),
    ("en", _("anglais")),
    ("wa", _("wallon")),
    ("lsfb", _("langue des signes (LSFB)")),
    ("none", _("sans paroles")),
]


class EventPageForm(WagtailAdminPageForm):
    """The event editor."""

    languages = forms.MultipleChoiceField(
        label=_("langues parlées"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
