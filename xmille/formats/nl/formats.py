"""Dutch (Belgium): Django's formats, plus Xmille's named ones."""

WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DAY_MONTH_FORMAT = "l j F"
WEEKDAY_DAY_MONTH_TIME_FORMAT = "l j F, H:i"
LONG_DATE_FORMAT = "j F Y"
DAY_MONTH_FORMAT = "j F"
CLOCK_FORMAT = "H:i"
# Belgian usage: 02/12/2026 rather than Django's 2-12-2026.
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
