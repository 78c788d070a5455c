"""Roles: the groups, their page, collection and settings permissions, and the workflows.

`setup_roles()` is idempotent: it creates what is missing, repairs what drifted (a permission
removed or added by hand on a managed group, a renamed page) and leaves the rest alone, so the
demo loader and `manage.py setup_roles` can run it at any time — e.g. again once the magazine
pages exist, to put the "Magazine" workflow on them.

| group                        | where                         | pages                          |
|------------------------------|-------------------------------|--------------------------------|
| Network admins               | everything                    | all, everywhere                |
| Editors-in-chief <site>      | the site's tree, every locale | add, change, publish, delete…  |
| Writers <site>               | the site's magazine indexes   | add (so: edit their own only)  |
| Moderators <region>          | the region, every locale      | add, change, publish, lock     |
| Organisateur <name>          | the organizer, every locale   | add, change (no publish)       |
| Translators <language>       | every site's tree in that     | add, change (no publish), and  |
|                              | language                      | wagtail-localize's "translate" |

Workflows: "Agenda" (editorial check, then the region's moderators) on every region page of
every locale; "Magazine" (editorial check, proofreading, the editor-in-chief) on every magazine
index of every locale. Network admins are among the reviewers of every human step, anywhere.
Wagtail's own defaults ("Moderators" and "Editors" groups, "Moderators approval" workflow on
the Root page) are removed while untouched.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from .models import RoleGroup
from .workflows import EditorialCheckTask, ModerationTask, ProofreadingTask

Role = RoleGroup.Role

ALL_PAGE_PERMS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
PAGE_PERMS = {
    Role.NETWORK_ADMIN: ALL_PAGE_PERMS,
    Role.EDITOR_IN_CHIEF: ALL_PAGE_PERMS,
    Role.MODERATOR: ["add", "change", "publish", "lock", "unlock"],
    Role.WRITER: ["add"],
    Role.ORGANIZER: ["add", "change"],
}
# Per collection: images and documents.
MEDIA_PERMS = {
    Role.NETWORK_ADMIN: ["add", "change", "delete", "choose"],
    Role.EDITOR_IN_CHIEF: ["add", "change", "delete", "choose"],
    Role.MODERATOR: ["add", "change", "choose"],
    Role.WRITER: ["add", "choose"],
    Role.ORGANIZER: ["add", "choose"],
}
SITE_SETTINGS = ["xmille.sitebranding", "xmille.editorialline"]
# Model permissions of network admins, beyond pages and media.
NETWORK_ADMIN_MODEL_PERMS = [
    ("auth", "user", ["add", "change", "delete", "view"]),
    ("auth", "group", ["add", "change", "delete", "view"]),
    ("wagtailcore", "site", ["add", "change", "delete"]),
    ("wagtailcore", "workflow", ["add", "change", "delete"]),
    ("wagtailcore", "task", ["add", "change", "delete"]),
    ("wagtailcore", "locale", ["add", "change", "delete"]),
    ("events", "eventcategory", ["add", "change", "delete"]),
    ("xmille", "sitebranding", ["change"]),
    ("xmille", "editorialline", ["change"]),
    ("wagtailredirects", "redirect", ["add", "change", "delete"]),
    # Promoted search results: each shows only on its page's site (search.results.promotions).
    ("wagtailsearchpromotions", "searchpromotion", ["add", "change", "delete"]),
]

NETWORK_ADMINS = "Network admins"
# What Wagtail's migrations create (wagtailcore 0002 and 0048), removed by `setup_roles`.
DEFAULT_GROUPS = ["Moderators", "Editors"]
DEFAULT_WORKFLOW = "Moderators approval"
AGENDA_WORKFLOW = "Agenda"
MAGAZINE_WORKFLOW = "Magazine"
CHECK_TASK = "Vérification de la ligne éditoriale"
MODERATION_TASK = "Validation par la modération de la région"
PROOFREADING_TASK = "Relecture"
EDITOR_TASK = "Validation par la rédaction en chef"


@dataclass
class RolesReport:
    """What `setup_roles` changed: empty lists on a second run."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.changed)


def magazine_index_model():
    """The magazine's index page model, if the magazine app has it (looked up by name: the
    roles must not break while that app is being built)."""
    try:
        return apps.get_model("magazine", "MagazineIndexPage")
    except LookupError:
        return None


def with_translations(page: Page) -> list[Page]:
    """The page and its translations: each locale is a sibling tree."""
    return list(Page.objects.filter(translation_key=page.translation_key).order_by("path"))


