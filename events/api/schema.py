"""OpenAPI generation: one shared error component, the key-in/brief-out fields, and examples per viewset."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.renderers import BrowsableAPIRenderer

from events.api import examples
from events.api.errors import ErrorSerializer
from events.api.fields import MAX_ID, key_pattern
from events.api.negotiation import serves


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "events.api.fields.BriefRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        if direction == "request":
            model = field.get_queryset().model
            key = model._meta.pk if field.key_field == "pk" else model._meta.get_field(field.key_field)
            schema = auto_schema._map_model_field(key, direction)
            schema.pop("readOnly", None)  # an id is read-only on its own object, but written here to refer to it
            schema.pop("maxLength", None)
            if field.key_field == "pk":
                schema.update(minimum=1, maximum=MAX_ID)
            else:
                schema["pattern"] = key_pattern(key)
            schema["description"] = key.help_text or f"ID of the {model._meta.verbose_name}."
            return schema
        return auto_schema.resolve_serializer(field.brief_serializer, direction).ref


class TokenAuthenticationExtension(OpenApiAuthenticationExtension):
    target_class = "events.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token, sent as `Authorization: Bearer <token>` (`Token <token>` works too). An "
            "administrator issues one with `manage.py issue_token <username>`; tokens expire, and can be revoked.",
        }


ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names each bad field or query parameter.",
    "401": "Not authenticated: a write sent without `Authorization: Bearer <token>`, or any request with an invalid "
    "or expired token (reads need none, but a token that is sent must be valid).",
    "403": "Authenticated, but without the permission this needs.",
    "404": "No such object.",
    "406": "None of the media types the `Accept` header names can be served (this operation serves JSON).",
    "409": "Conflicts with the stored data: a key already taken (`errors` names the field), or an object still "
    "referred to.",
    "412": "Precondition failed: the object changed since the version named by `If-Match` or "
    "`If-Unmodified-Since`; it was left untouched. Read it again and retry.",
    "422": "This `Idempotency-Key` was already used by this user for a different request.",
    "413": "The request body is larger than this address takes; `detail` names the limit.",
    "415": "The request body is not in a media type this operation takes (JSON).",
    "428": "This server requires `If-Match` on writes (the ETag of the version being changed).",
    "429": "Too many requests: `Retry-After` says in how many seconds to try again.",
    "503": "The database is unreachable or too slow right now; `Retry-After` says when to try again.",
}


def header(name, description, response=None, schema=None):
    return OpenApiParameter(
        name,
        schema or str,
        location=OpenApiParameter.HEADER,
        required=False,
        description=description,
        response=response or False,
    )


VALIDATORS = [
    header("ETag", "Strong validator of this representation; send it back in `If-None-Match` or `If-Match`."),
    header("Last-Modified", "When the representation last changed (`updated_at`, to the second)."),
]
READ_CONDITIONS = [
    header("If-None-Match", "ETags the client holds: `304 Not Modified` (no body) when one is current."),
    header("If-Modified-Since", "An HTTP date: `304 Not Modified` when the object has not changed since."),
]
WRITE_CONDITIONS = [
    header("If-Match", "Change the object only if this is its current ETag (else `412`, nothing written)."),
    header("If-Unmodified-Since", "Change the object only if it has not changed since this HTTP date (else `412`)."),
]
WAIT_HEADERS = [
    header("Retry-After", "Seconds to wait before trying again.", response=["429", "503"], schema=int),
    header("RateLimit-Limit", "Requests allowed in the current window.", response=["429"], schema=int),
    header("RateLimit-Remaining", "Requests left in the current window.", response=["429"], schema=int),
    header("RateLimit-Reset", "Seconds until the current window ends.", response=["429"], schema=int),
]
IDEMPOTENCY_KEY = header(
    "Idempotency-Key",
    "A unique key (1-255 printable ASCII characters) that makes retries safe: a retry by the same user with the "
    "same key and body gets the first answer and creates nothing; the same key with another body is a `422`. "
    "Keys are kept for 24 hours.",
    schema={"type": "string", "pattern": "^[\\x21-\\x7e](?:[\\x20-\\x7e]{0,253}[\\x21-\\x7e])?$"},
)


SUMMARIES = {
    "list": "List {names}",
    "retrieve": "Get one {name}",
    "create": "Create a {name}",
    "update": "Replace a {name}",
    "partial_update": "Change some fields of a {name}",
    "destroy": "Delete a {name}",
    "history": "History of a {name}",
}
OPERATION_NOTES = {
    "list": "Pages of `limit` items: follow `next` until it is null (a cursor link, which never skips or repeats a row "
    "while the data changes). Filters combine with AND; list-valued ones match any of their values. A parameter the "
    "list does not take is a 400.",
    "retrieve": "Answers with `ETag` and `Last-Modified`; send them back in `If-None-Match` / `If-Modified-Since` "
    "for a `304 Not Modified` without body while the object is unchanged.",
    "create": "Needs a token with the add permission. Send an `Idempotency-Key` to make retries safe: a retry with "
    "the same key and body gets the first answer and creates nothing. A key already taken is a 409 naming the field.",
    "update": "Needs a token with the change permission. Sends the whole object: every writable field that is not "
    "optional must be given. Send `If-Match` with the ETag you read so that a concurrent change is a 412, not lost.",
    "partial_update": "Needs a token with the change permission. Changes only the fields given. Send `If-Match` with "
    "the ETag you read so that a concurrent change is a 412, not lost.",
    "destroy": "Needs a token with the delete permission. Send `If-Match` with the ETag you read so that a concurrent "
    "change is a 412. An object still referred to is a 409. The deletion is listed in `deletions/`.",
    "history": "Every create, update and delete of the object, oldest first: when, who made it, where (api, admin, "
    "import, sync), and which fields changed from what to what. Also answers for a deleted object (the last one "
    "that had the key).",
}


class AutoSchema(openapi.AutoSchema):
    """Documents the error responses of each operation with the one shared `Error` component, and the headers of
    conditional requests and idempotent retries."""

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), *WAIT_HEADERS]
        action = getattr(self.view, "action", None)
        if action == "retrieve":
            parameters += [*READ_CONDITIONS, *self._validators_of(["200", "304"])]
        elif action in ("update", "partial_update"):
            parameters += [*WRITE_CONDITIONS, *self._validators_of(["200"])]
        elif action == "destroy":
            parameters += WRITE_CONDITIONS
        elif action == "create" and hasattr(self.view, "create_service"):
            parameters += [
                IDEMPOTENCY_KEY,
                header("Location", "Address of the created object.", response=["201"]),
                header("Idempotent-Replayed", "`true` when this is the stored answer to a retry.", response=["201"]),
                *self._validators_of(["201"]),
            ]
        return parameters

    @staticmethod
    def _validators_of(codes):
        return [
            header(parameter.name, parameter.description, response=codes, schema=parameter.type)
            for parameter in VALIDATORS
        ]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if getattr(self.view, "action", None) == "retrieve":
            responses["304"] = self._get_response_for_code(None, "304", direction=direction)
            responses["304"]["description"] = "Not modified: the ETag or date sent is still current. No body."
        for code in self._error_codes():
            responses.setdefault(
                code,
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code, direction=direction
                ),
            )
        return responses

    def _resolve_path_parameters(self, variables):
        """A lookup with a URL pattern (slugs, codes) loses its description upstream: take the model field's. Writes
        name, as the example, the object their request example changes."""
        parameters = super()._resolve_path_parameters(variables)
        lookup_field = getattr(self.view, "lookup_field", None)
        key = examples.KEYS.get(self.path.split("/")[3])
        for parameter in parameters:
            if not parameter.get("description") and parameter["name"] == lookup_field:
                parameter["description"] = str(self.view.queryset.model._meta.get_field(lookup_field).help_text)
            if key is not None and self.method in ("PUT", "PATCH"):
                parameter["example"] = key
        return parameters

    def _error_codes(self):
        """Every error status the operation can answer (a 405 for a method it does not have is not one of them)."""
        action = getattr(self.view, "action", None)
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        codes = {"400", "401", "406", "413", "429", "503"}
        if writes:
            codes |= {"403", "409"}
        if self.method in ("POST", "PUT", "PATCH"):
            codes.add("415")
        if "{" in self.path:
            codes.add("404")
        if action in ("retrieve", "update", "partial_update", "destroy"):
            codes.add("412")
        if action in ("update", "partial_update", "destroy"):
            codes.add("428")
        if action == "create" and hasattr(self.view, "create_service"):
            codes.add("422")
        return sorted(codes)

    def map_renderers(self, attribute):
        """Only the representations the operation serves: exports on lists, linked data on meetings."""
        served = [renderer for renderer in self.view.get_renderers() if serves(renderer, self.view)]
        return list(dict.fromkeys(getattr(r, attribute).split(";")[0] for r in served if self._documented(r)))

    def _get_format_parameters(self):
        """`?format=` is documented by the media types it stands for (`Accept`), not as a parameter: it would be one
        more inline enum per operation in the SDKs."""
        return []

    @staticmethod
    def _documented(renderer):
        return not isinstance(renderer, BrowsableAPIRenderer)

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        """Errors are JSON whatever was asked for; a representation that is not the JSON shape describes itself
        (`openapi_content`: the CSV columns, the NDJSON lines, the JSON-LD)."""
        if not str(status_code).startswith("2"):
            media_types = media_types or ["application/json"]
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        renderers = {renderer.media_type: renderer for renderer in self.view.get_renderers()}
        for media_type, content in response.get("content", {}).items():
            if hasattr(renderers.get(media_type), "openapi_content"):
                content.clear()
                content.update(renderers[media_type].openapi_content(self.view))
        return response

    def get_auth(self):
        """Reads need no token (one that is sent must be valid), so they state no security requirement: generated
        clients then read with a plain client, and writes alone ask for the token."""
        anonymous_reads = any(isinstance(p, DjangoModelPermissionsOrAnonReadOnly) for p in self.view.get_permissions())
        if anonymous_reads and self.method in SAFE_METHODS:
            return []
        return super().get_auth()

    def get_summary(self):
        action = getattr(self.view, "action", None)
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None or action not in SUMMARIES:
            return super().get_summary()
        meta = model._meta
        return SUMMARIES[action].format(name=meta.verbose_name, names=meta.verbose_name_plural)

    def get_description(self):
        """The resource's own description, then what this operation does."""
        action = getattr(self.view, "action", None)
        resource = super().get_description()
        if action not in OPERATION_NOTES:
            return resource
        return f"{resource}\n\n{OPERATION_NOTES[action]}"

    def get_examples(self):
        collection = self.path.split("/")[3]
        action = "create" if self.method == "POST" else getattr(self.view, "action", None)
        request = examples.REQUESTS.get(collection, {}).get(action)
        if request is not None and self.method in ("POST", "PUT", "PATCH"):
            return [OpenApiExample("On the shipped data", value=request, request_only=True)]
        example = getattr(self.view, "schema_example", None)
        if example is None or self.method != "GET":
            return []
        return [OpenApiExample("Paris talks", value=example, response_only=True)]


