"""French (the source language): Django's formats, plus Xmille's named ones."""

WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DAY_MONTH_FORMAT = "l j F"
WEEKDAY_DAY_MONTH_TIME_FORMAT = r"l j F, H\hi"
LONG_DATE_FORMAT = "j F Y"
DAY_MONTH_FORMAT = "j F"
CLOCK_FORMAT = "H:i"