def site_collection(site: Site, report: RolesReport) -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=site.site_name).first()
    if collection is None:
        collection = root.add_child(name=site.site_name)
        report.created.append(f"collection {site.site_name}")
    return collection


def _permission(app_label: str, model: str, action: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")


class RoleBuilder:
    def __init__(self):
        self.report = RolesReport()
        self.page_perm = {
            action: _permission("wagtailcore", "page", action) for action in ALL_PAGE_PERMS
        }
        self.access_admin = _permission("wagtailadmin", "admin", "access")
        self.submit_translation = Permission.objects.filter(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        ).first()
        self.media_perm = {
            (app, model, action): _permission(app, model, action)
            for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
            for action in ("add", "change", "delete", "choose")
        }

    # -- groups ---------------------------------------------------------------------------

    def group(self, role: str, anchor: Page | None, name: str) -> Group:
        """The group playing `role` at `anchor`, created, adopted or renamed to `name`."""
        link = RoleGroup.objects.filter(role=role, page=anchor).select_related("group").first()
        if link is not None:
            group = link.group
            wanted = self._free_name(name, group)
            if group.name != wanted:
                self.report.changed.append(f"group {group.name} -> {wanted}")
                group.name = wanted
                group.save(update_fields=["name"])
            return group
        group = Group.objects.filter(name=name, xmille_role__isnull=True).first()
        if group is None:
            group = Group.objects.create(name=self._free_name(name, None))
            self.report.created.append(f"group {group.name}")
        RoleGroup.objects.create(group=group, role=role, page=anchor)
        return group

    def _free_name(self, name: str, group: Group | None) -> str:
        """`name`, or `name (n)` if another group already has it (two organizers may share a
        name)."""
        candidate, n = name[:150], 2
        while Group.objects.filter(name=candidate).exclude(pk=getattr(group, "pk", None)).exists():
            candidate = f"{name[:140]} ({n})"
            n += 1
        return candidate

    # -- permissions ----------------------------------------------------------------------

    def set_model_perms(self, group: Group, perms: list[Permission]) -> None:
        wanted = {p.pk for p in perms}
        current = set(group.permissions.values_list("pk", flat=True))
        if wanted != current:
            group.permissions.set(perms)
            self.report.changed.append(f"permissions of {group.name}")

    def set_page_perms(self, group: Group, pages: list[Page], actions: list[str]) -> None:
        wanted = {(page.pk, self.page_perm[a].pk) for page in pages for a in actions}
        rows = GroupPagePermission.objects.filter(group=group)
        current = set(rows.values_list("page_id", "permission_id"))
        for page_id, perm_id in current - wanted:
            rows.filter(page_id=page_id, permission_id=perm_id).delete()
            self.report.changed.append(f"page permission removed from {group.name}")
        for page_id, perm_id in wanted - current:
            GroupPagePermission.objects.create(group=group, page_id=page_id, permission_id=perm_id)
            self.report.changed.append(f"page permission added to {group.name}")

    def set_media_perms(self, group: Group, collection: Collection, actions: list[str]) -> None:
        wanted = {
            (collection.pk, perm.pk)
            for (app, model, action), perm in self.media_perm.items()
            if action in actions
        }
        rows = GroupCollectionPermission.objects.filter(group=group)
        current = set(rows.values_list("collection_id", "permission_id"))
        for collection_id, perm_id in current - wanted:
            rows.filter(collection_id=collection_id, permission_id=perm_id).delete()
            self.report.changed.append(f"collection permission removed from {group.name}")
        for collection_id, perm_id in wanted - current:
            GroupCollectionPermission.objects.create(
                group=group, collection_id=collection_id, permission_id=perm_id
            )
            self.report.changed.append(f"collection permission added to {group.name}")

    def set_site_perms(self, group: Group, site: Site | None, models: list[str]) -> None:
        wanted = set()
        if site is not None:
            for dotted in models:
                app, model = dotted.split(".")
                wanted.add((site.pk, _permission(app, model, "change").pk))
        rows = GroupSitePermission.objects.filter(group=group)
        current = set(rows.values_list("site_id", "permission_id"))
        for site_id, perm_id in current - wanted:
            rows.filter(site_id=site_id, permission_id=perm_id).delete()
            self.report.changed.append(f"site permission removed from {group.name}")
        for site_id, perm_id in wanted - current:
            GroupSitePermission.objects.create(group=group, site_id=site_id, permission_id=perm_id)
            self.report.changed.append(f"site permission added to {group.name}")

    def setup_group(
        self,
        role: str,
        anchor: Page | None,
        name: str,
        *,
        pages: list[Page],
        collection: Collection,
        site: Site | None = None,
        extra_perms: list[Permission] = (),
    ) -> Group:
        group = self.group(role, anchor, name)
        self.set_model_perms(group, [self.access_admin, *extra_perms])
        self.set_page_perms(group, pages, PAGE_PERMS[role])
        self.set_media_perms(group, collection, MEDIA_PERMS[role])
        self.set_site_perms(group, site, SITE_SETTINGS if role == Role.EDITOR_IN_CHIEF else [])
        return group

    # -- workflows ------------------------------------------------------------------------

    def task(self, model, name: str, groups: list[Group] | None = None):
        task = model.objects.filter(name=name).first()
        if task is None:
            task = model.objects.create(name=name)
            self.report.created.append(f"task {name}")
        if not task.active:
            task.active = True
            task.save(update_fields=["active"])
            self.report.changed.append(f"task {name} reactivated")
        if groups is not None:
            wanted = {g.pk for g in groups}
            if set(task.groups.values_list("pk", flat=True)) != wanted:
                task.groups.set(groups)
                self.report.changed.append(f"groups of task {name}")
        return task

    def workflow(self, name: str, tasks: list) -> Workflow:
        workflow = Workflow.objects.filter(name=name).first()
        if workflow is None:
            workflow = Workflow.objects.create(name=name)
            self.report.created.append(f"workflow {name}")
        if not workflow.active:
            workflow.active = True
            workflow.save(update_fields=["active"])
            self.report.changed.append(f"workflow {name} reactivated")
        current = list(
            workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True)
        )
        if current != [t.pk for t in tasks]:
            WorkflowTask.objects.filter(workflow=workflow).delete()
            for order, task in enumerate(tasks):
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
            self.report.changed.append(f"tasks of workflow {name}")
        return workflow

    def assign(self, workflow: Workflow, pages: list[Page]) -> None:
        for page in pages:
            link = WorkflowPage.objects.filter(page=page).first()
            if link is None:
                WorkflowPage.objects.create(page=page, workflow=workflow)
                self.report.created.append(f"workflow {workflow.name} on {page.title}")
            elif link.workflow_id != workflow.pk:
                link.workflow = workflow
                link.save()
                self.report.changed.append(f"workflow {workflow.name} on {page.title}")


