from .agenda_page import AgendaPage
from .content import (
    LONG_RUNNING,
    MAX_SCHEDULE_AHEAD,
    EventCategory,
    EventOccurrence,
    EventPage,
    GeoPointMixin,
    OrganizerPage,
    RegionPage,
    VenuePage,
)
from .imports import ICalImportRun, ImportedEvent

__all__ = [
    "LONG_RUNNING",
    "MAX_SCHEDULE_AHEAD",
    "AgendaPage",
    "EventCategory",
    "EventOccurrence",
    "EventPage",
    "GeoPointMixin",
    "ICalImportRun",
    "ImportedEvent",
    "OrganizerPage",
    "RegionPage",
    "VenuePage",
]
