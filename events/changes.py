"""Changes: who makes them, when they commit, and which representations they touch.

Every write of the API, the admin and the importer runs inside `recording()`: one transaction that first advances
the change clock (a single row, locked until commit), so that writes are serialized and every row a change writes
gets one change time, strictly greater than any committed before it. A client that has seen everything up to
`updated_at` T has therefore seen every change committed so far with a time <= T, which is what makes
`updated_since` a complete change feed and `updated_at` a version for ETags.

A representation nests other objects (a meeting shows its participations, each with its nation's name). When a
nested object changes, every object whose representation shows it is *bumped*: its `updated_at` moves to the change
time. What nests what is read from the API's serializers at start-up (`events.api.representations`), so a new nested
field is tracked without anyone listing it here. Bumps follow saves, deletes (including cascades and SET_NULL, whose
rows are found before the delete) and many-to-many changes. A bulk `QuerySet.update()` bypasses them: the app makes
none on tracked models.
"""

import contextlib
import contextvars
import dataclasses
import datetime

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import signals
from django.utils import timezone

__all__ = ["Nesting", "change_time", "configure", "current_change", "recording"]

CLOCK_STEP = datetime.timedelta(microseconds=1)


@dataclasses.dataclass(frozen=True)
class Change:
    time: datetime.datetime
    user: object = None
    via: str = ""


_current = contextvars.ContextVar("eventapi_change", default=None)


@contextlib.contextmanager
def recording(*, user=None, via, batch=False):
    """One change: a transaction holding the change clock, attributed to `user` through `via` (api, admin, import,
    sync). Nested calls join the change already open.

    Waiting for the clock is bounded by the lock timeout, which keeps requests responsive when a write holds it. A
    `batch` change (an import) waits instead for as long as a statement may run: on PostgreSQL, two imports of a
    large file in parallel then run one after the other rather than the second failing."""
    if _current.get() is not None:
        yield _current.get()
        return
    with transaction.atomic():
        if batch and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('lock_timeout', %s, true)", [str(settings.DATABASE_STATEMENT_TIMEOUT)]
                )
        change = Change(time=_advance_clock(), user=user if getattr(user, "is_authenticated", False) else None, via=via)
        token = _current.set(change)
        try:
            yield change
        finally:
            _current.reset(token)


def current_change():
    return _current.get()


def change_time():
    """The time of the change being recorded; outside one (test factories, data migrations) the process clock."""
    change = _current.get()
    return change.time if change is not None else timezone.now()


def _advance_clock():
    clock_model = apps.get_model("events", "ChangeClock")
    clock, _ = clock_model.objects.select_for_update().get_or_create(pk=1, defaults={"last": timezone.now()})
    clock.last = max(timezone.now(), clock.last + CLOCK_STEP)
    clock.save(update_fields=["last"])
    return clock.last


def last_change_time():
    """The time of the last committed change: everything up to it is visible to a read that starts now."""
    clock_model = apps.get_model("events", "ChangeClock")
    return clock_model.objects.filter(pk=1).values_list("last", flat=True).first()


# What nests what.


@dataclasses.dataclass(frozen=True)
class Nesting:
    """`container`'s representation shows `fields` of the `nested` objects it reaches through `path` (a lookup from
    the container, e.g. `participations__nation`). `link` is the field of `nested` that ties it to the container on
    the path's last step (e.g. a participation's `meeting`), when the nested object holds it."""

    container: type
    path: str
    nested: type
    fields: frozenset
    link: str | None = None


@dataclasses.dataclass
class _Registry:
    nestings: dict = dataclasses.field(default_factory=dict)  # nested model -> [Nesting]
    deletion_keys: dict = dataclasses.field(default_factory=dict)  # model -> (resource name, key field)


_registry = _Registry()


def configure(*, nestings, resources):
    """Install the nestings and the resources whose deletions the feed lists ({model: (resource, key field)})."""
    _registry.nestings = {}
    for nesting in nestings:
        _registry.nestings.setdefault(nesting.nested, []).append(nesting)
    _registry.deletion_keys = dict(resources)
    models = {*(n.nested for n in nestings), *(n.container for n in nestings), *_registry.deletion_keys}
    for model in models:
        signals.pre_save.connect(_before_save, sender=model, dispatch_uid=f"changes-pre-save-{model._meta.label}")
        signals.post_save.connect(_after_save, sender=model, dispatch_uid=f"changes-post-save-{model._meta.label}")
        signals.pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"changes-pre-del-{model._meta.label}")
        signals.post_delete.connect(_after_delete, sender=model, dispatch_uid=f"changes-post-del-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            signals.m2m_changed.connect(
                _many_to_many_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"changes-m2m-{model._meta.label}-{field.name}",
            )


def _relevant(nesting, changed):
    return changed is None or bool(changed & nesting.fields) or (nesting.link is not None and nesting.link in changed)


def _containers(instance, changed):
    """{container model: {pk, ...}} of the representations showing `instance` that a change of `changed` touches."""
    found = {}
    for nesting in _registry.nestings.get(type(instance), ()):
        if _relevant(nesting, changed):
            pks = nesting.container._base_manager.filter(**{nesting.path: instance.pk}).values_list("pk", flat=True)
            found.setdefault(nesting.container, set()).update(pks)
    return found


# The most keys one UPDATE names: PostgreSQL binds each as a parameter, and a statement takes at most 65,535 (renaming
# a nation touches every participation showing it, tens of thousands at a million participations).
BUMP_BATCH = 10_000


def bump(found):
    """Move `updated_at` of these objects ({model: pks}) to the change time."""
    now = change_time()
    for model, pks in found.items():
        pks = sorted(pks)
        for start in range(0, len(pks), BUMP_BATCH):
            model._base_manager.filter(pk__in=pks[start : start + BUMP_BATCH]).update(updated_at=now)


def _merge(*found):
    merged = {}
    for item in found:
        for model, pks in item.items():
            merged.setdefault(model, set()).update(pks)
    return merged


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        return
    changed = instance.changed_fields() if hasattr(instance, "changed_fields") else None
    instance._containers_before = _containers(instance, changed) if changed != set() else {}


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    changed = None if created else instance.changed_fields() if hasattr(instance, "changed_fields") else None
    if changed == set():
        return
    bump(_merge(getattr(instance, "_containers_before", {}), _containers(instance, changed)))
    instance._containers_before = {}


def _before_delete(sender, instance, **kwargs):
    bump(_containers(instance, None))


def _after_delete(sender, instance, **kwargs):
    resource = _registry.deletion_keys.get(sender)
    if resource is None:
        return
    name, key_field = resource
    apps.get_model("events", "Deletion").objects.create(
        resource=name, key=str(getattr(instance, key_field)), deleted_at=change_time()
    )


def _many_to_many_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A link added or removed changes the representation of the side that declares the field (a meeting's
    `sources`), and of whatever shows that field."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    owner_model = model if reverse else type(instance)
    field = next(f for f in owner_model._meta.many_to_many if f.remote_field.through is sender)
    if not reverse:
        owners = [instance]
    elif action == "pre_clear":
        owners = list(owner_model._base_manager.filter(**{field.name: instance.pk}))
    else:
        owners = list(owner_model._base_manager.filter(pk__in=pk_set))
    bump(_merge({owner_model: {owner.pk for owner in owners}}, *(_containers(owner, {field.name}) for owner in owners)))
