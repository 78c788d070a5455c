"""The admin made for contributors (issue 13): each role's home, where the explorer and the
venue chooser open, the menus and fields hidden from contributors, the editor without traps
(free ASCII slugs, one teaser limit, alt text and credit asked next to the image, reasons
linked to their field), the contributor's workflow words, withdrawing a submission, and the
e-mails' links. Every rule is tried by someone it must stop."""

import json
import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import WorkflowState

import pytest

from events.factories import EventPageFactory
from events.models import EventPage, OrganizerPage
from xmille.models import EditorialLine
from xmille.workflows import check_page

from .admin import (
    client_for,
    create_form,
    edit_form,
    fill_event,
    form_errors,
    post_create,
    post_edit,
)
from .conftest import next_week

pytestmark = pytest.mark.django_db


def submit_event(tree, user="orga_a", organizer="org_a", action="submit", **fields):
    client = client_for(tree.users[user])
    data = create_form(client, "events.eventpage", tree.pages[organizer])
    start = fields.pop("start", next_week())
    fill_event(
        data,
        title=fields.pop("title", "Contes de la Meuse"),
        teaser=fields.pop("teaser", "Trois conteuses font revivre les légendes du fleuve."),
        venue=fields.pop("venue", tree.pages["venue_liege"]),
        start=start,
        end=start + timedelta(hours=2),
    )
    data.update(fields)
    response = post_create(client, "events.eventpage", tree.pages[organizer], data, action)
    return client, response, EventPage.objects.filter(title=data["title"]).order_by("-pk").first()


def home(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def image(**fields):
    """An image in Quatremille's collection, where its contributors upload."""
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    return get_image_model().objects.create(
        title=fields.pop("title", "Affiche"),
        file=get_test_image_file(),
        collection=Collection.objects.get(name="Quatremille"),
        **fields,
    )


# -- homes --------------------------------------------------------------------------------


def test_organizer_home_shows_their_events_by_state_and_nothing_of_others(tree):
    past = timezone.now() - timedelta(days=20)
    EventPageFactory(
        parent=tree.pages["org_a"],
        title="Bal de l'an dernier",
        venue=tree.pages["venue_liege"],
        dates=[(past, past + timedelta(hours=2))],
    )
    client, _, refused = submit_event(tree, title="SOIRÉE EN CAPITALES")
    _, _, _waiting = submit_event(tree, title="Lecture au jardin")
    html = home(client)

    section = re.search(r'data-xmille-role="organizer".*?</section>', html, re.S).group(0)
    assert "ASBL Alpha" in section
    add_url = reverse(
        "wagtailadmin_pages:add", args=["events", "eventpage", tree.pages["org_a"].pk]
    )
    assert f'href="{add_url}"' in section and "Ajouter un événement" in section
    assert "Concert a" in section  # the tree's live event, upcoming
    changes = section.split('data-xmille-state="changes"')[2].split("</ul>")[0]
    assert "SOIRÉE EN CAPITALES" in changes
    assert "Le titre est écrit en capitales" in changes
    # the reason links to the field that fixes it
    fix = reverse("wagtailadmin_pages:edit", args=[refused.pk]) + "#fix-title"
    assert fix in changes
    assert "Lecture au jardin" in section.split('data-xmille-state="waiting"')[2].split("</ul>")[0]
    assert "Bal de l&#x27;an dernier" in section.split('data-xmille-state="past"')[2]
    # nothing of the other organizers, no network-wide counts
    assert "Concert b" not in html and "Concert n" not in html
    assert "ASBL Bêta" not in html
    assert not summary_items(html)


def test_moderators_reasons_are_on_the_organizers_home(tree):
    client, _, page = submit_event(tree)
    moderator = client_for(tree.users["mod_liege"])
    task_state = page.current_workflow_state.current_task_state
    moderator.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "Précisez l'heure d'ouverture des portes."},
    )
    html = home(client)
    changes = html.split('data-xmille-state="changes"')[2].split("</ul>")[0]
    assert "Précisez l&#x27;heure d&#x27;ouverture des portes." in changes
    assert "Mod_liege" in html


