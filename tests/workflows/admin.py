"""Driving the Wagtail admin as a user would, with the forms' real fields (read from the HTML an
allowed user gets), so that tests POST what a browser would — or what an attacker would."""

from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from wagtail.fields import StreamField
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

ADMIN_HOST = "quatremille.localhost"


def client_for(user) -> Client:
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    return client


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M")


def _with_empty_streams(data, model, page=None):
    """Stream fields are drawn by JavaScript: the HTML has no inputs for them. These helpers
    only handle empty ones (the tests' pages keep their stream fields empty)."""
    for model_field in model._meta.get_fields():
        if isinstance(model_field, StreamField) and f"{model_field.name}-count" not in data:
            if page is not None:
                assert not getattr(page, model_field.name), f"{model_field.name} is not empty"
            data[f"{model_field.name}-count"] = "0"
    return data


def edit_form(client: Client, page) -> dict:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    page = page.specific
    return _with_empty_streams(data, type(page), page.get_latest_revision_as_object())


def create_form(client: Client, model: str, parent) -> dict:
    app, name = model.split(".")
    response = client.get(reverse("wagtailadmin_pages:add", args=[app, name, parent.pk]))
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    return _with_empty_streams(data, apps.get_model(app, name))


def post_edit(client: Client, page, data, action: str | None = None):
    data = data.copy()
    if action:
        data[f"action-{action}"] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def post_create(client: Client, model: str, parent, data, action: str | None = None):
    app, name = model.split(".")
    data = data.copy()
    if action:
        data[f"action-{action}"] = "1"
    return client.post(reverse("wagtailadmin_pages:add", args=[app, name, parent.pk]), data)


def fill_event(data, *, title, teaser, venue=None, start=None, end=None, slug=None):
    data["title"] = title
    data["slug"] = slug or slugify(title)
    data["teaser"] = teaser
    if venue is not None:
        data["venue"] = str(venue.pk)
    if start is not None:
        data["occurrences-0-start"] = local(start)
        data["occurrences-0-end"] = local(end) if end else ""
    return data


def workflow_action(client: Client, page, action: str, comment: str = ""):
    state = page.current_workflow_state
    task_state = state.current_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )


def form_errors(response) -> str:
    """The page form's errors, for assertion messages."""
    context = getattr(response, "context", None) or {}
    form = context.get("form") if hasattr(context, "get") else None
    if form is None:
        return f"status {response.status_code}"
    errors = dict(form.errors)
    for name, formset in getattr(form, "formsets", {}).items():
        errors[name] = [formset.non_form_errors(), *[f.errors for f in formset.forms]]
    return repr(errors)


def set_stream(data, name: str, items) -> None:
    """Replace a stream field's form data by `items` ([(block type, form value), ...])."""
    for key in [k for k in data if k == f"{name}-count" or k.startswith(f"{name}-")]:
        del data[key]
    for key, value in nested_form_data({name: streamfield(items)}).items():
        data[key] = value


def assert_denied(response) -> None:
    """Wagtail refuses with a 403, or by sending the user back to the dashboard with "Sorry,
    you do not have permission"."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    assert response.url == reverse("wagtailadmin_home"), response.url
