"""The agenda: which event dates the public sees, and how the list shows them.

- `window`: time windows ("today", "this weekend") and what is still to come;
- `filters`: the URL's filters (`AgendaFilterForm`) and their long lists of places;
- `selection`: the one query (`agenda_occurrences`) behind the list, region pages, the map,
  the feeds and the API;
- `days`: the list by day, one page at a time (`build_agenda`), and the home highlights;
- `tabs` and `context`: the links around the results and an agenda page's template context.
"""

from .context import agenda_context
from .days import (
    CARD_RENDITION,
    PER_PAGE,
    Agenda,
    Day,
    Entry,
    Slot,
    build_agenda,
    days_covered,
    highlights,
    last_day_of,
)
from .filters import AgendaFilterForm, place_choices
from .selection import agenda_occurrences, soonest_occurrences, soonest_values
from .window import When, Window, local_day, window_for

__all__ = [
    "CARD_RENDITION",
    "PER_PAGE",
    "Agenda",
    "AgendaFilterForm",
    "Day",
    "Entry",
    "Slot",
    "When",
    "Window",
    "agenda_context",
    "agenda_occurrences",
    "build_agenda",
    "days_covered",
    "highlights",
    "last_day_of",
    "local_day",
    "place_choices",
    "soonest_occurrences",
    "soonest_values",
    "window_for",
]
