"""What every endpoint shares, tested once over all of them: who may call each operation, what an unknown key or an
undeclared method gets, and that every refusal is the JSON `Error` body and changes nothing. The operations are
those of the committed OpenAPI document, and the first test checks that the URL router serves exactly those: an
endpoint added to the API is in this suite without being named here. Per-resource files test only what is
particular to their resource."""

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.bodies import (
    AUTHENTICATION_FAILED,
    CHALLENGE,
    NOT_FOUND,
    REFUSALS,
    error,
    method_not_allowed,
    status_challenge_body,
)
from tests.contract import UNDESCRIBED, document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_module")]

API = "/api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")  # in the order of Django's View.http_method_names
PATHS = document()["paths"]
OPERATIONS = [(path, method) for path, item in PATHS.items() for method in METHODS if method in item]
READS = [(path, method) for path, method in OPERATIONS if method == "get"]
WRITES = [(path, method) for path, method in OPERATIONS if method != "get"]
KEYED = [(path, method) for path, method in OPERATIONS if "{" in path]
UNDECLARED = [(path, method) for path, item in PATHS.items() for method in METHODS if method not in item]
# Keys of the right shape that name no object, by the type of the path parameter: a non-numeric id is also a 404,
# and so is a number no column holds (found by Schemathesis: SQLite cannot even take it as a parameter).
UNKNOWN_KEYS = {"integer": ["999999", "abc", "575237783496349266932137984"], "string": ["ZZ"]}
# The 403 of an endpoint whose permission says what it lacks (every other 403 is FORBIDDEN).
FORBIDDEN_AT = {
    "/api/v1/imports/": error(
        403,
        "permission_denied",
        "Importing this document needs the add and change permissions of every kind of record it holds.",
    )
}
# Query parameters an operation requires, as the document does not give an example of them.
REQUIRED_QUERY = {"organization": "nato", "group_by": "nation"}


def ids(operations):
    return [f"{method.upper()} {path}" for path, method in operations]


def operation(path, method):
    return PATHS[path][method]


def example_body(path, method):
    """The operation's request example: a write that would succeed on the shipped data, were it allowed."""
    content = operation(path, method).get("requestBody", {}).get("content", {}).get("application/json", {})
    return next(iter(content.get("examples", {}).values()), {}).get("value")


def required_query(path, method):
    parameters = operation(path, method).get("parameters", [])
    return {p["name"]: REQUIRED_QUERY[p["name"]] for p in parameters if p["in"] == "query" and p.get("required")}


def path_parameter(path):
    """(name, JSON type) of the path's key, as its first operation declares it."""
    first = next(iter(PATHS[path].values()))
    [parameter] = [p for p in first["parameters"] if p["in"] == "path"]
    return parameter["name"], parameter["schema"]["type"]


def address(path, key):
    """`path` with its key, if it has one, filled in."""
    if "{" not in path:
        return path
    name, _ = path_parameter(path)
    return path.replace(f"{{{name}}}", str(key))


def existing(api, path):
    """`path` naming an object of the shipped data: the first of the resource's list."""
    if "{" not in path:
        return path
    name, _ = path_parameter(path)
    return address(path, api.get(path.split("{")[0]).json()["results"][0][name])


def unknown_keys(path):
    return UNKNOWN_KEYS[path_parameter(path)[1]] if "{" in path else []


def call(client, path, method, url):
    """The operation on `url`: a read with the query parameters it requires, a write with its example body."""
    if method == "get":
        return client.get(url, required_query(path, method))
    return getattr(client, method)(url, example_body(path, method), format="json")


def stored():
    """Every row of every events table, history included: what a refused request must leave as it was."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("events").get_models()
    }


def routed():
    """(path, method) of every operation the URL router serves under /api/v1/, written as the document writes paths."""
    found = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\.", ".")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith(API[1:]):
                path = "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", parameter, route)
                found.update((path, method) for method in view_methods(pattern.callback))

    walk(get_resolver().url_patterns, "")
    return found


def parameter(match):
    """A route's parameter as the document names it: drf-spectacular calls a primary key `id`."""
    name = match[1] or match[2]
    return "{id}" if name == "pk" else f"{{{name}}}"