def summary_items(html: str) -> list[str]:
    """Wagtail's network-wide counts ("283 pages, 82 images")."""
    match = re.search(r'class="w-summary__list">(.*?)</ul>', html, re.S)
    return re.findall(r"<li", match.group(1)) if match else []


def test_network_counts_only_for_network_admins(tree):
    assert not summary_items(home(client_for(tree.users["mod_liege"])))
    assert summary_items(home(client_for(tree.users["network"])))


def test_writer_home_lists_their_own_pieces_only(tree):
    from magazine.factories import ChroniclePageFactory

    ChroniclePageFactory(
        parent=tree.pages["magazine_quatre"], title="Ma chronique", owner=tree.users["writer"]
    )
    ChroniclePageFactory(
        parent=tree.pages["magazine_quatre"], title="La sienne", owner=tree.users["writer2"]
    )
    html = home(client_for(tree.users["writer"]))
    assert "Ma chronique" in html and "La sienne" not in html
    assert (
        reverse("wagtailadmin_pages:add_subpage", args=[tree.pages["magazine_quatre"].pk]) in html
    )


def test_home_links_to_the_guides_when_they_exist_and_tolerates_their_absence(tree):
    # No guide pages in this tree (or no guide models yet): the home is drawn all the same.
    html = home(client_for(tree.users["orga_a"]))
    assert "Ajouter un événement" in html


# -- explorer, choosers, menus ------------------------------------------------------------


def sidebar(html: str) -> str:
    return re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)


def test_explorer_opens_at_the_organizer_page_and_reports_are_hidden(tree):
    props = json.loads(sidebar(home(client_for(tree.users["orga_a"]))))
    text = json.dumps(props)
    org = tree.pages["org_a"]
    assert f'"start_page_id": {org.pk}' in text or f"{org.pk}" in text
    assert reverse("wagtailadmin_explore", args=[org.pk]) in text
    assert '"reports"' not in text
    # A moderator keeps the reports; a writer's explorer opens at the site's magazine.
    assert '"reports"' in json.dumps(json.loads(sidebar(home(client_for(tree.users["mod_liege"])))))
    writer = json.dumps(json.loads(sidebar(home(client_for(tree.users["writer"])))))
    assert reverse("wagtailadmin_explore", args=[tree.pages["magazine_quatre"].pk]) in writer


def test_venue_chooser_opens_at_the_events_region(tree):
    client = client_for(tree.users["orga_a"])
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", tree.pages["org_a"].pk])
    )
    html = response.content.decode()
    init = re.search(r'new PageChooser\("id_venue", (\{.*?\})\);', html).group(1)
    assert json.loads(init)["startParentId"] == tree.pages["liege"].pk
    assert "xmille/js/start_page_chooser.js" in html


# -- the editor -----------------------------------------------------------------------------


def test_organizer_editor_hides_reviewer_fields_and_shows_checkboxes(tree):
    client = client_for(tree.users["orga_a"])
    data = edit_form(client, tree.page("event_a"))
    assert "slug" not in data and "seo_title" not in data and "show_in_menus" not in data
    html = client.get(reverse("wagtailadmin_pages:edit", args=[tree.pages["event_a"].pk])).content
    assert b'type="checkbox" name="categories"' in html or b'name="categories"' not in html
    assert b"main_image_alt" in html and b"main_image_credit" in html
    # The organizer page: no "organisateur de confiance" for the organizer, yes for the moderator.
    org_edit = reverse("wagtailadmin_pages:edit", args=[tree.pages["org_a"].pk])
    assert b'name="trusted"' not in client.get(org_edit).content
    assert b'name="trusted"' in client_for(tree.users["mod_liege"]).get(org_edit).content
    assert "slug" in edit_form(client_for(tree.users["mod_liege"]), tree.page("event_a"))


def test_raw_post_of_reviewer_fields_by_an_organizer_changes_nothing(tree):
    client = client_for(tree.users["orga_a"])
    org = tree.pages["org_a"]
    data = edit_form(client, org)
    data["trusted"] = "on"
    data["slug"] = "pirate"
    post_edit(client, org, data)
    org = OrganizerPage.objects.get(pk=org.pk)
    assert not org.trusted
    latest = org.get_latest_revision_as_object()
    assert not latest.trusted and latest.slug == "alpha"


