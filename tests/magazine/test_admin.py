"""Editors find every type of piece in the admin, under the magazine only."""

import pytest

from home.models import HomePage
from magazine.models import (
    ChroniclePage,
    InterviewPage,
    MagazineIndexPage,
    MagazinePiece,
    ReportPage,
    WeeklyFavouritesPage,
)

pytestmark = pytest.mark.django_db


def test_page_tree_rules():
    assert MagazineIndexPage in HomePage.allowed_subpage_models()
    assert set(MagazineIndexPage.allowed_subpage_models()) == {
        InterviewPage,
        ChroniclePage,
        ReportPage,
        WeeklyFavouritesPage,
    }
    assert not MagazinePiece.is_creatable
    assert InterviewPage.allowed_parent_page_models() == [MagazineIndexPage]


@pytest.mark.parametrize(
    "model", ["interviewpage", "chroniclepage", "reportpage", "weeklyfavouritespage"]
)
def test_add_forms_open(admin_client, world, model):
    response = admin_client.get(f"/admin/pages/add/magazine/{model}/{world.magazine.pk}/")
    assert response.status_code == 200


def test_authors_are_a_snippet(admin_client, world):
    response = admin_client.get("/admin/snippets/magazine/author/")
    assert response.status_code == 200
    assert "Léa Martin" in response.content.decode()
