"""Reading an iCal feed into events with dates (`parse_feed`), with `icalendar` and
`dateutil.rrule`.

- Recurring events (RRULE, RDATE) are expanded from now to the agenda's horizon
  (`MAX_SCHEDULE_AHEAD`), at most `limits.ICAL_IMPORT_MAX_DATES_PER_EVENT` dates each; EXDATE
  removes a date; an instance with a RECURRENCE-ID replaces the date it names (moved, or
  `STATUS:CANCELLED`: kept and marked cancelled, as the agenda shows cancelled dates).
- Times: with a TZID (the feed's VTIMEZONE, an Olson or a Windows name) or in UTC, converted to
  Europe/Brussels; floating times (no zone) are Brussels times; all-day dates (VALUE=DATE)
  become all-day dates, DTEND being the day after the last one.
- Any invalid date (missing or unreadable DTSTART, an end before the start, an unreadable
  rule) refuses the whole feed with a message naming the event: nothing is half-imported.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dateutil.rrule import rruleset, rrulestr
from icalendar import Calendar

from xmille import limits

from ..models import MAX_SCHEDULE_AHEAD


class ImportProblem(Exception):
    """Why a feed cannot be imported, in words for the organizer. Nothing was changed."""


@dataclass(frozen=True)
class FeedDate:
    start: datetime  # aware, Brussels
    end: datetime | None
    all_day: bool = False
    cancelled: bool = False


@dataclass
class FeedEvent:
    uid: str
    title: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    dates: list[FeedDate] = field(default_factory=list)
    fingerprint: str = ""


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _label(component) -> str:
    summary = str(component.get("SUMMARY", "") or "").strip()
    uid = str(component.get("UID", "") or "").strip()
    return f"« {summary or uid or '?'} »"


def _moment(component, name: str, *, required: bool):
    """DTSTART/DTEND/RECURRENCE-ID as a date (all-day) or an aware datetime."""
    prop = component.get(name)
    if prop is None:
        if required:
            raise ImportProblem(
                _("L'événement %(event)s n'a pas de date de début (DTSTART).")
                % {"event": _label(component)}
            )
        return None
    try:
        value = prop.dt
    except Exception:  # icalendar keeps an unreadable value as a "broken" property
        value = None
    if isinstance(value, datetime):
        if value.tzinfo is None:  # a floating time: the organizer's local time
            value = value.replace(tzinfo=local_tz())
        # Kept in its own zone: a weekly 19:00 in New York is expanded in New York's time
        # (its DST changes on other days than Brussels'), then converted (`_date`).
        return value
    if isinstance(value, date):
        return value
    raise ImportProblem(
        _("L'événement %(event)s a une date illisible (%(field)s : « %(value)s »).")
        % {"event": _label(component), "field": name, "value": str(prop)[:40]}
    )


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), local_tz())


def _span(component) -> tuple[datetime | date, timedelta | None, bool]:
    """(start, duration or None, all day) of a VEVENT."""
    start = _moment(component, "DTSTART", required=True)
    all_day = not isinstance(start, datetime)
    end = _moment(component, "DTEND", required=False)
    duration = None
    if end is not None:
        if isinstance(end, datetime) != (not all_day):
            raise ImportProblem(
                _("L'événement %(event)s mélange une date et une heure (DTSTART, DTEND).")
                % {"event": _label(component)}
            )
        duration = end - start
    elif component.get("DURATION") is not None:
        duration = component.decoded("DURATION")
    elif all_day:
        duration = timedelta(days=1)
    if duration is not None and duration < timedelta(0):
        raise ImportProblem(
            _("L'événement %(event)s finit avant de commencer.") % {"event": _label(component)}
        )
    return start, duration, all_day


def _date(start, duration, all_day: bool, cancelled: bool = False) -> FeedDate:
    if all_day:
        last_day = start + max(duration - timedelta(days=1), timedelta(0))
        return FeedDate(
            _midnight(start), _midnight(last_day) if last_day != start else None, True, cancelled
        )
    end = start + duration if duration else None
    return FeedDate(
        start.astimezone(local_tz()),
        end.astimezone(local_tz()) if end is not None else None,
        False,
        cancelled,
    )


def over_at(feed_date: FeedDate) -> datetime:
    """When a date is over, as `EventOccurrence.effective_end` says."""
    if feed_date.all_day:
        last_day = timezone.localtime(feed_date.end or feed_date.start, local_tz()).date()
        return _midnight(last_day + timedelta(days=1))
    return feed_date.end or feed_date.start + timedelta(hours=1)


def _key(moment) -> str:
    """A RECURRENCE-ID or an instance's start, comparable whatever its zone."""
    if isinstance(moment, datetime):
        return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%S")
    return moment.strftime("%Y%m%d")


def _rule_text(component, start) -> str:
    """The RRULE, its UNTIL made of the same kind as DTSTART (dateutil insists)."""
    rule = component.get("RRULE")
    rule = (rule[0] if isinstance(rule, list) else rule).copy()
    untils = rule.get("UNTIL")
    if untils:
        until = untils[0]
        if isinstance(start, datetime):
            if not isinstance(until, datetime):
                until = datetime.combine(until, time.max)
            if until.tzinfo is None:
                until = until.replace(tzinfo=local_tz())
            rule["UNTIL"] = [until.astimezone(ZoneInfo("UTC"))]
        else:
            if isinstance(until, datetime):
                until = timezone.localtime(until, local_tz()).date() if until.tzinfo else until
                until = until.date() if isinstance(until, datetime) else until
            rule["UNTIL"] = [until]
    return rule.to_ical().decode()


