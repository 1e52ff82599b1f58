"""Paging of every list: by cursor (keyset) unless the client asks for an `offset`.

A list read without `offset` answers a `next` link holding a cursor: the sort keys of the page's last row. The next
page starts right after that row, so it costs the same at any depth and never skips or repeats a row when rows are
added, changed or deleted meanwhile (which `ordering=updated_at` change feeds need). `limit`/`offset` still work and
give offset links both ways.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from events.api.renderers import dumps


@dataclass(frozen=True)
class SortKey:
    path: str
    descending: bool
    nulls_last: bool
    field: object  # the model field at the end of the path, which reads a cursor's value back

    @property
    def nullable(self):
        return self.field.null

    def order_by(self):
        if not self.nullable:
            return OrderBy(F(self.path), descending=self.descending)
        return OrderBy(
            F(self.path),
            descending=self.descending,
            nulls_last=True if self.nulls_last else None,
            nulls_first=None if self.nulls_last else True,
        )

    def equal(self, value):
        return Q(**{f"{self.path}__isnull": True}) if value is None else Q(**{self.path: value})

    def after(self, value):
        """Rows that come after `value` in this key's order (NULLs where the ordering puts them)."""
        if value is None:
            return Q(pk__in=[]) if self.nulls_last else Q(**{f"{self.path}__isnull": False})
        condition = Q(**{f"{self.path}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and self.nulls_last:
            condition |= Q(**{f"{self.path}__isnull": True})
        return condition


def sort_keys(queryset):
    """The queryset's ordering as SortKeys, foreign keys expanded to their model's ordering, ending with the pk."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    keys = list(_expand(queryset.model, ordering, prefix="", flip=False))
    if not any(key.path == "pk" or key.path == queryset.model._meta.pk.name for key in keys):
        keys.append(SortKey("pk", False, True, queryset.model._meta.pk))
    return keys


def _expand(model, ordering, prefix, flip):
    for item in ordering:
        if isinstance(item, OrderBy):
            name, descending = item.expression.name, item.descending
            nulls_last = bool(item.nulls_last) if (item.nulls_last or item.nulls_first) else None
        else:
            name, descending, nulls_last = item.lstrip("-"), item.startswith("-"), None
        descending = descending != flip
        field = _field(model, name)
        path = f"{prefix}{name}"
        if field.is_relation and name != "pk":
            related = field.related_model
            yield from _expand(related, related._meta.ordering or ["pk"], f"{path}__", descending)
            continue
        yield SortKey(path, descending, (not descending) if nulls_last is None else nulls_last, field)


def _field(model, path):
    """The field a lookup path ends on; its `null` is true when any step of the path may be NULL."""
    nullable = False
    for part in path.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        nullable = nullable or field.null
        model = field.related_model if field.is_relation else model
    if nullable and not field.null:
        field = _NullableView(field)
    return field


class _NullableView:
    """A field seen through a nullable relation: its value may be NULL even though the column is NOT NULL."""

    null = True
    is_relation = False

    def __init__(self, field):
        self._field = field

    def to_python(self, value):
        return self._field.to_python(value)


class ListPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500
    max_offset = 2_147_483_647
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        """The page's rows; read by cursor, they are their primary keys (events.api.rows reads their shape)."""
        self.request = request
        self.cursor_mode = isinstance(queryset, QuerySet) and self.offset_query_param not in request.query_params
        if not self.cursor_mode:
            if self.cursor_query_param in request.query_params:
                message = "Give either `cursor` or `offset`, not both."
                raise ValidationError({self.cursor_query_param: [ErrorDetail(message, code="rule")]})
            return self._offset_page(queryset, request)
        self.limit = self.get_limit(request)
        keys = sort_keys(queryset)
        page = queryset.order_by(*[key.order_by() for key in keys])
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            page = page.filter(_after(keys, self._decode(raw, keys)))
        # Each row's sort keys come with its primary key, for the cursor of whichever row the page ends on.
        rows = list(page.values_list("pk", *[key.path for key in keys])[: self.limit + 1])
        self.keys, self.next_values = keys, None
        self.sort_values = [list(row[1:]) for row in rows[: self.limit]]
        if len(rows) > self.limit:
            self.next_values = self.sort_values[-1]
        whole = not raw and self.next_values is None  # the first page holds every row
        self.count = self._capped(len(rows)) if whole else self.get_count(queryset)
        return [row[0] for row in rows[: self.limit]]

    def _offset_page(self, queryset, request):
        """One row past the page tells whether there is a next page, so the links never need the count."""
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        rows = list(queryset[self.offset : self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        last_page = not self.has_next and (rows or self.offset == 0)  # it holds the last row, so the count is known
        self.count = self._capped(self.offset + len(rows)) if last_page else self.get_count(queryset)
        return rows[: self.limit]

    def get_count(self, queryset):
        """The exact number of matching rows up to LIST_COUNT_LIMIT, else None: counting stops there, so a page of
        a list of millions costs what a page costs."""
        if not isinstance(queryset, QuerySet):
            return len(queryset)
        return self._capped(queryset.order_by()[: settings.LIST_COUNT_LIMIT + 1].count())

    @staticmethod
    def _capped(count):
        return count if count <= settings.LIST_COUNT_LIMIT else None

    def within_byte_budget(self, items):
        """The leading items whose JSON fits in MAX_PAGE_BYTES (at least one); when some are cut, `next` goes on
        from the last one kept. A page's size stays bounded whatever the data."""
        if len(dumps(items)) <= settings.MAX_PAGE_BYTES:
            return items
        used = kept = 0
        for item in items:
            size = len(dumps(item)) + 1
            if kept and used + size > settings.MAX_PAGE_BYTES:
                break
            used, kept = used + size, kept + 1
        if kept < len(items):
            if self.cursor_mode:
                self.next_values = self.sort_values[kept - 1]
            else:
                self.kept = kept
        return items[:kept]

    def get_next_link(self):
        if not self.cursor_mode:
            kept = getattr(self, "kept", None)
            if kept is None and not self.has_next:
                return None
            url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
            return replace_query_param(
                url, self.offset_query_param, self.offset + (self.limit if kept is None else kept)
            )
        if self.next_values is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.offset_query_param)
        return replace_query_param(url, self.cursor_query_param, self._encode(self.keys, self.next_values))

    def get_previous_link(self):
        return super().get_previous_link() if not self.cursor_mode else None

    def get_limit(self, request):
        return self._read_bound(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return self._read_bound(request, self.offset_query_param, 0, 0, self.max_offset)

    @staticmethod
    def _read_bound(request, name, default, minimum, maximum):
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if len(request.query_params.getlist(name)) > 1:
            message = "Given more than once; this parameter takes one value."
            raise ValidationError({name: [ErrorDetail(message, code="repeated")]})
        if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
            raise ValidationError({name: [f"Must be a whole number from {minimum} to {maximum}; got {raw!r}."]})
        return int(raw)

    @staticmethod
    def _encode(keys, values):
        text = json.dumps({"k": _signature(keys), "v": values}, default=str, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def _decode(self, raw, keys):
        message = "Not a cursor of this list: take it from a `next` link."
        invalid = ValidationError({self.cursor_query_param: [ErrorDetail(message, code="invalid_cursor")]})
        try:
            data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
            if data["k"] != _signature(keys) or len(data["v"]) != len(keys):
                raise invalid
            values = zip(keys, data["v"], strict=True)
            return [None if value is None else key.field.to_python(value) for key, value in values]
        except (ValueError, KeyError, TypeError, binascii.Error, DjangoValidationError, FieldDoesNotExist):
            raise invalid from None

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
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: the opaque value of a `next` link. Pages read by cursor cost "
                "the same at any depth and never skip or repeat a row while the data changes.",
                "schema": {"type": "string"},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "Index of the first result to return (default 0). With `offset`, `next` and "
                "`previous` are offset links; without it, `next` is a cursor link.",
                "schema": {"type": "integer", "minimum": 0, "maximum": self.max_offset, "default": 0},
            },
        ]

    def get_paginated_response_schema(self, schema):
        """Every page carries all four keys; its example is a page holding just the one example result."""
        page = super().get_paginated_response_schema(schema)
        page["required"] = ["count", "next", "previous", "results"]
        for link in ("next", "previous"):
            page["properties"][link].pop("nullable", None)
            page["properties"][link]["type"] = ["string", "null"]
        page["properties"]["count"] = {
            "type": ["integer", "null"],
            "minimum": 0,
            "description": f"How many results the list has in all, when there are at most {settings.LIST_COUNT_LIMIT:,}"
            " (the server's LIST_COUNT_LIMIT); null when there are more. Counting stops there so that a page costs the "
            "same however long the list: follow `next` to read them all.",
            "example": 1,
        }
        page["properties"]["next"]["example"] = None
        page["properties"]["previous"]["example"] = None
        return page


class HistoryPagination(ListPagination):
    """An object's history is a short list read whole: pages by `offset` only."""

    def get_schema_operation_parameters(self, view):
        return [
            parameter
            for parameter in super().get_schema_operation_parameters(view)
            if parameter["name"] != self.cursor_query_param
        ]


def _signature(keys):
    return [f"{'-' if key.descending else ''}{key.path}" for key in keys]


def _after(keys, values):
    """Rows after the one with these key values: the first key after it, or equal and the second after, ..."""
    condition = Q(pk__in=[])
    for index, key in enumerate(keys):
        equal = Q()
        for earlier, value in zip(keys[:index], values[:index], strict=True):
            equal &= earlier.equal(value)
        condition |= equal & key.after(values[index])
    return condition
