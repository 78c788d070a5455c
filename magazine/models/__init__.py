from .authors import Author
from .index_page import PIECES_PER_PAGE, MagazineIndexPage
from .pieces import (
    MENTIONABLE,
    PIECE_TYPES,
    ChroniclePage,
    FavouritePick,
    InterviewPage,
    MagazinePiece,
    PieceCredit,
    PieceMention,
    PieceTag,
    ReportPage,
    WeeklyFavouritesPage,
    listing,
    monday_of,
    pieces_about,
)

__all__ = [
    "MENTIONABLE",
    "PIECES_PER_PAGE",
    "PIECE_TYPES",
    "Author",
    "ChroniclePage",
    "FavouritePick",
    "InterviewPage",
    "MagazineIndexPage",
    "MagazinePiece",
    "PieceCredit",
    "PieceMention",
    "PieceTag",
    "ReportPage",
    "WeeklyFavouritesPage",
    "listing",
    "monday_of",
    "pieces_about",
]
