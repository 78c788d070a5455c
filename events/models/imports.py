"""What the iCal import (events.ical_import) remembers: which event of an organizer's feed
(its UID) became which event page, and each run's report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedEvent(models.Model):
    """One UID of an organizer's iCal feed and the event page made from it.

    `fingerprint` is a digest of what the feed says of this UID (its components without their
    DTSTAMP): the same digest at the next run means nothing to do. `missing_since` is set
    when the UID left the feed (reported to the organizer, the page left as it is). A page
    deleted in the admin leaves `event` empty: that UID is not imported again."""

    organizer = models.ForeignKey(
        "events.OrganizerPage",
        verbose_name=_("organisateur"),
        on_delete=models.CASCADE,
        related_name="imported_events",
    )
    uid = models.CharField(_("UID iCal"), max_length=255)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("événement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fingerprint = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_changed_at = models.DateTimeField()
    missing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("événement importé")
        verbose_name_plural = _("événements importés")
        constraints = [
            models.UniqueConstraint(fields=["organizer", "uid"], name="imported_event_uid")
        ]

    def __str__(self):
        return self.uid


class ICalImportRun(models.Model):
    """One reading of an organizer's feed: what it changed, or why it changed nothing."""

    class Status(models.TextChoices):
        OK = "ok", _("réussi")
        FAILED = "failed", _("échoué")

    organizer = models.ForeignKey(
        "events.OrganizerPage",
        verbose_name=_("organisateur"),
        on_delete=models.CASCADE,
        related_name="ical_import_runs",
    )
    started_at = models.DateTimeField(_("début"), auto_now_add=True)
    status = models.CharField(_("résultat"), max_length=10, choices=Status.choices)
    url = models.URLField(_("adresse du flux"), max_length=500)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    message = models.TextField(_("rapport"), blank=True)

    class Meta:
        verbose_name = _("import iCal")
        verbose_name_plural = _("imports iCal")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.organizer_id} {self.started_at:%Y-%m-%d %H:%M} {self.status}"
