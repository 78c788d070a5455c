"""An organization joins the network: one request per e-mail, the moderators' approval (one
account, one draft organizer page, one group with working permissions, in one transaction),
the set-password link, the refusal e-mail, and who may decide."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest

from events.models import JoinRequest, OrganizerPage
from tests.workflows.admin import assert_denied, client_for, edit_form, form_errors, post_edit
from xmille.models import RoleGroup

from .helpers import join_data, link_in, mails_to, page_text, public_client

pytestmark = pytest.mark.django_db

URL = "/rejoindre/organisation/"
EMAIL = "marc@ateliers.example.org"
User = get_user_model()


def request_to_join(tree, **overrides):
    response = public_client().post(URL, join_data(tree.pages["liege"], **overrides))
    assert response.status_code == 302, page_text(response)[:3000]
    return JoinRequest.objects.latest("pk")


def decide(record):
    return reverse("doors_decide_join", args=[record.pk])


def approve(tree, record, who="mod_liege"):
    return client_for(tree.users[who]).post(decide(record), {"approve": "1"})


def test_the_join_page_offers_both_doors(tree):
    html = page_text(public_client().get("/rejoindre/"))
    assert "/rejoindre/organisation/" in html and "/rejoindre/contribuer/" in html


def test_a_request_is_stored_and_acknowledged_once_per_e_mail(tree):
    record = request_to_join(tree)
    assert record.status == JoinRequest.Status.PENDING and record.email == EMAIL
    # A double click, a second request later, another case: nothing more.
    request_to_join(tree)
    request_to_join(tree, email=EMAIL.upper(), name="Autre nom")
    assert JoinRequest.objects.count() == 1
    assert len(mails_to(EMAIL)) == 1
    assert not User.objects.filter(email__iexact=EMAIL).exists()


def test_the_editorial_line_must_be_accepted(tree):
    response = public_client().post(URL, join_data(tree.pages["liege"], accepts_line=""))
    assert "accepter la ligne éditoriale" in response.context["form"].errors["accepts_line"][0]
    assert JoinRequest.objects.count() == 0


def test_approval_creates_exactly_one_user_page_and_group(tree):
    record = request_to_join(tree)
    mail.outbox.clear()
    users, groups = User.objects.count(), Group.objects.count()
    pages = OrganizerPage.objects.count()
    assert approve(tree, record).status_code == 302
    assert approve(tree, record).status_code == 302  # a double click
    assert User.objects.count() == users + 1
    assert Group.objects.count() == groups + 1
    assert OrganizerPage.objects.count() == pages + 1
    user = User.objects.get(email=EMAIL)
    assert not user.has_usable_password()
    record.refresh_from_db()
    organizer = record.organizer
    assert record.status == JoinRequest.Status.APPROVED and record.user == user
    assert organizer.get_parent().pk == tree.pages["liege"].pk
    assert not organizer.live  # nothing published as a side effect
    assert organizer.title == "Les Ateliers du Pont" and organizer.website
    assert [s.value["title"] for s in organizer.services] == ["Prêt de matériel", "Atelier ouvert"]
    group = RoleGroup.objects.get(role=RoleGroup.Role.ORGANIZER, page=organizer).group
    assert list(user.groups.all()) == [group]
    perms = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )
    assert perms == {(organizer.pk, "add_page"), (organizer.pk, "change_page")}
    [welcome] = mails_to(EMAIL)
    assert "/bienvenue/" in welcome.body and EMAIL in welcome.body


def test_the_new_organizer_edits_its_own_page_and_nothing_else(tree):
    # No services: the test client cannot draw a stream field's inputs (JavaScript does).
    record = request_to_join(tree, services="")
    approve(tree, record)
    record.refresh_from_db()
    user, organizer = record.user, record.organizer
    mine = organizer.permissions_for_user(user)
    assert mine.can_edit() and mine.can_add_subpage() and not mine.can_publish()
    for name in ("org_a", "org_n", "liege", "venue_liege", "event_a"):
        assert not tree.page(name).permissions_for_user(user).can_edit(), name
    client = client_for(user)
    data = edit_form(client, organizer)
    data["title"] = "Les Ateliers du Pont (Outremeuse)"
    response = post_edit(client, organizer, data)
    assert response.status_code == 302, form_errors(response)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[organizer.pk]), [
        str(m) for m in client.get(response.url).context["messages"]
    ]
    organizer.refresh_from_db()
    assert organizer.get_latest_revision_as_object().title == "Les Ateliers du Pont (Outremeuse)"
    # Publishing itself is refused: the page stays a draft.
    post_edit(client, organizer, data, action="publish")
    organizer.refresh_from_db()
    assert not organizer.live
    # Another organizer's page: refused, unchanged.
    other = tree.page("org_a")
    assert_denied(client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])))
    forged = {**data, "title": "Piraté"}
    assert_denied(post_edit(client, other, forged))
    assert tree.page("org_a").get_latest_revision_as_object().title == "ASBL Alpha"


def test_the_set_password_link_logs_in_and_opens_the_admin_once(tree):
    record = request_to_join(tree)
    mail.outbox.clear()
    approve(tree, record)
    link = link_in(mails_to(EMAIL)[0])
    browser = Client(HTTP_HOST="quatremille.localhost")
    form_page = browser.get(link, follow=True)
    assert form_page.status_code == 200 and "new_password1" in page_text(form_page)
    response = browser.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {
            "new_password1": "un mot de passe solide 42",
            "new_password2": "un mot de passe solide 42",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert browser.get(reverse("wagtailadmin_home")).status_code == 200
    user = User.objects.get(email=EMAIL)
    assert user.check_password("un mot de passe solide 42")
    # The link served once.
    again = Client(HTTP_HOST="quatremille.localhost").get(link, follow=True)
    assert "a déjà servi ou a expiré" in page_text(again)


def test_refusal_e_mails_the_reason_and_creates_nothing(tree):
    record = request_to_join(tree)
    mail.outbox.clear()
    users, pages = User.objects.count(), OrganizerPage.objects.count()
    response = client_for(tree.users["mod_liege"]).post(
        decide(record), {"reject": "1", "reason": "Votre activité n'est pas culturelle."}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == JoinRequest.Status.REJECTED
    [outcome] = mails_to(EMAIL)
    assert "Votre activité n'est pas culturelle." in outcome.body
    assert User.objects.count() == users and OrganizerPage.objects.count() == pages
    # Decided: a new request of the same e-mail may come.
    request_to_join(tree)
    assert JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count() == 1


@pytest.mark.parametrize("who", ["mod_namur", "mod_verviers", "orga_a", "writer", "chief_cinq"])
def test_only_the_regions_moderators_and_network_admins_decide(tree, who):
    record = request_to_join(tree)
    users = User.objects.count()
    client = client_for(tree.users[who])
    assert client.get(decide(record)).status_code in (302, 403)
    for action in ({"approve": "1"}, {"reject": "1", "reason": "non"}):
        assert client.post(decide(record), action).status_code in (302, 403)
    record.refresh_from_db()
    assert record.is_pending and User.objects.count() == users
    queue = client.get(reverse("wagtailsnippets_events_joinrequest:list"))
    assert "Les Ateliers du Pont" not in page_text(queue)


def test_network_admins_see_and_approve_every_region(tree):
    record = request_to_join(tree)
    client = client_for(tree.users["network"])
    queue = client.get(reverse("wagtailsnippets_events_joinrequest:list"))
    assert "Les Ateliers du Pont" in page_text(queue)
    assert approve(tree, record, "network").status_code == 302
    record.refresh_from_db()
    assert record.status == JoinRequest.Status.APPROVED


def test_wagtails_own_edit_and_delete_views_are_closed(tree):
    record = request_to_join(tree)
    client = client_for(tree.users["mod_liege"])
    for name in ("edit", "delete"):
        url = reverse(f"wagtailsnippets_events_joinrequest:{name}", args=[record.pk])
        client.post(url, {"name": "Changé"})
    record.refresh_from_db()
    assert record.name == "Les Ateliers du Pont"
    assert client.get(reverse("wagtailsnippets_events_joinrequest:add")).status_code in (302, 403)
