"""Query parameters of the list endpoints. Every bad value is a 400 that names its parameter, never ignored."""

import copy
import re

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django_filters import fields as django_filters_fields
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.widgets import QueryArrayWidget
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ErrorDetail, ValidationError

from events.api.fields import ISO_DATE, is_key, key_pattern, malformed_key_message
from events.models import (
    AttendanceMode,
    Basis,
    Citation,
    Contribution,
    ContributionCategory,
    ContributionStatus,
    Delegate,
    DelegateLevel,
    Deletion,
    Meeting,
    MeetingFormat,
    MeetingLevel,
    MeetingRelation,
    MeetingStatus,
    Membership,
    Nation,
    Organization,
    OrganizationKind,
    Participation,
    ParticipationRole,
    ParticipationStatus,
    Person,
    RelationKind,
    ReportedCount,
    Resource,
    Series,
    Session,
    Source,
)
from events.models.participation import currency_codes


class StrictBooleanField(forms.Field):
    """`true` or `false` (also 1/0); anything else is an error rather than "no filter"."""

    widget = forms.TextInput
    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return self.values[str(value).lower()]
        except KeyError:
            raise forms.ValidationError(f"Must be true or false; got {value!r}.") from None


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # DRF's BooleanFilter defaults to BooleanWidget, which turns any value it does not know into "no filter"
        # before the field sees it; the raw text must reach StrictBooleanField so that `member=maybe` is a 400.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class CommaListWidget(QueryArrayWidget):
    """`x=A,B`, `x=A&x=B` or both. QueryArrayWidget splits commas only when the data is not a QueryDict, and request
    query parameters always are one, so `x=A,B` reached the field as the single value "A,B". It also returns a set,
    whose order varies between processes, and the order of sort keys matters, so the values are read here in order."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            values = data.getlist(name, data.getlist(f"{name}[]"))
        else:
            value = data.get(name, data.get(f"{name}[]", []))
            values = [value] if isinstance(value, str) else list(value)
        return list(dict.fromkeys(item.strip() for value in values for item in value.split(",") if item.strip()))


class OrderingFilter(filters.OrderingFilter):
    """Sort keys as `ordering=-start_date,title` or `ordering=-start_date&ordering=title`, as generated clients send.

    The primary key ends every ordering given, so that rows with equal sort keys keep one order from page to page
    (PostgreSQL may return ties in any order, and limit/offset would then skip or repeat rows). Without `ordering`,
    the model's own ordering applies, which ends with a unique field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", CommaListWidget)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES], "pk")


class KeyField(forms.ModelChoiceField):
    """One object by its key; a value not shaped like a key is invalid, not unknown."""

    def clean(self, value):
        check_keys([value] if value not in (None, "") else [], self)
        return super().clean(value)


class KeysField(forms.ModelMultipleChoiceField):
    """Objects by their keys (upper-cased first for nation codes)."""

    def __init__(self, *args, upper_case=False, **kwargs):
        self.upper_case = upper_case
        super().__init__(*args, **kwargs)

    def clean(self, value):
        values = list(value or [])
        check_keys(values, self)
        return super().clean([item.upper() for item in values] if self.upper_case else values)


def check_keys(values, field):
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    wrong = [value for value in values if not is_key(int(value) if key.primary_key and value.isdigit() else value, key)]
    if wrong:
        raise forms.ValidationError(malformed_key_message(key), code="invalid")


def unknown_key_messages(queryset):
    """The messages of an unknown key, worded as in writes: "Unknown nation 'ZZ'."."""
    model = queryset.model._meta.verbose_name
    return {"invalid_choice": f"Unknown {model} %(value)r.", "invalid_pk_value": f"Unknown {model} %(pk)r."}


