"""Backup and restore as the README documents them, for the database engine in use: every row comes back."""

import sqlite3
import subprocess
import uuid

import dj_database_url
import psycopg
import pytest


def rows_per_table(url):
    """{table: row count} of every table of the database at `url`."""
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(config["NAME"]) as connection:
            tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as connection:
        tables = [row[0] for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def bash(command, **env):
    result = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def empty_postgres(live_server_process):
    source = live_server_process.env["DATABASE_URL"]
    name = f"eventapi_restore_{uuid.uuid4().hex[:12]}"
    target = source.rsplit("/", 1)[0] + f"/{name}"
    admin = psycopg.connect(
        source.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres", autocommit=True
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    yield target
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_backup_restores_every_row(live_server_process, tmp_path, request):
    source = live_server_process.env["DATABASE_URL"]
    expected = rows_per_table(source)
    assert expected["events_participation"] >= 13
    if source.startswith("sqlite"):
        database = dj_database_url.parse(source)["NAME"]
        backup, restored = tmp_path / "backup.sqlite3", tmp_path / "restored.sqlite3"
        # README, "Backup and restore": a consistent copy while the server runs, then a file copy to restore.
        bash(f"python3 -c \"import sqlite3; sqlite3.connect('{database}').execute(\\\"VACUUM INTO '{backup}'\\\")\"")
        bash(f"cp {backup} {restored}")
        assert rows_per_table(f"sqlite:///{restored}") == expected
    else:
        target = request.getfixturevalue("empty_postgres")
        backup = tmp_path / "eventapi.dump"
        bash(f'pg_dump --format=custom --no-owner --file={backup} "{source}"')
        bash(f'pg_restore --no-owner --exit-on-error --dbname="{target}" {backup}')
        assert rows_per_table(target) == expected
