"""The moderation queue: what waits for each moderator, in their regions, oldest first, with
the automated check's verdict (`registry`), decided in one screen through Wagtail's own workflow
actions (`views`), and summed up in a weekly digest e-mail (`digest`).

Sources register with `register_source` (see `registry`); submitted pages are one
(`pages.SubmittedPages`), registered here."""

from .pages import SubmittedPages
from .registry import (
    Area,
    ModelSource,
    QueueItem,
    QueueSource,
    Scope,
    Verdict,
    register_source,
    scope_for,
    sources,
    unregister_source,
    waiting_for,
)

register_source(SubmittedPages())

__all__ = [
    "Area",
    "ModelSource",
    "QueueItem",
    "QueueSource",
    "Scope",
    "Verdict",
    "register_source",
    "scope_for",
    "sources",
    "unregister_source",
    "waiting_for",
]