class PublicKeyMixin:
    """What every filter by public key shares: an unknown key is worded as in writes, and the parameter is documented
    as a string with its help_text (drf-spectacular drops the help_text of a filter whose type is overridden unless
    the override carries it as its description)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", unknown_key_messages(kwargs["queryset"]))
        super().__init__(*args, **kwargs)
        key = kwargs["queryset"].model._meta.get_field(kwargs["to_field_name"])
        schema = {"type": "string", "pattern": key_pattern(key), "description": self.extra.get("help_text", "")}
        extend_schema_field(schema)(self)


class KeyListFilter(PublicKeyMixin, filters.ModelMultipleChoiceFilter):
    """Objects by public key: `nation=FR,GB` or `nation=FR&nation=GB` (any of them)."""

    field_class = KeysField

    def __init__(self, *args, upper_case=False, **kwargs):
        kwargs.setdefault("widget", CommaListWidget)
        super().__init__(*args, upper_case=upper_case, **kwargs)

    def get_filter_predicate(self, value):
        """`nation__code` filters on the row's own foreign key with the object found (`nation_id = 75`) rather than
        by joining the nations table: no join, and the planner sees the value (and how common it is)."""
        relation = self.field_name.removesuffix(f"__{self.field.to_field_name}")
        if relation != self.field_name:
            return {relation: value}
        return super().get_filter_predicate(value)


class KeyFilter(PublicKeyMixin, filters.ModelChoiceFilter):
    """One object by public key (an organization's slug, a meeting's slug), typed into a text box in the browsable
    API rather than picked from a drop-down of every row."""

    field_class = KeyField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class IdFilter(filters.ModelChoiceFilter):
    """One object by its ID (a text box, as KeyFilter)."""

    field_class = KeyField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class IdListFilter(filters.ModelMultipleChoiceFilter):
    """Objects by ID: `person=3,7` or `person=3&person=7` (any of them)."""

    field_class = KeysField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", CommaListWidget)
        kwargs.setdefault("error_messages", unknown_key_messages(kwargs["queryset"]))
        super().__init__(*args, **kwargs)
        extend_schema_field({"type": "integer", "description": self.extra.get("help_text", "")})(self)


# A participant is a nation (its code, in upper case) or an organization (its slug, which is lower case).
NATION_PARTICIPANT = re.compile(r"[A-Z]{2}")
ORGANIZATION_PARTICIPANT = re.compile(r"[-a-z0-9_]+")


class ParticipantsField(forms.Field):
    """Nations and organizations in one list (`FR,nato`): the (nations, organizations) named."""

    widget = CommaListWidget

    def clean(self, value):
        values = list(value or [])
        if not values:
            return None
        malformed = [item for item in values if not _participant_kind(item)]
        if malformed:
            raise forms.ValidationError(
                f"{malformed[0]!r} is neither a nation's code in upper case (FR) nor an organization's slug (nato).",
                code="invalid",
            )
        codes = [item for item in values if _participant_kind(item) == "nation"]
        slugs = [item for item in values if _participant_kind(item) == "organization"]
        nations = list(Nation.objects.filter(code__in=codes))
        organizations = list(Organization.objects.filter(slug__in=slugs))
        unknown = sorted(set(codes) - {nation.code for nation in nations}) or sorted(
            set(slugs) - {organization.slug for organization in organizations}
        )
        if unknown:
            named_as_slug = unknown[0] in slugs and NATION_PARTICIPANT.fullmatch(unknown[0].upper())
            hint = " (a nation's code is in upper case)" if named_as_slug else ""
            raise forms.ValidationError(f"Unknown participant {unknown[0]!r}{hint}.", code="does_not_exist")
        return nations, organizations


def _participant_kind(value):
    if NATION_PARTICIPANT.fullmatch(value):
        return "nation"
    if ORGANIZATION_PARTICIPANT.fullmatch(value):
        return "organization"
    return None


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^([A-Z]{2}|[-a-z0-9_]+)$",
        "description": "Participants, any of them: nations by ISO alpha-2 code in upper case (FR), organizations by "
        "slug (nato).",
    }
)
class ParticipantListFilter(filters.Filter):
    field_class = ParticipantsField

    def filter(self, qs, value):
        if not value:
            return qs
        nations, organizations = value
        return qs.of_participants(nations=nations, organizations=organizations)


def choice_list(choices, help_text, field_name=None, method=None):
    """Any of several choices: `status=held,scheduled` or `status=held&status=scheduled`."""
    return filters.MultipleChoiceFilter(
        field_name=field_name, method=method, choices=choices, widget=CommaListWidget, help_text=help_text
    )


def nation_list(field_name, help_text):
    return KeyListFilter(
        field_name=f"{field_name}__code",
        to_field_name="code",
        queryset=Nation.objects.all(),
        upper_case=True,
        help_text=help_text,
    )


def role_list(field_name, help_text):
    return KeyListFilter(
        field_name=f"{field_name}__code",
        to_field_name="code",
        queryset=ParticipationRole.objects.all(),
        help_text=help_text,
    )


def organization_key(help_text, field_name=None, method=None):
    return KeyFilter(
        field_name=field_name,
        method=method,
        to_field_name="slug",
        queryset=Organization.objects.all(),
        help_text=help_text,
    )


def search_filter(help_text, fields=None):
    """`search=text`: the queryset's own `search()`, or else any of `fields` containing the text."""

    def search(queryset, name, value):
        if fields is None:
            return queryset.search(value)
        text = value.strip()
        return queryset.filter(Q(*[Q(**{f"{field}__icontains": text}) for field in fields], _connector=Q.OR))

    return filters.CharFilter(method=search, help_text=help_text)


