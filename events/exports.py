"""CSV of an agenda selection, for partners' spreadsheets: `<agenda url>csv/?<the list's filters>`
(also under a region page's agenda: the region is then fixed).

Choices worth knowing:

- One selection: the agenda's filter form (`AgendaFilterForm`) and query
  (`soonest_occurrences`, the feeds' index-friendly reading of `agenda_occurrences`). A bad
  value answers 400 text/plain with the reasons, as the iCal feed does.
- One row per date, the soonest first, at most `limit` (`limits.CSV_MAX_ROWS` by default and
  at most; a header `X-Xmille-Truncated: 1` says when the selection has more).
- UTF-8 with a byte-order mark, so that Excel reads the accents; RFC 4180 quoting, CRLF line
  ends. Comma by default; `separator=semicolon` for spreadsheets set to a French or Belgian
  locale (Excel there splits on `;`).
- Columns are stable (`COLUMNS`, documented in README.md "Open data"): new ones are only
  ever added at the end, none is renamed or removed. Names are English snake_case, values
  are data (ISO 8601 dates with their offset, `1`/`0`, slugs), never translated words, so
  that a partner's import survives a change of language.
- Only what the public sees (`xmille.visibility` through the selection), only public fields
  (the organizer's "public e-mail" is not even included: a spreadsheet travels).
- A constant number of SQL queries whatever the number of rows; ETag/Last-Modified and 304
  (`xmille.conditional`), checked before anything is built.
"""

import csv
import io

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from xmille import limits
from xmille.conditional import conditional

from .agenda import AgendaFilterForm, soonest_occurrences
from .feeds import bad_filter_response, occurrence_uid, organizers_of, safe_filename, site_hostname
from .models import EventOccurrence

CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
SEPARATORS = {"comma": ",", "semicolon": ";"}

# (column, what it holds) — the README's table is written from this list.
COLUMNS = [
    ("identifier", "stable id of this date (the iCal UID)"),
    ("event_id", "the event page's id (as in the API)"),
    ("title", "the event's title"),
    ("start", "start, ISO 8601 with its offset (all-day: the date)"),
    ("end", "end, ISO 8601 with its offset (all-day: the last day); empty when not given"),
    ("all_day", "1 for an all-day date"),
    ("date_cancelled", "1 when this date is cancelled"),
    ("status", "scheduled, cancelled, postponed, rescheduled or sold_out"),
    ("categories", "category slugs, separated by |"),
    ("teaser", "the event's short description"),
    ("url", "the event's page"),
    ("venue_id", "the venue page's id"),
    ("venue_name", "the venue's name"),
    ("street", "the venue's street and number"),
    ("postal_code", "the venue's postal code"),
    ("city", "the venue's town"),
    ("latitude", "the venue's latitude (WGS 84)"),
    ("longitude", "the venue's longitude (WGS 84)"),
    ("wheelchair_access", "1 when the venue is wheelchair-accessible"),
    ("attendance_mode", "offline, online or mixed"),
    ("online_url", "link to follow it online"),
    ("organizer_id", "the organizer page's id"),
    ("organizer_name", "the organizer's name"),
    ("is_free", "1 when free"),
    ("price", "the price as written by the organizer"),
    ("ticket_url", "the ticket office"),
    ("audience", "all, young or adult"),
    ("min_age", "minimum age, when given"),
    ("performers", "performers, as written"),
    ("language", "language of the texts (fr, nl, de, en)"),
    ("date_modified", "the event's last publication, ISO 8601"),
]
HEADER = [name for name, _description in COLUMNS]


class CsvExportForm(AgendaFilterForm):
    """The agenda's filters, and the CSV's own options."""

    limit = forms.IntegerField(
        label=_("Nombre de lignes au plus"),
        min_value=1,
        max_value=limits.CSV_MAX_ROWS,
        required=False,
    )
    separator = forms.ChoiceField(
        label=_("Séparateur"),
        choices=[("comma", _("virgule")), ("semicolon", _("point-virgule"))],
        required=False,
    )


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _moment(occurrence: EventOccurrence, value) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    if occurrence.all_day:
        return local.date().isoformat()
    return local.isoformat(timespec="minutes")


def csv_row(
    occurrence: EventOccurrence, *, request, hostname: str, organizers: dict, urls: dict
) -> list:
    """One date as the row of `COLUMNS` (values as text)."""
    event = occurrence.page
    venue = event.venue
    organizer = organizers.get(event.path[: -Page.steplen])
    if event.pk not in urls:
        urls[event.pk] = event.get_full_url(request) or ""
    published = event.last_published_at
    return [
        occurrence_uid(occurrence, hostname),
        event.pk,
        event.title,
        _moment(occurrence, occurrence.start),
        _moment(occurrence, occurrence.end),
        _flag(occurrence.all_day),
        _flag(occurrence.cancelled),
        event.status,
        "|".join(category.slug for category in event.categories.all()),
        event.teaser,
        urls[event.pk],
        venue.pk if venue else "",
        venue.title if venue else "",
        venue.street if venue else "",
        venue.postal_code if venue else "",
        venue.city if venue else "",
        "" if venue is None or venue.latitude is None else venue.latitude,
        "" if venue is None or venue.longitude is None else venue.longitude,
        _flag(venue is not None and venue.wheelchair_access),
        event.attendance_mode,
        event.online_url,
        organizer.pk if organizer else "",
        organizer.title if organizer else "",
        _flag(event.is_free),
        event.price,
        event.ticket_url,
        event.audience,
        "" if event.min_age is None else event.min_age,
        event.performers,
        event.locale.language_code,
        timezone.localtime(published).isoformat(timespec="seconds") if published else "",
    ]


def build_csv(occurrences, *, request: HttpRequest, separator: str = ",") -> str:
    """The CSV text (BOM, header, one row per date) of these dates, already selected."""
    occurrences = list(occurrences)
    organizers = organizers_of({occurrence.page for occurrence in occurrences})
    hostname = site_hostname(request)
    urls: dict[int, str] = {}
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(HEADER)
    for occurrence in occurrences:
        writer.writerow(
            csv_row(
                occurrence, request=request, hostname=hostname, organizers=organizers, urls=urls
            )
        )
    return out.getvalue()


def csv_response(root: Page, request: HttpRequest, *, filename: str) -> HttpResponse:
    """The selection of `root` (a site's home in one language) with the URL's filters, as a
    CSV download."""
    form = CsvExportForm(request.GET, root=root)
    if not form.is_valid():
        return bad_filter_response(form)
    filters = form.cleaned_data
    limit = filters.get("limit") or limits.CSV_MAX_ROWS
    rows = soonest_occurrences(root, filters, limit=limit + 1)
    truncated = len(rows) > limit
    separator = SEPARATORS[filters.get("separator") or "comma"]
    body = build_csv(rows[:limit], request=request, separator=separator)
    response = HttpResponse(body.encode("utf-8"), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}.csv"'
    if truncated:
        response["X-Xmille-Truncated"] = "1"
    return response


@conditional("csv")
def agenda_csv(agenda_page: Page, request: HttpRequest) -> HttpResponse:
    """The agenda of the agenda page's site and language, with the list's filters."""
    return csv_response(agenda_page.get_parent(), request, filename=agenda_page.slug)
