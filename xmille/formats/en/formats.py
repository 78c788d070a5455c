"""English, written the British way for a European audience: day before month, 24-hour clock
("Wednesday 2 December 2026, 19:00"), where Django's "en" is American ("Dec. 2, 2026, 7 p.m.")."""

from django.conf.locale.en_GB import formats as en_gb

WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DAY_MONTH_FORMAT = "l j F"
WEEKDAY_DAY_MONTH_TIME_FORMAT = "l j F, H:i"
LONG_DATE_FORMAT = "j F Y"
DAY_MONTH_FORMAT = "j F"
CLOCK_FORMAT = "H:i"

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# Typed dates: 30/06/2027, never 06/30/2027.
DATE_INPUT_FORMATS = en_gb.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = en_gb.DATETIME_INPUT_FORMATS
