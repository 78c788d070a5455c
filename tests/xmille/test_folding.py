"""Accent- and case-insensitive matching is the same in Python and in the database."""

from wagtail.models import Page

import pytest

from xmille.folding import Fold, fold


def test_fold_drops_case_and_accents_of_french_dutch_and_german():
    assert fold("Théâtre à Liège") == "theatre a liege"
    assert (
        fold("KÜNSTLER, Café, Coëme, Noël, œuvre") == "kunstler, cafe, coeme, noel, ouvre"
    )  # œ: one letter, as SQL can
    assert fold(None) == ""


@pytest.mark.django_db
def test_the_database_folds_as_python_does(network):
    titles = ["Théâtre à Liège", "ÉTÉ DES FESTIVALS", "Kunstler Üben", "Œuvre de Noël"]
    home = network["quatremille"].root_page
    for n, title in enumerate(titles):
        home.add_child(instance=Page(title=title, slug=f"page-{n}"))
    folded = dict(
        Page.objects.filter(title__in=titles).annotate(f=Fold("title")).values_list("title", "f")
    )
    assert folded == {title: fold(title) for title in titles}
