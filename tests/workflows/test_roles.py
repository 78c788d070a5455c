"""setup_roles: the groups, their permissions and the workflows; idempotent and self-repairing."""

from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    WorkflowPage,
)
from wagtail.permissions import policy_registry

import pytest

from events.factories import OrganizerPageFactory
from xmille.models import EditorialLine, RoleGroup
from xmille.roles import setup_roles

Role = RoleGroup.Role
pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission_id")),
        sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection_id", "permission_id"
            )
        ),
        sorted(GroupSitePermission.objects.values_list("group__name", "site_id", "permission_id")),
        sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
    )


def test_creates_one_group_per_role_and_place(tree):
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Network admins",
        "Editors-in-chief Quatremille",
        "Editors-in-chief Cinqmille",
        "Editors-in-chief Sixmille",
        "Editors-in-chief Septmille",
        "Writers Quatremille",
        "Writers Septmille",
        "Moderators Liège",
        "Moderators Verviers",
        "Moderators Namur",
        "Organisateur ASBL Alpha",
        "Organisateur ASBL Bêta",
        "Organisateur ASBL Namuroise",
    } <= names


def test_running_twice_changes_nothing(tree):
    before = snapshot()
    report = setup_roles()
    assert report.changes == 0, report
    assert snapshot() == before
    out = StringIO()
    call_command("setup_roles", stdout=out)
    assert "0 created, 0 repaired" in out.getvalue()
    assert snapshot() == before


def test_repairs_drifted_permissions(tree):
    organizers = Group.objects.get(name="Organisateur ASBL Alpha")
    publish = Permission.objects.get(codename="publish_page")
    # Someone gave the organizer publish rights and removed its add right by hand.
    GroupPagePermission.objects.create(
        group=organizers, page=tree.pages["org_a"], permission=publish
    )
    GroupPagePermission.objects.filter(group=organizers, permission__codename="add_page").delete()
    report = setup_roles()
    assert report.changes == 2
    codenames = set(
        GroupPagePermission.objects.filter(group=organizers).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}


def test_organizer_group_follows_its_page(tree):
    org = tree.page("org_a")
    group = Group.objects.get(name="Organisateur ASBL Alpha")
    org.title = "ASBL Alpha et Oméga"
    org.save()
    setup_roles()
    group.refresh_from_db()
    assert group.name == "Organisateur ASBL Alpha et Oméga"
    # Two organizers with the same name get two groups.
    OrganizerPageFactory(parent=tree.pages["verviers"], title="ASBL Alpha et Oméga")
    setup_roles()
    assert Group.objects.filter(name="Organisateur ASBL Alpha et Oméga (2)").exists()


def test_page_permissions_per_role(tree):
    def perms(group_name):
        return set(
            GroupPagePermission.objects.filter(group__name=group_name).values_list(
                "page__title", "permission__codename"
            )
        )

    assert perms("Organisateur ASBL Alpha") == {
        ("ASBL Alpha", "add_page"),
        ("ASBL Alpha", "change_page"),
    }
    assert ("Liège", "publish_page") in perms("Moderators Liège")
    assert {title for title, _ in perms("Moderators Liège")} == {"Liège"}
    assert {title for title, _ in perms("Editors-in-chief Cinqmille")} == {"Cinqmille"}


def test_workflows_on_every_region_and_magazine(tree):
    assert tree.page("event_a").get_workflow().name == "Agenda"
    assert tree.page("event_n").get_workflow().name == "Agenda"
    assert tree.page("venue_namur").get_workflow().name == "Agenda"
    assert tree.page("magazine_quatre").get_workflow().name == "Magazine"
    agenda = tree.page("event_a").get_workflow()
    assert [t.specific.__class__.__name__ for t in agenda.tasks] == [
        "EditorialCheckTask",
        "ModerationTask",
    ]


def test_translated_trees_get_permissions_and_workflow(tree):
    nl = Locale.objects.create(language_code="nl")
    home = tree.sites["quatremille"].root_page
    home.copy_for_translation(nl)
    liege_nl = tree.page("liege").copy_for_translation(nl)
    org_nl = tree.page("org_a").copy_for_translation(nl)
    setup_roles()
    assert liege_nl.get_workflow().name == "Agenda"
    assert liege_nl.permissions_for_user(tree.users["mod_liege"]).can_publish()
    assert not liege_nl.permissions_for_user(tree.users["mod_namur"]).can_publish()
    assert org_nl.permissions_for_user(tree.users["orga_a"]).can_add_subpage()
    assert not org_nl.permissions_for_user(tree.users["orga_b"]).can_edit()


def test_site_settings_only_for_the_sites_editor(tree):
    policy = policy_registry.get_by_type(EditorialLine)
    quatre = EditorialLine.for_site(tree.sites["quatremille"])
    cinq = EditorialLine.for_site(tree.sites["cinqmille"])
    chief = tree.users["chief_quatre"]
    assert policy.user_has_permission_for_instance(chief, "change", quatre)
    assert not policy.user_has_permission_for_instance(chief, "change", cinq)
    assert not policy.user_has_permission_for_instance(tree.users["mod_liege"], "change", quatre)
    assert policy.user_has_permission_for_instance(tree.users["network"], "change", cinq)


