"""OpenAPI generation: one shared error component, the key-in/brief-out fields, and examples per viewset."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly

from events.api.errors import ErrorSerializer


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "events.api.fields.BriefRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        if direction == "request":
            model = field.get_queryset().model
            key = model._meta.pk if field.key_field == "pk" else model._meta.get_field(field.key_field)
            schema = auto_schema._map_model_field(key, direction)
            schema["description"] = key.help_text or f"ID of the {model._meta.verbose_name}."
            return schema
        return auto_schema.resolve_serializer(field.brief_serializer, direction).ref


ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `errors` names each bad field or query parameter.",
    "401": "Not authenticated: a write sent without `Authorization: Token <key>`, or any request with an invalid "
    "token (reads need none, but a token that is sent must be valid).",
    "403": "Authenticated, but without the permission this needs.",
    "404": "No such object.",
    "409": "Conflicts with the stored data: a concurrent change, or the object is still referred to.",
}


class AutoSchema(openapi.AutoSchema):
    """Documents the error responses of each operation with the one shared `Error` component."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            responses.setdefault(
                code,
                self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]), code, direction=direction
                ),
            )
        return responses

    def _resolve_path_parameters(self, variables):
        """A lookup with a URL pattern (slugs, codes) loses its description upstream: take the model field's."""
        parameters = super()._resolve_path_parameters(variables)
        lookup_field = getattr(self.view, "lookup_field", None)
        for parameter in parameters:
            if not parameter.get("description") and parameter["name"] == lookup_field:
                parameter["description"] = str(self.view.queryset.model._meta.get_field(lookup_field).help_text)
        return parameters

    def _error_codes(self):
        is_detail = "{" in self.path
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        codes = []
        if self.method in ("POST", "PUT", "PATCH") or (self.method == "GET" and self._is_list_view()):
            codes.append("400")
        codes.append("401")
        if writes:
            codes.append("403")
        if is_detail:
            codes.append("404")
        if writes:
            codes.append("409")
        return codes

    def get_auth(self):
        """Reads need no token: list `{}` (no authentication) beside the token, so SDKs accept an anonymous client."""
        auths = super().get_auth()
        anonymous_reads = any(isinstance(p, DjangoModelPermissionsOrAnonReadOnly) for p in self.view.get_permissions())
        if anonymous_reads and self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def get_examples(self):
        example = getattr(self.view, "schema_example", None)
        if example is None or self.method != "GET":
            return []
        return [OpenApiExample("Paris talks", value=example, response_only=True)]


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
