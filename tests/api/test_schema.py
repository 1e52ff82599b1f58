"""The OpenAPI document: valid, identical to the committed file, free of warnings, shaped for SDK generators, and with
examples that are what the API really returns."""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from openapi_spec_validator import validate

from events.api import examples
from tests.api.bodies import NO_RESOURCE
from tests.conftest import PARIS, REPO
from tests.contract import document as committed_document

ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = {"get", "post", "put", "patch", "delete"}
ACTIONS = {
    ("get", False): "list",
    ("post", False): "create",
    ("get", True): "retrieve",
    ("put", True): "update",
    ("patch", True): "partial_update",
    ("delete", True): "destroy",
}
RESOURCES = [
    "citations",
    "contributions",
    "delegates",
    "meeting-relations",
    "meetings",
    "memberships",
    "nations",
    "organizations",
    "participations",
    "people",
    "reported-counts",
    "roles",
    "series",
    "sessions",
    "sources",
]
IGNORED_IN_EXAMPLES = {"id", "created_at", "updated_at"}
# Resources with a `{key}/history/` operation.
WITH_HISTORY = [
    "citations",
    "contributions",
    "delegates",
    "meeting-relations",
    "meetings",
    "participations",
    "people",
    "reported-counts",
    "sources",
]
# Operations besides the resources': the deletions of the change feed, bulk import, a meeting's absentees and blocs,
# the calendars and the analyses.
FEED_AND_IMPORT = {
    ("/api/v1/deletions/", "get"): "deletions_list",
    ("/api/v1/imports/", "post"): "imports_create",
    ("/api/v1/meetings/{slug}/absentees/", "get"): "meetings_absentees_retrieve",
    ("/api/v1/meetings/{slug}/blocs/", "get"): "meetings_blocs_retrieve",
    ("/api/v1/meetings.ics", "get"): "meetings_calendar",
    ("/api/v1/nations/{code}/meetings.ics", "get"): "nations_meetings_calendar",
    ("/api/v1/nations/{code}/partners/", "get"): "nations_partners_list",
    ("/api/v1/network/", "get"): "network_retrieve",
    ("/api/v1/participations/summary/", "get"): "participations_summary_retrieve",
}
# Reads of a whole aggregate: not paged.
UNPAGED = ("/api/v1/network/", "/api/v1/participations/summary/", "/api/v1/meetings.ics")

# resource, lookup field of its URLs, field that picks the example's object out of the list, example, list filters
EXAMPLES = [
    ("meetings", "slug", "slug", examples.MEETING, {}),
    ("nations", "code", "code", examples.NATION, {"search": "HR"}),
    ("organizations", "slug", "slug", examples.ORGANIZATION, {}),
    ("roles", "code", "code", examples.ROLE, {}),
    ("memberships", "id", "organization", examples.MEMBERSHIP, {"nation": "HR", "organization": "nato"}),
    ("participations", "id", "nation", examples.PARTICIPATION, {"meeting": PARIS, "nation": "UA"}),
    ("sessions", "id", "order", examples.SESSION, {"meeting": PARIS}),
    ("contributions", "id", "description", examples.CONTRIBUTION, {"meeting": PARIS}),
    ("sources", "id", "title", examples.SOURCE, {"meeting": PARIS}),
    ("citations", "id", "quote", examples.CITATION, {"meeting": PARIS}),
    ("series", "slug", "slug", examples.SERIES, {}),
    ("delegates", "id", "description", examples.DELEGATE, {"meeting": PARIS}),
    ("reported-counts", "id", "count", examples.REPORTED_COUNT, {"meeting": PARIS}),
]


def render(schema):
    return yaml.load(OpenApiYamlRenderer().render(schema, renderer_context={}), Loader=yaml.CSafeLoader)


@pytest.fixture(scope="module")
def document():
    return render(SchemaGenerator().get_schema(request=None, public=True))


