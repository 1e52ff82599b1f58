"""The benchmark's floor (bench/floor.py) answers every benchmark request with the API's exact bytes, on a small
synthetic dataset: a change to a representation, a list's order, its links or its count that the floor does not
follow fails here, not in the middle of `make bench`. Not a timing test."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from bench import floor
from bench.workload import benchmark_requests
from tests.conftest import SEED_FILES

HOST = "testserver"


@pytest.fixture
def synthetic(settings, monkeypatch):
    """Committed data (the floor reads it through a connection of its own), removed by the test's flush; the
    reference data of the migrations (nations, roles) is restored after it (serialized_rollback)."""
    call_command("import_events", *SEED_FILES, stdout=io.StringIO())
    call_command("generate_synthetic", meetings=300, seed=5, stdout=io.StringIO())
    database = settings.DATABASES["default"]
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}",
    )
    monkeypatch.delenv("REDIS_URL", raising=False)
    yield
    conn = getattr(floor._local, "connection", None)
    if conn is not None:
        conn.close()


def floor_get(path, **headers):
    path_info, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "HTTP_HOST": HOST,
        "SERVER_NAME": HOST,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        **headers,
    }
    started = {}
    body = b"".join(floor.application(environ, lambda status, header_list: started.update(status=status)))
    return int(started["status"].split()[0]), body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_floor_answers_every_benchmark_request_with_the_apis_bytes_and_etag(synthetic, api):
    """One test: the data takes long to build on a loaded machine."""
    with connection.cursor() as cursor:
        requests = benchmark_requests(cursor)
    for name, path in requests:
        response = api.get(path)
        assert response.status_code == 200, name
        assert floor_get(path) == (200, response.content), f"{name}: {path}"
    detail = api.get(dict(requests)["meeting detail"])
    assert floor_get(dict(requests)["meeting detail"], HTTP_IF_NONE_MATCH=detail["ETag"]) == (304, b"")
