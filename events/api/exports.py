"""Every list as CSV and NDJSON, streamed from the database.

An export holds every row the filters match (no page limit): the rows are read with a server-side cursor on
PostgreSQL (`QuerySet.iterator`), their shapes built a chunk at a time from plain rows (`events.api.rows`), and
written to the client as they come, so the server's memory stays flat whatever the size. The server is WSGI, where a
synchronous generator streams.

NDJSON lines are the list's JSON items. CSV columns are derived from the same serializer, in one place
(`csv_columns`): a nested object becomes one column per field (`meeting_slug`, `meeting_start_date`), a list one
column of its items' keys joined with `;`, and some rows carry context their JSON only links to (a participation's
meeting city, host country, format and level).
"""

import csv
import itertools
from dataclasses import dataclass

from django.db.models import F
from django.http import StreamingHttpResponse
from rest_framework import renderers, serializers

from events.api import rows
from events.api.fields import BriefRelatedField
from events.api.pagination import sort_keys
from events.api.renderers import dumps
from events.models import Participation

# Rows read from the database and built at a time.
CHUNK_SIZE = 500

# How a list in a CSV cell is joined; the keys it joins (codes, slugs, IDs, choices) never contain it.
LIST_SEPARATOR = ";"

# The fields an object in a list is known by, in order of preference: `FR;nato` for participants.
ITEM_KEYS = ("key", "code", "slug", "participant", "organization", "nation", "meeting", "id")

# What a spreadsheet would run as a formula (OWASP: CSV injection); such a cell gets a leading `'`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Columns a row carries besides its JSON shape, after the nested object they describe: {model: {field: [(column
# suffix, lookup)]}}. A participation row is then enough to analyse without joining the meetings.
CONTEXT_COLUMNS = {
    Participation: {
        "meeting": [
            ("end_date", "meeting__end_date"),
            ("city", "meeting__city"),
            ("host_country", "meeting__host_country__code"),
            ("format", "meeting__format"),
            ("level", "meeting__level"),
        ]
    }
}


@dataclass(frozen=True)
class Column:
    name: str
    path: tuple  # keys into the JSON item; for a context column, ("@", annotation name)
    joined: bool = False  # a list: its items' keys joined with LIST_SEPARATOR


def csv_columns(serializer_class):
    """The CSV columns of a list whose items `serializer_class` renders, in their order."""
    model = serializer_class.Meta.model
    return list(_columns(serializer_class(), (), CONTEXT_COLUMNS.get(model, {})))


def _columns(serializer, path, context):
    for name, field in serializer.fields.items():
        nested = _nested_single(field)
        if nested is not None:
            yield from _columns(nested, (*path, name), {})
            for suffix, _ in context.get(name, []):
                column = "_".join((*path, name, suffix))
                yield Column(column, ("@", f"export_{column}"))
        elif isinstance(field, (serializers.ListSerializer, serializers.ManyRelatedField, serializers.ListField)):
            yield Column("_".join((*path, name)), (*path, name), joined=True)
        else:
            yield Column("_".join((*path, name)), (*path, name))


def _nested_single(field):
    """The serializer of a nested object (not a list), or None."""
    if isinstance(field, BriefRelatedField):
        return field.brief_serializer()
    if isinstance(field, serializers.BaseSerializer) and not isinstance(field, serializers.ListSerializer):
        return field
    return None


def context_annotations(model):
    """The annotations that hold the context columns of `model`'s rows."""
    return {
        f"export_{name}_{suffix}": F(lookup)
        for name, columns in CONTEXT_COLUMNS.get(model, {}).items()
        for suffix, lookup in columns
    }


def _cell(column, context, item):
    if column.path[0] == "@":
        value = context[column.path[1]]
    else:
        value = item
        for key in column.path:
            value = None if value is None else value[key]
    if column.joined:
        value = LIST_SEPARATOR.join(str(_item_key(element)) for element in value or [])
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _item_key(element):
    while isinstance(element, dict):
        element = next((element[key] for key in ITEM_KEYS if element.get(key) is not None), None)
    return element


class _Line:
    """A file-like object for csv.writer that hands back what was written."""

    def write(self, text):
        return text


def items(view, queryset):
    """(context columns, JSON item) of every row of the filtered list, in the list's order, a chunk at a time."""
    annotations = context_annotations(queryset.model)
    queryset = rows.keys_only(queryset).annotate(**annotations)
    queryset = queryset.order_by(*[key.order_by() for key in sort_keys(queryset)])
    plan = rows.plan_for(view)
    found = queryset.values_list("pk", *annotations).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(found, CHUNK_SIZE)):
        built = plan.items_by_key([row[0] for row in chunk])
        for key, *context in chunk:
            if key in built:  # not deleted since the chunk was read
                yield dict(zip(annotations, context, strict=True)), built[key]


class ExportRenderer(renderers.BaseRenderer):
    """A list's rows in a file format; the list streams them (`response`) instead of rendering a page."""

    charset = "utf-8"
    extension = None

    @classmethod
    def serves(cls, view):
        return getattr(view, "action", None) == "list" and getattr(view, "streams_exports", False)

    def response(self, view, queryset):
        name = view.request.path.rstrip("/").rsplit("/", 1)[-1]
        response = StreamingHttpResponse(
            self.lines(view, queryset), content_type=f"{self.media_type}; charset={self.charset}"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.extension}"'
        return response

    def lines(self, view, queryset):
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("Exports are streamed by the list (ExportRenderer.response), never rendered.")


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"
    extension = "csv"

    def lines(self, view, queryset):
        columns = csv_columns(view.get_serializer_class())
        writer = csv.writer(_Line(), lineterminator="\r\n")
        yield writer.writerow([column.name for column in columns])
        for context, item in items(view, queryset):
            yield writer.writerow([_cell(column, context, item) for column in columns])

    @classmethod
    def openapi_content(cls, view):
        columns = ", ".join(f"`{column.name}`" for column in csv_columns(view.get_serializer_class()))
        return {
            "schema": {
                "type": "string",
                "description": "Every matching row (no pages), one per line after a header row, with the columns: "
                f"{columns}. A nested object is one column per field (`meeting_slug`); a list is its items' keys "
                f"joined with `{LIST_SEPARATOR}`; empty is null; a cell that a spreadsheet would run as a formula "
                "(starting with `=`, `+`, `-` or `@`) starts with `'`.",
            }
        }


class NDJSONRenderer(ExportRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"
    extension = "ndjson"

    def lines(self, view, queryset):
        for _, item in items(view, queryset):
            yield dumps(item) + b"\n"

    @classmethod
    def openapi_content(cls, view):
        return {
            "schema": {
                "type": "string",
                "description": "Every matching row (no pages), one JSON object per line, each shaped as the items "
                "of the JSON list's `results`.",
            }
        }
