"""Reads built from plain rows: a serializer's read shape, compiled once into `values_list()` queries.

DRF reads a page by loading model instances with their prefetches, then calling every field's `get_attribute` and
`to_representation` on every object: for a page of 100 meetings that is thousands of instances, most of the time
of the request. A `RowPlan` walks the serializer's fields once and reads the same shape with `values_list()`: one query
for the objects, with the brief related objects they show joined in, and one per nested list, whatever the page
size. The serializer stays the one definition of each shape (the schema and the writes use it); the plan follows
its fields, their order, their `source`, and the orderings of the viewset's prefetches, and
tests/api/test_rows.py checks that both give the same output on real data.

A field whose value is not a column (a model property) is computed from the item as built, by a function in its
serializer's `computed_fields`; a nested serializer with `source="*"` gives its columns in `value_columns` and
builds its value from them with `from_values`.
"""

import json
import threading
from collections import defaultdict
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from events.api.fields import BriefRelatedField

# Fields whose `to_representation` returns a value read from the database unchanged (or None for None).
UNCHANGED = (serializers.CharField, serializers.ChoiceField, serializers.IntegerField, serializers.BooleanField)


class RowPlan:
    """How to read one level of a shape: the columns of its objects and how each field is built from them, and the
    nested lists, each a RowPlan of its own linked back by a column."""

    def __init__(self, serializer, model, lookups=()):
        self.model = model
        self.columns = {"pk": 0}  # values_list() name: its index in a row
        self.fields = []  # (name, function of the row), in the serializer's order
        self.lists = []  # (name, RowPlan, path from the nested model back to this one, ordering within one object)
        self.computed = []  # (name, function of the built item)
        self.timestamps = []  # (name, column, field) of the ISO 8601 timestamps, built a column at a time
        self._column_of = {}  # the builders that only pick a column: their column's index
        self._compile(serializer, model, "", lookups)

    def items(self, keys):
        """The shape of the objects with these primary keys, in that order (keys with no object are left out)."""
        keys = list(keys)
        built = self.items_by_key(keys)
        return [built[key] for key in keys if key in built]

    def items_by_key(self, keys):
        """{key: item} of the objects with these primary keys that exist."""
        if not keys:
            return {}
        rows = compiled_rows(
            (self, "pk"),
            lambda in_keys: self.model._base_manager.filter(pk__in=in_keys).values_list(*self.columns),
            self.model,
            keys,
        )
        return dict(zip(*self._build(rows, "pk", self.model, keys), strict=True))

    def _items_by(self, back, path, top_model, keys, ordering):
        """{key of the object above: [its items]}, in `ordering` within each. The rows are found by the keys of the
        top level (`path` leads to them), not by those of the level above: a page's hundred keys rather than the
        thousands of its participations."""
        rows = compiled_rows(
            (self, path),
            lambda in_keys: (
                self.model._base_manager.filter(**{f"{path}__in": in_keys})
                .order_by(*ordering)
                .values_list(*self.columns, f"{back}__pk")
            ),
            top_model,
            keys,
        )
        groups = defaultdict(list)
        for row, item in zip(rows, self._build(rows, path, top_model, keys)[1], strict=True):
            groups[row[-1]].append(item)
        return groups

    def _build(self, rows, path, top_model, top_keys):
        """(the rows' primary keys, their items); `path` leads from a row to the key of the top level's object."""
        keys = [row[0] for row in rows]
        items = [{name: build(row) for name, build in self.fields} for row in rows]
        for name, plan, back, ordering in self.lists:
            groups = plan._items_by(back, f"{back}__{path}", top_model, top_keys, ordering) if keys else {}
            for key, item in zip(keys, items, strict=True):
                item[name] = groups.get(key, [])
        if self.timestamps:
            zone = timezone.get_current_timezone()  # once, not per value as DateTimeField asks for it
            for name, column, field in self.timestamps:
                for row, item in zip(rows, items, strict=True):
                    item[name] = _iso_timestamp(row[column], zone, field)
        for name, compute in self.computed:
            for item in items:
                item[name] = compute(item)
        return keys, items

    def _compile(self, serializer, model, prefix, lookups):
        computed = getattr(serializer, "computed_fields", {})
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            if name in computed:
                self.fields.append((name, _none))
                self.computed.append((name, computed[name]))
                continue
            listed = _listed_serializer(field)
            if listed is not None:
                if prefix:
                    raise ImproperlyConfigured(f"{name}: a nested list inside a nested object is not supported.")
                self.fields.append((name, _none))
                self.lists.append(self._list(name, field.source, listed, model, lookups))
                continue
            if not prefix and _plain_timestamp(field):
                self.fields.append((name, _none))
                self.timestamps.append((name, self._column_index(field, model, prefix), field))
                continue
            self.fields.append((name, self._value(field, model, prefix)))

    def _value(self, field, model, prefix):
        """How a field that holds one value (a column, or a related object shown whole) is built from a row."""
        if field.source == "*":
            return self._from_values(field, prefix)
        nested = _nested_serializer(field)
        if nested is not None:
            return self._nested(nested, model, prefix, field.source)
        return self._column(field, model, prefix)

    def _column(self, field, model, prefix):
        column = self._column_index(field, model, prefix)
        if isinstance(field, UNCHANGED):
            build = itemgetter(column)
            self._column_of[build] = column
            return build
        represent = field.to_representation
        return lambda row: None if row[column] is None else represent(row[column])

    def _column_index(self, field, model, prefix):
        try:
            model_field = model._meta.get_field(field.source)
        except FieldDoesNotExist:
            model_field = None
        if model_field is None or model_field.is_relation:
            raise ImproperlyConfigured(
                f"{type(field.parent).__name__}.{field.field_name}: `{field.source}` is not a column of "
                f"{model.__name__}; compute it in the serializer's `computed_fields`."
            )
        return self._add(f"{prefix}{field.source}")

    def _nested(self, serializer, model, prefix, source):
        """A related object shown whole (a brief shape), joined into this level's query; None without one."""
        relation = model._meta.get_field(source)
        # By its column name: a values() name equal to a relation would replace that relation's ordering (by the
        # related model's) with the key's, where a nested list is sorted by it.
        link = self._add(f"{prefix}{relation.attname}")
        related, inner = relation.related_model, f"{prefix}{source}__"
        builders = [(name, self._value(field, related, inner)) for name, field in serializer.fields.items()]
        if len(builders) > 1 and all(build in self._column_of for _, build in builders):
            # Columns only, as most brief shapes: one C call picks them all.
            names, picked = [name for name, _ in builders], itemgetter(*[self._column_of[b] for _, b in builders])
            return lambda row: None if row[link] is None else dict(zip(names, picked(row), strict=True))
        return lambda row: None if row[link] is None else {name: build(row) for name, build in builders}

    def _from_values(self, field, prefix):
        if not hasattr(field, "from_values"):
            raise ImproperlyConfigured(f"{field.field_name}: a `source='*'` field needs `value_columns`/`from_values`.")
        columns = [self._add(f"{prefix}{column}") for column in field.value_columns]
        from_values = field.from_values
        return lambda row: from_values(*[row[column] for column in columns])

    def _list(self, name, source, serializer, model, lookups):
        relation = model._meta.get_field(source)
        if isinstance(relation, models.ManyToManyField):
            back = relation.related_query_name()
        else:
            back = relation.field.name
        queryset, nested_lookups = _prefetched(lookups, source)
        ordering = (queryset.query.order_by if queryset is not None else ()) or relation.related_model._meta.ordering
        plan = RowPlan(serializer, relation.related_model, nested_lookups)
        return name, plan, back, list(ordering)

    def _add(self, column):
        """The index of `column` in a row."""
        return self.columns.setdefault(column, len(self.columns))