def operations(document):
    """(path, method, operation) for every operation of the document."""
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def resource_of(path):
    """The resource name as operation ids spell it: `/api/v1/meeting-relations/` is `meeting_relations`."""
    return path.split("/")[3].replace("-", "_")


def query_parameters(operation):
    return {parameter["name"]: parameter for parameter in operation.get("parameters", []) if parameter["in"] == "query"}


def walk(node):
    """Every dict inside `node`, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


class TestDocument:
    def test_is_valid_openapi(self, document):
        assert document["openapi"].startswith("3.")
        validate(document)

    def test_committed_file_is_what_the_code_generates(self, document):
        assert committed_document() == document, (
            "schema/openapi.yaml differs from what the code generates: run `make schema` and commit the result"
        )

    def test_spectacular_command_passes_without_warnings(self, tmp_path):
        output = tmp_path / "openapi.yaml"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "eventapi.test_settings"}
        result = subprocess.run(
            [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(output)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        assert (result.returncode, result.stderr) == (0, "")
        assert yaml.safe_load(output.read_text())["info"]["title"] == "eventapi"

    def test_schema_endpoints_are_not_in_the_document(self, document):
        """SERVE_INCLUDE_SCHEMA is off, and the docs pages are excluded too."""
        lookups = {resource: "id" for resource in RESOURCES} | {resource: lookup for resource, lookup, *_ in EXAMPLES}
        assert sorted(document["paths"]) == sorted(
            [f"/api/v1/{resource}/" for resource in RESOURCES]
            + [f"/api/v1/{resource}/{{{lookup}}}/" for resource, lookup in lookups.items()]
            + [f"/api/v1/{resource}/{{{lookups[resource]}}}/history/" for resource in WITH_HISTORY]
            + [path for path, _ in FEED_AND_IMPORT]
        )
        assert not any(operation["operationId"].startswith("schema") for *_, operation in operations(document))


class TestOperations:
    def test_operation_ids_are_unique_resource_action_names(self, document):
        ids = []
        for path, method, operation in operations(document):
            resource = resource_of(path)
            if path.endswith("/history/"):
                expected = f"{resource}_history_list"
            else:
                expected = FEED_AND_IMPORT.get((path, method), f"{resource}_{ACTIONS[method, '{' in path]}")
            assert operation["operationId"] == expected, (path, method)
            ids.append(operation["operationId"])
        assert len(ids) == len(set(ids))

    def test_every_resource_has_its_operations(self, document):
        ids = {operation["operationId"] for *_, operation in operations(document)}
        write_actions = ["create", "update", "partial_update", "destroy"]
        expected = {
            f"{resource.replace('-', '_')}_{action}"
            for resource in RESOURCES
            for action in ["list", "retrieve"] + (write_actions if resource != "nations" else [])
        }
        expected |= {f"{resource.replace('-', '_')}_history_list" for resource in WITH_HISTORY} | set(
            FEED_AND_IMPORT.values()
        )
        assert ids == expected

    def test_no_format_suffix_routes(self, document, api, db):
        assert not [path for path in document["paths"] if "format" in path or "." in path.removesuffix("meetings.ics")]
        stripped = [path.rstrip("/") for path in document["paths"]]
        assert len(stripped) == len(set(stripped))
        response = api.get("/api/v1/meetings.json")
        assert response.status_code == 404
        assert response.json() == NO_RESOURCE


class TestErrorResponses:
    def test_every_operation_documents_its_errors_with_the_shared_component(self, document):
        for path, method, operation in operations(document):
            expected = {"400", "401", "406", "413", "429", "503"}  # any request: bad input or token, load, outage
            if method != "get":
                expected |= {"403", "409"}
            if method in ("post", "put", "patch"):
                expected.add("415")
            if "{" in path:
                expected.add("404")
            action = operation["operationId"].removeprefix(resource_of(path) + "_")
            if action in ("retrieve", "update", "partial_update", "destroy") and "{" in path:
                expected.add("412")  # If-Match or If-Unmodified-Since no longer current
            if action in ("update", "partial_update", "destroy"):
                expected.add("428")  # If-Match required by the server's settings
            if action == "create" and path != "/api/v1/imports/":
                expected.add("422")  # an Idempotency-Key reused for another request
            errors = {code: response for code, response in operation["responses"].items() if code[0] in "45"}
            assert set(errors) == expected, operation["operationId"]
            for code, response in errors.items():
                assert response["description"], (operation["operationId"], code)
                assert response["content"] == {"application/json": {"schema": ERROR_REF}}, (
                    operation["operationId"],
                    code,
                )

    def test_error_is_the_only_error_component(self, document):
        schemas = document["components"]["schemas"]
        assert [name for name in schemas if "error" in name.lower()] == ["Error"]
        assert schemas["Error"]["required"] == ["code", "detail", "errors", "status"]
        assert schemas["Error"]["properties"]["status"]["type"] == "integer"
        errors = schemas["Error"]["properties"]["errors"]
        assert errors["type"] == "object"
        assert errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}

    def test_success_responses_do_not_use_the_error_component(self, document):
        for *_, operation in operations(document):
            for code, response in operation["responses"].items():
                if code.startswith("2"):
                    assert ERROR_REF not in list(walk(response)), operation["operationId"]


class TestEnums:
    def test_no_blank_or_null_enums(self, document):
        text = json.dumps(document)
        assert "BlankEnum" not in text
        assert "NullEnum" not in text
        for node in walk(document):
            if "enum" in node:
                assert None not in node["enum"] and "" not in node["enum"], node

    def test_a_nullable_choice_is_its_enum_or_null(self, document):
        """OpenAPI 3.1: `oneOf: [{$ref: XEnum}, {type: 'null'}]`, which generators read as "XEnum or None"; never an
        enum mixed with another schema."""
        for node in walk(document):
            for keyword in ("oneOf", "anyOf"):
                members = node.get(keyword, [])
                if any("enum" in member or member.get("$ref", "").endswith("Enum") for member in members):
                    assert keyword == "oneOf" and len(members) == 2 and members[1] == {"type": "null"}, node
                    assert members[0]["$ref"].endswith("Enum"), node

    def test_enum_components_have_stable_names(self, document):
        enums = {name for name, schema in document["components"]["schemas"].items() if "enum" in schema}
        model_enums = {
            "AttendanceModeEnum",
            "ContributionCategoryEnum",
            "ContributionStatusEnum",
            "CountQualifierEnum",
            "MeetingFormatEnum",
            "MeetingLevelEnum",
            "MeetingStatusEnum",
            "OrganizationKindEnum",
            "ParticipationStatusEnum",
            "BasisEnum",
            "CurrencyEnum",
            "DelegateLevelEnum",
            "RelationKindEnum",
        }
        assert model_enums <= enums
        others = {name for name in enums - model_enums if not re.fullmatch(r"(?:[A-Z][a-z]+)+OrderingEnum", name)}
        assert others == {
            "AbsenteeStatusEnum",
            "ChangeTypeEnum",
            "GroupByEnum",
            "ImportOutcomeEnum",
            "ParticipantKindEnum",
            "ResourceEnum",
        }

    @pytest.mark.parametrize(
        "path, parameter, enum",
        [
            ("/api/v1/meetings/", "status", "MeetingStatusEnum"),
            ("/api/v1/meetings/", "meeting_format", "MeetingFormatEnum"),
            ("/api/v1/meetings/", "participation_status", "ParticipationStatusEnum"),
            ("/api/v1/meetings/", "attendance", "AttendanceModeEnum"),
            ("/api/v1/participations/", "status", "ParticipationStatusEnum"),
            ("/api/v1/participations/", "attendance", "AttendanceModeEnum"),
            ("/api/v1/contributions/", "category", "ContributionCategoryEnum"),
            ("/api/v1/contributions/", "status", "ContributionStatusEnum"),
            ("/api/v1/organizations/", "kind", "OrganizationKindEnum"),
            ("/api/v1/meetings/", "level", "MeetingLevelEnum"),
            ("/api/v1/meetings/", "delegate_level", "DelegateLevelEnum"),
            ("/api/v1/participations/", "delegate_level", "DelegateLevelEnum"),
            ("/api/v1/participations/", "basis", "BasisEnum"),
            ("/api/v1/contributions/", "currency", "CurrencyEnum"),
        ],
    )
    def test_enum_query_parameters_reference_the_named_enum(self, document, path, parameter, enum):
        schema = query_parameters(document["paths"][path]["get"])[parameter]["schema"]
        assert schema == {"type": "array", "items": {"$ref": f"#/components/schemas/{enum}"}, "minItems": 1}

    def test_only_ordering_has_an_inline_enum(self, document):
        """Any other inline enum would become one more enum class per operation in generated SDKs."""
        for *_, operation in operations(document):
            for name, parameter in query_parameters(operation).items():
                if name != "ordering":
                    assert "enum" not in json.dumps(parameter["schema"]), (operation["operationId"], name)


class TestQueryParameters:
    @pytest.mark.parametrize(
        "resource, names",
        [
            (
                "meetings",
                [
                    "status",
                    "meeting_format",
                    "host_country",
                    "date_from",
                    "date_to",
                    "search",
                    "ordering",
                    "nation",
                    "role",
                    "participation_status",
                    "attendance",
                    "organization",
                    "participant",
                    "delegate_level",
                    "person",
                    "city",
                    "level",
                    "series",
                    "parent",
                ],
            ),
            (
                "participations",
                [
                    "meeting",
                    "nation",
                    "role",
                    "status",
                    "attendance",
                    "organization",
                    "member",
                    "participant",
                    "delegate_level",
                    "person",
                ],
            ),
            ("contributions", ["category", "recipient", "currency", "announced_from", "announced_to"]),
            ("nations", ["search", "organization", "on"]),
        ],
    )
    def test_the_issue_parameters_are_documented(self, document, resource, names):
        parameters = query_parameters(document["paths"][f"/api/v1/{resource}/"]["get"])
        assert set(names) | {"limit", "offset"} <= set(parameters)
        assert "format" not in parameters

    def test_pagination_bounds(self, document):
        for path, method, operation in operations(document):
            if method == "get" and "{" not in path and path not in UNPAGED:
                parameters = query_parameters(operation)
                assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
                assert parameters["offset"]["schema"]["minimum"] == 0

    def test_every_query_parameter_has_a_type_and_a_description(self, document):
        for *_, operation in operations(document):
            for name, parameter in query_parameters(operation).items():
                schema = parameter["schema"]
                assert schema.get("type") in ("string", "integer", "boolean", "array") or "$ref" in schema, (
                    operation["operationId"],
                    name,
                )
                if schema.get("type") == "array":
                    assert schema["items"].get("type") in ("string", "integer") or "$ref" in schema["items"]
                assert parameter.get("description", "").strip(), (operation["operationId"], name)

    def test_list_parameters_take_repeated_values(self, document):
        """Generated clients send `nation=FR&nation=GB`."""
        meetings = query_parameters(document["paths"]["/api/v1/meetings/"]["get"])
        for name in ["nation", "host_country", "role", "status", "participation_status", "attendance"]:
            assert meetings[name]["schema"]["type"] == "array"
            assert (meetings[name]["style"], meetings[name]["explode"]) == ("form", True)

    def test_parameters_are_not_used_on_detail_and_write_operations(self, document):
        for path, method, operation in operations(document):
            if (method != "get" or "{" in path) and not path.endswith(
                ("/history/", "/imports/", "/absentees/", "/blocs/", "/partners/", "/meetings.ics")
            ):
                assert query_parameters(operation) == {}, operation["operationId"]


class TestRequestComponents:
    def test_meeting_request_has_no_read_only_fields(self, document):
        schemas = document["components"]["schemas"]
        for name in ["MeetingRequest", "PatchedMeetingRequest"]:
            properties = schemas[name]["properties"]
            assert not {"participations", "sessions", "created_at", "updated_at"} & set(properties), name
            assert {"slug", "title", "start_date", "host_country", "format", "status", "sources"} <= set(properties)
        assert "required" not in schemas["PatchedMeetingRequest"]
        assert schemas["MeetingRequest"]["properties"]["host_country"]["type"] == ["string", "null"]

    def test_no_request_component_has_read_only_fields(self, document):
        schemas = document["components"]["schemas"]
        for name, schema in schemas.items():
            if not name.endswith("Request") or re.sub(r"^Patched|Request$", "", name) not in schemas:
                continue
            response = schemas[re.sub(r"^Patched|Request$", "", name)]
            read_only = {field for field, prop in response["properties"].items() if prop.get("readOnly")}
            assert not read_only & set(schema["properties"]), name
            assert not [field for field, prop in schema["properties"].items() if prop.get("readOnly")], name

    def test_writes_take_request_components(self, document):
        for path, method, operation in operations(document):
            if method in ("post", "put", "patch") and (path, method) not in FEED_AND_IMPORT:
                request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                success = operation["responses"]["201" if method == "post" else "200"]
                response = success["content"]["application/json"]["schema"]["$ref"]
                prefix = "Patched" if method == "patch" else ""
                expected = response.replace("schemas/", f"schemas/{prefix}") + "Request"
                assert request == expected, operation["operationId"]


class TestExamples:
    def test_every_list_and_retrieve_operation_has_the_example(self, document):
        for resource, lookup, _, example, _ in EXAMPLES:
            paths = document["paths"]
            for operation, wrapped in [
                (paths[f"/api/v1/{resource}/"]["get"], True),
                (paths[f"/api/v1/{resource}/{{{lookup}}}/"]["get"], False),
            ]:
                content = operation["responses"]["200"]["content"]["application/json"]
                values = [item["value"] for item in content["examples"].values()]
                assert values == [{**values[0], "results": [example]} if wrapped else example], resource

    @pytest.mark.parametrize("resource, lookup, pick, example, params", EXAMPLES, ids=[row[0] for row in EXAMPLES])
    def test_example_is_what_the_api_returns(self, seed, api, resource, lookup, pick, example, params):
        """Ids and timestamps differ from database to database; lists are cut as in examples.py."""
        response = api.get(f"/api/v1/{resource}/", {**params, "limit": 500})
        assert response.status_code == 200
        listed = [item for item in response.json()["results"] if item[pick] == example[pick]]
        assert len(listed) == 1
        assert as_in_example(listed[0], example) == example

        response = api.get(f"/api/v1/{resource}/{listed[0][lookup]}/")
        assert response.status_code == 200
        assert response.json() == listed[0]


def as_in_example(actual, example):
    """`actual` cut to what `example` shows: ids and timestamps taken from the example (when of the same type), lists
    reduced to the items the example keeps, in order. Anything that does not match is left whole, so a failing
    comparison shows the real value."""
    if isinstance(actual, dict) and isinstance(example, dict):
        return {
            key: example[key]
            if key in IGNORED_IN_EXAMPLES and key in example and type(value) is type(example[key])
            else as_in_example(value, example.get(key))
            for key, value in actual.items()
        }
    if isinstance(actual, list) and isinstance(example, list):
        kept, remaining = [], iter(actual)
        for wanted in example:
            match = next((cut for cut in (as_in_example(item, wanted) for item in remaining) if cut == wanted), None)
            if match is None:
                return actual
            kept.append(match)
        return kept
    return actual
