"""Workflow e-mails whose links lead to the page's own site, not to `WAGTAILADMIN_BASE_URL`.

Wagtail's notification templates prefix their links with the `WAGTAILADMIN_BASE_URL` setting
(`{% base_url_setting %}`), one address for the whole install, `http://localhost:8000` when
the server's `BASE_URL` is not set. The network has one address per site: each e-mail about a
page links to the admin on that page's site (`Site.root_url`: scheme, host, port). Rendering
is Wagtail's (`EmailNotificationMixin.send_emails`); only the links' prefix is rewritten.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.template.loader import render_to_string
from django.utils.translation import override

from wagtail.admin import mail as wagtail_mail
from wagtail.models import Page

logger = logging.getLogger(__name__)


def _page_of(instance) -> Page | None:
    state = getattr(instance, "workflow_state", instance)
    page = getattr(state, "content_object", None)
    return page if isinstance(page, Page) else None


def site_address(instance) -> str | None:
    from ..workflows import site_for_page  # the notifiers live in workflows.py

    page = _page_of(instance)
    site = site_for_page(page) if page is not None else None
    return site.root_url if site is not None else None


class SiteAddressEmailMixin:
    """For Wagtail's e-mail notifiers: links to the page's own site."""

    def __call__(self, instance=None, **kwargs):
        self._site_address = site_address(instance) if instance is not None else None
        try:
            return super().__call__(instance=instance, **kwargs)
        finally:
            self._site_address = None

    def send_emails(self, template_set, context, recipients, **kwargs):
        """Wagtail's `EmailNotificationMixin.send_emails`, with the links' prefix rewritten."""
        configured = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
        address = getattr(self, "_site_address", None)
        if not address or not configured or address == configured:
            return super().send_emails(template_set, context, recipients, **kwargs)

        def local(text: str) -> str:
            return text.replace(configured + "/", address + "/")

        sent = 0
        connection = get_connection()
        try:
            with wagtail_mail.OpenedConnection(connection) as open_connection:
                for recipient in recipients:
                    context["user"] = recipient
                    with override(recipient.wagtail_userprofile.get_preferred_language()):
                        subject = render_to_string(template_set["subject"], context).strip()
                        content = local(render_to_string(template_set["text"], context).strip())
                    mail_kwargs = {}
                    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                        mail_kwargs["html_message"] = local(
                            render_to_string(template_set["html"], context)
                        )
                    try:
                        wagtail_mail.send_mail(
                            subject,
                            content,
                            [recipient.email],
                            connection=open_connection,
                            **mail_kwargs,
                        )
                        sent += 1
                    except Exception:
                        logger.exception(
                            "Failed to send notification e-mail to %s", recipient.email
                        )
        except (TimeoutError, ConnectionError):
            logger.exception("Mail connection error, notification sending skipped")
        return sent == len(recipients)
