"""Fixtures shared by the tests of site-wide pieces (tests/xmille/)."""

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

import pytest


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    """The demo network (`load_demo`, with its demo users as under DEBUG), loaded once per
    module inside a transaction rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_once, db):
    """The demo network; each test runs in its own savepoint (pytest-django's `db`)."""
    return None


@pytest.fixture
def scenes(network):
    """Two sites with an agenda each (tests.events.helpers.build_geo_scene): Liège with a
    venue and an event there ("Hamlet", `liege.hamlet`), Namur with an event ("Tosca")."""
    from tests.events.helpers import build_geo_scene

    liege = build_geo_scene(network["quatremille"])
    namur = build_geo_scene(network["cinqmille"])
    liege.venue("Cité Miroir", None)
    liege.hamlet = liege.event("Hamlet", venue="Cité Miroir")
    namur.event("Tosca")
    return liege, namur
