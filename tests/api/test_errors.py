"""Every 4xx of the API has one JSON shape: {"status", "code", "detail", "errors"}. The refusals every endpoint
shares (401, 403, 404 for an unknown key, 405) are in test_endpoints.py, over all endpoints."""

import json

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.urls import get_resolver

from events.models import ParticipationRole
from tests import factories
from tests.api.bodies import (
    EMPTY,
    FORBIDDEN,
    NO_RESOURCE,
    NOT_A_CURSOR,
    REPEATED,
    bad_limit,
    conflict,
    duplicate,
    error,
    invalid,
    invalid_cursor,
    invalid_document,
    not_a_choice,
    rule_violated,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS

MEETING = {"title": "Follow-up talks", "slug": "follow-up", "start_date": "2025-03-15"}


def bad_format(value, formats):
    return (
        f"`format` chooses the response format ({formats}); got {value!r}. "
        "To filter meetings by their format, use `meeting_format`."
    )


# (client fixture, method, path, request keyword arguments, expected status, expected body)
CASES = [
    pytest.param(
        "api",
        "get",
        "/api/v1/meetings/?date_from=yesterday",
        {},
        invalid(date_from=["Enter a valid date."]),
        id="400-query",
    ),
    pytest.param(
        "api",
        "get",
        "/api/v1/meetings/?date_from=yesterday&nation=US,ZZ&ordering=--x",
        {},
        invalid(
            date_from=["Enter a valid date."],
            nation=[unknown("nation", "ZZ")],
            ordering=[not_a_choice("--x")],
        ),
        id="400-query-several",
    ),
    pytest.param(
        "api",
        "get",
        "/api/v1/participations/?member=false",
        {},
        rule_violated(member=["`member` needs the `organization` parameter too."]),
        id="400-query-missing-companion",
    ),
    pytest.param(
        "api",
        "get",
        "/api/v1/meetings/?nation=US,ZZ",
        {},
        unknown_reference(nation=[unknown("nation", "ZZ")]),
        id="400-query-unknown-reference",
    ),
    pytest.param("api", "get", "/api/v1/meetings/?search=", {}, invalid(search=[EMPTY]), id="400-query-empty"),
    pytest.param(
        "api",
        "get",
        "/api/v1/meetings/?search=a&search=b",
        {},
        invalid(search=[REPEATED]),
        id="400-query-repeated",
    ),
    pytest.param(
        "api",
        "get",
        "/api/v1/meetings/?cursor=nonsense",
        {},
        invalid_cursor(cursor=[NOT_A_CURSOR]),
        id="400-cursor",
    ),
    pytest.param(
        "api",
        "get",
        "/api/v1/nations/?limit=-1",
        {},
        invalid(limit=[bad_limit("-1")]),
        id="400-query-limit",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": {**MEETING, "end_date": "2025-03-14"}, "format": "json"},
        rule_violated(end_date=["A meeting cannot end before it starts."]),
        id="400-body-rule",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": {**MEETING, "host_country": "ZZ"}, "format": "json"},
        unknown_reference(host_country=["Unknown nation 'ZZ'."]),
        id="400-body-unknown-reference",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": {"start_date": "soon", "host_country": "ZZ"}, "format": "json"},
        invalid(
            title=["This field is required."],
            slug=["This field is required."],
            start_date=["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
            host_country=["Unknown nation 'ZZ'."],
        ),
        id="400-body-several",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": "[1, 2]", "content_type": "application/json"},
        invalid(non_field_errors=["Invalid data. Expected a dictionary, but got list."]),
        id="400-body-not-an-object",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": '{"title": "Follow-up talks",', "content_type": "application/json"},
        error(
            400,
            "parse_error",
            "JSON parse error - Expecting property name enclosed in double quotes: line 1 column 29 (char 28)",
        ),
        id="400-malformed-json",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/imports/",
        {"data": {"meetings": [{**MEETING, "end_date": "2025-03-14"}]}, "format": "json"},
        invalid_document(**{"meetings[0].end_date": ["A meeting cannot end before it starts."]}),
        id="400-import-document",
    ),
    pytest.param("api", "get", "/api/v1/nope/", {}, NO_RESOURCE, id="404-unknown-path"),
    pytest.param("api", "get", "/api/v1/meetings/paris/extra/", {}, NO_RESOURCE, id="404-path-under-resource"),
    pytest.param("api", "get", "/api/v1/nations/FRA/", {}, NO_RESOURCE, id="404-lookup-not-a-code"),
    pytest.param(
        "api",
        "get",
        "/api/v1/nations/?format=xml",
        {},
        invalid(format=[bad_format("xml", "api, csv, json or ndjson")]),
        id="400-unknown-format",
    ),
    pytest.param(
        "api",
        "get",
        "/api/v1/meetings/?format=virtual",
        {},
        invalid(format=[bad_format("virtual", "api, csv, json, jsonld or ndjson")]),
        id="400-meeting-format-given-as-format",
    ),
    pytest.param(
        "api",
        "get",
        "/api/v1/nations/",
        {"HTTP_ACCEPT": "application/xml"},
        error(406, "not_acceptable", "Could not satisfy the request Accept header."),
        id="406",
    ),
    pytest.param(
        "editor",
        "delete",
        "/api/v1/roles/lead/",
        {},
        conflict("participations"),
        id="409-role-in-use",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": {**MEETING, "slug": PARIS}, "format": "json"},
        duplicate(slug=["meeting with this slug already exists."]),
        id="409-duplicate",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": "title=Follow-up", "content_type": "application/x-www-form-urlencoded"},
        error(415, "unsupported_media_type", 'Unsupported media type "application/x-www-form-urlencoded" in request.'),
        id="415-form",
    ),
    pytest.param(
        "editor",
        "post",
        "/api/v1/meetings/",
        {"data": "Follow-up talks", "content_type": "text/plain"},
        error(415, "unsupported_media_type", 'Unsupported media type "text/plain" in request.'),
        id="415-text",
    ),
]


@pytest.fixture
def lead_in_use(db):
    factories.ParticipationFactory(meeting=factories.MeetingFactory(slug=PARIS), role=factories.role("lead"))


@pytest.mark.parametrize(("client", "method", "path", "kwargs", "body"), CASES)
def test_error_body(request, lead_in_use, client, method, path, kwargs, body):
    client = request.getfixturevalue(client)

    response = getattr(client, method)(path, **kwargs)

    assert (response.status_code, response["Content-Type"]) == (body["status"], "application/json")
    assert response.json() == body


class TestNothingChanges:
    def test_role_in_use_survives_the_409(self, editor, lead_in_use):
        editor.delete("/api/v1/roles/lead/")

        assert ParticipationRole.objects.filter(code="lead").exists()

    def test_unused_role_can_be_deleted(self, editor, lead_in_use):
        assert editor.delete("/api/v1/roles/observer/").status_code == 204
        assert not ParticipationRole.objects.filter(code="observer").exists()


class TestRefusedBeforeTheApi:
    """Requests Django refuses before any API view runs still get the JSON error body under /api/."""

    too_many = "&".join(["nation="] * 1001)  # DATA_UPLOAD_MAX_NUMBER_FIELDS is 1000

    def test_too_many_query_parameters(self, api, db):
        response = api.get(f"/api/v1/meetings/?{self.too_many}")

        assert (response.status_code, response["Content-Type"]) == (400, "application/json")
        assert response.json() == error(400, "bad_request", "Too many query or form parameters: at most 1000.")

    def test_a_host_not_allowed(self, api, db):
        response = api.get("/api/v1/meetings/", HTTP_HOST="evil.example")

        assert (response.status_code, response["Content-Type"]) == (400, "application/json")
        assert response.json() == error(400, "bad_request", "This server does not serve the host named in the request.")

    def test_outside_the_api_django_answers_as_usual(self, api, db):
        response = api.get(f"/admin/login/?{self.too_many}")

        assert (response.status_code, response["Content-Type"]) == (400, "text/html; charset=utf-8")
        assert b"Bad Request (400)" in response.content

    @pytest.mark.parametrize(
        "path, content_type, body",
        [
            ("/api/v1/meetings/", "application/json", FORBIDDEN),
            ("/admin/", "text/html; charset=utf-8", None),
        ],
    )
    def test_403_handler(self, rf, path, content_type, body):
        """Django's PermissionDenied raised outside DRF (DRF answers its own), e.g. by a middleware."""
        handler = get_resolver().resolve_error_handler(403)

        response = handler(rf.get(path), DjangoPermissionDenied())

        assert (response.status_code, response["Content-Type"]) == (403, content_type)
        if body is not None:
            assert json.loads(response.content) == body
        else:
            assert b"403 Forbidden" in response.content
