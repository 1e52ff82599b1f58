from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset paging that answers a bad `limit` or `offset` with a 400 instead of quietly using the default."""

    default_limit = 50
    max_limit = 500
    max_offset = 2_147_483_647

    def get_limit(self, request):
        return self._read_bound(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return self._read_bound(request, self.offset_query_param, 0, 0, self.max_offset)

    @staticmethod
    def _read_bound(request, name, default, minimum, maximum):
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
            raise ValidationError({name: [f"Must be a whole number from {minimum} to {maximum}; got {raw!r}."]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Number of results per page (default {self.default_limit}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit, "default": self.default_limit},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "Index of the first result to return (default 0).",
                "schema": {"type": "integer", "minimum": 0, "maximum": self.max_offset, "default": 0},
            },
        ]

    def get_paginated_response_schema(self, schema):
        """Every page carries all four keys; its example is a page holding just the one example result."""
        page = super().get_paginated_response_schema(schema)
        page["required"] = ["count", "next", "previous", "results"]
        page["properties"]["count"]["example"] = 1
        page["properties"]["next"]["example"] = None
        page["properties"]["previous"]["example"] = None
        return page
