"""Production settings: `check --deploy` is clean given a proper environment, and refuse to
start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "xmille.settings.production",
    "SECRET_KEY": "x" * 20 + "k3y-That-1s-l0ng-&-rand0m-en0ugh-f0r-check-deploy!",
    "ALLOWED_HOSTS": "quatremille.be,.xmille.be",
    "BASE_URL": "https://quatremille.be",
}


def manage(*args, env):
    # A real deployment's environment: none of the variables the test run itself sets.
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def database_options(**env) -> str:
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        env={**PRODUCTION_ENV, "DATABASE_URL": "postgres://xmille@db.example:5432/xmille", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_postgresql_prepares_the_statements_a_connection_runs_again():
    """Server-side binding, so that psycopg can prepare statements (PostgreSQL then skips
    planning the agenda's queries on every render); off for PgBouncer's transaction mode."""
    assert "'server_side_binding': True, 'prepare_threshold': 2" in database_options()
    assert "'prepare_threshold': None" in database_options(DB_PREPARE_THRESHOLD="off")


def test_the_suite_on_postgresql_runs_with_server_side_binding(db):
    """CI's PostgreSQL run exercises the production binding (a query that only works with
    client-side binding fails there, not in production)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (CI's second pass)")
    assert connection.features.uses_server_side_binding
    assert connection.connection.prepare_threshold == 2
