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
from .doors import EventProposal, JoinRequest
from .imports import ICalImportRun, ImportedEvent

__all__ = [
    "LONG_RUNNING",
    "MAX_SCHEDULE_AHEAD",
    "AgendaPage",
    "EventCategory",
    "EventOccurrence",
    "EventPage",
    "EventProposal",
    "GeoPointMixin",
    "ICalImportRun",
    "ImportedEvent",
    "JoinRequest",
    "OrganizerPage",
    "RegionPage",
    "VenuePage",
]