def test_organizer_cannot_publish_or_touch_another_organizers_page(tree):
    _client, _response, page = submit_event(tree, action="publish")
    assert page is None or not EventPage.objects.get(pk=page.pk).live
    other = client_for(tree.users["orga_a"]).get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", tree.pages["org_b"].pk])
    )
    assert other.status_code in (302, 403)
    html = home(client_for(tree.users["orga_b"]))
    assert "Concert a" not in html


def test_slugs_are_ascii_and_a_clash_gets_a_free_slug(tree):
    _client, response, first = submit_event(
        tree, title="Atelier d'écriture : six soirées", action=""
    )
    assert response.status_code == 302, form_errors(response)
    assert first.slug == "atelier-decriture-six-soirees"
    _, response, second = submit_event(tree, title="Atelier d'écriture : six soirées", action="")
    assert response.status_code == 302, form_errors(response)
    assert second.slug == "atelier-decriture-six-soirees-2"
    # A moderator, who sees the slug, typing a taken or accented one: saved all the same.
    moderator = client_for(tree.users["mod_liege"])
    data = edit_form(moderator, second)
    data["slug"] = "Atelier-d'écriture-six-soirées"
    response = post_edit(moderator, second, data)
    assert response.status_code == 302, form_errors(response)
    assert second.get_latest_revision_as_object().slug == "atelier-decriture-six-soirees-2"


def test_form_and_check_apply_the_same_teaser_limit(tree):
    line = EditorialLine.for_site(tree.sites["quatremille"])
    line.teaser_max_length = 80
    line.save()
    _, response, page = submit_event(tree, teaser="x" * 81 + " trop long")
    assert response.status_code == 200 and page is None
    assert "80" in str(response.context["form"].errors.get("teaser"))
    _, response, page = submit_event(
        tree, teaser="Une accroche de quatre-vingts caractères au plus."
    )
    assert response.status_code == 302, form_errors(response)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_image_alt_text_and_credit_are_asked_next_to_the_image(tree):
    own = image(
        title="Notre affiche", description="", credit="", uploaded_by_user=tree.users["orga_a"]
    )
    _, response, page = submit_event(tree, main_image=str(own.pk))
    assert response.status_code == 200 and page is None
    errors = response.context["form"].errors
    assert "main_image_alt" in errors and "main_image_credit" in errors
    _client, response, page = submit_event(
        tree,
        main_image=str(own.pk),
        main_image_alt="Trois conteuses devant un rideau rouge",
        main_image_credit="© ASBL Alpha",
    )
    assert response.status_code == 302, form_errors(response)
    own.refresh_from_db()
    assert (
        own.description == "Trois conteuses devant un rideau rouge" and own.credit == "© ASBL Alpha"
    )
    assert check_page(page.get_latest_revision_as_object()).passed


def test_someone_elses_image_is_not_changed_from_the_event_editor(tree):
    theirs = image(
        title="Leur affiche", description="", credit="", uploaded_by_user=tree.users["orga_b"]
    )
    _, response, page = submit_event(
        tree, main_image=str(theirs.pk), main_image_alt="Piraté", main_image_credit="Piraté"
    )
    assert response.status_code == 200 and page is None
    theirs.refresh_from_db()
    assert theirs.description == "" and theirs.credit == ""


def test_editor_links_each_reason_to_its_field(tree):
    client, response, _page = submit_event(tree, title="SOIRÉE EN CAPITALES")
    html = client.get(response.url).content.decode()
    assert 'href="#fix-title"' in html
    assert "xmille/js/fix_links.js" in html


# -- workflow words, withdrawing ----------------------------------------------------------


def test_workflow_buttons_speak_the_contributors_words(tree):
    client = client_for(tree.users["orga_a"])
    html = client.get(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", tree.pages["org_a"].pk])
    ).content.decode()
    assert "Envoyer à la modération" in html
    assert "Soumettre à Agenda" not in html and "Submit to Agenda" not in html
    client, _, page = submit_event(tree)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "En attente de validation" in html
    assert "Retirer de la modération pour corriger" in html
    assert "Annuler le workflow" not in html and "Cancel workflow" not in html


