"""The roles tree of tests/workflows (two sites, three regions, organizers, one user per role),
built once per module inside a transaction rolled back at the end; each test runs in a
savepoint of its own (pytest-django's `db`)."""

from django.db import transaction

import pytest

from tests.workflows.conftest import build_roles_tree


@pytest.fixture(scope="module")
def module_tree(django_db_setup, django_db_blocker):
    from tests.conftest import build_network

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_roles_tree(build_network())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def tree(module_tree, db):
    from xmille.network import clear_network_cache

    clear_network_cache()
    return module_tree
