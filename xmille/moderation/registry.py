"""What waits for a moderator: the queue's sources and their items.

A source is anything a moderator decides on: submitted pages (Wagtail's workflow task states,
`xmille.moderation.pages`), and, once they exist, the public event proposals and the join
requests (plain Django models). Each registers once::

    from xmille.moderation import ModelSource, register_source

    register_source(
        ModelSource(
            "proposals",
            EventProposal,
            kind=_("proposition d'événement"),
            waiting=Q(status="pending"),
            submitted_at="created",
            area="region",  # a ForeignKey to the region's page (or the site's home)
            review_url=lambda row: reverse("events_proposal_review", args=[row.pk]),
        )
    )

(from the app's `AppConfig.ready()`). The queue merges every source's items within the
moderator's scope (`Scope`: the regions they moderate; everything for network admins), oldest
first; the weekly digest reads the same items.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Model, Q
from django.utils import timezone

from wagtail.models import Page, Site


@dataclass(frozen=True)
class Verdict:
    """The automated check's result on an item: `passed`, its header and its reasons or
    warnings."""

    passed: bool
    header: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """A place a moderator answers for: a region (moderators) or a site (editors-in-chief),
    with the paths of the anchor page in every locale (each locale is a sibling tree)."""

    page_id: int
    title: str
    paths: tuple[str, ...]

    def covers(self, path: str) -> bool:
        return any(path.startswith(own) for own in self.paths)


@dataclass
class QueueItem:
    """One thing waiting for a decision."""

    source: str
    key: str
    kind: str
    title: str
    waiting_since: datetime
    path: str  # the tree path it belongs under (a page's, a region's): its area
    review_url: str  # admin path of its one-screen review
    submitted_by: str = ""
    verdict: Verdict | None = None
    site: Site | None = None
    area: Area | None = None

    @property
    def age(self) -> timedelta:
        return timezone.now() - self.waiting_since

    def is_old(self, days: int) -> bool:
        return self.age >= timedelta(days=days)


@dataclass(frozen=True)
class Scope:
    """The areas a user moderates; `everything` for network admins and superusers."""

    areas: tuple[Area, ...] = ()
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.areas)

    def area_of(self, path: str) -> Area | None:
        """The narrowest area holding `path` (a region rather than its site)."""
        holding = [area for area in self.areas if area.covers(path)]
        return max(holding, key=lambda area: max(len(p) for p in area.paths), default=None)

    def covers(self, path: str) -> bool:
        return self.everything or self.area_of(path) is not None

    def q(self, prefix: str = "") -> Q:
        """The condition "the page at `prefix` is in scope" (`"region__"` for a model's
        ForeignKey to its region page)."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
        for area in self.areas:
            for path in area.paths:
                condition |= Q(**{f"{prefix}path__startswith": path})
        return condition


class QueueSource:
    """A kind of thing moderators decide on. Subclasses return the items waiting within a
    scope, in any order; `key` names the source (unique)."""

    key: str = ""

    def items(self, user, scope: Scope) -> list[QueueItem]:
        raise NotImplementedError