def view_methods(callback):
    if actions := getattr(callback, "actions", None):  # a viewset's route: the methods it binds
        return [method for method in METHODS if method in actions]
    return [method for method in METHODS if hasattr(callback.view_class, method)]


def test_the_document_lists_every_operation_the_router_serves():
    """The parametrizations below come from the document; this keeps it from leaving out what the API serves."""
    served = {(path, method) for path, method in routed() if path != API and not path.startswith(UNDESCRIBED)}

    assert served == set(OPERATIONS)


@pytest.mark.parametrize(("path", "method"), WRITES, ids=ids(WRITES))
@pytest.mark.parametrize(
    ("client", "expected"),
    [*REFUSALS, pytest.param("stranger", (401, CHALLENGE, AUTHENTICATION_FAILED), id="bad-token-401")],
)
def test_a_write_without_permission_is_refused_and_changes_nothing(request, api, path, method, client, expected):
    """Anonymous: a 401 challenging for a token; an unknown token: a 401 too; a user without the model permission:
    a 403 without a challenge. The request is the operation's example, which an editor's would carry out."""
    url = existing(api, path)
    if expected[0] == 403 and path in FORBIDDEN_AT:
        expected = (403, None, FORBIDDEN_AT[path])
    before = stored()

    response = call(request.getfixturevalue(client), path, method, url)

    assert status_challenge_body(response) == expected
    assert response["Content-Type"] == "application/json"
    assert stored() == before


@pytest.mark.parametrize(("path", "method"), READS, ids=ids(READS))
@pytest.mark.parametrize("client", ["api", "reader"])
def test_anyone_reads(request, api, path, method, client):
    """Reads need no token, nor any model permission with one."""
    response = call(request.getfixturevalue(client), path, method, existing(api, path))

    assert response.status_code == 200


@pytest.mark.parametrize(("path", "method"), READS, ids=ids(READS))
def test_an_unknown_token_is_refused_even_where_none_is_needed(api, stranger, path, method):
    response = call(stranger, path, method, existing(api, path))

    assert status_challenge_body(response) == (401, CHALLENGE, AUTHENTICATION_FAILED)


@pytest.mark.parametrize(
    ("path", "method", "key"),
    [(path, method, key) for path, method in KEYED for key in unknown_keys(path)],
    ids=[f"{method.upper()} {path} {key}" for path, method in KEYED for key in unknown_keys(path)],
)
def test_an_unknown_key_is_a_404(request, api, path, method, key):
    """Read anonymously, written by an editor: either way the key is looked up and not found, and nothing changes."""
    client = api if method == "get" else request.getfixturevalue("editor")
    before = stored()

    response = call(client, path, method, address(path, key))

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == NOT_FOUND
    assert stored() == before


# Every undeclared method anonymously (the case that matters: no 401), and a sample with a token.
UNDECLARED_BY = [(path, method, "api") for path, method in UNDECLARED] + [
    (path, method, "editor") for path, method in UNDECLARED[::8]
]


@pytest.mark.parametrize(
    ("path", "method", "client"),
    UNDECLARED_BY,
    ids=[f"{client}-{method.upper()} {path}" for path, method, client in UNDECLARED_BY],
)
def test_an_undeclared_method_is_a_405_listing_those_allowed(request, path, method, client):
    """Anonymous or not, and whether the key names an object or not: a method the address never takes is a 405,
    not a 401 asking for a token nor a 404."""
    declared = [name.upper() for name in METHODS if name in PATHS[path]]
    allowed = [*declared, *(["HEAD"] if "GET" in declared else []), "OPTIONS"]
    url = address(path, next(iter(unknown_keys(path)), None))
    before = stored()

    response = getattr(request.getfixturevalue(client), method)(url)

    assert (response.status_code, response["Content-Type"]) == (405, "application/json")
    assert response.json() == method_not_allowed(method)
    assert response["Allow"] == ", ".join(allowed)
    assert stored() == before
