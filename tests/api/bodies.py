"""Expected response bodies and small helpers shared by the API tests: one copy of each."""

import pytest

from tests.conftest import PARIS


def error(status, code, detail, errors=None):
    """The body of every 4xx: {"status", "code", "detail", "errors"}."""
    return {"status": status, "code": code, "detail": detail, "errors": errors or {}}


def invalid(**errors):
    """A 400 naming each bad field or query parameter: `invalid(date_from=["Enter a valid date."])`. A request the
    schema itself refuses (malformed, a wrong type, an unknown field or parameter, an empty value), and any request
    with errors of more than one kind."""
    return error(400, "invalid", "Invalid input.", errors)


def duplicate(**errors):
    """A 409 for a key already taken, naming its field: `duplicate(slug=["meeting with this slug already exists."])`."""
    return error(409, "duplicate", "A key in the request is already taken.", errors)


def unknown_reference(**errors):
    """A 400 for a well-formed key (in a body or a query parameter) that names no object: `unknown_reference(
    nation=[unknown("nation", "ZZ")])`."""
    return error(400, "unknown_reference", "The request names an object that does not exist.", errors)


def rule_violated(**errors):
    """A 400 for well-formed values that break a rule the schema cannot state (a model's rule, an end before a start,
    a parameter that needs another)."""
    return error(400, "rule_violated", "The request breaks a rule about how its values fit together.", errors)


def invalid_cursor(**errors):
    """A 400 for a `cursor` that is not one of the list's."""
    return error(400, "invalid_cursor", "The cursor is not one of this list's.", errors)


def invalid_document(**errors):
    """A 400 for a bulk import document the importer refuses."""
    return error(400, "invalid_document", "The document cannot be imported.", errors)


def method_not_allowed(method):
    return error(405, "method_not_allowed", f'Method "{method.upper()}" not allowed.')


def conflict(referrers):
    """A 409 for deleting an object that `referrers` (e.g. "participations") still point to."""
    return error(409, "conflict", f"This object is still referred to by {referrers}; change or delete those first.")


NOT_FOUND = error(404, "not_found", "Not found.")
NO_RESOURCE = error(404, "not_found", "No API resource at this address.")
HOW_TO_AUTHENTICATE = (
    "Send `Authorization: Bearer <token>` (or `Token <token>`); an administrator issues tokens with "
    "`manage.py issue_token <username>`."
)
NOT_AUTHENTICATED = error(
    401, "not_authenticated", f"Authentication credentials were not provided. {HOW_TO_AUTHENTICATE}"
)
AUTHENTICATION_FAILED = error(401, "authentication_failed", f"Invalid token. {HOW_TO_AUTHENTICATE}")
CHALLENGE = 'Bearer realm="api"'

FORBIDDEN = error(403, "permission_denied", "You do not have permission to perform this action.")

# A write refused to an anonymous client (401, challenging for a token) and to a user without the model permission
# (403, no challenge): (client fixture, expected `status_challenge_body` of the response).
REFUSALS = [
    pytest.param("api", (401, CHALLENGE, NOT_AUTHENTICATED), id="anonymous-401"),
    pytest.param("reader", (403, None, FORBIDDEN), id="no-permission-403"),
]
# The write operations of a resource, as (client method, path after the list URL with `{pk}` for the object's key).
WRITES = [("post", ""), ("put", "{pk}/"), ("patch", "{pk}/"), ("delete", "{pk}/")]


# Messages of a bad query parameter.
def not_a_choice(value):
    """A value outside a parameter's fixed choices (`status`, `ordering`, ...)."""
    return f"Select a valid choice. {value} is not one of the available choices."


def unknown(model, key):
    """A key that names no object, in writes and in filters alike: "Unknown nation 'ZZ'."."""
    return f"Unknown {model} {key!r}."


EMPTY = "Must not be empty: leave the parameter out instead."
REPEATED = "Given more than once; this parameter takes one value."
NOT_A_CURSOR = "Not a cursor of this list: take it from a `next` link."


def bad_limit(value):
    return f"Must be a whole number from 1 to 500; got {value!r}."


def bad_offset(value):
    return f"Must be a whole number from 0 to 2147483647; got {value!r}."


# Bad paging of any list: (query, expected body).
PAGING_ERRORS = [
    ("limit=0", invalid(limit=[bad_limit("0")])),
    ("limit=501", invalid(limit=[bad_limit("501")])),
    ("offset=-3", invalid(offset=[bad_offset("-3")])),
    ("limit=", invalid(limit=[EMPTY])),
    ("offset=1&offset=2", invalid(offset=[REPEATED])),
]

# Nations, organizations and meetings as other resources nest them.
BRITAIN = {"code": "GB", "alpha3": "GBR", "name": "United Kingdom"}
FRANCE = {"code": "FR", "alpha3": "FRA", "name": "France"}
GERMANY = {"code": "DE", "alpha3": "DEU", "name": "Germany"}
POLAND = {"code": "PL", "alpha3": "POL", "name": "Poland"}
UKRAINE = {"code": "UA", "alpha3": "UKR", "name": "Ukraine"}
CLUB_BRIEF = {"slug": "club", "name": "The Club", "short_name": "CLUB"}
NATO_BRIEF = {"slug": "nato", "name": "North Atlantic Treaty Organization", "short_name": "NATO"}
PARIS_BRIEF = {
    "slug": PARIS,
    "title": "Paris talks on an international security force for Ukraine",
    "start_date": "2025-03-11",
}


def status_challenge_body(response):
    """(status code, WWW-Authenticate header or None, JSON body) of a response."""
    body = response.json() if response.get("Content-Type") == "application/json" else response.content
    return response.status_code, response.get("WWW-Authenticate"), body


def source_brief(source):
    return {"id": source.pk, "outlet": source.outlet, "title": source.title, "url": source.url}


def stamp(value):
    """A datetime as the API writes it (UTC, `Z`)."""
    return value.isoformat().replace("+00:00", "Z")


def timestamps(obj):
    """`created_at` and `updated_at` of `obj` as stored, the way the API writes them."""
    obj.refresh_from_db()
    return {"created_at": stamp(obj.created_at), "updated_at": stamp(obj.updated_at)}


def results(response):
    """The items of a list response, which must be a 200."""
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def ids(response):
    return [item["id"] for item in results(response)]


def slugs(response):
    return [item["slug"] for item in results(response)]


def codes(response):
    return [item["code"] for item in results(response)]


def nation_codes(response):
    """The code of each item's nation, in order."""
    return [item["nation"]["code"] for item in results(response)]


def pks(objects, *names):
    """The primary keys of the named objects of a fixture's dict, in the order named."""
    return [objects[name].pk for name in names]


# What a value not shaped like a key gets (an invalid request, not an unknown object).
NOT_A_NATION_CODE = "Give the code of a nation: two letters, such as FR."
NOT_A_MEETING_SLUG = "Give the slug of a meeting: letters, digits, hyphens and underscores."
