"""How every service writes: inside one recorded change, validated by the model's own rules, and never resurrecting a
row that another request deleted.

The aggregate modules (`meetings`, `participations`, ...) call these three functions and add their own rules.
`data` maps model field names to values as the serializers or the importer parsed them: related objects (or their
ids under the field's attname), and lists for many-to-many fields.
"""

from django.db import models

from events.changes import recording

__all__ = ["ObjectGone", "PreconditionFailed", "create_object", "delete_object", "update_object"]


class ObjectGone(Exception):
    """The object was deleted by another change before this one could lock it."""


class PreconditionFailed(Exception):
    """The object changed since the version the client based its request on."""


def create_object(model, *, data, user, via):
    with recording(user=user, via=via):
        fields, links = _split(model, data)
        instance = model(**fields)
        instance.full_clean()
        instance.save(force_insert=True)
        _set_links(instance, links)
        return instance


def update_object(instance, *, data, user, via, precondition=None):
    """Apply `data` to the stored row of `instance`, locked for the rest of the change. `precondition(current)` may
    refuse the change from the current stored state (by raising PreconditionFailed)."""
    with recording(user=user, via=via):
        current = _lock(instance)
        if precondition is not None:
            precondition(current)
        fields, links = _split(type(current), data)
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        current.save(force_update=True)
        _set_links(current, links)
        return current


def delete_object(instance, *, user, via, precondition=None):
    with recording(user=user, via=via):
        current = _lock(instance)
        if precondition is not None:
            precondition(current)
        current.delete()


def _lock(instance):
    """The stored row, locked until the change commits; ObjectGone if it no longer exists. Reading it again inside
    the change is what keeps an update from writing a copy loaded before a concurrent delete committed."""
    current = type(instance)._base_manager.select_for_update(of=("self",)).filter(pk=instance.pk).order_by().first()
    if current is None:
        raise ObjectGone
    return current


def _split(model, data):
    """(plain field values, {many-to-many field: values})."""
    links = {name: data[name] for name in data if isinstance(_field(model, name), models.ManyToManyField)}
    return {name: value for name, value in data.items() if name not in links}, links


def _field(model, name):
    for field in model._meta.get_fields():
        if name in (field.name, getattr(field, "attname", None)):
            return field
    raise KeyError(f"{model.__name__} has no field {name!r}")


def _set_links(instance, links):
    for name, values in links.items():
        wanted = {getattr(value, "pk", value) for value in values}
        related = getattr(instance, name)
        if set(related.values_list("pk", flat=True)) != wanted:
            related.set(wanted)
