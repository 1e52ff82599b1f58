from django.utils.functional import cached_property
from rest_framework import serializers


class BriefRelatedField(serializers.RelatedField):
    """A related object written by its public key (nation `FR`, role `lead`, meeting slug) and read in its brief shape.

    Clients send the key they know and get back enough to display the object without a second request.
    The OpenAPI schema shows the key in requests and the brief component in responses (see `schema.py`).
    """

    default_error_messages = {
        "does_not_exist": "Unknown {model} {value!r}.",
        "invalid": "Give the {key_name} of a {model}.",
    }

    def __init__(self, brief_serializer, key_field, upper_case=False, **kwargs):
        self.brief_serializer = brief_serializer
        self.key_field = key_field
        # Keys are unique as stored (`LEAD` and `lead` may be two roles), so lookups are exact. Nation codes are
        # upper case by definition: the input is upper-cased, as the nation filters do, so `fr` finds France.
        self.upper_case = upper_case
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        model_name = self.get_queryset().model._meta.verbose_name
        if not isinstance(data, (str, int)) or isinstance(data, bool) or "\x00" in str(data):
            self.fail("invalid", key_name="ID" if self.key_field == "pk" else self.key_field, model=model_name)
        if self.key_field != "pk":
            # A number given for a text key (`"meeting": 5`) is looked up, and reported, as the text it is.
            data = str(data)
        if self.upper_case:
            data = data.upper()
        try:
            return self.get_queryset().get(**{self.key_field: data})
        except (self.get_queryset().model.DoesNotExist, TypeError, ValueError):
            self.fail("does_not_exist", model=model_name, value=data)

    def to_representation(self, value):
        return self._brief.to_representation(value)

    @cached_property
    def _brief(self):
        """One brief serializer per field, not one per row: building a ModelSerializer's fields is the costly part."""
        return self.brief_serializer(context=self.context)

    def use_pk_only_optimization(self):
        return False
