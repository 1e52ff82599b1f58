"""What each resource's representation shows of other objects, read from its serializer.

The serializers are the one definition of each shape; the change tracker (`events.changes`) learns from them which
objects to bump when a nested object changes, so that `updated_at`, ETags and the change feed cover every byte of a
representation without a hand-kept list that could drift from the shapes.
"""

from rest_framework import serializers

from events import changes
from events.api.fields import BriefRelatedField
from events.models.base import TrackedModel


def resources():
    """(collection name, viewset) of every resource the API serves (the collections of tracked objects)."""
    from events.api.urls import router

    return [
        (prefix, viewset) for prefix, viewset, _ in router.registry if issubclass(viewset.queryset.model, TrackedModel)
    ]


def nestings(serializer, container):
    """The Nestings of `container`'s representation as `serializer` renders it, at every depth."""
    return list(_walk(serializer, container, container, ""))


def _walk(serializer, container, model, prefix):
    for field in serializer.fields.values():
        if field.source == "*":
            # A shape of the object itself (a participation's `participant`): it declares the relations it reads.
            for source, shape in _reads(field).items():
                yield from _nested(shape(), source, container, model, prefix)
            continue
        shape = _nested_shape(field)
        if shape is not None:
            yield from _nested(shape, field.source, container, model, prefix)


def _nested(shape, source, container, model, prefix):
    path = f"{prefix}__{source}" if prefix else source
    relation = model._meta.get_field(source)
    nested_model = relation.related_model
    yield changes.Nesting(
        container=container,
        path=path,
        nested=nested_model,
        fields=frozenset(_model_fields(shape, nested_model)),
        # A reverse relation (a meeting's participations) is held by the nested object's foreign key.
        link=relation.field.name if relation.auto_created and not relation.concrete else None,
    )
    yield from _walk(shape, container, nested_model, path)


def _nested_shape(field):
    """The serializer that renders a nested object or list, or None for a plain value."""
    if isinstance(field, serializers.ListSerializer):
        return field.child
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    if isinstance(field, BriefRelatedField):
        return field.brief_serializer()
    if isinstance(field, serializers.BaseSerializer):
        return field
    return None


def _model_fields(shape, model):
    """The fields of `model` that `shape` shows, including those a shape of the object itself reads."""
    names = {field.name for field in model._meta.get_fields()}
    shown = set()
    for field in shape.fields.values():
        if field.source == "*":
            shown.update(_reads(field))
        else:
            shown.add(field.source.split(".")[0])
    return shown & names


def _reads(field):
    """What a shape of the object itself (source `*`) declares it reads: {relation: brief serializer}."""
    return getattr(getattr(field, "Meta", None), "reads", {})


def configure_change_tracking():
    tracked, deletion_keys = set(), {}
    for name, viewset in resources():
        model = viewset.queryset.model
        deletion_keys[model] = (name, viewset.lookup_field)
        tracked.update(nestings(viewset.serializer_class(), model))
    changes.configure(nestings=tracked, resources=deletion_keys)
