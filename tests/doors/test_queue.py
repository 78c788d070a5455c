"""The open doors' requests wait in the moderators' queue (`xmille.moderation`) beside the
submitted pages: a proposed event and an organization's request for the region's moderators,
a contributor's request for the site's editors-in-chief; nobody else sees them."""

from django.urls import reverse

import pytest

from tests.workflows.admin import client_for
from xmille.moderation import waiting_for

from .helpers import contributor_data, join_data, page_text, proposal_data, public_client

pytestmark = pytest.mark.django_db

QUEUE = reverse("xmille_moderation_queue")


def send(path, data, host="quatremille.localhost", address="203.0.113.20"):
    response = public_client(host).post(path, data, REMOTE_ADDR=address)
    assert response.status_code == 302, page_text(response)[:2000]


@pytest.fixture
def requests_waiting(tree):
    liege = tree.pages["liege"]
    send("/proposer-un-evenement/", proposal_data(liege, title="Bal folk sous la halle"))
    send("/rejoindre/organisation/", join_data(liege, name="Les Ateliers du Pont"))
    send("/rejoindre/contribuer/", contributor_data(name="Inès Martin"))
    return tree


def titles(user) -> list[str]:
    return [item.title for item in waiting_for(user)]


def test_the_regions_moderators_find_proposals_and_join_requests_in_their_queue(requests_waiting):
    tree = requests_waiting
    assert sorted(titles(tree.users["mod_liege"])) == [
        "Bal folk sous la halle",
        "Les Ateliers du Pont",
    ]
    html = page_text(client_for(tree.users["mod_liege"]).get(QUEUE))
    assert "Bal folk sous la halle" in html and "Les Ateliers du Pont" in html
    # Each line opens the decision screen, which the moderator may use.
    [proposal] = [i for i in waiting_for(tree.users["mod_liege"]) if i.source == "event-proposals"]
    assert client_for(tree.users["mod_liege"]).get(proposal.review_url).status_code == 200


def test_contributors_requests_wait_for_the_sites_editors_in_chief_only(requests_waiting):
    tree = requests_waiting
    assert "Inès Martin (photographe)" in titles(tree.users["chief_quatre"])
    assert "Inès Martin (photographe)" not in titles(tree.users["mod_liege"])
    assert titles(tree.users["chief_cinq"]) == []


@pytest.mark.parametrize("who", ["mod_namur", "mod_verviers", "orga_a", "writer"])
def test_nobody_else_sees_them(requests_waiting, who):
    tree = requests_waiting
    assert titles(tree.users[who]) == []
    html = page_text(client_for(tree.users[who]).get(QUEUE))
    assert "Bal folk sous la halle" not in html and "Les Ateliers du Pont" not in html


def test_a_decided_request_leaves_the_queue(requests_waiting):
    tree = requests_waiting
    [join] = [i for i in waiting_for(tree.users["mod_liege"]) if i.source == "join-requests"]
    client_for(tree.users["mod_liege"]).post(
        join.review_url, {"reject": "1", "reason": "Hors champ."}
    )
    assert titles(tree.users["mod_liege"]) == ["Bal folk sous la halle"]