def _instances(component, start, duration, all_day: bool, now: datetime, horizon: datetime):
    """The starts of a recurring VEVENT between now (minus its length) and the horizon."""
    naive = all_day
    first = datetime.combine(start, time.min) if naive else start
    rules = rruleset()
    try:
        rules.rrule(rrulestr(_rule_text(component, start), dtstart=first))
    except (ValueError, TypeError) as error:
        raise ImportProblem(
            _("L'événement %(event)s a une règle de répétition illisible (%(error)s).")
            % {"event": _label(component), "error": error}
        ) from error
    for name, method in (("RDATE", rules.rdate), ("EXDATE", rules.exdate)):
        props = component.get(name)
        for prop in props if isinstance(props, list) else [props] if props else []:
            for item in prop.dts:
                moment = item.dt
                if naive:
                    moment = datetime.combine(
                        moment.date() if isinstance(moment, datetime) else moment, time.min
                    )
                elif not isinstance(moment, datetime):
                    moment = datetime.combine(moment, start.timetz())
                elif moment.tzinfo is None:
                    moment = moment.replace(tzinfo=local_tz())
                method(moment)
    back = (duration or timedelta(0)) + timedelta(days=1)
    if naive:
        since = datetime.combine(timezone.localtime(now).date(), time.min) - back
        until = datetime.combine(timezone.localtime(horizon).date(), time.min)
    else:
        since, until = now - back, horizon
    limit = limits.ICAL_IMPORT_MAX_DATES_PER_EVENT
    found = []
    for moment in islice(rules.xafter(since, inc=True), 10 * limit):
        if moment > until:
            break
        found.append(moment.date() if naive else moment)
    return found


def fingerprint(components) -> str:
    """A digest of what the feed says of one UID, without DTSTAMP (Google Calendar writes the
    time of the export there, at every download)."""
    digest = hashlib.sha256()
    for component in components:
        for line in component.to_ical().splitlines():
            if not line.upper().startswith(b"DTSTAMP"):
                digest.update(line + b"\n")
    return digest.hexdigest()


def parse_feed(data: bytes, *, now: datetime | None = None) -> list[FeedEvent]:
    """The events of an iCal feed with their dates not over yet (see the module docstring).
    Raises ImportProblem when the feed cannot be imported as a whole."""
    now = now or timezone.now()
    horizon = now + MAX_SCHEDULE_AHEAD
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise ImportProblem(
            _("Ce n'est pas un agenda iCal lisible (%(error)s).") % {"error": str(error)[:200]}
        ) from error
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise ImportProblem(_("Ce n'est pas un agenda iCal (il manque BEGIN:VCALENDAR)."))

    masters: dict[str, object] = {}
    overrides: dict[str, list] = {}
    for component in calendar.walk("VEVENT"):
        uid = str(component.get("UID", "") or "").strip()
        if not uid:
            raise ImportProblem(
                _("L'événement %(event)s n'a pas d'identifiant (UID).")
                % {"event": _label(component)}
            )
        if len(uid) > 255:
            raise ImportProblem(
                _("L'identifiant (UID) de l'événement %(event)s est trop long.")
                % {"event": _label(component)}
            )
        if component.get("RECURRENCE-ID") is not None:
            overrides.setdefault(uid, []).append(component)
        else:
            masters[uid] = component
    if len(masters) > limits.ICAL_IMPORT_MAX_EVENTS:
        raise ImportProblem(
            _("Le flux contient %(count)s événements ; %(max)s au plus par import.")
            % {"count": len(masters), "max": limits.ICAL_IMPORT_MAX_EVENTS}
        )

    events = []
    for uid, master in masters.items():
        try:
            events.append(_event(uid, master, overrides.get(uid, []), now, horizon))
        except ImportProblem:
            raise
        except Exception as error:  # a broken RRULE, EXDATE, DURATION...
            raise ImportProblem(
                _("L'événement %(event)s a une date ou une règle illisible (%(error)s).")
                % {"event": _label(master), "error": str(error)[:200]}
            ) from error
    return events


def _event(uid: str, master, overrides: list, now: datetime, horizon: datetime) -> FeedEvent:
    """One UID: its master VEVENT and its RECURRENCE-ID instances, dates expanded."""
    start, duration, all_day = _span(master)
    event = FeedEvent(
        uid=uid,
        title=str(master.get("SUMMARY", "") or "").strip() or uid,
        description=str(master.get("DESCRIPTION", "") or "").strip(),
        location=str(master.get("LOCATION", "") or "").strip(),
        url=str(master.get("URL", "") or "").strip(),
        cancelled=str(master.get("STATUS", "")).upper() == "CANCELLED",
        fingerprint=fingerprint([master, *overrides]),
    )
    replaced = {}
    for override in overrides:
        recurrence_id = _moment(override, "RECURRENCE-ID", required=True)
        o_start, o_duration, o_all_day = _span(override)
        replaced[_key(recurrence_id)] = _date(
            o_start,
            o_duration,
            o_all_day,
            cancelled=str(override.get("STATUS", "")).upper() == "CANCELLED",
        )
    if master.get("RRULE") is not None:
        starts = _instances(master, start, duration, all_day, now, horizon)
    else:
        starts = [start]
    dates = []
    for instance in starts:
        moved = replaced.pop(_key(instance), None)
        dates.append(moved or _date(instance, duration, all_day))
    dates += replaced.values()  # a moved instance whose original date fell outside
    kept = sorted(
        {d for d in dates if over_at(d) > now and d.start <= horizon}, key=lambda d: d.start
    )
    event.dates = kept[: limits.ICAL_IMPORT_MAX_DATES_PER_EVENT]
    return event
