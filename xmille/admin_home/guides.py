"""Links to the guides ("Tutos") for a role, looked up when the home is drawn.

The guide pages (`home.GuideIndexPage`, `home.TutorialPage`) are looked up by name: `xmille`
imports no app, and the home must keep working where they do not exist (yet): no guide index,
no link, no error.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q

from xmille.visibility import visible

# The tutorials' audience checkboxes (`home.TutorialPage.for_*`) that concern each role.
AUDIENCES = {
    "organizer": ["for_organizers"],
    "writer": ["for_writers"],
    "moderator": ["for_moderators"],
    "editor_in_chief": ["for_moderators", "for_writers"],
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
    indexes = visible(index_model.objects.all()).order_by("path")
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
    tutorials = visible(tutorial_model.objects.descendant_of(index)).order_by("path")
    wanted = AUDIENCES.get(role, [])
    if wanted:
        tutorials = tutorials.filter(reduce(or_, (Q(**{name: True}) for name in wanted)))
    rows = list(tutorials[:MAX_TUTORIALS])
    guides.tutorials = [(t.title, t.get_url(request) or t.url or "") for t in rows]
    return guides
