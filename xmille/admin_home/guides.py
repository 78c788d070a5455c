"""Links to the guides ("Tutos") for a role, looked up when the home is drawn.

The guide pages (`home.GuideIndexPage`, `home.TutorialPage`) are looked up by name: `xmille`
imports no app, and the home must keep working where they do not exist (yet): no guide index,
no link, no error.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldError

# How a tutorial may name its audience (the guides' own choices): tried in this order.
AUDIENCES = {
    "organizer": ["organizer", "organisateur", "organizers"],
    "writer": ["writer", "redacteur", "writers"],
    "moderator": ["moderator", "moderateur", "moderators"],
    "editor_in_chief": ["moderator", "writer"],
}
MAX_TUTORIALS = 6


@dataclass
class Guides:
    index_title: str
    index_url: str
    tutorials: list[tuple[str, str]] = field(default_factory=list)


def _model(name: str):
    try:
        return apps.get_model("home", name)
    except LookupError:
        return None


def guides_for(role: str, site, request=None) -> Guides | None:
    """The site's guide index and its tutorials for `role`, or None when there is none."""
    index_model = _model("GuideIndexPage")
    if index_model is None:
        return None
    indexes = index_model.objects.live().order_by("path")
    index = None
    if site is not None:
        index = indexes.descendant_of(site.root_page).first()
    index = index or indexes.filter(locale__language_code="fr").first() or indexes.first()
    if index is None:
        return None
    guides = Guides(index.title, index.get_url(request) or index.url or "")
    tutorial_model = _model("TutorialPage")
    if tutorial_model is None:
        return guides
    tutorials = tutorial_model.objects.live().descendant_of(index).order_by("path")
    try:
        wanted = AUDIENCES.get(role, [])
        for_role = tutorials.filter(audience__in=wanted) if wanted else tutorials
        rows = list(for_role[:MAX_TUTORIALS])
    except (FieldError, TypeError, ValueError):
        rows = []
    rows = rows or list(tutorials[:MAX_TUTORIALS])
    guides.tutorials = [(t.title, t.get_url(request) or t.url or "") for t in rows]
    return guides
