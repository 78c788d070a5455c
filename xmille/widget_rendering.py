"""A form renderer that writes Django's plain widgets and labels in Python.

Django renders every widget, option and label through a template (`input.html` including
`attrs.html`, each `<option>` its own `select_option.html`...): the agenda's filter form, some
forty of them, cost a cold agenda more than its date queries. `PythonWidgetRenderer` writes the
same markup, byte for byte (`tests/xmille/test_widget_rendering.py` compares the two), for the
templates in `WRITERS`, and leaves any other template (a custom widget's) to Django. A form
uses it with `default_renderer = PYTHON_WIDGETS`."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """`attrs.html`: ` name="value"` each, a bare name for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


# Each writer returns what its template outputs, newlines included: a template ends with its
# file's last newline, and an included one keeps it (`attrs.html` has none). The renderer strips
# the outermost result, as Django's does.


def _input(widget: dict) -> str:
    """`input.html`, included by every plain input's template."""
    value = widget["value"]
    value = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'
    )


def _input_option(widget: dict) -> str:
    """`input_option.html`: an input, in its label when `wrap_label`."""
    if not widget.get("wrap_label"):
        return _input(widget) + "\n"
    label_id = widget["attrs"].get("id")
    for_id = f' for="{conditional_escape(label_id)}"' if label_id else ""
    label = conditional_escape(widget["label"])
    return f"<label{for_id}>{_input(widget)} {label}</label>\n"


def _option(widget: dict) -> str:
    """`select_option.html`."""
    return (
        f'<option value="{conditional_escape(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>\n"
    )


def _select(widget: dict) -> str:
    """`select.html`: its options each written by their own template's writer."""
    html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        html.extend(f"\n  {WRITERS[option['template_name']](option)}" for option in options)
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>\n")
    return "".join(html)


def _multiple(widget: dict) -> str:
    """`multiple_input.html`: checkboxes or radio buttons, each in a <div>."""
    attrs = widget["attrs"]
    html = ["<div"]
    if attrs.get("id"):
        html.append(f' id="{conditional_escape(attrs["id"])}"')
    if attrs.get("class"):
        html.append(f' class="{conditional_escape(attrs["class"])}"')
    html.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        html.extend(
            f"<div>\n    {WRITERS[option['template_name']](option)}</div>" for option in options
        )
        if group:
            html.append("\n  </div>")
    html.append("\n</div>\n")
    return "".join(html)


def _label(context: dict) -> str:
    """`label.html` (BoundField.label_tag, legend_tag)."""
    if not context["use_tag"]:
        return conditional_escape(context["label"]) + "\n"
    tag = conditional_escape(context["tag"])
    attrs = _attrs(context["attrs"] or {})
    return f"<{tag}{attrs}>{conditional_escape(context['label'])}</{tag}>\n"


def _including(write):
    """A template that includes another's output, then adds its own last newline."""
    return lambda widget: write(widget) + "\n"


WIDGETS = "django/forms/widgets/"
# {template name: writer of the widget's context}
WRITERS = {
    WIDGETS + "input.html": _input,
    **{
        f"{WIDGETS}{name}.html": _including(_input)
        for name in (
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "search",
            "tel",
            "color",
            "checkbox",
        )
    },
    WIDGETS + "input_option.html": _input_option,
    WIDGETS + "checkbox_option.html": _including(_input_option),
    WIDGETS + "radio_option.html": _including(_input_option),
    WIDGETS + "select_option.html": _option,
    WIDGETS + "select.html": _select,
    WIDGETS + "multiple_input.html": _multiple,
    WIDGETS + "checkbox_select.html": _including(_multiple),
    WIDGETS + "radio.html": _including(_multiple),
}


class PythonWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the templates of `WRITERS` written in Python."""

    def render(self, template_name, context, request=None):
        if template_name == "django/forms/label.html":
            return mark_safe(_label(context).strip())
        write = WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return mark_safe(write(context["widget"]).strip())


PYTHON_WIDGETS = PythonWidgetRenderer()
