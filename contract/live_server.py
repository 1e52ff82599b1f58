"""Run a command against a live eventapi server that has a database of its own, then stop the server.

    python contract/live_server.py [--python .venv/bin/python] [--seed FILE ...] [--log FILE] -- COMMAND [ARG...]

What the server gets, as the brief for the contract stage asks: a fresh database (an SQLite file in a temporary
directory; or, when CONTRACT_DATABASE_URL names a PostgreSQL server, a database created for this run on it and
dropped afterwards), migrated, with the seed data imported (`--seed FILE`, repeated; the Makefile passes its SEED,
as `make run` imports it) and static files collected, a token user allowed to write, DEBUG off, and the rate limits
off. It is served the way production serves it (`python -m eventapi.serve`) on a free
loopback port. COMMAND runs with these in its environment:

    EVENTAPI_URL    the base URL, e.g. http://127.0.0.1:40123
    EVENTAPI_TOKEN  the write token (send `Authorization: Bearer $EVENTAPI_TOKEN`)

and this script exits with COMMAND's status (or 2 when the server could not be set up). Standard library only: it
runs under any Python 3.11, and runs the project's own commands with the project's interpreter (`--python`).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_FILES = ["events/data/organizations.yaml", "events/data/paris-talks-2025.yaml"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql_admin(url, sql):
    """Runs one statement on the `postgres` database of the server that `url` names (with psql: no driver here)."""
    admin_url = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin_url, "-c", sql], check=True)


def make_database(tmp_dir):
    """(DATABASE_URL, drop function) for a database nobody else uses."""
    base = os.environ.get("CONTRACT_DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_dir / 'contract.sqlite3'}", lambda: None
    name = f"eventapi_contract_{uuid.uuid4().hex[:12]}"
    psql_admin(base, f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlsplit(base)._replace(path=f"/{name}").geturl()
    return url, lambda: psql_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_up(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{Path(log).read_text()}")
        try:
            urllib.request.urlopen(f"{url}/api/v1/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{Path(log).read_text()}")


def server_errors(log):
    """The server's logged errors, grouped by where in the project they were raised and what was raised: for each,
    how often, one request path that raised it, the last project frame and the exception line."""
    groups = {}
    for line in Path(log).read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or entry.get("level") not in {"ERROR", "CRITICAL"}:
            continue
        trace = (entry.get("exc_info") or "").strip().splitlines()
        frames = [
            frame.strip()
            for frame in trace
            if frame.strip().startswith(f'File "{REPO}/') and not frame.strip().startswith(f'File "{REPO}/.venv/')
        ]
        where = frames[-1] if frames else "(no project frame)"
        raised = trace[-1][:300] if trace else ""
        group = groups.setdefault(
            (where, raised.split(":", 1)[0]), {"count": 0, "example": entry.get("message", "")[:200], "raised": raised}
        )
        group["count"] += 1
    return groups


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=str(REPO / ".venv/bin/python"), help="the project's interpreter")
    parser.add_argument("--log", help="where the server's log goes (default: in the temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, log)")
    parser.add_argument(
        "--seed", action="append", help=f"a file to import (repeat it; default: {' '.join(SEED_FILES)})"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if not command:
        parser.error("no command given")

    tmp_dir = Path(tempfile.mkdtemp(prefix="eventapi-contract-"))
    database_url, drop_database = make_database(tmp_dir)
    env = {
        key: value
        for key, value in os.environ.items()
        # The server's settings come from here only; a developer's own DATABASE_URL or DEBUG must not leak in.
        if key not in {"DATABASE_URL", "DEBUG", "REDIS_URL", "WRITES_REQUIRE_IF_MATCH"}
    }
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="contract-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(tmp_dir / "static"),
        THROTTLE_ANON="off",
        THROTTLE_USER="off",
        THROTTLE_WRITE="off",
        CACHE_KEY_PREFIX="contract-" + uuid.uuid4().hex[:8],
    )
    log = Path(arguments.log) if arguments.log else tmp_dir / "server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    process = None
    status = 2
    try:
        started = time.monotonic()

        def manage(*args):
            return subprocess.run(
                [arguments.python, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True, text=True
            ).stdout

        manage("migrate", "--no-input")
        manage("import_events", *(arguments.seed or SEED_FILES))
        manage("collectstatic", "--no-input", "--verbosity", "0")
        token = manage("issue_token", "contract-fuzzer", "--create", "--grant-write").strip().splitlines()[-1]
        port = free_port()
        with open(log, "w") as log_file:
            process = subprocess.Popen(
                [arguments.python, "-m", "eventapi.serve", "--port", str(port)],
                cwd=REPO,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process, log)
        print(f"live_server: {url} up in {time.monotonic() - started:.1f} s (database {database_url})", flush=True)
        status = subprocess.run(command, env={**os.environ, "EVENTAPI_URL": url, "EVENTAPI_TOKEN": token}).returncode
    except subprocess.CalledProcessError as error:
        print(f"live_server: {' '.join(error.cmd)} failed:\n{error.stdout}\n{error.stderr}", file=sys.stderr)
    except RuntimeError as error:
        print(f"live_server: {error}", file=sys.stderr)
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if log.exists():
            errors = server_errors(log)
            if errors:
                total = sum(group["count"] for group in errors.values())
                print(f"\nlive_server: the server logged {total} errors, {len(errors)} kinds (log: {log}):")
                for (where, _), group in errors.items():
                    print(f"  {group['count']:5d} x {group['raised']}")
                    print(f"          {where}\n          e.g. {group['example']}")
        drop_database()
        if arguments.keep:
            print(f"live_server: kept {tmp_dir}", file=sys.stderr)
        else:
            shutil.rmtree(tmp_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
