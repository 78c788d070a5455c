"""A small network with every role: two regions on Quatremille (Liège, Verviers), one on
Cinqmille (Namur), two organizers in Liège, one in Namur, venues, events, a magazine subtree,
a magazine on Quatremille and Cinqmille, `setup_roles()` run on it, and one user per role."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page

import pytest

from events.factories import (
    EventPageFactory,
    OrganizerPageFactory,
    RegionPageFactory,
    VenuePageFactory,
)
from magazine.factories import MagazineIndexPageFactory
from xmille.models import RoleGroup
from xmille.roles import role_group, setup_roles

Role = RoleGroup.Role


@dataclass
class RolesTree:
    sites: dict
    pages: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def page(self, name: str) -> Page:
        return Page.objects.get(pk=self.pages[name].pk).specific


def next_week(hours: int = 20):
    return (timezone.now() + timedelta(days=7)).replace(
        hour=hours, minute=0, second=0, microsecond=0
    )


def make_user(username: str, *groups, superuser: bool = False):
    User = get_user_model()
    user = User.objects.create_user(
        username, f"{username}@example.org", "pw", first_name=username.capitalize()
    )
    if superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    user.groups.add(*groups)
    return user


def build_roles_tree(sites) -> RolesTree:
    tree = RolesTree(sites=sites)
    p = tree.pages
    quatre, cinq = sites["quatremille"].root_page, sites["cinqmille"].root_page
    p["liege"] = RegionPageFactory(parent=quatre, title="Liège", slug="liege")
    p["verviers"] = RegionPageFactory(parent=quatre, title="Verviers", slug="verviers")
    p["namur"] = RegionPageFactory(parent=cinq, title="Namur", slug="namur")
    p["venue_liege"] = VenuePageFactory(parent=p["liege"], title="La Cité Miroir")
    p["venue_namur"] = VenuePageFactory(
        parent=p["namur"], title="Le Delta", postal_code="5000", city="Namur"
    )
    p["org_a"] = OrganizerPageFactory(parent=p["liege"], title="ASBL Alpha", slug="alpha")
    p["org_b"] = OrganizerPageFactory(parent=p["liege"], title="ASBL Bêta", slug="beta")
    p["org_n"] = OrganizerPageFactory(parent=p["namur"], title="ASBL Namuroise", slug="namuroise")
    start = next_week()
    for key, parent, venue in (
        ("event_a", "org_a", "venue_liege"),
        ("event_b", "org_b", "venue_liege"),
        ("event_n", "org_n", "venue_namur"),
    ):
        p[key] = EventPageFactory(
            parent=p[parent],
            title=f"Concert {key[-1]}",
            venue=p[venue],
            dates=[(start, start + timedelta(hours=2))],
        )
        p[key].save_revision()
    p["magazine_quatre"] = MagazineIndexPageFactory(parent=quatre)
    p["magazine_cinq"] = MagazineIndexPageFactory(parent=cinq)

    setup_roles()

    u = tree.users
    u["admin"] = make_user("admin", superuser=True)
    u["network"] = make_user("network", role_group(Role.NETWORK_ADMIN, None))
    u["chief_quatre"] = make_user("chief_quatre", role_group(Role.EDITOR_IN_CHIEF, quatre))
    u["chief_cinq"] = make_user("chief_cinq", role_group(Role.EDITOR_IN_CHIEF, cinq))
    u["writer"] = make_user("writer", role_group(Role.WRITER, quatre))
    u["writer2"] = make_user("writer2", role_group(Role.WRITER, quatre))
    u["writer_cinq"] = make_user("writer_cinq", role_group(Role.WRITER, cinq))
    u["mod_liege"] = make_user("mod_liege", role_group(Role.MODERATOR, p["liege"]))
    u["mod_namur"] = make_user("mod_namur", role_group(Role.MODERATOR, p["namur"]))
    u["mod_verviers"] = make_user("mod_verviers", role_group(Role.MODERATOR, p["verviers"]))
    u["orga_a"] = make_user("orga_a", role_group(Role.ORGANIZER, p["org_a"]))
    u["orga_b"] = make_user("orga_b", role_group(Role.ORGANIZER, p["org_b"]))
    u["orga_n"] = make_user("orga_n", role_group(Role.ORGANIZER, p["org_n"]))
    return tree


@pytest.fixture
def tree(network) -> RolesTree:
    return build_roles_tree(network)
