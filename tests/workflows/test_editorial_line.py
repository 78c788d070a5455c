"""The editorial line where contributors and the public read it, and the check's rules one by
one (each refusal has its own reason)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model

import pytest

from events.factories import EventPageFactory
from events.models import EventPage
from magazine.factories import ChroniclePageFactory
from magazine.models.pieces import PIECE_TYPES
from xmille.editorial import EditorialLinePanel, editorial_line_view
from xmille.models import EditorialLine
from xmille.workflows import check_page

from .admin import client_for
from .conftest import next_week

pytestmark = pytest.mark.django_db
XSS = "<script>alert(1)</script>"


@pytest.fixture
def line(tree):
    line = EditorialLine.for_site(tree.sites["quatremille"])
    line.text = "<p>Sobriété et exactitude.</p>"
    line.forbidden_words = f"promo exceptionnelle\nmeilleur prix\n{XSS}"
    line.teaser_max_length = 60
    line.save()
    return line


def event(tree, **kwargs):
    start = kwargs.pop("start", next_week())
    page = EventPageFactory(
        parent=tree.pages["org_a"],
        venue=kwargs.pop("venue", tree.pages["venue_liege"]),
        dates=kwargs.pop("dates", [(start, start + timedelta(hours=2))]),
        **kwargs,
    )
    return EventPage.objects.get(pk=page.pk)


def test_a_correct_event_passes(tree, line):
    assert check_page(event(tree, title="Bal folk à la Cité", teaser="On danse.")).passed


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "BAL FOLK GÉANT"}, "capitales"),
        ({"teaser": "x" * 61}, "61 caractères ; 60 au plus"),
        ({"teaser": "Le meilleur prix de la ville"}, "« meilleur prix »"),
        ({"title": "Promo EXCEPTIONNELLE ce soir"}, "« promo exceptionnelle »"),
        ({"dates": []}, "aucune date"),
        ({"venue": None}, "lieu ou un lien"),
        ({"venue": None, "attendance_mode": "online"}, "lieu ou un lien"),
        ({"attendance_mode": "mixed"}, "en ligne mais n'a pas de lien"),
    ],
)
def test_each_rule_refuses_with_its_reason(tree, line, fields, reason):
    result = check_page(event(tree, **fields))
    assert not result.passed
    assert any(reason.lower() in r.lower() for r in result.reasons), result.reasons


def test_empty_teaser_in_a_revision_is_refused(tree, line):
    """The form requires a teaser; a revision written by an import or an API might not have one."""
    page = event(tree)
    page.teaser = ""
    assert "L'accroche est vide." in check_page(page).reasons


def test_dates_in_the_past_and_end_before_start(tree, line):
    past = timezone.now() - timedelta(days=10)
    result = check_page(event(tree, dates=[(past, past + timedelta(hours=1))]))
    assert any("passées" in r for r in result.reasons)
    # end before start (the admin form refuses it too; an import or the API might not)
    page = event(tree)
    occurrence = page.occurrences.first()
    occurrence.end = occurrence.start - timedelta(hours=1)
    occurrence.save()
    result = check_page(EventPage.objects.get(pk=page.pk))
    assert any("finit" in r and "avant de commencer" in r for r in result.reasons)


def test_images_need_alt_text_and_credit(tree, line):
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(
        title="Affiche", file=get_test_image_file(), description="", credit=""
    )
    result = check_page(event(tree, main_image=image))
    assert any("texte alternatif" in r for r in result.reasons)
    assert any("crédit" in r for r in result.reasons)
    image.description, image.credit = "Une affiche colorée", "© Léa"
    image.save()
    assert check_page(event(tree, main_image=image)).passed


def test_panel_shows_the_line_and_the_checks_reasons_escaped(tree, line, rf):
    page = event(tree, title="SOIRÉE EN CAPITALES")
    page.save_revision(user=tree.users["orga_a"])
    page.get_workflow().start(page, tree.users["orga_a"])
    request = rf.get("/admin/")
    request.user = tree.users["orga_a"]
    panel = EditorialLinePanel().bind_to_model(EventPage)
    html = panel.get_bound_panel(instance=page, request=request, form=None).render_html()
    assert "Sobriété et exactitude" in html
    assert "Le titre est écrit en capitales" in html


def test_public_page_shows_the_sites_line(tree, line, rf, client):
    response = editorial_line_view(rf.get("/ligne-editoriale/", HTTP_HOST="quatremille.localhost"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sobriété et exactitude" in html and "meilleur prix" in html
    assert XSS not in html and "&lt;script&gt;" in html
    other = editorial_line_view(rf.get("/ligne-editoriale/", HTTP_HOST="cinqmille.localhost"))
    assert "Sobriété" not in other.content.decode()


@pytest.mark.parametrize("model", PIECE_TYPES, ids=lambda model: model.__name__)
def test_every_magazine_editor_opens_on_the_sites_line(tree, line, model):
    assert isinstance(model.content_panels[0], EditorialLinePanel)
    writer = client_for(tree.users["writer"])
    magazine = tree.pages["magazine_quatre"]
    add = reverse("wagtailadmin_pages:add", args=["magazine", model._meta.model_name, magazine.pk])
    response = writer.get(add)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sobriété et exactitude" in html
    assert html.index("xmille-editorial-line") < html.index('name="title"')


def test_magazine_piece_editor_shows_its_own_sites_line(tree, line):
    from xmille.models import EditorialLine

    cinq = EditorialLine.for_site(tree.sites["cinqmille"])
    cinq.text = "<p>Ici, on écrit court.</p>"
    cinq.save()
    pieces = {}
    for writer, magazine in (("writer", "magazine_quatre"), ("writer_cinq", "magazine_cinq")):
        pieces[writer] = ChroniclePageFactory(
            parent=tree.pages[magazine], owner=tree.users[writer], live=False, body=[]
        )
        pieces[writer].save_revision(user=tree.users[writer])

    def editor(writer):
        response = client_for(tree.users[writer]).get(
            reverse("wagtailadmin_pages:edit", args=[pieces[writer].pk])
        )
        assert response.status_code == 200
        return response.content.decode()

    quatre_html, cinq_html = editor("writer"), editor("writer_cinq")
    assert "Sobriété et exactitude" in quatre_html and "on écrit court" not in quatre_html
    assert "on écrit court" in cinq_html and "Sobriété" not in cinq_html
