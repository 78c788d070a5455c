"""Writing a parsed feed under its organizer (`import_organizer`): draft events deduplicated
by UID, sent through the page's workflow, and a report.

- Nothing is published here. A new UID becomes a draft EventPage under the organizer; a
  changed one a new revision of its page (a live page stays live as it is until the new
  revision is approved). Either way the page's workflow ("Agenda": the editorial check, then
  the region's moderators, which a trusted organizer's events skip) starts for it; a workflow
  already in progress on the page is cancelled first, so the check sees the new revision.
- The feed owns the title, the dates (future ones: past dates stay as they were) and the
  cancelled status. Teaser, description, venue and online link are filled from the feed only
  while empty: what the organizer completes in the admin is never overwritten.
- A UID whose feed components are unchanged (`fingerprint`) is left alone: a second run of
  the same feed writes nothing and starts no workflow.
- A UID gone from the feed is reported (run report, e-mail), its page left as it is: never
  silently deleted. A page deleted in the admin is not created again.
- Any problem (download, size, timeout, unreadable feed or date) fails the whole run in one
  transaction: nothing changes, and the organizer reads why.
- Venue: the feed's LOCATION is matched with the site's venues by name (accents and case
  aside); otherwise the organizer's default venue. A LOCATION that is a web address makes an
  online event.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.models import Locale, Page

from xmille.visibility import visible

from ..models import (
    LONG_RUNNING,
    EventOccurrence,
    EventPage,
    ICalImportRun,
    ImportedEvent,
    OrganizerPage,
    VenuePage,
)
from .fetch import fetch_feed
from .parse import FeedEvent, ImportProblem, parse_feed

logger = logging.getLogger(__name__)
TEASER_LENGTH = 200


def _normalise(text: str) -> str:
    from xmille.workflows import normalise

    return normalise(text)


@dataclass
class Outcome:
    created: list[EventPage] = field(default_factory=list)
    updated: list[EventPage] = field(default_factory=list)
    unchanged: int = 0
    missing: list[ImportedEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def venue_finder(organizer: OrganizerPage):
    """A function from a LOCATION text to one of the site's public venues, or the default."""
    home = Page.objects.get(path=organizer.path[: 2 * Page.steplen])
    names = {
        _normalise(title): pk
        for pk, title in visible(VenuePage.objects.descendant_of(home)).values_list("pk", "title")
    }
    default = organizer.ical_default_venue_id

    def find(location: str) -> int | None:
        text = _normalise(location)
        if text in names:
            return names[text]
        # "La Cité Miroir, Place Xavier-Neujean 22, Liège": the name before the address.
        head = _normalise(location.split(",", 1)[0])
        return names.get(head, default)

    return find


def _teaser(event: FeedEvent) -> str:
    first = event.description.strip().split("\n\n", 1)[0].replace("\n", " ").strip()
    return Truncator(first).chars(TEASER_LENGTH)


def _fill(page: EventPage, event: FeedEvent, find_venue) -> None:
    """The feed's facts on the page (see the module docstring for what the feed owns)."""
    page.title = Truncator(event.title).chars(255)
    page.draft_title = page.title
    if event.cancelled:
        page.status = EventPage.Status.CANCELLED
    elif page.status == EventPage.Status.CANCELLED:
        page.status = EventPage.Status.SCHEDULED
    if not page.teaser:
        page.teaser = _teaser(event)
    if not page.body and event.description:
        paragraphs = [p.strip() for p in event.description.split("\n\n") if p.strip()]
        page.body = [
            (
                "paragraph",
                "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs),
            )
        ]
    location = event.location
    if location.startswith(("http://", "https://")):
        if not page.online_url:
            page.online_url = location[:200]
            page.attendance_mode = EventPage.AttendanceMode.ONLINE
    elif page.venue_id is None:
        page.venue_id = find_venue(location) if location else find_venue("")
    if not page.online_url and event.url.startswith(("http://", "https://")) and not location:
        page.online_url = event.url[:200]