def _none(row):
    return None


def _plain_timestamp(field):
    """A DateTimeField shown in ISO 8601 in the current time zone, as the API's timestamps are."""
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    return (
        isinstance(field, serializers.DateTimeField)
        and settings.USE_TZ
        and not hasattr(field, "timezone")
        and isinstance(output_format, str)
        and output_format.lower() == ISO_8601
    )


def _iso_timestamp(value, zone, field):
    """What `field.to_representation(value)` gives, with the current time zone looked up once per level."""
    if not value or value.utcoffset() is None:
        return field.to_representation(value)
    text = value.astimezone(zone).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


def _listed_serializer(field):
    """The serializer of each item of a nested list, or None when the field is not one."""
    if isinstance(field, serializers.ListSerializer):
        return field.child
    if isinstance(field, serializers.ManyRelatedField) and isinstance(field.child_relation, BriefRelatedField):
        return field.child_relation.brief_serializer()
    return None


def _nested_serializer(field):
    """The serializer of a nested related object (a brief shape), or None when the field is not one."""
    if isinstance(field, BriefRelatedField):
        return field.brief_serializer()
    if isinstance(field, serializers.BaseSerializer) and field.source != "*":
        return field
    return None


def _prefetched(lookups, relation):
    """The queryset a viewset's prefetch of `relation` uses (None for a plain lookup), and the lookups below it."""
    queryset, below = None, []
    for lookup in lookups:
        path = lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
        if path == relation and isinstance(lookup, Prefetch):
            queryset = lookup.queryset
        elif path.startswith(f"{relation}__"):
            rest = path[len(relation) + 2 :]
            below.append(Prefetch(rest, queryset=lookup.queryset) if isinstance(lookup, Prefetch) else rest)
    if queryset is not None:
        below.extend(queryset._prefetch_related_lookups)
    return queryset, below


