"""Demo builder: the role groups and workflows (the same code as `manage.py setup_roles`), and,
in development only, one demo user per role on every site with the password "demo"."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from events.models import OrganizerPage, RegionPage
from xmille.models import EditorialLine, RoleGroup
from xmille.roles import role_group, setup_roles

from .sites import DemoNetwork

DEMO_PASSWORD = "demo"
# Organizers per region that get a demo user (there may be many organizers).
ORGANIZER_USERS_PER_REGION = 1

DEMO_EDITORIAL_LINE = """
<p>Quatremille, Cinqmille, Sixmille et Septmille annoncent ce qui se passe près de chez vous :
des événements culturels ouverts au public, décrits avec sobriété.</p>
<ul>
<li>Un titre en minuscules accentuées, sans points d'exclamation à répétition.</li>
<li>Une accroche d'une ou deux phrases qui dit ce qu'on va voir ou faire.</li>
<li>Des dates justes, un lieu (ou un lien pour suivre en ligne).</li>
<li>Des images avec un texte alternatif et le nom du photographe.</li>
<li>Pas de publicité commerciale ni de propos discriminants.</li>
</ul>
"""
DEMO_FORBIDDEN_WORDS = "promo exceptionnelle\nmeilleur prix\ngratuit !!!"


def _user(username: str, first_name: str, last_name: str, groups) -> None:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username,
            f"{username}@xmille.localhost",
            DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
        )
    user.groups.add(*[g for g in groups if g is not None])


def build(network: DemoNetwork) -> None:
    report = setup_roles()
    network.say(f"Roles: {len(report.created)} created, {len(report.changed)} repaired.")
    for demo in network.sites:
        line = EditorialLine.for_site(demo.site)
        if not line.text:
            line.text = DEMO_EDITORIAL_LINE.strip()
            line.forbidden_words = DEMO_FORBIDDEN_WORDS
            line.save()

    if not settings.DEBUG:
        network.say("DEBUG is off: no demo users for the roles.")
        return
    _user("reseau", "Admin", "Réseau", [role_group(RoleGroup.Role.NETWORK_ADMIN, None)])
    for demo in network.sites:
        slug, home = demo.spec.slug, demo.home
        _user(
            f"redaction-{slug}",
            "Rédaction",
            demo.spec.name,
            [role_group(RoleGroup.Role.EDITOR_IN_CHIEF, home)],
        )
        _user(f"plume-{slug}", "Plume", demo.spec.name, [role_group(RoleGroup.Role.WRITER, home)])
        for region in RegionPage.objects.child_of(home).order_by("path"):
            region_slug = slugify(region.title)
            _user(
                f"modo-{region_slug}",
                "Modération",
                region.title,
                [role_group(RoleGroup.Role.MODERATOR, region)],
            )
            organizers = OrganizerPage.objects.child_of(region).order_by("path")
            for organizer in organizers[:ORGANIZER_USERS_PER_REGION]:
                _user(
                    f"orga-{slugify(organizer.title)}"[:150],
                    "Organisateur",
                    organizer.title[:150],
                    [role_group(RoleGroup.Role.ORGANIZER, organizer)],
                )
    network.say(
        f'Demo users (password "{DEMO_PASSWORD}", development only): reseau, redaction-<site>, '
        "plume-<site>, modo-<region>, orga-<organizer>."
    )