def _occurrences(page: EventPage, event: FeedEvent, now: datetime) -> list[EventOccurrence]:
    """The page's past dates as they were, then the feed's dates to come."""
    past = [o for o in page.occurrences.all() if o.effective_end <= now]
    new = [
        EventOccurrence(start=d.start, end=d.end, all_day=d.all_day, cancelled=d.cancelled)
        for d in event.dates
    ]
    for occurrence in new:  # as EventOccurrence.save computes them (revisions hold them too)
        occurrence.ends_at = occurrence.effective_end
        occurrence.long_running = occurrence.ends_at - occurrence.start > LONG_RUNNING
    return past + new


def _submit(page: EventPage, user) -> None:
    """Through the page's workflow, never published here."""
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)


def _requester(organizer: OrganizerPage, user):
    """Who the submission is in the name of: the person who clicked, or the organizer's
    group's first member (so that the check's verdict reaches the organizer), or nobody."""
    if user is not None:
        return user
    from xmille.models import RoleGroup
    from xmille.roles import role_group

    group = role_group(RoleGroup.Role.ORGANIZER, organizer)
    if group is None:
        return organizer.owner
    return group.user_set.filter(is_active=True).order_by("pk").first() or organizer.owner


def apply_feed(
    organizer: OrganizerPage, events: list[FeedEvent], *, user=None, now=None
) -> Outcome:
    """Create, update and report, in the caller's transaction."""
    now = now or timezone.now()
    outcome = Outcome()
    requester = _requester(organizer, user)
    find_venue = venue_finder(organizer)
    known = {row.uid: row for row in ImportedEvent.objects.filter(organizer=organizer)}
    to_submit = []
    for event in events:
        record = known.get(event.uid)
        if record is not None and record.fingerprint == event.fingerprint:
            outcome.unchanged += 1
            if record.missing_since is not None:
                record.missing_since = None
                record.save(update_fields=["missing_since"])
            continue
        if record is not None and record.event_id is None:
            outcome.notes.append(
                _("« %(title)s » a été supprimé ici : il n'est plus importé.")
                % {"title": event.title}
            )
            record.fingerprint, record.missing_since = event.fingerprint, None
            record.last_changed_at = now
            record.save()
            continue
        if not event.dates and record is None:
            outcome.unchanged += 1  # only past dates: nothing to announce
            continue
        if record is None:
            page = EventPage(live=False, owner=requester, teaser="")
            _fill(page, event, find_venue)
            page.occurrences = _occurrences(page, event, now)
            organizer.add_child(instance=page)
            page.save_revision(user=requester, log_action=True)
            record = ImportedEvent(organizer=organizer, uid=event.uid, event=page)
            outcome.created.append(page)
        else:
            page = record.event.get_latest_revision_as_object()
            _fill(page, event, find_venue)
            page.occurrences = _occurrences(page, event, now)
            page.save_revision(user=requester, log_action=True)
            outcome.updated.append(page)
        record.fingerprint, record.missing_since, record.last_changed_at = (
            event.fingerprint,
            None,
            now,
        )
        record.save()
        to_submit.append(page)
    seen = {event.uid for event in events}
    for uid, record in known.items():
        if uid not in seen and record.missing_since is None and record.event_id is not None:
            record.missing_since = now
            record.save(update_fields=["missing_since"])
            outcome.missing.append(record)
    for page in to_submit:
        _submit(EventPage.objects.get(pk=page.pk), requester)
    return outcome


