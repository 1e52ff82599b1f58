"""A real server for tests that talk HTTP from outside: the service as `make run` starts it (DEBUG off) on a free
loopback port, with its own database (a file for SQLite, a fresh database on the same server for PostgreSQL) holding the
seed data, and a token user allowed to write."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from tests.conftest import REPO, SHIPPED_FILES


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database(tmp_dir):
    """A DATABASE_URL for the server's own database, and a function that drops it afterwards."""
    configured = dj_database_url.config(default="sqlite:///unused")
    if configured["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{tmp_dir / 'live.sqlite3'}", lambda: None
    name = f"eventapi_live_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=configured["HOST"] or None,
        port=configured["PORT"] or None,
        user=configured["USER"] or None,
        password=configured["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url, drop


class LiveServer:
    def __init__(self, url, token, env):
        self.url = url
        self.token = token
        self.env = env

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=REPO, env=self.env, check=True, capture_output=True, text=True
        ).stdout


@contextlib.contextmanager
def seeded_server(tmp_dir, **settings):
    """A server with a database of its own holding the seed data and a token user allowed to write; `settings` are
    environment variables on top of the defaults below."""
    database_url, drop_database = _database(tmp_dir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eventapi.settings",  # production settings, not the suite's
        "DATABASE_URL": database_url,
        "DEBUG": "",
        "SECRET_KEY": "live-test-secret-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(tmp_dir / "static"),
        # The live tests send bursts from one address; rate limits have tests of their own.
        "THROTTLE_ANON": "off",
        "THROTTLE_USER": "off",
        "THROTTLE_WRITE": "off",
        # Short waits, so that the timeout tests are quick.
        "DATABASE_LOCK_TIMEOUT": "2000",
        "RETRY_AFTER_SECONDS": "3",
        **settings,
    }
    server = LiveServer(None, None, env)
    try:
        server.manage("migrate", "--no-input")
        server.manage("import_events", *map(str, SHIPPED_FILES))
        server.manage("collectstatic", "--no-input")
        server.token = server.manage("issue_token", "sdk-writer", "--create", "--grant-write").strip()
        process, server.url = start_server(env, tmp_dir / "server.log")
        try:
            yield server
        finally:
            stop_server(process)
    finally:
        drop_database()


@pytest.fixture(scope="session")
def live_server_process(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("live")) as server:
        yield server


def start_server(env, log):
    """The service as `make run` serves it (`python -m eventapi.serve`), on a free port; (process, base URL)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "eventapi.serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(url, process, log)
    return process, url


def stop_server(process):
    process.terminate()
    process.wait(timeout=20)


def _wait_until_up(url, process, log: Path):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within 30 s:\n{log.read_text()}")
