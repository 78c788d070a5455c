"""Throttling of password guesses: the admin login and the password forms of protected pages.

- Admin login (Wagtail's /admin/login/ and Django's /django-admin/): django-axes counts failed
  logins per account and per address (`AXES_LOCKOUT_PARAMETERS`) in the database, and locks
  either one out after `limits.LOGIN_FAILURE_LIMIT` failures for `LOGIN_COOLOFF_MINUTES`.
  `lockout_response` answers 429 with the login page and a French reason instead of axes' bare
  English text. A network admin unlocks from Django's admin ("Access attempts") or with
  `manage.py axes_reset_username <name>` / `axes_reset_ip <address>` / `axes_reset`.
- Password-protected pages and document collections (Wagtail's `PasswordViewRestrictionForm`):
  Wagtail's views accept any number of guesses. Ours are the same views with a `Throttle`:
  atomic cache counters per (restriction, address) and per address, counted *before* the
  password is compared so that a burst of parallel guesses cannot slip past the limit. The
  window opens at the first failure and closes `PAGE_PASSWORD_COOLOFF_MINUTES` later. A right
  password does not count as a guess.
- `client_address` is the one place that reads the client's address, for axes and for us: the
  socket's peer, or, behind `XMILLE_TRUSTED_PROXY_COUNT` proxies, the address the outermost
  trusted proxy saw (never a value the client could choose).
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from axes.backends import AxesStandaloneBackend

from . import limits

TOO_MANY_REQUESTS = 429


def client_address(request) -> str:
    """The client's IP address as the nearest trusted proxy saw it (REMOTE_ADDR without one)."""
    proxies = getattr(settings, "XMILLE_TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # Each trusted proxy appends the address it received from; entries further left were
    # written by the client and prove nothing.
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return forwarded[0] if forwarded else remote


class AxesBackend(AxesStandaloneBackend):
    """django-axes' backend, which lets through the calls that carry no request.

    Every login over HTTP (Wagtail's and Django's login views) passes its request and is
    throttled. Code that authenticates outside a request (the test client's `login()`, a
    shell) has no address to count and would otherwise crash on axes' missing-request error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _minutes(minutes: int) -> str:
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


class Throttle:
    """Failures counted per key in the cache; a key refuses once it has reached its limit."""

    def __init__(self, name: str, limit: int, minutes: int):
        self.name = name
        self.limit = limit
        self.minutes = minutes

    def key(self, *parts) -> str:
        return "xmille:throttle:" + ":".join([self.name, *map(str, parts)])

    def hit(self, *parts) -> int:
        """Count one attempt and return how many the window holds, this one included."""
        key = self.key(*parts)
        cache.add(key, 0, timeout=self.minutes * 60)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.minutes * 60)
            return 1

    def forgive(self, *parts) -> None:
        """Give back an attempt that turned out right."""
        key = self.key(*parts)
        try:
            if cache.decr(key) <= 0:
                cache.delete(key)
        except ValueError:
            pass

    def count(self, *parts) -> int:
        return cache.get(self.key(*parts)) or 0

    def reset(self, *parts) -> None:
        cache.delete(self.key(*parts))


per_restriction = Throttle(
    "password", limits.PAGE_PASSWORD_FAILURE_LIMIT, limits.PAGE_PASSWORD_COOLOFF_MINUTES
)
per_address = Throttle(
    "password-address", limits.PAGE_PASSWORD_ADDRESS_LIMIT, limits.PAGE_PASSWORD_COOLOFF_MINUTES
)


class ThrottledPasswordForm(PasswordViewRestrictionForm):
    """Wagtail's password form, which refuses without comparing when the window is closed."""

    def __init__(self, *args, refusal: str = "", **kwargs):
        self.refusal = refusal
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="throttled")
        return super().clean_password()


def _password_form(request, scope: str, restriction):
    """The bound form for a POST, after counting the attempt, and the status to answer with.

    Returns (form, passed): `passed` is True when the password was right and the window open.
    """
    address = client_address(request)
    pair = per_restriction.hit(scope, restriction.pk, address)
    overall = per_address.hit(address)
    refusal = ""
    if pair > per_restriction.limit or overall > per_address.limit:
        refusal = _(
            "Trop de mots de passe erronés depuis votre adresse : le formulaire est fermé. "
            "Réessayez dans %(delay)s au plus."
        ) % {"delay": _minutes(per_restriction.minutes)}
    form = ThrottledPasswordForm(request.POST, instance=restriction, refusal=refusal)
    if form.is_valid():
        per_restriction.forgive(scope, restriction.pk, address)
        per_address.forgive(address)
        return form, True
    return form, False


def _safe_return_url(request, form) -> str:
    return_url = form.cleaned_data["return_url"]
    if not url_has_allowed_host_and_scheme(return_url, request.get_host(), request.is_secure()):
        return settings.LOGIN_REDIRECT_URL
    return return_url


def _status(form) -> int:
    if form.is_bound and form.has_error("password", code="throttled"):
        return TOO_MANY_REQUESTS
    return 200


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """`wagtail.views.authenticate_with_password`, throttled."""
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    if request.method == "POST":
        form, passed = _password_form(request, "page", restriction)
        if passed:
            restriction.mark_as_passed(request)
            return redirect(_safe_return_url(request, form))
    else:
        form = PasswordViewRestrictionForm(instance=restriction)
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    response.status_code = _status(form)
    return response


def authenticate_with_password_for_documents(request, restriction_id):
    """`wagtail.documents.views.serve.authenticate_with_password`, throttled."""
    restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)
    if request.method == "POST":
        form, passed = _password_form(request, "collection", restriction)
        if passed:
            restriction.mark_as_passed(request)
            return redirect(_safe_return_url(request, form))
    else:
        form = PasswordViewRestrictionForm(instance=restriction)
    context = {
        "form": form,
        "action_url": reverse("wagtaildocs_authenticate_with_password", args=[restriction.id]),
    }
    template = getattr(
        settings, "WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE", "wagtaildocs/password_required.html"
    )
    return TemplateResponse(request, template, context, status=_status(form))


def lockout_message() -> str:
    return _(
        "Trop de tentatives de connexion infructueuses : ce compte ou votre adresse est bloqué. "
        "Réessayez dans %(delay)s, ou demandez à un administrateur du réseau de le débloquer."
    ) % {"delay": _minutes(limits.LOGIN_COOLOFF_MINUTES)}


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the same login page, its error replaced by
    ours, with status 429. Without a login page to reuse, the message alone."""
    message = lockout_message()
    context = getattr(original_response, "context_data", None)
    form = (context or {}).get("form")
    if form is not None and isinstance(original_response, TemplateResponse):
        form.errors.clear()
        form.add_error(None, message)
        # Rendered here: axes' middleware runs after the handler rendered the original.
        return TemplateResponse(
            request, original_response.template_name, context, status=TOO_MANY_REQUESTS
        ).render()
    return HttpResponse(message, status=TOO_MANY_REQUESTS, content_type="text/plain; charset=utf-8")
