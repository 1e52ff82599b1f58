"""A database that makes requests wait (a lock held elsewhere) is answered with a JSON 503 and Retry-After within
the lock timeout, never a hang; reads go on meanwhile, and the same process serves again when the lock is gone."""

import sqlite3
import time
import uuid

import dj_database_url
import httpx
import psycopg
import pytest


@pytest.fixture
def client(live_server_process):
    headers = {"Authorization": f"Token {live_server_process.token}"}
    with httpx.Client(base_url=live_server_process.url, headers=headers, timeout=30) as client:
        yield client


class HeldWriteLock:
    """Another database session holding what every write needs first: the change clock (PostgreSQL) or the
    database's write lock (SQLite)."""

    def __init__(self, url):
        self.url = url

    def __enter__(self):
        config = dj_database_url.parse(self.url)
        if config["ENGINE"].endswith("sqlite3"):
            self.connection = sqlite3.connect(config["NAME"], isolation_level=None)
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            self.connection = psycopg.connect(self.url.replace("postgres://", "postgresql://"))
            self.connection.execute("SELECT * FROM events_changeclock FOR UPDATE")
        return self

    def __exit__(self, *exc):
        self.connection.rollback()
        self.connection.close()


def test_a_write_waiting_on_a_lock_gets_a_503_with_retry_after(live_server_process, client):
    slug = f"locked-{uuid.uuid4().hex[:8]}"
    assert (
        client.post("/api/v1/meetings/", json={"slug": slug, "title": "T", "start_date": "2031-01-01"}).status_code
        == 201
    )

    with HeldWriteLock(live_server_process.env["DATABASE_URL"]):
        started = time.monotonic()
        response = client.patch(f"/api/v1/meetings/{slug}/", json={"title": "Waited"})
        waited = time.monotonic() - started
        read = client.get(f"/api/v1/meetings/{slug}/")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/json"
    assert response.headers["Retry-After"] == "3"
    assert response.json()["code"] == "service_unavailable"
    assert 1.5 <= waited < 6
    assert (read.status_code, read.json()["title"]) == (200, "T")  # reads go on, and nothing was half-written
    again = client.patch(f"/api/v1/meetings/{slug}/", json={"title": "Waited"})
    assert (again.status_code, again.json()["title"]) == (200, "Waited")
    client.delete(f"/api/v1/meetings/{slug}/")