def meeting_key(field_name="meeting", help_text="Slug of the meeting.", method=None):
    return KeyFilter(
        field_name=field_name,
        method=method,
        to_field_name="slug",
        queryset=Meeting.objects.all(),
        help_text=help_text,
    )


def person_list(help_text, field_name="person", method=None):
    return IdListFilter(field_name=field_name, method=method, queryset=Person.objects.all(), help_text=help_text)


def delegate_levels(help_text, method=None):
    return choice_list(DelegateLevel.choices, help_text, method=method)


def basis_list():
    return choice_list(Basis.choices, "How the sources support the record: stated, inferred or disputed (any of them).")


class FilterBackend(filters.DjangoFilterBackend):
    """Filters lists only. An object's own address takes no query parameter (the schema documents none), so a filter
    given there cannot turn it into a 404, and a write is not refused for one."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list" or nothing_to_filter(request.query_params, view):
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(coded_errors(filterset))
        return filterset.qs


def nothing_to_filter(query_params, view):
    """Whether a list's query holds no filter, only paging and format parameters, each once and not empty: then the
    FilterSet is not built and validated (a millisecond for the meetings' one), as it would change nothing and find
    nothing wrong. A FilterSet with a required parameter is always built, to refuse its absence."""
    filterset_class = getattr(view, "filterset_class", None)
    accepted = getattr(filterset_class, "other_parameters", None)
    if accepted is None or any(f.extra.get("required") for f in filterset_class.base_filters.values()):
        return False
    return all(name in accepted and len(values) == 1 and values[0] for name, values in query_params.lists())


def coded_errors(filterset):
    """The form's errors with their codes kept (django-filter drops them), a key naming no object coded
    `does_not_exist` as in bodies, so that the API can tell a malformed request from a well-formed one that names
    something unknown."""
    errors = {}
    for name, messages in filterset.form.errors.as_data().items():
        by_key = isinstance(filterset.filters.get(name), (filters.ModelChoiceFilter, filters.ModelMultipleChoiceFilter))
        unknown_key = ("invalid_choice", "invalid_pk_value") if by_key else ()
        errors[name] = [
            ErrorDetail(" ".join(error.messages), code="does_not_exist" if error.code in unknown_key else error.code)
            for error in messages
        ]
    return errors


class IsoDateField(forms.DateField):
    """YYYY-MM-DD, all digits present: `11/03/2025` is a 400, never read as 3 November; `2025-3-1` is a 400 too."""

    def to_python(self, value):
        if value not in self.empty_values and not ISO_DATE.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IsoDateFilter(filters.DateFilter):
    field_class = IsoDateField


class IsoDateTimeField(django_filters_fields.IsoDateTimeField):
    """An RFC 3339 date-time (`2025-03-11T10:00:00Z`), as the schema's `format: date-time` says."""

    def to_python(self, value):
        if value not in self.empty_values and not ISO_DATE_TIME.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = IsoDateTimeField


ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})$")


def iso_date(help_text, **kwargs):
    return IsoDateFilter(input_formats=["%Y-%m-%d"], help_text=help_text, **kwargs)


def is_empty(value):
    """`not value`, without running a query for a selection of objects (none given is `none()`)."""
    return value.query.is_empty() if isinstance(value, QuerySet) else not value


def crosses_many(model, path):
    """Whether a lookup path goes through a to-many relation (where a row can match more than once)."""
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a lookup (`__in`, `__gte`) or a transform: the path ended
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


class CopiedShallowly(dict):
    """A FilterSet's filters, or its form's fields, which `copy.deepcopy` copies one level deep: django-filter copies
    the filters for each request, and Django the form's fields for each form, and their deep copies (every query and
    widget they hold) cost more than the SQL of a small request. A copy gets its own attributes (django-filter sets a
    filter's `parent` and `model`; a filter makes its form field once, on the copy); what they hold, fixed when the
    class was defined, is shared and never changed."""

    def __deepcopy__(self, memo):
        return {name: _copied(value) for name, value in self.items()}


