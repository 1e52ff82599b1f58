"""OpenAPI generation: one shared error component, the key-in/brief-out fields, and examples per viewset."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiExample, OpenApiResponse

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
    "401": "Not authenticated: send `Authorization: Token <key>`.",
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

    def _error_codes(self):
        is_detail = "{" in self.path
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        codes = []
        if self.method in ("POST", "PUT", "PATCH") or (self.method == "GET" and self._is_list_view()):
            codes.append("400")
        if writes:
            codes += ["401", "403"]
        if is_detail:
            codes.append("404")
        if writes:
            codes.append("409")
        return codes

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


def drop_unused_components(result, generator, request, public):
    """Remove components nothing refers to (the request twins of read-only nested serializers)."""
    schemas = result.get("components", {}).get("schemas", {})
    while True:
        text = repr({key: value for key, value in result.items() if key != "components"}) + repr(
            {key: value for key, value in result.get("components", {}).items()}
        )
        unused = [name for name in schemas if f"'#/components/schemas/{name}'" not in text]
        if not unused:
            return result
        for name in unused:
            del schemas[name]