def test_contributor_withdraws_a_submission_fixes_a_typo_and_sends_it_again(tree):
    client, _, page = submit_event(tree, title="Contes de la Meuze")
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    data = edit_form(client, page)
    response = post_edit(client, page, data, "cancel-workflow")
    assert response.status_code in (200, 302)  # locked for them: the editor is shown again
    page = EventPage.objects.get(pk=page.pk)
    assert page.current_workflow_state is None
    data = edit_form(client, page)
    data["title"] = "Contes de la Meuse"
    response = post_edit(client, page, data, "submit")
    assert response.status_code == 302, form_errors(response)
    page = EventPage.objects.get(pk=page.pk)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live  # withdrawing never publishes


def test_another_organizer_cannot_withdraw_a_submission(tree):
    _, _, page = submit_event(tree)
    intruder = client_for(tree.users["orga_b"])
    response = intruder.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action-cancel-workflow": "1"}
    )
    assert response.status_code in (302, 403)
    assert EventPage.objects.get(pk=page.pk).current_workflow_state is not None


def test_refused_drafts_are_nobodys_duplicate(tree):
    start = next_week()
    _, _, refused = submit_event(tree, title="SOIRÉE JAZZ", start=start)
    assert refused.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    _, _, clean = submit_event(
        tree, user="orga_b", organizer="org_b", title="Soirée jazz", start=start
    )
    comment = clean.current_workflow_state.task_states.order_by("pk").first().comment
    assert "Doublon possible" not in comment
    _, _, again = submit_event(
        tree, user="orga_b", organizer="org_b", title="Soirée jazz!", start=start
    )
    comment = again.current_workflow_state.task_states.order_by("pk").first().comment
    assert "Doublon possible" in comment  # the submitted one counts


# -- e-mails --------------------------------------------------------------------------------


def test_notification_links_use_the_pages_site_address(tree, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://localhost:8000"
    mail.outbox.clear()
    submit_event(tree, title="SOIRÉE EN CAPITALES")
    assert mail.outbox
    body = mail.outbox[-1].body
    assert "localhost:8000" not in body
    assert "http://quatremille.localhost/admin/pages/" in body


# -- proposing a venue ----------------------------------------------------------------------


def test_organizer_proposes_a_venue_that_waits_for_the_regions_moderators(tree):
    from events.models import VenuePage

    client = client_for(tree.users["orga_a"])
    url = reverse("events_propose_venue", args=[tree.pages["liege"].pk])
    assert url in home(client)
    response = client.post(
        url,
        {
            "title": "Salle des fêtes de Jupille",
            "street": "Rue Chafnay 2",
            "postal_code": "4020",
            "city": "Jupille",
        },
    )
    assert response.status_code == 302
    venue = VenuePage.objects.get(title="Salle des fêtes de Jupille")
    assert not venue.live and venue.get_parent().pk == tree.pages["liege"].pk
    assert venue.slug == "salle-des-fetes-de-jupille"
    state = venue.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Validation par la modération de la région"
    # The organizer gets no right on it; Liège's moderator approves it, which publishes it.
    assert not venue.permissions_for_user(tree.users["orga_a"]).can_edit()
    moderator = client_for(tree.users["mod_liege"])
    moderator.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[venue.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    assert VenuePage.objects.get(pk=venue.pk).live


def test_venues_are_proposed_only_in_the_organizers_own_region(tree):
    from events.models import VenuePage

    client = client_for(tree.users["orga_a"])
    for region in ("namur", "verviers"):
        response = client.post(
            reverse("events_propose_venue", args=[tree.pages[region].pk]),
            {"title": "Lieu pirate", "street": "Rue 1", "postal_code": "5000", "city": "Namur"},
        )
        assert response.status_code in (302, 403)
    assert not VenuePage.objects.filter(title="Lieu pirate").exists()
    writer = client_for(tree.users["writer"])
    response = writer.post(
        reverse("events_propose_venue", args=[tree.pages["liege"].pk]),
        {"title": "Lieu pirate", "street": "Rue 1", "postal_code": "4000", "city": "Liège"},
    )
    assert not VenuePage.objects.filter(title="Lieu pirate").exists()