def _network_admin_perms() -> list[Permission]:
    perms = []
    for app, model, actions in NETWORK_ADMIN_MODEL_PERMS:
        for action in actions:
            try:
                perms.append(_permission(app, model, action))
            except Permission.DoesNotExist:
                continue
    return perms


@transaction.atomic
def setup_roles() -> RolesReport:
    """Create and repair every role group, its permissions, the tasks and the workflows."""
    from events.models import OrganizerPage, RegionPage

    builder = RoleBuilder()
    # Every contributor may start translating what they may read and add to (xmille.translation
    # limits wagtail-localize's global permission to that).
    translate = [builder.submit_translation] if builder.submit_translation else []
    root = Collection.get_first_root_node()
    network_admins = builder.setup_group(
        Role.NETWORK_ADMIN,
        None,
        NETWORK_ADMINS,
        pages=[Page.get_first_root_node()],
        collection=root,
        extra_perms=_network_admin_perms(),
    )

    magazine_model = magazine_index_model()
    editors, writers, moderators = [], [], []
    region_pages, magazine_pages = [], []
    for site in Site.objects.select_related("root_page").order_by("pk"):
        home = site.root_page
        collection = site_collection(site, builder.report)
        editors.append(
            builder.setup_group(
                Role.EDITOR_IN_CHIEF,
                home,
                f"Editors-in-chief {site.site_name}",
                pages=with_translations(home),
                collection=collection,
                site=site,
                extra_perms=translate,
            )
        )
        site_magazines = []
        if magazine_model is not None:
            for index in magazine_model.objects.descendant_of(home).filter(locale=home.locale):
                site_magazines += with_translations(index)
        magazine_pages += site_magazines
        writers.append(
            builder.setup_group(
                Role.WRITER,
                home,
                f"Writers {site.site_name}",
                pages=site_magazines,
                collection=collection,
                extra_perms=translate,
            )
        )
        for region in RegionPage.objects.child_of(home).order_by("path"):
            region_translations = with_translations(region)
            region_pages += region_translations
            moderators.append(
                builder.setup_group(
                    Role.MODERATOR,
                    region,
                    f"Moderators {region.title}",
                    pages=region_translations,
                    collection=collection,
                    extra_perms=translate,
                )
            )
            for organizer in OrganizerPage.objects.child_of(region).order_by("path"):
                builder.setup_group(
                    Role.ORGANIZER,
                    organizer,
                    f"Organisateur {organizer.title}",
                    pages=with_translations(organizer),
                    collection=collection,
                    extra_perms=translate,
                )

    # Network admins are every human step's last resort: in each task's groups, they may act on
    # any page (they may publish everywhere), but are not e-mailed on each submission
    # (`ReviewersSubmissionNotifier`).
    check = builder.task(EditorialCheckTask, CHECK_TASK)
    moderation = builder.task(ModerationTask, MODERATION_TASK, [*moderators, network_admins])
    proofreading = builder.task(
        ProofreadingTask, PROOFREADING_TASK, [*writers, *editors, network_admins]
    )
    editor_approval = builder.task(ModerationTask, EDITOR_TASK, [*editors, network_admins])
    agenda = builder.workflow(AGENDA_WORKFLOW, [check, moderation])
    magazine = builder.workflow(MAGAZINE_WORKFLOW, [check, proofreading, editor_approval])
    setup_translators(builder)
    builder.assign(agenda, region_pages)
    builder.assign(magazine, magazine_pages)
    remove_wagtail_defaults(builder.report)
    return builder.report


