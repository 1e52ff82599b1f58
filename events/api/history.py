"""The history of an object as the API shows it: one entry per change (who, when, how, which fields went from what to
what), from the records django-simple-history keeps."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.api.representations import resources
from events.models import ChangeType

TYPES = {"+": ChangeType.CREATED, "~": ChangeType.UPDATED, "-": ChangeType.DELETED}
HIDDEN = {"id"}


@extend_schema_field({"description": "A value: text, number, boolean, null, or a list of keys."})
class AnyValueField(serializers.JSONField):
    pass


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Name of the field, as in the resource.")
    old = AnyValueField(help_text="Value before the change (null when created); related objects by their key.")
    new = AnyValueField(help_text="Value after the change; related objects by their key.")

    class Meta:
        ref_name = "FieldChange"


class HistoryEntrySerializer(serializers.Serializer):
    """One change of the object."""

    date = serializers.DateTimeField(help_text="Time of the change (the `updated_at` it gave the object).")
    type = serializers.ChoiceField(choices=ChangeType.choices, help_text="What the change did to the object.")
    user = serializers.CharField(allow_null=True, help_text="Username of who made it; null for the importer's CLI.")
    via = serializers.CharField(help_text="Where it was made: api, admin, import or sync.")
    changes = FieldChangeSerializer(many=True, help_text="Fields whose value changed.")

    class Meta:
        ref_name = "HistoryEntry"


def object_history(model, lookup_field, value):
    """The entries of the object with this key, oldest first; for a deleted object, of the last one with the key.
    None when no object ever had the key."""
    records = model.history.select_related("history_user")
    latest = records.filter(**{"id" if lookup_field == "pk" else lookup_field: value}).order_by("-history_date").first()
    if latest is None:
        return None
    return _entries(list(records.filter(id=latest.id).order_by("history_date", "history_id")))


def _entries(records):
    entries, previous = [], {}
    snapshots = [_values(record) for record in records]
    for record, values in zip(records, snapshots, strict=True):
        if record.history_type == "+":
            changes = {name: (None, new) for name, new in values.items() if new not in (None, "", [])}
        elif record.history_type == "~":
            changes = {name: (previous.get(name), new) for name, new in values.items() if previous.get(name) != new}
        else:
            changes = {}
        if entries and entries[-1]["date"] == record.history_date:
            _merge(entries[-1], record, changes)
        else:
            entries.append(
                {
                    "date": record.history_date,
                    "type": TYPES[record.history_type],
                    "user": record.history_user.get_username() if record.history_user else None,
                    "via": record.history_change_reason or "",
                    "changes": changes,
                }
            )
        previous = values
    keys = _related_keys(records, snapshots)
    for entry in entries:
        entry["changes"] = [
            {"field": name, "old": _shown(old, name, keys), "new": _shown(new, name, keys)}
            for name, (old, new) in entry["changes"].items()
        ]
    return entries


def _merge(entry, record, changes):
    """Several records of one change (a create, then its links) make one entry."""
    if record.history_type == "-":
        entry["type"] = ChangeType.DELETED
    for name, (old, new) in changes.items():
        first = None if entry["type"] == ChangeType.CREATED else entry["changes"].get(name, (old, new))[0]
        entry["changes"][name] = (first, new)


def _values(record):
    values = {field.name: getattr(record, field.attname) for field in record.tracked_fields if field.name not in HIDDEN}
    for field in record._history_m2m_fields:
        target = field.m2m_reverse_field_name()
        values[field.name] = sorted(getattr(record, field.name).values_list(f"{target}_id", flat=True))
    return values


def _related_keys(records, snapshots):
    """{(field name, id): key} for the related objects the records refer to, one query per related model."""
    if not records:
        return {}
    key_fields = {viewset.queryset.model: viewset.lookup_field for _, viewset in resources()}
    fields = {field.name: field for field in records[0].instance_type._meta.get_fields()}
    wanted = {}
    for values in snapshots:
        for name, value in values.items():
            field = fields.get(name)
            if field is not None and field.is_relation and value is not None:
                wanted.setdefault(name, set()).update(value if isinstance(value, list) else [value])
    keys = {}
    for name, ids in wanted.items():
        related = fields[name].related_model
        key_field = key_fields.get(related, "pk")
        for pk, key in related._base_manager.filter(pk__in=ids).values_list("pk", key_field):
            keys[(name, pk)] = key
    return keys


def _shown(value, name, keys):
    if isinstance(value, list):
        return [keys.get((name, item), item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):  # as the resource shows it: a string, exact to the cent
        return str(value)
    return keys.get((name, value), value) if isinstance(value, int) and not isinstance(value, bool) else value
