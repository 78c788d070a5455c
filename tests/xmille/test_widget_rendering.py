"""`xmille.widget_rendering`: the widgets written in Python are Django's, byte for byte, in
every state a visitor can bring them to (values, errors, choices, escaping), and the agenda's
filter form renders the same with it as with Django's templates."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

import pytest

from events.agenda import AgendaFilterForm
from xmille.widget_rendering import PYTHON_WIDGETS, WRITERS

TEMPLATES = DjangoTemplates()


class EveryWidget(forms.Form):
    """One field per widget the writers cover, with what can trip the markup up."""

    text = forms.CharField(label=gettext_lazy("Mot-clé"), max_length=20)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"class": "a b"}))
    number = forms.FloatField(
        required=False, widget=forms.NumberInput(attrs={"min": 1, "step": "any"})
    )
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    url = forms.URLField(required=False, assume_scheme="https")
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(
        choices=[("", "—"), ("a", "A & <b>"), ("b", 'B "quoted"')], required=False
    )
    grouped = forms.ChoiceField(
        choices=[("Liège", [("1", "Opéra"), ("2", "Grange")]), ("Namur", [("3", "Citadelle")])],
        required=False,
    )
    several = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y"), ("z", "Z")], required=False
    )
    checks = forms.MultipleChoiceField(
        choices=[("x", "X <i>"), ("y", "Y")],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checklist"}),
    )
    radios = forms.ChoiceField(
        choices=[("x", "X"), ("y", mark_safe("<em>Y</em>"))],
        required=False,
        widget=forms.RadioSelect,
    )
    disabled = forms.CharField(required=False, disabled=True, initial="<fixe>")


def both(form_class, data=None, **kwargs):
    """The same form rendered by Django's templates and by the Python writers."""
    return (
        form_class(data, renderer=TEMPLATES, **kwargs),
        form_class(data, renderer=PYTHON_WIDGETS, **kwargs),
    )


def pieces(form) -> list[str]:
    """Everything a template asks of each field: the widget, each option's tag and the whole
    option, the label tag and the legend tag."""
    out = []
    for field in form:
        out += [str(field), field.label_tag(), field.legend_tag(), field.label_tag("x < y")]
        if hasattr(field.field.widget, "optgroups") or isinstance(
            field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            for option in field:
                out += [option.tag(), str(option), option.tag(wrap_label=True)]
    return out


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {
            "text": 'trop long pour le champ <script>"',
            "email": "pas-un-email",
            "number": "12,5",
            "day": "2026-02-30",
            "url": "javascript:alert(1)",
            "agree": "on",
            "choice": "a",
            "grouped": "3",
            "several": ["x", "z"],
            "checks": ["y"],
            "radios": "y",
            "hidden": "caché & <ok>",
        },
        {"choice": "nope", "several": ["w"], "checks": ["x", "w"], "radios": "w"},
    ],
)
def test_every_widget_is_written_as_djangos_templates_write_it(data):
    if isinstance(data, dict):
        data = _query(data)
    django_form, python_form = both(EveryWidget, data)
    assert pieces(python_form) == pieces(django_form)


def _query(values: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.mark.django_db
def test_the_writers_cover_the_agenda_forms_widgets(network):
    """Every template the agenda's filter form renders is one written in Python (a widget
    added later through a template would still render, only slower)."""
    asked = []

    class Recording(type(PYTHON_WIDGETS)):
        def render(self, template_name, context, request=None):
            asked.append(template_name)
            return super().render(template_name, context, request)

    home = network["quatremille"].root_page
    form = AgendaFilterForm(QueryDict("when=weekend&free=on"), root=home, renderer=Recording())
    form.is_valid()
    for field in form:
        str(field)
        field.label_tag()
        for option in field.subwidgets:
            option.tag()
    assert asked
    assert set(asked) - {"django/forms/label.html"} <= set(WRITERS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "when=weekend&category=concerts&free=on&young=on",
        "date_from=2026-13-01&date_to=2026-01-01&radius=9999&near=nowhere",
        "q=%3Cscript%3E&venue_q=Op%C3%A9ra+%26+co&organizer=999999999999",
        "town=liege&radius=5&ongoing=on&accessible=on",
    ],
)
def test_the_agenda_filter_form_renders_the_same_with_either_renderer(network, query):
    home = network["quatremille"].root_page
    rendered = []
    for renderer in (TEMPLATES, PYTHON_WIDGETS):
        form = AgendaFilterForm(QueryDict(query), root=home, renderer=renderer)
        form.is_valid()
        rendered.append(
            render_to_string(
                "events/includes/filter_form.html",
                {"filter_form": form, "agenda_url": "/agenda/", "fixed_filters": set()},
            )
        )
    assert rendered[1] == rendered[0]
    assert 'name="when"' in rendered[0]


def test_the_agenda_filter_form_uses_the_python_writers():
    assert AgendaFilterForm.default_renderer is PYTHON_WIDGETS
