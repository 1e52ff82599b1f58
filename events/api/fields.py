import re

from django.db.models import SlugField
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import MAX_SOURCES_PER_RECORD
from events.models.sources import URL_PATTERN

SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
NATION_CODE_PATTERN = "^[A-Za-z]{2}$"
# A sum of money as the server reads it: more than zero, at most 13 digits before the point and 2 after (15 digits
# in all: what every database, SQLite's floating point included, keeps exactly).
MONEY_PATTERN = "^(?:[1-9][0-9]{0,12}(?:\\.[0-9]{1,2})?|0\\.(?:0[1-9]|[1-9][0-9]?))$"
# A time of day as the server reads it (no offset: a meeting's times are in its own time zone).
TIME_PATTERN = "^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,6})?)?$"


def key_pattern(field):
    """What a public key looks like, as the schema states it: a slug, or a nation's two letters in any case."""
    return SLUG_PATTERN if isinstance(field, SlugField) else NATION_CODE_PATTERN


def malformed_key_message(field):
    """What to give instead of a value not shaped like a key of `field`."""
    model = field.model._meta.verbose_name
    article = "an" if model[0] in "aeiou" else "a"
    if field.primary_key:
        return f"Give the ID of {article} {model} (a number)."
    if isinstance(field, SlugField):
        return f"Give the {field.name} of {article} {model}: letters, digits, hyphens and underscores."
    return f"Give the {field.name} of {article} {model}: two letters, such as FR."


# IDs are BigAutoField keys: positive, and within a signed 64-bit integer on both databases.
MAX_ID = 2**63 - 1


def is_key(value, field):
    """Whether `value` is shaped like a key of `field` (a malformed key is invalid input, not an unknown object)."""
    if field.primary_key:
        return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID
    return isinstance(value, str) and re.fullmatch(key_pattern(field), value) is not None


class BriefRelatedField(serializers.RelatedField):
    """A related object written by its public key (nation `FR`, role `lead`, meeting slug) and read in its brief shape.

    Clients send the key they know and get back enough to display the object without a second request.
    The OpenAPI schema shows the key in requests and the brief component in responses (see `schema.py`).
    """

    default_error_messages = {"does_not_exist": "Unknown {model} {value!r}."}

    def __init__(self, brief_serializer, key_field, upper_case=False, **kwargs):
        self.brief_serializer = brief_serializer
        self.key_field = key_field
        # Keys are unique as stored (`LEAD` and `lead` may be two roles), so lookups are exact. Nation codes are
        # upper case by definition: the input is upper-cased, as the nation filters do, so `fr` finds France.
        self.upper_case = upper_case
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        data = self.key_of(data)
        try:
            return self.get_queryset().get(**{self.key_field: data})
        except (self.get_queryset().model.DoesNotExist, TypeError, ValueError):
            self.fail("does_not_exist", model=self.get_queryset().model._meta.verbose_name, value=data)

    def key_of(self, data):
        """The key the client gave, checked and normalized as the model stores it: an ID is a JSON number, a code or
        slug a string of its pattern (anything else is invalid input, not an unknown object)."""
        model = self.get_queryset().model
        field = model._meta.pk if self.key_field == "pk" else model._meta.get_field(self.key_field)
        if field.primary_key:
            data = as_json_integer(data)
        if not is_key(data, field):
            raise serializers.ValidationError(malformed_key_message(field), code="invalid")
        return data.upper() if self.upper_case else data

    @property
    def key_attribute(self):
        return "pk" if self.key_field == "pk" else self.key_field

    def to_representation(self, value):
        return self._brief.to_representation(value)

    @cached_property
    def _brief(self):
        """One brief serializer per field, not one per row: building a ModelSerializer's fields is the costly part."""
        return self.brief_serializer(context=self.context)

    def use_pk_only_optimization(self):
        return False

    @classmethod
    def many_init(cls, *args, max_items=MAX_SOURCES_PER_RECORD, **kwargs):
        list_kwargs = {key: kwargs.pop(key) for key in ("required", "help_text", "allow_empty") if key in kwargs}
        return BriefManyRelatedField(child_relation=cls(*args, **kwargs), max_items=max_items, **list_kwargs)


class BriefManyRelatedField(serializers.ManyRelatedField):
    """A list of related objects by key, looked up in one query and bounded in length (a list of 100,000 ids must
    not cost 100,000 queries)."""

    def __init__(self, *args, max_items, **kwargs):
        self.max_items = max_items
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        data = list(data)
        if len(data) > self.max_items:
            raise serializers.ValidationError(f"At most {self.max_items} items.")
        child = self.child_relation
        keys = list(dict.fromkeys(child.key_of(item) for item in data))
        found = {
            str(getattr(obj, child.key_attribute)): obj
            for obj in child.get_queryset().filter(**{f"{child.key_field}__in": keys})
        }
        missing = [key for key in keys if str(key) not in found]
        if missing:
            child.fail("does_not_exist", model=child.get_queryset().model._meta.verbose_name, value=missing[0])
        return [found[str(key)] for key in keys]


# JSON types are not coerced: a number where text belongs (or text where a number does) is an error, as the schema
# says, rather than quietly converted.


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "format": "uri", "pattern": URL_PATTERN})
class StrictURLField(StrictCharField, serializers.URLField):
    pass


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


def as_json_integer(data):
    """JSON Schema's integers include numbers written with a zero fraction (`3.0` is 3); nothing else is one."""
    return int(data) if isinstance(data, float) and data.is_integer() else data


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        data = as_json_integer(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "format": "decimal", "pattern": MONEY_PATTERN})
class StrictDecimalField(serializers.DecimalField):
    """A decimal as the schema says: a JSON string of digits with an optional fraction ("2000000000.00"), so that
    no client loses cents to binary floating point on the way. The only decimals are sums of money: more than zero,
    in whole cents at most."""

    default_error_messages = {"invalid": 'A decimal number written as a string, such as "2000000000.00".'}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not DECIMAL.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


DECIMAL = re.compile(MONEY_PATTERN)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if not isinstance(data, str) and not (data is None and self.allow_null):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


# ISO 8601 as the schema's `format` states it (RFC 3339): the digits each part has, no shortened forms.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(TIME_PATTERN)


class StrictDateField(serializers.DateField):
    def to_internal_value(self, data):
        if not isinstance(data, str) or not ISO_DATE.match(data):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "format": "time", "pattern": TIME_PATTERN})
class StrictTimeField(serializers.TimeField):
    def to_internal_value(self, data):
        if not isinstance(data, str) or not ISO_TIME.match(data):
            self.fail("invalid", format="hh:mm[:ss[.uuuuuu]]")
        return super().to_internal_value(data)
