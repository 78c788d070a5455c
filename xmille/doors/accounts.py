"""The account an approved request opens, and the page where its owner chooses a password.

An approval never mails a password: the account is created without one (unusable) and the
e-mail carries a link to `SetPasswordView` (Django's password-reset token: single use, tied
to the account's current password and last login, valid `PASSWORD_RESET_TIMEOUT`). Choosing
the password logs the person in and lands them on the admin's home. A person who already has
an account (the same e-mail) keeps it: the approval adds the new role to it.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.mail import send_mail
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def user_with_email(email: str):
    """The active account with this e-mail address (case-insensitive), if any."""
    return get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk").first()


def _free_username(wanted: str) -> str:
    User = get_user_model()
    candidate, n = wanted[:150], 2
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{wanted[:140]}-{n}"
        n += 1
    return candidate


def open_account(email: str, first_name: str = "", last_name: str = ""):
    """(user, created): the account of `email`, created without a usable password if missing.
    The username is the e-mail address (people remember it)."""
    existing = user_with_email(email)
    if existing is not None:
        return existing, False
    User = get_user_model()
    user = User(
        username=_free_username(email.strip().lower()),
        email=email.strip(),
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    user.set_unusable_password()
    user.save()
    return user, True


def set_password_url(user) -> str:
    """The absolute address of the page where `user` chooses a password."""
    path = reverse(
        "doors_set_password",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def send_message(to: str, subject: str, body: str) -> None:
    """One plain-text e-mail from the network's address."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def welcome_body(user, role_sentence: str, created: bool) -> str:
    """The approval e-mail's text: what the person may do now, and how to log in."""
    lines = [role_sentence, ""]
    if created or not user.has_usable_password():
        lines += [
            _("Choisissez votre mot de passe à cette adresse (le lien ne sert qu'une fois) :"),
            set_password_url(user),
            "",
            _("Votre identifiant : %(username)s") % {"username": user.username},
        ]
    else:
        lines += [
            _("Connectez-vous avec votre compte habituel : %(url)s")
            % {"url": urljoin(settings.WAGTAILADMIN_BASE_URL, reverse("wagtailadmin_home"))}
        ]
    return "\n".join(lines)


def in_language(language: str):
    """Write an e-mail in the language the person used on the site."""
    return translation.override(language or settings.LANGUAGE_CODE)


class SetPasswordView(PasswordResetConfirmView):
    """Django's password-reset confirmation, which logs the person in and opens the admin."""

    template_name = "xmille/doors/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("wagtailadmin_home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Bienvenue dans le réseau ! Votre mot de passe est enregistré."),
        )
        return response
