"""German (the German-speaking Community of Belgium): Django's formats, plus Xmille's."""

WEEKDAY_DATE_FORMAT = "l, j. F Y"
WEEKDAY_DAY_MONTH_FORMAT = "l, j. F"
WEEKDAY_DAY_MONTH_TIME_FORMAT = r"l, j. F, H:i \U\h\r"
LONG_DATE_FORMAT = "j. F Y"
DAY_MONTH_FORMAT = "j. F"
CLOCK_FORMAT = "H:i"
