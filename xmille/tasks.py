"""Background work, off the request: purges and e-mails (and Wagtail's own search-index and
reference-index updates), through Django's task framework (the django-tasks package).

Where they run is the `TASKS` setting: immediately, in the request, in development and tests
(`ImmediateBackend`); in production, queued in the database (django-tasks-db's
`DatabaseBackend`) and run by a worker started next to gunicorn:

    DJANGO_SETTINGS_MODULE=xmille.settings.production python manage.py db_worker

A task's arguments are stored as JSON: ids and URLs, never model instances."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.models import Page

from django_tasks import task


@task()
def purge_urls_task(urls: list[str]) -> int:
    """Purge `urls` from every `WAGTAILFRONTENDCACHE` backend (our page cache, a CDN)."""
    purge_urls_from_cache_task.call(urls)
    return len(urls)


@task()
def purge_page_task(
    page_id: int, extra_site_ids: list[int] | None = None, structure: bool = True
) -> int:
    """Purge what shows page `page_id` (`xmille.page_purge.purge_urls`), on its own site, the
    sites it is shared with and `extra_site_ids` (a share just removed); `structure` False
    for a page that only appears in lists (`xmille.content_cache.changes_site_structure`)."""
    from .content_cache import site_changed
    from .page_purge import purge_urls

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    urls, site_ids = purge_urls(page, extra_site_ids or ())
    # The shared sites' fragments too.
    site_changed(*site_ids, structure=structure)
    purge_urls_from_cache_task.call(urls)
    return len(urls)


# E-mail ------------------------------------------------------------------------------------


def serialize_message(message) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


@task()
def send_email_task(message: dict) -> int:
    """Send one message through `XMILLE_TASK_EMAIL_BACKEND` (the real one: SMTP...)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
        alternatives=[tuple(alternative) for alternative in message["alternatives"]],
        connection=get_connection(settings.XMILLE_TASK_EMAIL_BACKEND),
    )
    return email.send()


class TaskEmailBackend(BaseEmailBackend):
    """EMAIL_BACKEND that queues each message as a task: Wagtail's moderation notifications
    and ours leave the request at once. Attachments are not supported (none are sent)."""

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if message.attachments:
                raise ValueError("TaskEmailBackend does not queue attachments.")
            send_email_task.enqueue(serialize_message(message))
            count += 1
        return count
