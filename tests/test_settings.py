"""Settings from the environment, checked in fresh processes: the suite's own settings cannot show how the project
starts with other variables."""

import json
import os
import subprocess
import sys

from tests.conftest import REPO

MISSING_KEY = (
    "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off "
    "(see README: `make run` generates one)."
)

SHOW_SETTINGS = """
import json
import django
from django.conf import settings
from django.db.backends.postgresql.psycopg_any import is_psycopg3
django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "database": {key: database.get(key) for key in ("ENGINE", "NAME", "HOST", "PORT", "USER", "PASSWORD")},
    "psycopg3": is_psycopg3,
}))
"""


SHOW_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def run(args, **env):
    """Run the project's Python with only the given project variables set (the suite's own are removed)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "TEST_DATABASE"))
        and name not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    # No key file either, unless a test names one: a developer's own `.secret_key` must not change the outcome.
    environment |= {"DJANGO_SETTINGS_MODULE": "eventapi.settings", "SECRET_KEY_FILE": "/nonexistent/.secret_key", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=environment, capture_output=True, text=True, timeout=60, check=False
    )


def settings_with(**env):
    result = run(["-c", SHOW_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class TestSecretKey:
    def test_read_from_the_key_file_that_make_run_writes(self, tmp_path):
        key_file = tmp_path / ".secret_key"
        key_file.write_text("generated-once-key\n")
        result = run(["-c", SHOW_KEY], SECRET_KEY_FILE=str(key_file))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "generated-once-key"

    def test_the_environment_wins_over_the_key_file(self, tmp_path):
        key_file = tmp_path / ".secret_key"
        key_file.write_text("generated-once-key\n")
        result = run(["-c", SHOW_KEY], SECRET_KEY_FILE=str(key_file), SECRET_KEY="from-the-environment")
        assert result.stdout.strip() == "from-the-environment"

    def test_refused_without_secret_key_when_debug_is_off(self):
        result = run(["manage.py", "check"])
        assert result.returncode == 1
        assert result.stderr.strip().splitlines()[-1] == MISSING_KEY

    def test_the_wsgi_application_refuses_to_load(self):
        """What gunicorn imports in production."""
        result = run(["-c", "import eventapi.wsgi"], DEBUG="0", SECRET_KEY="")
        assert result.returncode == 1
        assert result.stderr.strip().splitlines()[-1] == MISSING_KEY

    def test_development_key_only_with_debug(self):
        result = run(["manage.py", "check"], DEBUG="1")
        assert (result.returncode, result.stdout) == (0, "System check identified no issues (0 silenced).\n")

    def test_given_key_starts_with_debug_off(self):
        result = run(["manage.py", "check"], SECRET_KEY="a-production-secret")
        assert (result.returncode, result.stdout) == (0, "System check identified no issues (0 silenced).\n")
        assert settings_with(SECRET_KEY="a-production-secret")["DEBUG"] is False


class TestEnvironment:
    def test_defaults(self):
        settings = settings_with(SECRET_KEY="s")
        assert settings == {
            "DEBUG": False,
            "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "[::1]"],
            "database": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(REPO / "db.sqlite3"),
                "HOST": "",
                "PORT": "",
                "USER": "",
                "PASSWORD": "",
            },
            "psycopg3": True,
        }

    def test_debug_and_allowed_hosts(self):
        settings = settings_with(DEBUG="true", ALLOWED_HOSTS="api.example.org, 10.0.0.5")
        assert (settings["DEBUG"], settings["ALLOWED_HOSTS"]) == (True, ["api.example.org", "10.0.0.5"])
        assert settings_with(SECRET_KEY="s", DEBUG="0")["DEBUG"] is False

    def test_database_url_selects_postgresql(self):
        settings = settings_with(SECRET_KEY="s", DATABASE_URL="postgres://events:pw@db.example.org:5433/eventapi")
        assert settings["database"] == {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "eventapi",
            "HOST": "db.example.org",
            "PORT": 5433,
            "USER": "events",
            "PASSWORD": "pw",
        }
        assert settings["psycopg3"] is True

    def test_database_url_selects_an_sqlite_file(self, tmp_path):
        path = tmp_path / "other.sqlite3"
        code = "import django; django.setup(); from django.db import connection; connection.ensure_connection(); "
        code += "print(connection.vendor, connection.settings_dict['NAME'])"
        result = run(["-c", code], SECRET_KEY="s", DATABASE_URL=f"sqlite:///{path}")
        assert (result.returncode, result.stdout, result.stderr) == (0, f"sqlite {path}\n", "")
        assert path.exists()
