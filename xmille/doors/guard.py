"""What every public form without an account shares (join the network, propose an event).

- A honeypot: a field people never see (hidden by CSS, out of the tab order, no autofill);
  a robot fills it. The form then refuses, with a message a person who got there by
  accident can read, and nothing is stored or sent.
- A minimum fill time: the form carries a token signed with the moment it was shown; a post
  sooner than `limits.PUBLIC_FORM_MIN_SECONDS` after it, or without a valid token, is refused
  (the values are kept; the person sends it again). A token older than
  `PUBLIC_FORM_MAX_HOURS` is renewed the same way.
- A rate limit per address and per form: `limits.PUBLIC_FORM_SUBMISSIONS` posts in
  `PUBLIC_FORM_WINDOW_MINUTES`, counted before anything is validated with the same atomic
  cache counters as the password throttle (a burst of parallel posts cannot slip past). Over
  the limit the form answers 429 with its values kept.
- HTML stripped from every text field: what people type is kept as plain text.
"""

import time

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from xmille import limits
from xmille.throttling import Throttle, client_address

TOKEN_SALT = "xmille.doors.form-started"
HONEYPOT = "fax"
TOO_MANY_REQUESTS = 429


def form_token(started: float | None = None) -> str:
    """A signed token holding when the form was shown (now by default)."""
    return signing.dumps(int(started if started is not None else time.time()), salt=TOKEN_SALT)


def token_age(token: str) -> float | None:
    """Seconds since the form holding `token` was shown; None when the token is not ours."""
    try:
        started = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return time.time() - started


def plain_text(value: str) -> str:
    """`value` without HTML tags, each line's spaces trimmed."""
    text = strip_tags(value)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(lines).strip()


class GuardedForm(forms.Form):
    """A public form with a honeypot, a fill-time token and plain-text fields. Subclasses keep
    Django's usual fields; `throttle_name` names the rate limit's counter."""

    throttle_name = "public-form"
    refusal = ""  # set by `guarded_post` when the address is over its limit

    started = forms.CharField(widget=forms.HiddenInput, required=False)
    fax = forms.CharField(
        label=gettext_lazy("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_token()

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name not in ("started", HONEYPOT) and isinstance(value, str):
                cleaned[name] = plain_text(value)
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="throttled")
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(
                _(
                    "Votre envoi n'a pas pu être accepté : un champ caché, réservé à la "
                    "détection des robots, a été rempli. Videz le champ « Laissez ce champ "
                    "vide » et envoyez à nouveau."
                ),
                code="honeypot",
            )
        age = token_age(self.data.get("started", ""))
        if age is None or age > limits.PUBLIC_FORM_MAX_HOURS * 3600:
            self._renew_token()
            raise forms.ValidationError(
                _(
                    "Le formulaire a expiré ou n'a pas été ouvert depuis notre site. Vos "
                    "réponses sont conservées : vérifiez-les et envoyez à nouveau."
                ),
                code="token",
            )
        if age < limits.PUBLIC_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                ngettext(
                    "Le formulaire a été envoyé trop vite (moins de %(seconds)s seconde après "
                    "son ouverture) : relisez vos réponses et envoyez à nouveau.",
                    "Le formulaire a été envoyé trop vite (moins de %(seconds)s secondes après "
                    "son ouverture) : relisez vos réponses et envoyez à nouveau.",
                    limits.PUBLIC_FORM_MIN_SECONDS,
                )
                % {"seconds": limits.PUBLIC_FORM_MIN_SECONDS},
                code="too_fast",
            )
        return cleaned

    def _renew_token(self):
        data = self.data.copy()
        data["started"] = form_token()
        self.data = data

    @property
    def throttled(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code="throttled")


def throttle_for(name: str) -> Throttle:
    return Throttle(
        f"doors-{name}", limits.PUBLIC_FORM_SUBMISSIONS, limits.PUBLIC_FORM_WINDOW_MINUTES
    )


def guarded_post(request, form: GuardedForm) -> GuardedForm:
    """Count this post against the address's limit (before validating: parallel posts cannot
    slip past) and mark the form refused when over it."""
    throttle = throttle_for(form.throttle_name)
    if throttle.hit(client_address(request)) > throttle.limit:
        form.refusal = ngettext(
            "Trop d'envois depuis votre adresse : %(count)s au plus en %(minutes)s minute. "
            "Vos réponses sont conservées : réessayez dans quelques minutes.",
            "Trop d'envois depuis votre adresse : %(count)s au plus en %(minutes)s minutes. "
            "Vos réponses sont conservées : réessayez dans quelques minutes.",
            limits.PUBLIC_FORM_WINDOW_MINUTES,
        ) % {"count": throttle.limit, "minutes": limits.PUBLIC_FORM_WINDOW_MINUTES}
    return form


def status_of(form: GuardedForm) -> int:
    """The status to answer an invalid form with: 429 when throttled, else 200 (the page with
    the errors next to the fields)."""
    return TOO_MANY_REQUESTS if form.throttled else 200