def key_set(model, keys):
    """`keys` (primary keys of `model`) for an `__in` lookup as one query parameter: Django's IN list costs a
    parameter, and Python work, per key, and its SQL changes with their number."""
    if connection.vendor == "postgresql":
        return RawSQL(f"SELECT unnest(%s::{model._meta.pk.rel_db_type(connection)}[])", (key_parameter(keys),))
    return RawSQL("SELECT value FROM json_each(%s)", (key_parameter(keys),))


def key_parameter(keys):
    """The one parameter of a `key_set`."""
    return list(keys) if connection.vendor == "postgresql" else json.dumps(list(keys))


class CompiledQuery:
    """A values_list() query whose one parameter is a `key_set`, compiled to SQL once: building and compiling a
    query costs about a millisecond of Python, as much as running it. Rows come back as the queryset would give
    them, with the database's values converted to Python's by the fields' own converters. It uses the SQL compiler's
    `as_sql`, `get_converters` and `apply_converters`, as QuerySet iteration does (Django is pinned; test_rows.py
    runs through it on both databases)."""

    def __init__(self, queryset):
        self.compiler = queryset.query.get_compiler(queryset.db)
        self.sql, parameters = self.compiler.as_sql()
        if len(parameters) != 1:
            raise ImproperlyConfigured(f"A compiled query takes one parameter, its keys; this one takes {parameters}.")
        columns = [selected[0] for selected in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(columns)

    def rows(self, key_parameter):
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, [key_parameter])
            rows = cursor.fetchall()
        return list(self.compiler.apply_converters(rows, self.converters)) if self.converters else rows


_compiled = threading.local()  # each thread's own: a compiler holds its thread's database connection


def compiled(name, make_queryset):
    """The CompiledQuery of the queryset `make_queryset()` makes, compiled once per thread and `name`."""
    queries = _compiled.__dict__.setdefault("queries", {})
    query = queries.get(name)
    if query is None or query.compiler.connection is not connections[DEFAULT_DB_ALIAS]:
        query = queries[name] = CompiledQuery(make_queryset())
    return query


def compiled_rows(name, queryset_of, model, keys):
    """The rows of `queryset_of(key_set)` for these keys of `model`, from SQL compiled once per thread and `name`."""
    return compiled(name, lambda: queryset_of(key_set(model, []))).rows(key_parameter(keys))


def version(model, field_name, value):
    """The object whose `field_name` is `value` with only its key and `updated_at` (what its ETag is made of), or
    None; read as a page's shapes are, by SQL compiled once. An object's address is read this way first, so that a
    conditional request answered 304 costs this one small query."""
    field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
    try:
        value = field.to_python(value)
        field.run_validators(value)  # a number is within the column's range, as the ORM's lookups check
        value = field.get_prep_value(value)
    except (TypeError, ValueError, ValidationError):
        return None  # not a value the field could hold (`sources/12x`, `sources/99999999999999999999`)
    query = compiled(
        (model, field_name, "version"),
        lambda: model._base_manager.filter(**{field_name: value}).values_list("pk", "updated_at"),
    )
    found = query.rows(value)
    return model.from_db(DEFAULT_DB_ALIAS, [model._meta.pk.attname, "updated_at"], found[0]) if found else None


def keys_only(queryset):
    """A list's rows with only their keys, for a page or an export to pick them and a plan to read their shape."""
    return queryset.prefetch_related(None).select_related(None).only("pk")


_plans = {}


def plan_for(view):
    """The plan of a viewset's read shape, compiled on first use."""
    key = (type(view), view.get_serializer_class())
    if key not in _plans:
        queryset = view.get_queryset()
        _plans[key] = RowPlan(key[1](), queryset.model, queryset._prefetch_related_lookups)
    return _plans[key]