def _copied(value):
    copied = copy.copy(value)
    if isinstance(value, filters.Filter) and value.method is not None:
        copied.method = value.method  # a `method=` filter calls it through an object bound to the filter: a new one
    return copied


class FilterSet(filters.FilterSet):
    """Refuses parameters the list does not take (`nations=FR` would otherwise return everything), and adds
    parameters that only make sense with another: `requires = {"member": "organization"}`.

    Every list takes `updated_since` and `ordering=updated_at`: with `deletions/`, the change feed of a mirror."""

    updated_since = IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only objects whose representation changed at or after this time (ISO 8601, e.g. "
        "2025-03-11T10:00:00Z); with `ordering=updated_at`, the change feed (see `deletions/`).",
    )
    ordering = OrderingFilter(fields=["updated_at"], help_text="Sort by these fields; `-` for descending.")

    requires = {}

    @classmethod
    def get_filters(cls):
        """The class's filters, settled once when it is defined (each request's FilterSet copies them)."""
        found = super().get_filters()
        for name, filter_ in found.items():
            # The browsable API's filter form shows these; django-filter's own guess fails for `method=` filters.
            filter_.label = filter_.label or name.replace("_", " ").capitalize()
            if cls._meta.model and not filter_.method and not crosses_many(cls._meta.model, filter_.field_name):
                # A condition on this row's own columns (or a to-one relation's) cannot repeat a row, so django-filter's
                # default DISTINCT over every column would only cost a sort of the whole result.
                filter_.distinct = False
        return CopiedShallowly(found)

    def get_form_class(self):
        """One form class per FilterSet class, made from the first request's filters (django-filter makes one per
        request); its fields are copied shallowly for each form, as the filters are."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = CopiedShallowly(form_class.base_fields)
            type(self)._form_class = form_class
        return form_class

    # Read by the paginator and the content negotiation rather than by a filter.
    other_parameters = ("limit", "offset", "cursor", "format")

    def is_valid(self):
        valid = super().is_valid()
        for name, needed in self.requires.items():
            # Whether `needed` was sent at all: one sent but invalid has its own error already.
            if self.form.cleaned_data.get(name) not in (None, "") and needed not in self.data:
                message = f"`{name}` needs the `{needed}` parameter too."
                self.form.add_error(name, forms.ValidationError(message, code="rule"))
                valid = False
        date_from, date_to = (self.form.cleaned_data.get(name) for name in ("date_from", "date_to"))
        if date_from and date_to and date_to < date_from:  # the lists that take a date range
            self.form.add_error("date_to", forms.ValidationError("Must not be earlier than `date_from`.", "rule"))
            valid = False
        shape_errors = query_shape_errors(
            self.data, self.accepted_parameters(), self.takes_many, [*self.filters, *self.other_parameters]
        )
        for name, error in shape_errors.items():
            self.form.errors[name] = self.form.error_class([error])
        return valid and not shape_errors

    def takes_many(self, name):
        field = self.form.fields.get(name.removesuffix("[]"))
        return field is not None and isinstance(field.widget, CommaListWidget)

    def accepted_parameters(self):
        """The filters, `name[]` for list-valued ones (as some HTTP clients send lists), and `other_parameters`."""
        names = {*self.filters, *self.other_parameters}
        names.update(
            f"{name}[]" for name, field in self.form.fields.items() if isinstance(field.widget, CommaListWidget)
        )
        return names


class NationFilterSet(FilterSet):
    search = search_filter(
        "A code (alpha-2, alpha-3 or numeric), a name or a common name (UK, Ivory Coast, Türkiye; case and accents "
        "ignored), or part of a name: the nations it finds, the same way the admin's picker and the importer do."
    )
    organization = organization_key(
        "Slug of an organization: only its members, on the `on` date (default: today).", method="filter_organization"
    )
    on = iso_date("Date for `organization` (YYYY-MM-DD).", method="filter_organization")
    ordering = OrderingFilter(
        fields=["code", "name", "updated_at"], help_text="Sort by these fields; `-` for descending."
    )

    requires = {"on": "organization"}

    class Meta:
        model = Nation
        fields = []

    def filter_organization(self, queryset, name, value):
        if name == "on":  # applied together with `organization`
            return queryset
        return queryset.members_of(value, on=self.form.cleaned_data.get("on") or timezone.localdate())


class RoleFilterSet(FilterSet):
    search = search_filter("Text in the code or name.", fields=["code", "name"])

    class Meta:
        model = ParticipationRole
        fields = []


class OrganizationFilterSet(FilterSet):
    kind = choice_list(OrganizationKind.choices, "Kind of organization (any of them).")

    class Meta:
        model = Organization
        fields = []


class MembershipFilterSet(FilterSet):
    organization = organization_key("Slug of the organization.", field_name="organization")
    nation = nation_list("nation", "ISO alpha-2 codes of the member nations (any of them).")
    on = iso_date("Only memberships in force on this date (YYYY-MM-DD).", method="filter_on")

    class Meta:
        model = Membership
        fields = []

    def filter_on(self, queryset, name, value):
        return queryset.active_on(value)


class MeetingFilterSet(FilterSet):
    """The participation parameters (`participant`, `nation`, `role`, `participation_status`, `attendance`,
    `organization`, `delegate_level`, `person`) all describe one and the same participation:
    `nation=US&participation_status=declined` means meetings the US declined, and `delegate_level` with `person`
    one and the same delegate of it."""

    status = choice_list(MeetingStatus.choices, "Meeting status (any of them).")
    meeting_format = choice_list(MeetingFormat.choices, "Meeting format (any of them).", field_name="format")
    level = choice_list(MeetingLevel.choices, "Who meets: the meeting's own level (any of them).")
    host_country = nation_list("host_country", "ISO alpha-2 codes of the host country (any of them).")
    city = filters.CharFilter(
        method="filter_city", help_text="City, exactly but in any case (paris finds Paris, zürich Zürich)."
    )
    series = KeyFilter(
        to_field_name="slug", queryset=Series.objects.all(), help_text="Slug of the series the meetings belong to."
    )
    parent = meeting_key("parent", "Slug of the larger meeting these are part of.")
    date_from = iso_date("Meetings that end on or after this date (YYYY-MM-DD).", method="filter_dates")
    date_to = iso_date("Meetings that start on or before this date (YYYY-MM-DD).", method="filter_dates")
    search = search_filter("Text in the title, summary, purpose or location.")
    participant = ParticipantListFilter(help_text="A participant: nation code (FR) or organization slug (nato).")
    nation = nation_list("nation", "A participating nation's ISO alpha-2 code (any of them).")
    role = role_list("role", "Role code of that participation (any of them).")
    participation_status = choice_list(ParticipationStatus.choices, "Status of that participation (any of them).")
    attendance = choice_list(AttendanceMode.choices, "Attendance mode of that participation (any of them).")
    organization = organization_key(
        "That participant is a nation that was a member of this organization on the meeting's first day."
    )
    delegate_level = delegate_levels("Level of a delegate of that participation (any of them).")
    person = person_list("ID of a person who was a delegate of that participation (any of them).")
    ordering = OrderingFilter(
        fields=["start_date", "title", "updated_at"],
        help_text="Sort by these fields; `-` for descending (default `-start_date`).",
    )

    participation_lookups = {
        "nation": "nation__in",
        "role": "role__in",
        "participation_status": "status__in",
        "attendance": "attendance_mode__in",
    }
    participation_filters = ("participant", "organization", "delegate_level", "person")

    class Meta:
        model = Meeting
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        participations = Participation.objects.all()
        matching_participation = False
        for name, value in data.items():
            if is_empty(value):
                continue
            if name in self.participation_lookups:
                # Objects found by key are listed as such (`nation_id IN (75)`), not as a subquery that the planner
                # cannot see into.
                value = list(value)
                participations = participations.filter(**{self.participation_lookups[name]: value})
            elif name in self.participation_filters:
                pass
            else:
                queryset = self.filters[name].filter(queryset, value)
                continue
            matching_participation = True
        if data.get("participant"):
            participations = self.filters["participant"].filter(participations, data["participant"])
        if data.get("organization"):
            participations = participations.member_of(data["organization"])
        if data.get("delegate_level") or data.get("person"):
            participations = participations.with_delegates(levels=data.get("delegate_level"), people=data.get("person"))
        if matching_participation:
            queryset = queryset.with_participants(participations)
        return queryset

    def filter_dates(self, queryset, name, value):
        return queryset.overlapping(**{name: value})

    def filter_city(self, queryset, name, value):
        """Both sides lower-cased by the database (a Unicode LOWER on SQLite too: events/apps.py)."""
        return queryset.alias(city_lower=Lower("city")).filter(city_lower=Lower(Value(value)))


class SessionFilterSet(FilterSet):
    meeting = meeting_key()

    class Meta:
        model = Session
        fields = []


class ParticipationFilterSet(FilterSet):
    """`delegate_level` and `person` describe one and the same delegate of the participation."""

    meeting = meeting_key()
    participant = ParticipantListFilter(help_text="Participants: nation codes (FR) or organization slugs (nato).")
    nation = nation_list("nation", "ISO alpha-2 codes of the nations (any of them); organizations never match.")
    role = role_list("role", "Role codes (any of them).")
    status = choice_list(ParticipationStatus.choices, "Participation status (any of them).")
    attendance = choice_list(AttendanceMode.choices, "Attendance mode (any of them).", field_name="attendance_mode")
    organization = organization_key(
        "Slug of an organization: only nations that were its members on the meeting's first day "
        "(with `member=false`, only those that were not).",
        method="filter_membership",
    )
    member = StrictBooleanFilter(
        method="filter_membership",
        help_text="With `organization`: `true` (default) member nations, `false` non-member nations (organizations "
        "taking part are neither).",
    )
    delegate_level = delegate_levels("Level of a delegate (any of them).", method="filter_delegates")
    person = person_list("ID of a person who was a delegate (any of them).", method="filter_delegates")
    basis = basis_list()
    ordering = OrderingFilter(
        fields=[("meeting__start_date", "meeting_date"), ("nation__name", "nation"), ("updated_at", "updated_at")],
        help_text="Sort by these fields; `-` for descending.",
    )

    requires = {"member": "organization"}

    class Meta:
        model = Participation
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        levels, people = (self.form.cleaned_data.get(name) for name in ("delegate_level", "person"))
        if levels or people:
            queryset = queryset.with_delegates(levels=levels, people=people)
        return queryset

    def filter_membership(self, queryset, name, value):
        if name == "member":  # applied together with `organization`
            return queryset
        member = self.form.cleaned_data.get("member")
        return queryset.member_of(value, member=member is not False)

    def filter_delegates(self, queryset, name, value):
        return queryset  # applied together, in filter_queryset


class ContributionFilterSet(FilterSet):
    meeting = meeting_key()
    organization = organization_key("Slug of the organization.", field_name="organization")
    nation = nation_list("nation", "ISO alpha-2 codes of the contributing nations (any of them).")
    unpledged = StrictBooleanFilter(
        field_name="nation", lookup_expr="isnull", help_text="`true`: only components no nation has pledged yet."
    )
    recipient = nation_list("recipient", "ISO alpha-2 codes of the receiving nations (any of them).")
    category = filters.MultipleChoiceFilter(
        choices=ContributionCategory.choices,
        widget=CommaListWidget,
        method="filter_categories",
        help_text="Category: contributions with any of these among their categories.",
    )
    status = choice_list(ContributionStatus.choices, "Status (any of them).")
    currency = choice_list(
        [(code, code) for code in sorted(currency_codes())], "ISO 4217 codes of the amount's currency (any of them)."
    )
    announced_from = iso_date(
        "Announced on or after this date (YYYY-MM-DD).", field_name="announced_on", lookup_expr="gte"
    )
    announced_to = iso_date(
        "Announced on or before this date (YYYY-MM-DD).", field_name="announced_on", lookup_expr="lte"
    )
    basis = basis_list()

    class Meta:
        model = Contribution
        fields = []

    def filter_categories(self, queryset, name, value):
        return queryset.in_categories(value)


class SourceFilterSet(FilterSet):
    meeting = meeting_key(field_name="meetings")
    search = search_filter("Text in the outlet, title or author.")

    class Meta:
        model = Source
        fields = []


class CitationFilterSet(FilterSet):
    source = IdFilter(
        queryset=Source.objects.all(),
        error_messages=unknown_key_messages(Source.objects.all()),
        help_text="ID of the source.",
    )
    meeting = meeting_key()
    speaker_nation = nation_list("speaker_nation", "ISO alpha-2 codes of the speakers' nations (any of them).")

    class Meta:
        model = Citation
        fields = []


class PersonFilterSet(FilterSet):
    search = search_filter("Text in the name.", fields=["name"])
    wikidata_id = filters.CharFilter(help_text="Wikidata item of the person (Q and a number, such as Q42).")

    class Meta:
        model = Person
        fields = []


class DelegateFilterSet(FilterSet):
    meeting = meeting_key("participation__meeting")
    participation = IdFilter(
        queryset=Participation.objects.all(),
        error_messages=unknown_key_messages(Participation.objects.all()),
        help_text="ID of the participation.",
    )
    participant = ParticipantListFilter(
        method="filter_participant", help_text="Participants: nation codes (FR) or organization slugs (nato)."
    )
    person = person_list("IDs of the people (any of them).")
    level = choice_list(DelegateLevel.choices, "Level (any of them).")
    basis = basis_list()

    class Meta:
        model = Delegate
        fields = []

    def filter_participant(self, queryset, name, value):
        nations, organizations = value
        return queryset.filter(Q(participation__nation__in=nations) | Q(participation__organization__in=organizations))


class ReportedCountFilterSet(FilterSet):
    meeting = meeting_key()
    basis = basis_list()

    class Meta:
        model = ReportedCount
        fields = []


class SeriesFilterSet(FilterSet):
    search = search_filter("Text in the name or slug.", fields=["name", "slug"])

    class Meta:
        model = Series
        fields = []


class MeetingRelationFilterSet(FilterSet):
    meeting = meeting_key("from_meeting", "Slug of a meeting on either side of the relation.", method="filter_meeting")
    kind = choice_list(RelationKind.choices, "Kind of relation (any of them).")

    class Meta:
        model = MeetingRelation
        fields = []

    def filter_meeting(self, queryset, name, value):
        return queryset.filter(Q(from_meeting=value) | Q(to_meeting=value))


class DeletionFilterSet(FilterSet):
    since = IsoDateTimeFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        help_text="Only deletions at or after this time (ISO 8601, e.g. 2025-03-11T10:00:00Z).",
    )
    resource = choice_list(Resource.choices, "Only deletions from these collections (any of them).")
    ordering = None
    updated_since = None

    class Meta:
        model = Deletion
        fields = []


def query_shape_errors(data, accepted, takes_many, listed):
    """{parameter: error} for what no query string may hold: a parameter the operation does not take, an empty value,
    or a single-valued parameter given twice (`listed`: the names the message of an unknown one lists)."""
    errors = {}
    for name in data:
        values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        if name not in accepted:
            message = f"Unknown parameter; this {'list' if 'limit' in listed else 'operation'} takes "
            errors[name] = forms.ValidationError(message + f"{', '.join(sorted(listed))}.", code="unknown")
        elif any(value == "" for value in values):
            errors[name] = forms.ValidationError("Must not be empty: leave the parameter out instead.", code="blank")
        elif len(values) > 1 and not takes_many(name):
            errors[name] = forms.ValidationError(
                "Given more than once; this parameter takes one value.", code="repeated"
            )
    return errors


def check_query(query_params, names):
    """A 400 for an operation that takes only the single-valued parameters `names` (and `format`), given anything
    else, an empty value or a value twice."""
    errors = query_shape_errors(query_params, {*names, "format"}, lambda name: False, [*names, "format"])
    if errors:
        raise ValidationError({name: [ErrorDetail(error.message, code=error.code)] for name, error in errors.items()})


def required_key(query_params, name, queryset):
    """The object a required query parameter names by its key: a 400 naming the parameter when it is missing,
    malformed (`invalid`) or unknown (`does_not_exist`)."""
    field = KeyField(queryset=queryset, to_field_name="slug", error_messages=unknown_key_messages(queryset))
    try:
        return field.clean(query_params.get(name))
    except forms.ValidationError as error:
        code = "does_not_exist" if error.code == "invalid_choice" else error.code
        raise ValidationError({name: [ErrorDetail(" ".join(error.messages), code=code)]}) from None


class ImportQuery(forms.Form):
    """The query parameters of `imports/`: strict, like every list's."""

    dry_run = StrictBooleanField(required=False)

    def __init__(self, query_params):
        check_query(query_params, ["dry_run"])
        super().__init__(query_params)
        if not self.is_valid():
            raise ValidationError({name: list(messages) for name, messages in self.errors.items()})
        self.cleaned_data["dry_run"] = bool(self.cleaned_data["dry_run"])