class ModelSource(QueueSource):
    """A plain Django model as a queue source: the rows matching `waiting`, in the moderator's
    areas through `area` (a ForeignKey to a page: the region; or a path to one, such as
    `"site__root_page"` for a model tied to a site, seen by its editors-in-chief and network
    admins, not by region moderators), their age
    from `submitted_at`, reviewed at `review_url(row)`. `title` is an attribute name or a
    callable (default: `str(row)`), `verdict(row)` an optional check result."""

    def __init__(
        self,
        key: str,
        model: type[Model],
        *,
        kind: str,
        review_url: Callable[[Model], str],
        waiting: Q | None = None,
        submitted_at: str = "created",
        area: str = "region",
        title: str | Callable[[Model], str] = str,
        submitted_by: Callable[[Model], str] | None = None,
        verdict: Callable[[Model], Verdict | None] | None = None,
    ):
        self.key, self.model, self.kind = key, model, kind
        self.review_url, self.submitted_at = review_url, submitted_at
        self.waiting = waiting if waiting is not None else Q()
        self.area, self.title = area, title
        self.submitted_by, self.verdict = submitted_by, verdict

    def items(self, user, scope: Scope) -> list[QueueItem]:
        rows = (
            self.model._default_manager.filter(self.waiting)
            .filter(scope.q(f"{self.area}__"))
            .select_related(self.area)
        )
        items = []
        for row in rows:
            anchor = row
            for name in self.area.split("__"):  # "site__root_page": a site's home
                anchor = getattr(anchor, name) if anchor is not None else None
            title = getattr(row, self.title) if isinstance(self.title, str) else self.title(row)
            items.append(
                QueueItem(
                    source=self.key,
                    key=f"{self.key}-{row.pk}",
                    kind=str(self.kind),
                    title=str(title),
                    waiting_since=getattr(row, self.submitted_at),
                    path=anchor.path if anchor is not None else "",
                    review_url=self.review_url(row),
                    submitted_by=self.submitted_by(row) if self.submitted_by else "",
                    verdict=self.verdict(row) if self.verdict else None,
                )
            )
        return items


_sources: dict[str, QueueSource] = {}


def register_source(source: QueueSource) -> QueueSource:
    """Add a source to every moderator's queue (again with the same key: replaced)."""
    if not source.key:
        raise ValueError("A queue source needs a key.")
    _sources[source.key] = source
    return source


def unregister_source(key: str) -> None:
    _sources.pop(key, None)


def sources() -> list[QueueSource]:
    return list(_sources.values())


# -- scope ------------------------------------------------------------------------------------


def _areas(anchors: list[Page]) -> tuple[Area, ...]:
    """Areas of `anchors` (French pages), each with its translations' paths: one query."""
    if not anchors:
        return ()
    paths: dict = {}
    for key, path in Page.objects.filter(
        translation_key__in={page.translation_key for page in anchors}
    ).values_list("translation_key", "path"):
        paths.setdefault(key, []).append(path)
    return tuple(
        Area(page.pk, page.title, tuple(sorted(paths.get(page.translation_key, [page.path]))))
        for page in sorted(anchors, key=lambda page: page.path)
    )


def scope_for(user) -> Scope:
    """What `user` moderates: the regions of their "Moderators <region>" groups and the sites
    of their "Editors-in-chief <site>" groups; network admins and superusers everything (with
    every region and site as areas, to tell items apart)."""
    from ..models import RoleGroup

    Role = RoleGroup.Role
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    links = RoleGroup.objects.filter(
        role__in=[Role.MODERATOR, Role.EDITOR_IN_CHIEF, Role.NETWORK_ADMIN]
    ).select_related("page")
    everything = (
        user.is_superuser or links.filter(role=Role.NETWORK_ADMIN, group__user=user).exists()
    )
    if not everything:
        links = links.filter(group__user=user)
    anchors = [
        link.page
        for link in links
        if link.page is not None and link.role in (Role.MODERATOR, Role.EDITOR_IN_CHIEF)
    ]
    return Scope(areas=_areas(anchors), everything=everything)


# -- the queue --------------------------------------------------------------------------------


def _sites_by_home_path() -> dict[str, Site]:
    """Each site under the path of its home in every locale."""
    sites = list(Site.objects.select_related("root_page"))
    by_key = {site.root_page.translation_key: site for site in sites}
    return {
        path: by_key[key]
        for key, path in Page.objects.filter(
            translation_key__in=by_key.keys(), depth=2
        ).values_list("translation_key", "path")
    }


def waiting_for(user, scope: Scope | None = None) -> list[QueueItem]:
    """Everything waiting for `user`'s decision in their scope, oldest first, each with its
    area and site."""
    scope = scope if scope is not None else scope_for(user)
    if not scope:
        return []
    items = [item for source in sources() for item in source.items(user, scope)]
    items = [item for item in items if scope.covers(item.path)]
    homes = _sites_by_home_path()
    for item in items:
        item.area = scope.area_of(item.path)
        item.site = homes.get(item.path[: 2 * Page.steplen])
    return sorted(items, key=lambda item: (item.waiting_since, item.key))