def inline_null_enums(result, generator, request, public):
    """A nullable choice is `oneOf: [{$ref: XEnum}, {type: 'null'}]`: drf-spectacular's `NullEnum` components are
    replaced by the null type itself, which every generator reads as "or null" rather than as one more class."""
    schemas = result.get("components", {}).get("schemas", {})
    nulls = {f"#/components/schemas/{name}" for name, schema in schemas.items() if schema == {"type": "null"}}
    for node in _dicts(result):
        for member in node.get("oneOf", []):
            if member.get("$ref") in nulls:
                member.clear()
                member["type"] = "null"
    return result


def _dicts(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def use_named_enums_in_parameters(result, generator, request, public):
    """Point enum query parameters at the enum components their values come from.

    drf-spectacular writes query-parameter enums inline, so SDK generators would make one enum class per operation
    (`MeetingsListStatusItem`, ...) beside `MeetingStatusEnum`. A parameter whose values are exactly those of one
    named enum reuses it.
    """
    schemas = result.get("components", {}).get("schemas", {})
    enums = {}
    for name, schema in schemas.items():
        if "enum" in schema:
            enums.setdefault(tuple(sorted(value for value in schema["enum"] if value is not None)), []).append(name)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                target = schema.get("items", schema)
                names = enums.get(tuple(sorted(target.get("enum", []))), [])
                if "enum" in target and len(names) == 1:
                    target.clear()
                    target["$ref"] = f"#/components/schemas/{names[0]}"
    return result


def name_ordering_enums(result, generator, request, public):
    """Give each `ordering` parameter a named enum component (`MeetingOrderingEnum`) instead of an inline enum.

    SDK generators name an inline parameter enum after the operation (`MeetingsListOrderingItem`) and its descending
    values by position (`VALUE_0`); `x-enum-varnames` names them `START_DATE_DESC`. The component is named after the
    list's items (`PaginatedMeetingList` -> `Meeting`).
    """
    schemas = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                items = parameter.get("schema", {}).get("items", {})
                if parameter["name"] != "ordering" or "enum" not in items:
                    continue
                page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                name = page.rsplit("/", 1)[1].removeprefix("Paginated").removesuffix("List") + "OrderingEnum"
                schemas[name] = {
                    **items,
                    "x-enum-varnames": [
                        value.lstrip("-") + ("_desc" if value[0] == "-" else "") for value in items["enum"]
                    ],
                }
                parameter["schema"]["items"] = {"$ref": f"#/components/schemas/{name}"}
    if "components" in result:
        result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result


def drop_unused_components(result, generator, request, public):
    """Remove components nothing refers to (the request twins of read-only nested serializers)."""
    schemas = result.get("components", {}).get("schemas", {})
    while True:
        text = repr(result)
        unused = [name for name in schemas if f"'#/components/schemas/{name}'" not in text]
        if not unused:
            return result
        for name in unused:
            del schemas[name]


# What every text the server takes must match: no NUL character (the database refuses them).
NO_NUL = "^[^\\u0000]*$"


def state_the_contract(result, generator, request, public):
    """Make the document say what the server does, so that strict validators and generated clients can rely on it.

    - A response component requires every property: the server always sends every field (null when empty).
    - A request component allows no other property (`additionalProperties: false`): the server refuses unknown
      fields; it names the read-only fields of the representation that may be sent back and are ignored.
    - Every text a request carries (property or query parameter) refuses NUL, as the server does; a query parameter
      is never empty (a list of values has at least one).
    """
    schemas = result.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        properties = schema.get("properties")
        if properties is None:
            continue
        if name.endswith("Request"):
            schema["additionalProperties"] = False
            for value in properties.values():
                _refuse_nul(value)
            _name_ignored_fields(schema, schemas.get(name.removeprefix("Patched").removesuffix("Request")))
        else:
            schema["required"] = sorted(properties)
    for node in _dicts(result):
        _separate_blank_branch(node)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    if parameter["schema"].get("type") == "array":
                        parameter["schema"]["minItems"] = 1  # `nation=` is refused, as an empty value is
                    number = parameter["schema"].get("items", parameter["schema"])
                    if number.get("type") == "integer" and "minimum" not in number:
                        number.update(minimum=1, maximum=MAX_ID)  # an ID
                    text = parameter["schema"].get("items", parameter["schema"])
                    _refuse_nul(text)
                    if text.get("type") == "string" and "enum" not in text:
                        text["minLength"] = 1  # an empty value is refused: leave the parameter out
    return result


def _separate_blank_branch(node):
    """A text that may be blank is `oneOf: [<the text>, <empty>]`: the text branch gets `minLength: 1`, so that the
    empty string matches exactly one branch (overlapping `oneOf` branches make "" invalid for strict validators)."""
    branches = node.get("oneOf", [])
    if any(branch.get("maxLength") == 0 for branch in branches):
        for branch in branches:
            if branch.get("maxLength") != 0:
                branch["minLength"] = max(branch.get("minLength", 0), 1)


def _refuse_nul(schema):
    is_text = schema.get("type") == "string" or (isinstance(schema.get("type"), list) and "string" in schema["type"])
    if is_text and not any(key in schema for key in ("enum", "format", "pattern", "$ref")):
        schema["pattern"] = NO_NUL


def _name_ignored_fields(request_schema, response_schema):
    if response_schema is None:
        return
    ignored = [field for field in response_schema["properties"] if field not in request_schema["properties"]]
    if ignored:
        note = f"Read-only fields of the representation ({', '.join(ignored)}) may be sent back: they are ignored."
        description = request_schema.get("description", "")
        request_schema["description"] = f"{description}\n\n{note}" if description else note


# OpenAPI links: from a created object to what can be done with it, and to the records that hang on it. They document
# the workflow for readers and generators, and let Schemathesis's stateful phase chain real requests.
# (parent resource, operation that reads its children, where it names the parent). Links into request bodies would
# let a fuzzer chain creates, but openapi-generator refuses a Link's `requestBody` that is not a string.
CHILD_LINKS = [
    ("meetings", "meetings_absentees_retrieve", ("path", "slug")),
    ("meetings", "participations_list", ("query", "meeting")),
    ("meetings", "sessions_list", ("query", "meeting")),
    ("meetings", "contributions_list", ("query", "meeting")),
    ("meetings", "sources_list", ("query", "meeting")),
    ("meetings", "citations_list", ("query", "meeting")),
    ("meetings", "reported_counts_list", ("query", "meeting")),
    ("series", "meetings_list", ("query", "series")),
    ("participations", "delegates_list", ("query", "participation")),
    ("people", "delegates_list", ("query", "person")),
    ("organizations", "memberships_list", ("query", "organization")),
    ("sources", "citations_list", ("query", "source")),
    ("roles", "participations_list", ("query", "role")),
]


def add_links(result, generator, request, public):
    """Links from each create (201) to the object's retrieve, update, partial update, destroy and history, from each
    update to retrieve and destroy (a PUT may change a slug), and from a parent's create to its children."""
    operations = {
        operation["operationId"]: (path, operation)
        for path, item in result.get("paths", {}).items()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }

    def key_of(resource):
        """The path parameter of the resource's own address, which is also a field of its representation."""
        path = operations[f"{resource}_retrieve"][0]
        return path.rsplit("{", 1)[1].split("}")[0]

    def link(source, status, target, description, **fields):
        if source in operations and target in operations:
            links = operations[source][1]["responses"][status].setdefault("links", {})
            name = "".join(part.capitalize() for part in target.split("_"))
            links.setdefault(name, {"operationId": target, **fields, "description": description})

    resources = {op.removesuffix("_create") for op in operations if op.endswith("_create") and op != "imports_create"}
    for resource in sorted(resources):
        key = key_of(resource)
        by_key = {"parameters": {key: f"$response.body#/{key}"}}
        for action in ("retrieve", "update", "partial_update", "destroy", "history_list"):
            link(f"{resource}_create", "201", f"{resource}_{action}", f"The created object's {key}.", **by_key)
        for source in ("update", "partial_update"):
            for action in ("retrieve", "destroy"):
                link(f"{resource}_{source}", "200", f"{resource}_{action}", f"The changed object's {key}.", **by_key)
    for parent, target, (where, name) in CHILD_LINKS:
        value = f"$response.body#/{key_of(parent)}"
        link(
            f"{parent}_create",
            "201",
            target,
            f"About the created object of {parent}.",
            parameters={f"{where}.{name}": value},
        )
    return result
