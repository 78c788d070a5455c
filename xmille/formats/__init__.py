"""Date and time formats per interface language (settings.FORMAT_MODULE_PATH).

Django looks a format name up in `xmille.formats.<language>.formats` first, then in its own
`django.conf.locale.<language>.formats`. Besides a few of Django's names (English is written
the British way, 24-hour clock, day before month), each language defines the named formats
Xmille uses, so that code and templates never hard-code a French pattern:

    date_format(day, "WEEKDAY_DATE_FORMAT")        {{ day|date:"WEEKDAY_DATE_FORMAT" }}

| name                      | fr                       | nl                       | de                          | en                        |
|---------------------------|--------------------------|--------------------------|-----------------------------|---------------------------|
| WEEKDAY_DATE_FORMAT       | mercredi 2 décembre 2026 | woensdag 2 december 2026 | Mittwoch, 2. Dezember 2026  | Wednesday 2 December 2026 |
| WEEKDAY_DAY_MONTH_FORMAT  | mercredi 2 décembre      | woensdag 2 december      | Mittwoch, 2. Dezember       | Wednesday 2 December      |
| WEEKDAY_DAY_MONTH_TIME_FORMAT | mercredi 2 décembre, 19h00 | woensdag 2 december, 19:00 | Mittwoch, 2. Dezember, 19:00 Uhr | Wednesday 2 December, 19:00 |
| LONG_DATE_FORMAT          | 2 décembre 2026          | 2 december 2026          | 2. Dezember 2026            | 2 December 2026           |
| DAY_MONTH_FORMAT          | 2 décembre               | 2 december               | 2. Dezember                 | 2 December                |
| CLOCK_FORMAT              | 19:00                    | 19:00                    | 19:00                       | 19:00                     |

Every language module defines every name in NAMED_FORMATS (a test checks it): a name missing
from a module would be printed as a pattern of its own letters.
"""

NAMED_FORMATS = (
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DAY_MONTH_FORMAT",
    "WEEKDAY_DAY_MONTH_TIME_FORMAT",
    "LONG_DATE_FORMAT",
    "DAY_MONTH_FORMAT",
    "CLOCK_FORMAT",
)
