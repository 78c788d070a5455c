"""iCalendar text (RFC 5545) written directly, line by line: the feeds' fast path.

Building a thousand `icalendar.Event` objects and serialising them took about a second per
feed; writing the same lines as strings takes a few milliseconds. What `icalendar` did for
us, done here:

- TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11);
- parameter values (an organizer's CN) follow RFC 6868 (`^^`, `^n`, `^'` for a double quote)
  and are quoted when they hold `,`, `;` or `:` (RFC 5545 3.2);
- lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character
  nor between a backslash and the character it escapes (some clients choke on that);
- the lines of an item come in the order `icalendar` wrote them (SUMMARY, DTSTART, DTEND,
  DTSTAMP, UID, then alphabetical), so feeds are the same bytes as before the fast path.

The VTIMEZONE is still made by `icalendar` (a few lines, depending only on the feed's first
and last day) and kept in memory. The tests parse every feed back with `icalendar`.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

CRLF = "\r\n"
LINE_OCTETS = 75
UTC = ZoneInfo("UTC")
ESCAPES = b"\\^"


def text(value: str) -> str:
    """A TEXT value, escaped."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


# A CN is quoted as `icalendar` quotes it: when it holds one of these (RFC 5545 asks it for
# ",", ";" and ":"; a space or an apostrophe is quoted too, as clients expect for names).
QUOTED_IN_CN = frozenset(",;:\u2019 '")


def param(value: str) -> str:
    """A CN parameter value (RFC 6868 escapes), quoted when it must be."""
    value = str(value)
    quoted = any(char in QUOTED_IN_CN for char in value)
    value = value.replace("^", "^^").replace("\r\n", "^n").replace("\n", "^n")
    value = value.replace('"', "^'")
    return f'"{value}"' if quoted else value


def fold(line: str) -> str:
    """`line` folded as `icalendar` folds it: at most 74 octets of content per line (so that
    a continuation line with its leading space stays within 75), never inside a UTF-8
    character, and a line never ends with a backslash or a caret (the escape characters of
    TEXT and parameter values: some clients choke on an escape split in two)."""
    if len(line) < LINE_OCTETS // 4:
        return line
    data = line.encode()
    if len(data) < LINE_OCTETS:
        return line
    parts = []
    start, size = 0, len(data)
    while size - start >= LINE_OCTETS:
        end = start + LINE_OCTETS - 1
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character
            end -= 1
        if end - start > 1 and data[end - 1] in ESCAPES:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


# The stamps are `isoformat()` without its separators: the same text as `strftime`'s
# "%Y%m%dT%H%M%S" for years 1000 to 9999, at a fraction of its cost (a feed writes thousands).


def utc_stamp(moment: datetime) -> str:
    iso = moment.astimezone(UTC).isoformat()
    return f"{iso[0:4]}{iso[5:7]}{iso[8:10]}T{iso[11:13]}{iso[14:16]}{iso[17:19]}Z"


def local_stamp(moment: datetime, tz: ZoneInfo) -> str:
    iso = moment.astimezone(tz).isoformat()
    return f"{iso[0:4]}{iso[5:7]}{iso[8:10]}T{iso[11:13]}{iso[14:16]}{iso[17:19]}"


def day_stamp(day: date) -> str:
    iso = day.isoformat()
    return f"{iso[0:4]}{iso[5:7]}{iso[8:10]}"


def duration(value: timedelta) -> str:
    """A DURATION of whole hours, minutes and seconds (what the feeds use)."""
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    out = f"P{days}D" if days else "P"
    if hours or minutes or seconds:
        out += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        out += f"{seconds}S" if seconds else ""
    return out if out != "P" else "PT0S"


@lru_cache(maxsize=64)
def vtimezone(tzid: str, first_day: date, last_day: date) -> str:
    """The VTIMEZONE of `tzid` covering [first_day, last_day], as text lines (with CRLF)."""
    from icalendar import Timezone

    component = Timezone.from_tzid(tzid, first_date=first_day, last_date=last_day)
    return component.to_ical().decode()
