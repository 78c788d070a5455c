"""What every public form shares (xmille.doors.guard): the honeypot, the minimum fill time,
the per-address rate limit. A refused submission stores and sends nothing."""

import time

from django.core import mail

import pytest

from events.models import EventProposal, JoinRequest
from xmille import limits
from xmille.doors.guard import form_token

from .helpers import join_data, page_text, proposal_data, public_client

pytestmark = pytest.mark.django_db

PROPOSE = "/proposer-un-evenement/"
JOIN = "/rejoindre/organisation/"


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(tree):
    html = page_text(public_client().get(PROPOSE))
    assert 'class="doors-form__trap" aria-hidden="true"' in html
    assert 'name="fax"' in html and 'tabindex="-1"' in html


def test_a_filled_honeypot_stores_and_sends_nothing(tree):
    data = proposal_data(tree.pages["liege"], fax="http://spam.example")
    response = public_client().post(PROPOSE, data)
    assert response.status_code == 200
    assert "Votre envoi n'a pas pu être accepté" in page_text(response)
    assert EventProposal.objects.count() == 0 and not mail.outbox


def test_a_form_sent_too_soon_after_it_was_shown_is_refused_with_its_values_kept(tree):
    data = proposal_data(tree.pages["liege"], started=form_token(time.time()))
    response = public_client().post(PROPOSE, data)
    assert response.status_code == 200
    html = page_text(response)
    assert "envoyé trop vite" in html
    assert 'value="Bal folk sous la halle"' in html
    assert EventProposal.objects.count() == 0 and not mail.outbox
    # The same token, once the person took their time, passes.
    later = time.time() + limits.PUBLIC_FORM_MIN_SECONDS + 1
    original = time.time
    try:
        time.time = lambda: later
        assert public_client().post(PROPOSE, data).status_code == 302
    finally:
        time.time = original
    assert EventProposal.objects.count() == 1


@pytest.mark.parametrize("kind", ["missing", "forged", "two days old"])
def test_a_missing_forged_or_stale_token_is_refused_and_renewed(tree, kind):
    # Built in the test, not at collection: every xdist worker must collect the same ids.
    token = {"missing": "", "forged": "forged"}.get(kind) or form_token(time.time() - 2 * 86400)
    data = proposal_data(tree.pages["liege"], started=token)
    response = public_client().post(PROPOSE, data)
    assert response.status_code == 200
    assert "Le formulaire a expiré" in page_text(response)
    renewed = response.context["form"].data["started"]
    assert renewed and renewed != token
    assert EventProposal.objects.count() == 0 and not mail.outbox


def test_six_posts_in_five_minutes_then_429_with_the_values_kept(tree):
    client = public_client()
    for n in range(limits.PUBLIC_FORM_SUBMISSIONS):
        data = proposal_data(tree.pages["liege"], title=f"Concert numéro {n}")
        assert client.post(PROPOSE, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    data = proposal_data(tree.pages["liege"], title="Le septième")
    response = client.post(PROPOSE, data, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    html = page_text(response)
    assert "Trop d'envois depuis votre adresse" in html
    assert 'value="Le septième"' in html
    assert EventProposal.objects.count() == limits.PUBLIC_FORM_SUBMISSIONS
    assert len(mail.outbox) == limits.PUBLIC_FORM_SUBMISSIONS
    # Another address is not affected; invalid posts count too (no probing past the limit).
    other = proposal_data(tree.pages["liege"], title="D'ailleurs")
    assert client.post(PROPOSE, other, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert client.post(PROPOSE, {}, REMOTE_ADDR="198.51.100.1").status_code == 429


def test_the_limit_is_counted_per_form(tree):
    client = public_client()
    for _n in range(limits.PUBLIC_FORM_SUBMISSIONS + 1):
        client.post(PROPOSE, {}, REMOTE_ADDR="198.51.100.3")
    response = client.post(JOIN, join_data(tree.pages["liege"]), REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 302
    assert JoinRequest.objects.count() == 1


def test_the_counter_is_atomic_in_the_cache(tree):
    from django.core.cache import cache

    from xmille.doors.guard import throttle_for

    throttle = throttle_for("proposal")
    assert [throttle.hit("192.0.2.9") for _ in range(3)] == [1, 2, 3]
    assert cache.get(throttle.key("192.0.2.9")) == 3


@pytest.mark.parametrize(
    "query",
    [
        {"start": "31/02/2026 25:99"},
        {"region": "999999999999999999999"},
        {"venue": "abc"},
        {"title": "x" * 10_000},
        {"email": "\x00@example.org"},
    ],
)
def test_odd_values_give_errors_next_to_fields_never_a_500(tree, query):
    data = {**proposal_data(tree.pages["liege"]), **query}
    response = public_client().post(PROPOSE, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert EventProposal.objects.count() == 0