def test_media_collections_per_site(tree):
    policy = policy_registry.get_by_type(get_image_model())
    quatre = Collection.objects.get(name="Quatremille")
    cinq = Collection.objects.get(name="Cinqmille")
    organizer = tree.users["orga_a"]
    allowed = set(policy.collections_user_has_permission_for(organizer, "add"))
    assert quatre in allowed and cinq not in allowed
    assert cinq in set(
        policy.collections_user_has_permission_for(tree.users["mod_namur"], "change")
    )
    assert quatre not in set(
        policy.collections_user_has_permission_for(tree.users["mod_namur"], "change")
    )


def test_demo_builder_runs_setup_roles_and_adds_users_in_debug_only(tree, settings):
    from django.contrib.auth import get_user_model

    from xmille.demo.roles import build
    from xmille.demo.sites import DemoNetwork, DemoSite
    from xmille.network_data import network_spec

    specs = {spec.slug: spec for spec in network_spec()}

    def demo_network():
        network = DemoNetwork()
        for slug, site in tree.sites.items():
            collection = Collection.objects.get(name=site.site_name)
            network.sites.append(DemoSite(specs[slug], site, site.root_page, collection))
        return network

    User = get_user_model()
    settings.DEBUG = False
    build(demo_network())
    assert not User.objects.filter(username="modo-liege").exists()
    assert EditorialLine.for_site(tree.sites["cinqmille"]).text

    settings.DEBUG = True
    build(demo_network())
    build(demo_network())  # idempotent
    moderator = User.objects.get(username="modo-liege")
    assert moderator.check_password("demo")
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderators Liège"]
    assert (
        User.objects.get(username="redaction-cinqmille")
        .groups.filter(name="Editors-in-chief Cinqmille")
        .exists()
    )
    assert (
        User.objects.get(username="plume-septmille")
        .groups.filter(name="Writers Septmille")
        .exists()
    )
    assert (
        User.objects.get(username="orga-asbl-alpha")
        .groups.filter(name="Organisateur ASBL Alpha")
        .exists()
    )


def test_network_admins_review_every_human_step(tree):
    from wagtail.models import Task

    network = Group.objects.get(name="Network admins")
    for name in (
        "Validation par la modération de la région",
        "Relecture",
        "Validation par la rédaction en chef",
    ):
        assert network in Task.objects.get(name=name).specific.groups.all(), name
    # An install set up before is repaired, once.
    moderation = Task.objects.get(name="Validation par la modération de la région").specific
    moderation.groups.remove(network)
    report = setup_roles()
    assert report.changed == ["groups of task Validation par la modération de la région"]
    assert network in moderation.groups.all()
    assert setup_roles().changes == 0


def wagtail_defaults():
    from wagtail.models import GroupApprovalTask, Page, Workflow

    root = Page.get_first_root_node()
    return {
        "groups": set(
            Group.objects.filter(name__in=["Moderators", "Editors"]).values_list("name", flat=True)
        ),
        "workflows": set(
            Workflow.objects.filter(name="Moderators approval").values_list("name", flat=True)
        ),
        "tasks": set(
            GroupApprovalTask.objects.filter(name="Moderators approval").values_list(
                "name", flat=True
            )
        ),
        "on_root": set(
            WorkflowPage.objects.filter(page=root).values_list("workflow__name", flat=True)
        ),
    }


def test_wagtail_default_groups_and_workflow_are_removed(network):
    # Wagtail's migrations created them: a blank project's moderation, on the Root page.
    assert wagtail_defaults() == {
        "groups": {"Moderators", "Editors"},
        "workflows": {"Moderators approval"},
        "tasks": {"Moderators approval"},
        "on_root": {"Moderators approval"},
    }
    report = setup_roles()
    assert "Wagtail's default workflow Moderators approval removed" in report.changed
    assert wagtail_defaults() == {
        "groups": set(),
        "workflows": set(),
        "tasks": set(),
        "on_root": set(),
    }
    before = snapshot()
    assert setup_roles().changes == 0
    assert snapshot() == before


def test_used_or_adopted_defaults_are_only_taken_off_the_root(network):
    from django.contrib.auth import get_user_model

    from wagtail.models import Page, Workflow, WorkflowState

    from events.factories import RegionPageFactory

    home = network["quatremille"].root_page
    page = RegionPageFactory(parent=home, title="Hors des flux", slug="hors")
    user = get_user_model().objects.create_user("someone", "someone@example.org", "pw")
    Group.objects.get(name="Editors").user_set.add(user)
    page.save_revision(user=user)
    default = Workflow.objects.get(name="Moderators approval")
    default.start(page, user)  # a page went through it before setup_roles ran

    setup_roles()
    assert wagtail_defaults() == {
        "groups": {"Editors"},  # someone is in it: kept
        "workflows": {"Moderators approval"},  # its history is kept
        "tasks": {"Moderators approval"},
        "on_root": set(),
    }
    assert WorkflowState.objects.get(workflow=default).status == WorkflowState.STATUS_IN_PROGRESS
    assert not WorkflowPage.objects.filter(page=Page.get_first_root_node()).exists()
    assert setup_roles().changes == 0