def report(outcome: Outcome) -> str:
    lines = [
        ngettext(
            "%(count)s événement créé (brouillon soumis à la modération).",
            "%(count)s événements créés (brouillons soumis à la modération).",
            len(outcome.created),
        )
        % {"count": len(outcome.created)},
        ngettext(
            "%(count)s événement mis à jour (soumis à la modération).",
            "%(count)s événements mis à jour (soumis à la modération).",
            len(outcome.updated),
        )
        % {"count": len(outcome.updated)},
        ngettext(
            "%(count)s événement inchangé.", "%(count)s événements inchangés.", outcome.unchanged
        )
        % {"count": outcome.unchanged},
    ]
    if outcome.missing:
        lines.append(
            _(
                "Ces événements ne sont plus dans votre agenda ; ils restent ici tels quels. "
                "Dépubliez-les ou supprimez-les vous-même s'ils n'ont plus lieu :"
            )
        )
        lines += [
            f"- {record.event.title if record.event else record.uid}" for record in outcome.missing
        ]
    lines += outcome.notes
    return "\n".join(lines)


def _recipients(organizer: OrganizerPage) -> list[str]:
    from xmille.models import RoleGroup
    from xmille.roles import role_group

    group = role_group(RoleGroup.Role.ORGANIZER, organizer)
    emails = []
    if group is not None:
        emails = list(
            group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
    return emails or ([organizer.contact_email] if organizer.contact_email else [])


def notify(organizer: OrganizerPage, run: ICalImportRun, previous: ICalImportRun | None) -> None:
    """E-mail the organizer when something needs them: a failure (once, not at every
    scheduled run of the same failure), or events gone from their feed."""
    if run.status == ICalImportRun.Status.FAILED:
        if (
            previous is not None
            and previous.status == ICalImportRun.Status.FAILED
            and previous.message == run.message
        ):
            return
        subject = _("Import de votre agenda iCal : rien n'a été importé")
    elif run.missing:
        subject = _("Import de votre agenda iCal : des événements ont disparu de votre agenda")
    else:
        return
    recipients = _recipients(organizer)
    if not recipients:
        return
    body = "\n\n".join(
        [
            _("Bonjour,"),
            _("Import de l'agenda %(url)s pour « %(organizer)s » :")
            % {"url": run.url, "organizer": organizer.title},
            run.message,
        ]
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def import_organizer(organizer: OrganizerPage, *, user=None, fetch=None) -> ICalImportRun:
    """Read the organizer's feed (the address on its live page) and apply it; the run, with
    its report, is recorded and returned whatever happens."""
    organizer = OrganizerPage.objects.get(pk=organizer.pk)  # the live row, never a draft's URL
    if organizer.locale.language_code != settings.LANGUAGE_CODE:
        # One import per organizer, into its French original (the source of translations):
        # a translated copy of the page carries the same address.
        original = organizer.get_translation_or_none(
            Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        )
        organizer = OrganizerPage.objects.get(pk=original.pk) if original else organizer
    previous = organizer.ical_import_runs.order_by("-started_at", "-pk").first()
    url = organizer.ical_url
    run = ICalImportRun(organizer=organizer, url=url or "")
    try:
        if not url:
            raise ImportProblem(
                _("Aucune adresse d'agenda iCal sur la page publiée de « %(organizer)s ».")
                % {"organizer": organizer.title}
            )
        data = (fetch or fetch_feed)(url)
        events = parse_feed(data)
        with transaction.atomic():
            outcome = apply_feed(organizer, events, user=user)
    except ImportProblem as problem:
        run.status = ICalImportRun.Status.FAILED
        run.message = _("Rien n'a été modifié. %(reason)s") % {"reason": problem}
    except Exception:  # a bug must not stop the other organizers' imports
        logger.exception("iCal import of organizer %s failed", organizer.pk)
        run.status = ICalImportRun.Status.FAILED
        run.message = _(
            "Rien n'a été modifié : une erreur inattendue s'est produite. L'équipe technique "
            "en est informée."
        )
    else:
        run.status = ICalImportRun.Status.OK
        run.created, run.updated = len(outcome.created), len(outcome.updated)
        run.unchanged, run.missing = outcome.unchanged, len(outcome.missing)
        run.message = report(outcome)
    run.save()
    notify(organizer, run, previous)
    return run