TRANSLATORS = "Translators {code}"
TRANSLATOR_PAGE_PERMS = ["add", "change"]


def setup_translators(builder: RoleBuilder) -> list[Group]:
    """One group per target language: add and change in that language's tree of every site (a
    translation is a page there; its parent must exist, see xmille.locales), no publishing, and
    the right to start translations (xmille.translation limits it to what they may read)."""
    from django.conf import settings

    submit = builder.submit_translation
    groups = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        group, created = Group.objects.get_or_create(name=TRANSLATORS.format(code=code))
        if created:
            builder.report.created.append(f"group {group.name}")
        homes = [
            page
            for site in Site.objects.select_related("root_page")
            for page in with_translations(site.root_page)
            if page.locale.language_code == code
        ]
        builder.set_model_perms(group, [builder.access_admin, *([submit] if submit else [])])
        builder.set_page_perms(group, homes, TRANSLATOR_PAGE_PERMS)
        groups.append(group)
    return groups


def remove_wagtail_defaults(report: RolesReport) -> None:
    """Remove what Wagtail's own migrations create for a blank project: the "Moderators
    approval" workflow on the Root page (it would catch any page outside our workflows'
    subtrees) and the "Moderators" and "Editors" groups (confusing next to ours, and with
    rights on the whole tree) — only as long as they are Wagtail's, untouched. A default
    workflow already used or assigned elsewhere is only taken off the Root page (its history
    and pending moderation stay); a group with members stays."""
    root = Page.get_first_root_node()
    group_approval = ContentType.objects.get_for_model(GroupApprovalTask, for_concrete_model=False)
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        steps = list(workflow.workflow_tasks.select_related("task"))
        if len(steps) != 1:
            continue
        task = steps[0].task
        if task.name != DEFAULT_WORKFLOW or task.content_type_id != group_approval.pk:
            continue
        untouched = (
            not WorkflowState.objects.filter(workflow=workflow).exists()
            and not workflow.workflow_pages.exclude(page=root).exists()
            and not workflow.workflow_content_types.exists()
        )
        if untouched:
            workflow.delete()
            if not task.workflow_tasks.exists() and not task.task_states.exists():
                task.delete()
            report.changed.append(f"Wagtail's default workflow {DEFAULT_WORKFLOW} removed")
        elif WorkflowPage.objects.filter(workflow=workflow, page=root).delete()[0]:
            report.changed.append(f"Wagtail's default workflow {DEFAULT_WORKFLOW} off Root")
    for group in Group.objects.filter(
        name__in=DEFAULT_GROUPS, xmille_role__isnull=True, user__isnull=True
    ):
        group.delete()
        report.changed.append(f"Wagtail's default group {group.name} removed")


def role_group(role: str, anchor: Page | None) -> Group | None:
    """The group playing `role` at `anchor` (a site's home page, a region, an organizer)."""
    link = RoleGroup.objects.filter(role=role, page=anchor).select_related("group").first()
    return link.group if link else None
