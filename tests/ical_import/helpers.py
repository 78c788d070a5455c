"""Shared helpers of the iCal import's tests."""

import re
from pathlib import Path

from django.utils import timezone

FIXTURES = Path(__file__).parent / "fixtures"


def feed_year() -> int:
    """The fixture's dates are in "2027": next year, whenever the tests run."""
    return timezone.localdate().year + 1


def fixture(name: str = "nextcloud-export.ics") -> bytes:
    """A recorded feed with its years moved: 2026 (exported) to this year, 2027 (its events)
    to next year. Its rules are year-independent (15th of the month, daily)."""
    year = feed_year()
    text = (FIXTURES / name).read_text()
    text = re.sub(r"20(26|27)(?=\d{4})", lambda m: str(year - 1 + (m.group(1) == "27")), text)
    return text.replace("\n", "\r\n").encode()
