"""What every model of the app shares: change timestamps from the change clock, and bounded, NUL-free text."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from events import changes
from events.models.choices import Basis

__all__ = [
    "Attested",
    "ChoiceListField",
    "TrackedModel",
    "bounded_text",
    "digest",
    "record_history",
    "room_for_one_more",
]


class ChangeTimeField(models.DateTimeField):
    """A timestamp set on save from the current change (see `events.changes`), not from the process clock.

    Within a change every row written gets the same time, and change times increase in commit order, which is what
    lets a mirror follow `updated_since` without missing a late commit. `on_create_only` makes it `created_at`.
    """

    def __init__(self, *args, on_create_only=False, **kwargs):
        self.on_create_only = on_create_only
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.on_create_only:
            kwargs["on_create_only"] = True
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        if add or not self.on_create_only:
            setattr(model_instance, self.attname, changes.change_time())
        return getattr(model_instance, self.attname)


class TrackedModel(models.Model):
    """A model whose rows carry when they were created and last changed, and which knows which of its fields a save
    changes (so that a change bumps only the representations that show those fields)."""

    created_at = ChangeTimeField(on_create_only=True, help_text="When the record was created.")
    updated_at = ChangeTimeField(
        db_index=True,
        help_text="When the record's representation last changed, including changes to what it nests.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._loaded_values = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def changed_fields(self):
        """Names of the concrete fields whose value differs from what was loaded; None when nothing was loaded."""
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None:
            return None
        return {
            field.name
            for field in self._meta.concrete_fields
            if field.attname in loaded and loaded[field.attname] != getattr(self, field.attname)
        }


class Attested(models.Model):
    """A fact that rests on sources: how it does (`basis`), and a note where the sources disagree or it is inferred."""

    basis = models.CharField(
        max_length=20,
        choices=Basis.choices,
        default=Basis.STATED,
        help_text="How the sources support this fact: stated, inferred from them, or disputed.",
    )
    basis_note = models.TextField(
        max_length=1000,
        blank=True,
        help_text="What the sources say where the fact is inferred or disputed (who says what).",
    )

    class Meta:
        abstract = True


class ChoiceListField(models.CharField):
    """Several values of a fixed vocabulary (a contribution's categories), stored as `a,b` in one column: portable to
    SQLite and PostgreSQL alike, and filterable by any value (see `ContributionQuerySet.in_categories`)."""

    def __init__(self, *args, max_items=10, **kwargs):
        self.max_items = max_items
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_items"] = self.max_items
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [item for item in (value or "").split(",") if item]

    def get_prep_value(self, value):
        return ",".join(self.to_python(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        allowed = {str(choice) for choice, _ in self.choices}
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(f"{unknown[0]!r} is not one of the choices.", code="invalid_choice")
        if len(set(value)) != len(value):
            raise ValidationError("A value is given twice.", code="repeated")
        if len(value) > self.max_items:
            raise ValidationError(f"At most {self.max_items} values.", code="max_items")

    def formfield(self, **kwargs):
        from django import forms

        return forms.TypedMultipleChoiceField(choices=self.choices, required=not self.blank, **kwargs)


def bounded_text(model):
    """Class decorator: every text field refuses NUL characters and has its `max_length` enforced by the database too.

    PostgreSQL enforces a varchar's length but SQLite does not, and a TextField has no length in either: a check
    constraint per field holds the bound on both. The validators give the same rule a field error before the
    database is reached.
    """
    for field in model._meta.local_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        if field.max_length is None:
            raise TypeError(f"{model.__name__}.{field.name} needs a max_length.")
        extra = [ProhibitNullCharactersValidator()]
        if isinstance(field, models.TextField):
            extra.append(MaxLengthValidator(field.max_length))
        field._validators = [*field._validators, *extra]
        model._meta.constraints.append(
            MaxLengthConstraint(
                condition=LessThanOrEqual(Length(field.name), field.max_length),
                name=f"{model._meta.model_name}_{field.name}_max_length",
            )
        )
    return model


class MaxLengthConstraint(models.CheckConstraint):
    """A text field's length, checked by the database. Model validation leaves it to the field's own validator, which
    states the same rule on the field without a query per field."""

    def validate(self, *args, **kwargs):
        return None


def record_history(**kwargs):
    """Records of every create, update and delete of a model (django-simple-history), attributed to the user of the
    change being recorded. The timestamps are left out: bumps are not edits, each record has its own date, and the
    first record's date is the creation's."""
    return HistoricalRecords(excluded_fields=["created_at", "updated_at"], get_user=_history_user, **kwargs)


def _history_user(instance, request=None, **kwargs):
    change = changes.current_change()
    return change.user if change is not None else None


@receiver(pre_create_historical_record)
def _date_history_by_change(sender, history_instance, **kwargs):
    """A history record is dated by its change (all records of one change share a date) and says how it was made."""
    change = changes.current_change()
    if change is not None:
        history_instance.history_date = change.time
        history_instance.history_change_reason = change.via


def room_for_one_more(instance, parent_field, limit):
    """A ValidationError (on `parent_field`) when the parent already has `limit` rows like `instance`: the bound
    that keeps every representation nesting them, and so every response, of bounded size."""
    parent_id = getattr(instance, f"{parent_field}_id")
    if parent_id is None:
        return
    siblings = type(instance)._base_manager.filter(**{f"{parent_field}_id": parent_id}).exclude(pk=instance.pk)
    if siblings.count() >= limit:
        parent = instance._meta.get_field(parent_field).related_model._meta.verbose_name
        rows = instance._meta.verbose_name_plural
        raise ValidationError({parent_field: f"This {parent} already has {limit} {rows}, the most it can hold."})


def digest(text):
    """SHA-256 of a text, as the digest columns store it: a unique index over a long text indexes its digest (a
    btree entry has a size limit, and an index on a function such as MD5 would bind an SQLite file to Django)."""
    return hashlib.sha256(text.encode()).hexdigest()
