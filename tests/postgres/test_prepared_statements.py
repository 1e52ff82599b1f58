"""PostgreSQL binds the parameters itself, and a connection prepares the queries it runs often, so that reading the
same list again is not planned again (DATABASE_PREPARED_STATEMENTS, on by default; off for a pooler that cannot
keep prepared statements)."""

import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import REPO

pytestmark = pytest.mark.django_db


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_list_read_again_runs_prepared_statements(api):
    connection.ensure_connection()
    before = prepared_statements()
    assert not any("events_nation" in statement for statement in before)

    for _ in range(6):
        assert api.get("/api/v1/nations/", {"limit": 5}).status_code == 200

    prepared = [statement for statement in prepared_statements() if statement not in before]
    assert any('FROM "events_nation"' in statement for statement in prepared), prepared


@pytest.mark.parametrize(("value", "threshold"), [(None, 5), ("0", None), ("1", 5)])
def test_the_setting_turns_preparing_off(value, threshold):
    environment = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused", "PATH": "/usr/bin:/bin"}
    if value is not None:
        environment["DATABASE_PREPARED_STATEMENTS"] = value
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "options = settings.DATABASES['default']['OPTIONS']; "
            "print(options['server_side_binding'], options['prepare_threshold'])",
        ],
        cwd=REPO,
        env={**environment, "DJANGO_SETTINGS_MODULE": "eventapi.settings", "SECRET_KEY": "test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["True", str(threshold)]
