"""Tests that need PostgreSQL itself (real races, locks, an outage). `make test-postgres` runs them, in a stage of
their own, so that `make test` runs the same suite on both databases."""

import pytest

from tests.live.conftest import live_server_process  # noqa: F401 - the shared live server, on PostgreSQL here


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/postgres/" in str(item.fspath):
            item.add_marker(pytest.mark.postgres_only)


@pytest.fixture(autouse=True)
def postgres_only(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql", (
        "tests/postgres needs DATABASE_URL to name a PostgreSQL database (run `make test-postgres`)"
    )
