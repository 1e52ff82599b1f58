"""`/healthz` says the process is alive; `/readyz` whether it can serve (database, migrations, cache)."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_needs_nothing(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_the_database_the_migrations_and_the_cache(client):
    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "cache": "ok"}},
    )


def test_readyz_is_a_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "ok", "cache": "unavailable: ConnectionError"},
    }


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_only_reads(client, path):
    assert client.post(path).status_code == 405
