"""A database outage, for real: a throwaway PostgreSQL cluster of this test's own is stopped while a client writes,
then started again. Meanwhile requests get a JSON 503 with Retry-After and `/readyz` says not ready while `/healthz`
stays up; afterwards the same server process serves again, and every write it acknowledged is there."""

import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, SEED_FILES
from tests.live.conftest import _free_port, start_server, stop_server

BIN = next(Path("/usr/lib/postgresql").glob("*/bin"), None)
OWNER = "postgres"


def as_owner(*command):
    prefix = ["runuser", "-u", OWNER, "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, text=True)


class Cluster:
    """A PostgreSQL cluster in a temporary directory, on a port of its own."""

    def __init__(self, directory):
        self.directory = directory
        self.data = directory / "data"
        self.port = _free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/eventapi"

    def create(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, OWNER)
        as_owner(BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")
        self.start()
        as_owner(BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "eventapi")

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        as_owner(BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.directory / "log", "-w", "start")

    def stop(self):
        as_owner(BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")


@pytest.fixture
def cluster(tmp_path_factory):
    if BIN is None:
        pytest.fail("No PostgreSQL server binaries under /usr/lib/postgresql")
    cluster = Cluster(Path(f"/tmp/eventapi-outage-{uuid.uuid4().hex[:8]}"))
    cluster.create()
    yield cluster
    subprocess.run(
        ["runuser", "-u", OWNER, "--", BIN / "pg_ctl", "-D", cluster.data, "-m", "immediate", "stop"],
        capture_output=True,
    )
    shutil.rmtree(cluster.directory, ignore_errors=True)


@pytest.fixture
def server(cluster, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eventapi.settings",
        "DATABASE_URL": cluster.url,
        "DEBUG": "",
        "SECRET_KEY": "outage-" + uuid.uuid4().hex,
        "STATIC_ROOT": str(tmp_path / "static"),
        "THROTTLE_ANON": "off",
        "THROTTLE_USER": "off",
        "THROTTLE_WRITE": "off",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "RETRY_AFTER_SECONDS": "2",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input"], cwd=REPO, env=env, check=True, capture_output=True)
    subprocess.run([*manage, "import_events", *SEED_FILES], cwd=REPO, env=env, check=True, capture_output=True)
    token = subprocess.run(
        [*manage, "issue_token", "writer", "--create", "--grant-write"], cwd=REPO, env=env, check=True,
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    process, url = start_server(env, tmp_path / "server.log")
    yield url, token, process
    stop_server(process)


class Writer(threading.Thread):
    """Creates meetings one after another until stopped, remembering which ones the server acknowledged."""

    def __init__(self, url, token):
        super().__init__(daemon=True)
        self.client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=15)
        self.acknowledged, self.statuses, self.stopping = [], [], threading.Event()

    def run(self):
        while not self.stopping.is_set():
            slug = f"outage-{uuid.uuid4().hex[:10]}"
            try:
                response = self.client.post(
                    "/api/v1/meetings/", json={"slug": slug, "title": "During the outage", "start_date": "2031-01-01"}
                )
            except httpx.HTTPError as error:
                self.statuses.append(type(error).__name__)
                continue
            self.statuses.append(response.status_code)
            if response.status_code == 201:
                self.acknowledged.append(slug)
            time.sleep(0.05)


def test_an_outage_is_a_503_and_the_same_process_recovers_without_losing_a_write(cluster, server):
    url, token, process = server
    writer = Writer(url, token)
    writer.start()
    time.sleep(1)

    cluster.stop()
    time.sleep(1)
    with httpx.Client(base_url=url, timeout=15) as client:
        started = time.monotonic()
        during = client.get("/api/v1/meetings/")
        answered_in = time.monotonic() - started
        ready, alive = client.get("/readyz"), client.get("/healthz")
    time.sleep(1)
    cluster.start()
    time.sleep(1)
    writer.stopping.set()
    writer.join(timeout=30)

    assert during.status_code == 503
    assert during.headers["content-type"] == "application/json"
    assert during.headers["Retry-After"] == "2"
    assert during.json()["code"] == "service_unavailable"
    assert answered_in < 5
    assert ready.status_code == 503 and ready.json()["checks"]["database"].startswith("unavailable")
    assert alive.status_code == 200
    assert 503 in writer.statuses and 201 in writer.statuses
    assert set(writer.statuses) <= {201, 503}, writer.statuses
    assert process.poll() is None  # the same server process
    with httpx.Client(base_url=url, timeout=15) as client:
        assert client.get("/readyz").status_code == 200
        missing = [slug for slug in writer.acknowledged if client.get(f"/api/v1/meetings/{slug}/").status_code != 200]
    assert writer.acknowledged and missing == []
