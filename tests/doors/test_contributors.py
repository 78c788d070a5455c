"""People join a site's magazine: its editors-in-chief approve (a writer of that site only, an
author profile to be credited) or decline with a reason."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import pytest

from magazine.models import Author
from tests.workflows.admin import client_for
from xmille.models import ContributorRequest, RoleGroup
from xmille.roles import role_group

from .helpers import contributor_data, link_in, mails_to, page_text, public_client

pytestmark = pytest.mark.django_db

URL = "/rejoindre/contribuer/"
EMAIL = "ines@example.org"
User = get_user_model()


def request_to_contribute(host="quatremille.localhost", **overrides):
    response = public_client(host).post(URL, contributor_data(**overrides))
    assert response.status_code == 302, page_text(response)[:3000]
    return ContributorRequest.objects.latest("pk")


def decide(record):
    return reverse("doors_decide_contributor", args=[record.pk])


def test_a_request_is_for_the_site_it_was_sent_from_once_per_e_mail(tree):
    record = request_to_contribute()
    assert record.site == tree.sites["quatremille"] and record.kind == "photographer"
    request_to_contribute()
    assert ContributorRequest.objects.count() == 1
    assert len(mails_to(EMAIL)) == 1
    other = request_to_contribute("cinqmille.localhost")
    assert other.site == tree.sites["cinqmille"] and ContributorRequest.objects.count() == 2


def test_a_sample_of_work_is_a_web_address(tree):
    response = public_client().post(URL, contributor_data(sample_url="javascript:alert(1)"))
    assert response.context["form"].errors["sample_url"]
    assert ContributorRequest.objects.count() == 0


def test_approval_makes_a_writer_of_that_site_only(tree):
    record = request_to_contribute()
    mail.outbox.clear()
    response = client_for(tree.users["chief_quatre"]).post(decide(record), {"approve": "1"})
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    quatre, cinq = tree.sites["quatremille"].root_page, tree.sites["cinqmille"].root_page
    assert list(user.groups.all()) == [role_group(RoleGroup.Role.WRITER, quatre)]
    magazine_quatre, magazine_cinq = tree.page("magazine_quatre"), tree.page("magazine_cinq")
    assert magazine_quatre.permissions_for_user(user).can_add_subpage()
    assert not magazine_cinq.permissions_for_user(user).can_add_subpage()
    assert not magazine_quatre.permissions_for_user(user).can_publish_subpage()
    assert not tree.page("org_a").permissions_for_user(user).can_edit()
    assert not quatre.permissions_for_user(user).can_edit()
    assert not cinq.permissions_for_user(user).can_add_subpage()
    author = Author.objects.get(user=user)
    assert author.name == "Inès Martin"  # credited on pieces
    [welcome] = mails_to(EMAIL)
    assert link_in(welcome).startswith("/bienvenue/")
    # A double click: nothing twice.
    client_for(tree.users["chief_quatre"]).post(decide(record), {"approve": "1"})
    assert (
        User.objects.filter(email=EMAIL).count() == 1
        and Author.objects.filter(user=user).count() == 1
    )


def test_an_existing_account_gets_the_role_without_a_second_account(tree):
    existing = tree.users["writer_cinq"]
    record = request_to_contribute(email=existing.email)
    client_for(tree.users["chief_quatre"]).post(decide(record), {"approve": "1"})
    assert User.objects.filter(email__iexact=existing.email).count() == 1
    quatre = tree.sites["quatremille"].root_page
    assert existing.groups.filter(pk=role_group(RoleGroup.Role.WRITER, quatre).pk).exists()


def test_declining_e_mails_the_reason(tree):
    record = request_to_contribute()
    mail.outbox.clear()
    client_for(tree.users["chief_quatre"]).post(
        decide(record), {"reject": "1", "reason": "Nous ne cherchons personne en ce moment."}
    )
    record.refresh_from_db()
    assert record.status == ContributorRequest.Status.REJECTED
    [outcome] = mails_to(EMAIL)
    assert "Nous ne cherchons personne en ce moment." in outcome.body
    assert not User.objects.filter(email=EMAIL).exists()


@pytest.mark.parametrize("who", ["chief_cinq", "mod_liege", "writer", "orga_a"])
def test_only_the_sites_editors_in_chief_and_network_admins_decide(tree, who):
    record = request_to_contribute()
    client = client_for(tree.users[who])
    assert client.get(decide(record)).status_code in (302, 403)
    assert client.post(decide(record), {"approve": "1"}).status_code in (302, 403)
    record.refresh_from_db()
    assert record.is_pending and not User.objects.filter(email=EMAIL).exists()
    queue = client.get(reverse("wagtailsnippets_xmille_contributorrequest:list"))
    assert "Inès Martin" not in page_text(queue)


def test_the_sites_editors_in_chief_see_their_queue(tree):
    request_to_contribute()
    queue = client_for(tree.users["chief_quatre"]).get(
        reverse("wagtailsnippets_xmille_contributorrequest:list")
    )
    assert queue.status_code == 200 and "Inès Martin" in page_text(queue)
