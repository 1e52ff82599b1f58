"""Deployment hardening: the production settings pass Django's deploy checks, pages carry a Content-Security-Policy,
browsers on listed origins may read the API, and every request has an id in its response and in the JSON logs."""

import io
import json
import logging
import os
import re
import secrets
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "api.example.org",
    "TLS_PROXY": "1",
    "HTTPS_ONLY": "1",
    "DATABASE_URL": "postgres://eventapi:secret@db.internal:5432/eventapi",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def deploy_check(**env):
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(env, DJANGO_SETTINGS_MODULE="eventapi.settings", DEBUG="")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )


class TestDeployCheck:
    def test_the_production_settings_of_the_readme_pass(self):
        result = deploy_check(**PRODUCTION)

        assert (result.returncode, result.stderr) == (0, ""), result.stdout
        assert "no issues" in result.stdout

    def test_without_https_the_check_names_what_is_missing(self):
        result = deploy_check(**{**PRODUCTION, "HTTPS_ONLY": ""})

        assert result.returncode == 1
        assert set(re.findall(r"security\.W\d+", result.stderr)) == {
            "security.W004",
            "security.W008",
            "security.W012",
            "security.W016",
        }

    def test_https_only_redirects_plain_http_but_not_the_probes(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True

        assert client.get("/api/v1/roles/").status_code == 301
        assert client.get("/healthz").status_code == 200

    def test_behind_a_tls_proxy_its_forwarded_scheme_counts(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

        assert client.get("/api/v1/roles/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def policy(response):
    return dict(
        (directive.split()[0], directive.split()[1:])
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )


class TestContentSecurityPolicy:
    @pytest.mark.parametrize(
        "path", ["/admin/login/", "/api/v1/docs/", "/api/v1/redoc/", "/api/v1/meetings/?format=api"]
    )
    def test_every_page_has_a_policy_that_allows_no_foreign_or_inline_script(self, client, path):
        response = client.get(path)

        assert response.status_code == 200
        directives = policy(response)
        assert directives["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in directives["script-src"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]

    def test_the_inline_scripts_of_swagger_ui_carry_the_nonce(self, client):
        response = client.get("/api/v1/docs/")
        nonce = next(source for source in policy(response)["script-src"] if source.startswith("'nonce-"))[7:-1]

        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
        assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline)

    def test_redoc_may_start_its_search_worker(self, client):
        assert policy(client.get("/api/v1/redoc/"))["worker-src"] == ["blob:"]

    def test_the_browsable_api_runs_no_inline_script(self, client):
        page = client.get("/api/v1/roles/?format=api").content.decode()

        assert re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", page) == []


class TestCors:
    @pytest.fixture(autouse=True)
    def origin(self, settings):
        settings.CORS_ALLOWED_ORIGINS = ["https://dashboard.example.org"]

    def test_a_listed_origin_may_read(self, client):
        response = client.get("/api/v1/roles/", HTTP_ORIGIN="https://dashboard.example.org")

        assert response["Access-Control-Allow-Origin"] == "https://dashboard.example.org"
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_another_origin_may_not(self, client):
        response = client.get("/api/v1/roles/", HTTP_ORIGIN="https://evil.example")

        assert "Access-Control-Allow-Origin" not in response

    def test_browsers_may_not_write(self, client):
        response = client.options(
            "/api/v1/meetings/",
            HTTP_ORIGIN="https://dashboard.example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )

        assert "POST" not in response.get("Access-Control-Allow-Methods", "")

    def test_none_by_default(self, client, settings):
        settings.CORS_ALLOWED_ORIGINS = []

        assert "Access-Control-Allow-Origin" not in client.get("/api/v1/roles/", HTTP_ORIGIN="https://a.example")


class TestRequestIdsAndLogs:
    @pytest.fixture
    def log(self):
        """The access log's lines, as its configured handler formats them (pytest adds capture handlers of its own
        to every logger that does not propagate)."""
        logger = logging.getLogger("eventapi.requests")
        [handler] = [handler for handler in logger.handlers if handler.name == "console"]
        level, buffer = logger.level, io.StringIO()
        stream = handler.setStream(buffer)
        logger.setLevel(logging.INFO)
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
        logger.setLevel(level)
        handler.setStream(stream)

    def test_a_given_request_id_is_echoed_and_logged(self, client, log):
        response = client.get("/api/v1/roles/?limit=5", HTTP_X_REQUEST_ID="abc-123")

        assert response["X-Request-ID"] == "abc-123"
        [line] = log()
        assert {key: line[key] for key in ("level", "logger", "message", "request_id", "method", "path", "status")} == {
            "level": "INFO",
            "logger": "eventapi.requests",
            "message": "request",
            "request_id": "abc-123",
            "method": "GET",
            "path": "/api/v1/roles/",
            "status": 200,
        }
        assert line["query"] == "limit=5"

    def test_a_missing_or_unsafe_request_id_is_replaced(self, client, log):
        response = client.get("/api/v1/roles/", HTTP_X_REQUEST_ID="<script>")

        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
        assert log()[0]["request_id"] == response["X-Request-ID"]

    def test_secrets_in_a_query_string_never_reach_the_log(self, client, log):
        client.get("/api/v1/roles/?token=s3cr3t&search=lead&api_key=k3y")

        [line] = log()
        assert "s3cr3t" not in json.dumps(line) and "k3y" not in json.dumps(line)
        assert line["query"] == "token=%5Bredacted%5D&search=lead&api_key=%5Bredacted%5D"
