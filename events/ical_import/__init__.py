"""iCal import, "encode once": an organizer's own calendar (Google Calendar, Nextcloud, a
WordPress plugin...) read into draft events under its organizer page, deduplicated by UID,
sent through the Agenda workflow.

- `fetch`: download within bounds (size, time, public addresses; `xmille.limits`);
- `parse`: the feed's events and their dates (RRULE/EXDATE/RECURRENCE-ID, all-day, floating
  times, other zones), or a refusal naming what is wrong;
- `sync`: create or update drafts, start their workflow, report what left the feed, e-mail
  the organizer; one transaction, one `ICalImportRun` per run;
- `views`: the admin's "Importer maintenant" page of an organizer.

Run by `manage.py import_ical` (for a scheduler: every organizer with an address on its
published page) and by the button.
"""

from .parse import FeedDate, FeedEvent, ImportProblem, parse_feed
from .sync import import_organizer

__all__ = ["FeedDate", "FeedEvent", "ImportProblem", "import_organizer", "parse_feed"]
