"""Races that PostgreSQL runs truly in parallel: the same idempotent request sent twice at once, and two imports of
one file at once."""

import os
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from tests.conftest import REPO, SEED_FILES
from tests.live.conftest import LiveServer, _database

REQUESTS = 8
IMPORT_ROUNDS = 3
# What an import writes; the reference data (nations, roles) and the bookkeeping stay.
DATA_TABLES = [
    "events_citation",
    "events_contribution_sources",
    "events_contribution",
    "events_participation_sources",
    "events_participation",
    "events_session",
    "events_meeting_sources",
    "events_meeting",
    "events_delegate",
    "events_reportedcount",
    "events_meetingrelation",
    "events_series",
    "events_person",
    "events_source",
    "events_membership",
    "events_organization",
]


class TestIdempotentRetriesAtTheSameInstant:
    def test_one_key_sent_at_once_creates_one_row(self, live_server_process):
        slug = f"twin-{uuid.uuid4().hex[:12]}"
        body = {"title": "Twin", "slug": slug, "start_date": "2031-06-01"}
        barrier = threading.Barrier(REQUESTS)

        def post(_):
            headers = {"Authorization": f"Token {live_server_process.token}", "Idempotency-Key": f"key-{slug}"}
            with httpx.Client(base_url=live_server_process.url, headers=headers, timeout=60) as http:
                http.get("/api/v1/roles/participant/")
                barrier.wait(timeout=30)
                return http.post("/api/v1/meetings/", json=body)

        with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
            responses = list(pool.map(post, range(REQUESTS)))

        assert [response.status_code for response in responses] == [201] * REQUESTS
        assert len({response.text for response in responses}) == 1
        assert sorted(response.headers.get("Idempotent-Replayed", "") for response in responses) == [""] + ["true"] * (
            REQUESTS - 1
        )
        history = httpx.get(f"{live_server_process.url}/api/v1/meetings/{slug}/history/").json()
        assert [entry["type"] for entry in history["results"]] == ["created"]


@pytest.fixture
def import_database(tmp_path):
    url, drop = _database(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "eventapi.settings", "DATABASE_URL": url, "DEBUG": ""}
    server = LiveServer(None, None, {**env, "SECRET_KEY": "import-race"})
    server.manage("migrate", "--no-input")
    yield server, url
    drop()


def table_counts(url):
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in DATA_TABLES}


def empty(url):
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as connection:
        connection.execute(f"TRUNCATE {', '.join(DATA_TABLES)} CASCADE")


def import_at_once(server, count):
    command = [sys.executable, "manage.py", "import_events", *map(str, SEED_FILES)]
    processes = [
        subprocess.Popen(command, cwd=REPO, env=server.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    return [(process.wait(timeout=120), *process.communicate()) for process in processes]


def created_per_file(outcomes):
    """{file name: records created} over all the imports: each file is created once, by whichever import ran it
    first (each file is a change of its own)."""
    created = {}
    for _, output, _ in outcomes:
        for line in output.splitlines():
            path, summary = line.split(": ", 1)
            name = path.rsplit("/", 1)[-1]
            created[name] = created.get(name, 0) + int(summary.split(" created")[0])
    return created


class TestConcurrentImports:
    def test_two_imports_of_one_file_end_with_the_rows_of_one(self, import_database):
        server, url = import_database
        [(status, _, errors)] = import_at_once(server, 1)
        assert (status, errors) == (0, "")
        expected = table_counts(url)
        assert expected["events_participation"] == 13

        for _ in range(IMPORT_ROUNDS):
            empty(url)
            outcomes = import_at_once(server, 2)

            assert [(status, errors) for status, _, errors in outcomes] == [(0, ""), (0, "")]
            assert created_per_file(outcomes) == {"organizations.yaml": 62, "paris-talks-2025.yaml": 26}
            assert table_counts(url) == expected

    def test_imports_racing_on_a_filled_database_change_nothing(self, import_database):
        server, url = import_database
        import_at_once(server, 1)
        expected = table_counts(url)

        outcomes = import_at_once(server, 3)

        assert [(status, errors) for status, _, errors in outcomes] == [(0, "")] * 3
        assert all("0 created, 0 updated" in output for _, output, _ in outcomes)
        assert table_counts(url) == expected
