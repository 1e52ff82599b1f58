"""One serializer per shape.

Writes take public keys (nation `FR`, role `lead`, meeting slug); reads return brief shapes."""

from collections.abc import Mapping

from django.db import models
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from events.api import fields
from events.api.fields import BriefRelatedField
from events.models import (
    AbsenteeStatus,
    Basis,
    Citation,
    Contribution,
    ContributionCategory,
    CountQualifier,
    Delegate,
    Deletion,
    ImportOutcome,
    Meeting,
    MeetingRelation,
    Membership,
    Nation,
    Organization,
    ParticipantKind,
    Participation,
    ParticipationRole,
    ParticipationStatus,
    Person,
    ReportedCount,
    Series,
    Session,
    Source,
)
from events.models.participation import currency_codes

TIMESTAMPS = ["created_at", "updated_at"]


class ResourceSerializer(serializers.ModelSerializer):
    """Describes a resource's shape and parses its input. It writes nothing and keeps no state between calls: views
    hand `validated_data` to the services, which apply the model's rules (`full_clean()`) and save.

    DRF's table-level unique validators are turned off because the services check the same constraints, with the
    model's messages and on the field they concern.
    """

    # Posted by the browsable API's HTML forms: they are not fields of any resource.
    FORM_FIELDS = frozenset({"csrfmiddlewaretoken", "_content", "_content_type", "_method"})

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: fields.StrictCharField,
        models.TextField: fields.StrictCharField,
        models.SlugField: fields.StrictSlugField,
        models.URLField: fields.StrictURLField,
        models.IntegerField: fields.StrictIntegerField,
        models.PositiveIntegerField: fields.StrictIntegerField,
        models.PositiveSmallIntegerField: fields.StrictIntegerField,
        models.BooleanField: fields.StrictBooleanField,
        models.DecimalField: fields.StrictDecimalField,
        models.DateField: fields.StrictDateField,
        models.TimeField: fields.StrictTimeField,
    }
    serializer_choice_field = fields.StrictChoiceField

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        deprecated = getattr(getattr(cls, "Meta", None), "deprecated_fields", None)
        if deprecated:
            extend_schema_serializer(deprecate_fields=list(deprecated))(cls)

    def get_validators(self):
        return []

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if model_field.null and model_field.choices:
            # A nullable choice (attendance mode, level, ...) is one of its choices or null; "" is neither, although
            # the model field is blank=True so that forms may leave it empty.
            field_kwargs.pop("allow_blank", None)
        if not model_field.unique:
            # A one-field UniqueConstraint (a person's Wikidata item, a source's URL): the service reports it with
            # the constraint's own message, as the admin and the importer do, rather than DRF's generic one.
            field_kwargs["validators"] = [
                validator
                for validator in field_kwargs.get("validators", [])
                if not isinstance(validator, UniqueValidator)
            ]
        return field_class, field_kwargs

    def to_internal_value(self, data):
        """A field the resource does not have is an error (a typo such as `titel` is never silently lost); read-only
        fields sent back from a GET are ignored."""
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields and name not in self.FORM_FIELDS)
            if unknown:
                writable = ", ".join(name for name, field in self.fields.items() if not field.read_only)
                raise serializers.ValidationError(
                    {name: [f"Unknown field; this resource takes {writable}."] for name in unknown}
                )
        return super().to_internal_value(data)

    def validate(self, attrs):
        """A deprecated field (`Meta.deprecated_fields`: name → what to use instead) is read-only. Sent back unchanged
        (a GET's body in a PUT) it is ignored like any read-only field; sent with another value it is refused, since
        the write would otherwise silently drop it."""
        errors = {}
        for name, replacement in getattr(self.Meta, "deprecated_fields", {}).items():
            if name in self.initial_data and not self._unchanged(name, self.initial_data[name]):
                errors[name] = [f"Deprecated and read-only: {replacement}"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _unchanged(self, name, value):
        if self.instance is None:
            return value in (None, "", [])
        field = self.fields[name]
        attribute = field.get_attribute(self.instance)
        return value == (None if attribute is None else field.to_representation(attribute))

    def create(self, validated_data):
        raise NotImplementedError("Serializers do not write: call the service (events.services) with validated_data.")

    def update(self, instance, validated_data):
        raise NotImplementedError("Serializers do not write: call the service (events.services) with validated_data.")


# Brief shapes, nested in other objects.


class NationBriefSerializer(serializers.ModelSerializer):
    """A nation, briefly."""

    class Meta:
        model = Nation
        fields = ["code", "alpha3", "name"]
        ref_name = "NationBrief"


class OrganizationBriefSerializer(serializers.ModelSerializer):
    """An organization, briefly."""

    class Meta:
        model = Organization
        fields = ["slug", "name", "short_name"]
        ref_name = "OrganizationBrief"


class RoleBriefSerializer(serializers.ModelSerializer):
    """A participation role, briefly."""

    class Meta:
        model = ParticipationRole
        fields = ["code", "name"]
        ref_name = "RoleBrief"


class MeetingBriefSerializer(serializers.ModelSerializer):
    """A meeting, briefly."""

    class Meta:
        model = Meeting
        fields = ["slug", "title", "start_date"]
        ref_name = "MeetingBrief"


class SeriesBriefSerializer(serializers.ModelSerializer):
    """A series of meetings, briefly."""

    class Meta:
        model = Series
        fields = ["slug", "name"]
        ref_name = "SeriesBrief"


class PersonBriefSerializer(serializers.ModelSerializer):
    """A person, briefly."""

    class Meta:
        model = Person
        fields = ["id", "name", "wikidata_id"]
        ref_name = "PersonBrief"


class SessionBriefSerializer(serializers.ModelSerializer):
    """A session, briefly."""

    class Meta:
        model = Session
        fields = ["id", "order", "title"]
        ref_name = "SessionBrief"


class SourceBriefSerializer(serializers.ModelSerializer):
    """A source, briefly."""

    class Meta:
        model = Source
        fields = ["id", "outlet", "title", "url"]
        ref_name = "SourceBrief"


def nation_field(**kwargs):
    return BriefRelatedField(NationBriefSerializer, "code", upper_case=True, queryset=Nation.objects.all(), **kwargs)


def organization_field(**kwargs):
    return BriefRelatedField(OrganizationBriefSerializer, "slug", queryset=Organization.objects.all(), **kwargs)


def meeting_field(**kwargs):
    return BriefRelatedField(MeetingBriefSerializer, "slug", queryset=Meeting.objects.all(), **kwargs)


def person_field(**kwargs):
    return BriefRelatedField(PersonBriefSerializer, "pk", queryset=Person.objects.all(), **kwargs)


def sources_field():
    return BriefRelatedField(
        SourceBriefSerializer,
        "pk",
        queryset=Source.objects.all(),
        many=True,
        required=False,
        help_text="The sources that support this record.",
    )


# Nations and organizations.


class NationMembershipSerializer(serializers.ModelSerializer):
    """A period of membership, as listed in the nation."""

    organization = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "start_date", "end_date"]
        ref_name = "NationMembership"


class NationSerializer(serializers.ModelSerializer):
    """An ISO 3166-1 country, with its memberships of organizations."""

    memberships = NationMembershipSerializer(many=True, read_only=True)

    class Meta:
        model = Nation
        fields = ["code", "alpha3", "numeric", "name", "iso_name", "official_name", "memberships", *TIMESTAMPS]


class OrganizationMemberSerializer(serializers.ModelSerializer):
    """A period of membership, as listed in the organization."""

    nation = NationBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "nation", "start_date", "end_date"]
        ref_name = "OrganizationMember"


class OrganizationSerializer(ResourceSerializer):
    """An alliance, union, coalition or international body, with its members over time."""

    members = OrganizationMemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "short_name", "kind", "description", "members", *TIMESTAMPS]


class MembershipSerializer(ResourceSerializer):
    """One period of a nation's membership of an organization; `end_date` is its last day, inclusive."""

    organization = organization_field()
    nation = nation_field()

    class Meta:
        model = Membership
        fields = ["id", "organization", "nation", "start_date", "end_date", *TIMESTAMPS]


# Meetings and what hangs off them.


class RoleSerializer(ResourceSerializer):
    """A participation role (lead, participant, observer, ...)."""

    class Meta:
        model = ParticipationRole
        fields = ["code", "name", "description", *TIMESTAMPS]
        ref_name = "Role"


class SessionSerializer(ResourceSerializer):
    """An agenda item of a meeting."""

    meeting = meeting_field()

    class Meta:
        model = Session
        fields = ["id", "meeting", "order", "title", "description", "date", "start_time", "end_time", *TIMESTAMPS]


class MeetingSessionSerializer(SessionSerializer):
    """An agenda item, as listed in its meeting."""

    class Meta(SessionSerializer.Meta):
        fields = ["id", "order", "title", "description", "date", "start_time", "end_time"]
        ref_name = "MeetingSession"


# People and who represented whom.


class PersonSerializer(ResourceSerializer):
    """Someone who represents a participant at meetings, reused across meetings."""

    class Meta:
        model = Person
        fields = ["id", "name", "wikidata_id", "notes", *TIMESTAMPS]


class ParticipantSerializer(serializers.Serializer):
    """Who a participation is of: a nation or an organization, with its key and name."""

    kind = serializers.ChoiceField(choices=ParticipantKind.choices, help_text="nation or organization.")
    key = serializers.CharField(help_text="The nation's ISO alpha-2 code or the organization's slug.")
    name = serializers.CharField(help_text="The nation's or organization's name.")

    class Meta:
        ref_name = "Participant"
        # What it shows of other objects, for the change tracker (events/api/representations.py).
        reads = {"nation": NationBriefSerializer, "organization": OrganizationBriefSerializer}

    # What `from_values` is given, as columns of the participation (reads built from rows: events.api.rows).
    value_columns = (
        "nation__code",
        "nation__name",
        "organization__slug",
        "organization__short_name",
        "organization__name",
    )

    def to_representation(self, participation):
        nation, organization = participation.nation, participation.organization
        return self.from_values(
            nation and nation.code,
            nation and nation.name,
            organization and organization.slug,
            organization and organization.short_name,
            organization and organization.name,
        )

    @staticmethod
    def from_values(nation_code, nation_name, organization_slug, organization_short_name, organization_name):
        if nation_code is not None:
            return {"kind": ParticipantKind.NATION, "key": nation_code, "name": nation_name}
        name = organization_short_name or organization_name
        return {"kind": ParticipantKind.ORGANIZATION, "key": organization_slug, "name": name}


class ParticipationBriefSerializer(serializers.ModelSerializer):
    """A participation, briefly: its meeting and participant."""

    meeting = MeetingBriefSerializer(read_only=True)
    participant = ParticipantSerializer(source="*", read_only=True)

    class Meta:
        model = Participation
        fields = ["id", "meeting", "participant"]
        ref_name = "ParticipationBrief"


class DelegateSerializer(ResourceSerializer):
    """Who represented a participant at a meeting: a person or an unnamed official, the office as the source words
    it, a level, how they took part (when it differs from or details the participation's) and the sessions they
    attended (empty: all, or not reported)."""

    participation = BriefRelatedField(ParticipationBriefSerializer, "pk", queryset=Participation.objects.all())
    person = person_field(required=False, allow_null=True)
    sessions = BriefRelatedField(
        SessionBriefSerializer,
        "pk",
        queryset=Session.objects.all(),
        many=True,
        required=False,
        help_text="The sessions attended, when the sources say (IDs of the participation's meeting's sessions).",
    )
    sources = sources_field()

    class Meta:
        model = Delegate
        fields = [
            "id",
            "participation",
            "person",
            "description",
            "office",
            "level",
            "attendance_mode",
            "sessions",
            "basis",
            "basis_note",
            "sources",
            *TIMESTAMPS,
        ]


class ParticipationDelegateSerializer(DelegateSerializer):
    """A delegate, as listed in the participation."""

    class Meta(DelegateSerializer.Meta):
        fields = ["id", "person", "description", "office", "level", "attendance_mode", "sessions", "basis"]
        ref_name = "ParticipationDelegate"


def delegates_as_text(participation):
    """`representative` (deprecated): the delegates as one text, as Participation.representative writes it."""
    return "; ".join(_delegate_text(delegate) for delegate in participation["delegates"])


def _delegate_text(delegate):
    who = delegate["person"]["name"] if delegate["person"] else delegate["description"]
    return f"{who}, {delegate['office']}" if delegate["office"] else who


class ParticipationSerializer(ResourceSerializer):
    """One participant's part in one meeting: a nation or an organization (give exactly one of `nation` and
    `organization`), with its delegates."""

    # Fields that are model properties, computed from the item as read (events.api.rows).
    computed_fields = {"representative": delegates_as_text}

    meeting = meeting_field()
    participant = ParticipantSerializer(source="*", read_only=True)
    nation = nation_field(required=False, allow_null=True)
    organization = organization_field(required=False, allow_null=True)
    role = BriefRelatedField(RoleBriefSerializer, "code", queryset=ParticipationRole.objects.all())
    delegates = ParticipationDelegateSerializer(many=True, read_only=True)
    representative = serializers.CharField(
        read_only=True,
        help_text="Deprecated: the delegates, as one text (name and office, or description, separated by `; `).",
    )
    sources = sources_field()

    class Meta:
        model = Participation
        fields = [
            "id",
            "meeting",
            "participant",
            "nation",
            "organization",
            "role",
            "status",
            "attendance_mode",
            "basis",
            "basis_note",
            "notes",
            "delegates",
            "representative",
            "sources",
            *TIMESTAMPS,
        ]
        deprecated_fields = {"representative": "add the people who represented the participant as delegates/."}


class MeetingParticipationSerializer(ParticipationSerializer):
    """A participant's part in the meeting it is listed in."""

    class Meta(ParticipationSerializer.Meta):
        fields = [
            "id",
            "participant",
            "nation",
            "organization",
            "role",
            "status",
            "attendance_mode",
            "basis",
            "notes",
            "delegates",
            "representative",
        ]
        ref_name = "MeetingParticipation"


class ReportedCountSerializer(ResourceSerializer):
    """A number of participating nations as sources report it, with its qualifier ("more than 30")."""

    meeting = meeting_field()
    sources = sources_field()

    class Meta:
        model = ReportedCount
        fields = ["id", "meeting", "count", "qualifier", "basis", "basis_note", "sources", *TIMESTAMPS]


class MeetingReportedCountSerializer(ReportedCountSerializer):
    """A reported count, as listed in its meeting."""

    class Meta(ReportedCountSerializer.Meta):
        fields = ["id", "count", "qualifier", "basis", "basis_note", "sources"]
        ref_name = "MeetingReportedCount"


class MeetingRelationSerializer(ResourceSerializer):
    """A typed link between meetings: `from_meeting` follows up, or prepares, `to_meeting`."""

    from_meeting = meeting_field()
    to_meeting = meeting_field()
    sources = sources_field()

    class Meta:
        model = MeetingRelation
        fields = ["id", "from_meeting", "kind", "to_meeting", "basis", "basis_note", "sources", *TIMESTAMPS]


class OutgoingRelationSerializer(serializers.ModelSerializer):
    """How this meeting relates to another: it follows up, or prepares, `meeting`."""

    meeting = MeetingBriefSerializer(source="to_meeting", read_only=True)

    class Meta:
        model = MeetingRelation
        fields = ["id", "kind", "meeting", "basis"]
        ref_name = "OutgoingRelation"


class IncomingRelationSerializer(serializers.ModelSerializer):
    """How another meeting relates to this one: `meeting` follows up, or prepares, this one."""

    meeting = MeetingBriefSerializer(source="from_meeting", read_only=True)

    class Meta:
        model = MeetingRelation
        fields = ["id", "kind", "meeting", "basis"]
        ref_name = "IncomingRelation"


def named_nation_count(meeting):
    attended = ParticipationStatus.ATTENDED
    return sum(1 for item in meeting["participations"] if item["nation"] and item["status"] == attended)


def count_conflict(meeting):
    return any(
        item["qualifier"] == CountQualifier.EXACT and meeting["named_nation_count"] > item["count"]
        for item in meeting["reported_counts"]
    )


def _only_reported_count(meeting, key):
    counts = meeting["reported_counts"]
    return counts[0][key] if len(counts) == 1 else None


class MeetingSerializer(ResourceSerializer):
    """A summit, talk or conference, with its participations, sessions, reported counts, relations and sources."""

    # Fields that are model properties (see Meeting), computed from the item as read (events.api.rows).
    computed_fields = {
        "named_nation_count": named_nation_count,
        "count_conflict": count_conflict,
        "reported_nation_count": lambda meeting: _only_reported_count(meeting, "count"),
        "reported_nation_count_qualifier": lambda meeting: _only_reported_count(meeting, "qualifier"),
    }

    host_country = nation_field(required=False, allow_null=True)
    series = BriefRelatedField(
        SeriesBriefSerializer, "slug", queryset=Series.objects.all(), required=False, allow_null=True
    )
    parent = meeting_field(required=False, allow_null=True)
    reported_counts = MeetingReportedCountSerializer(many=True, read_only=True)
    named_nation_count = serializers.IntegerField(
        read_only=True, help_text="Nations recorded as having attended (named by at least one source)."
    )
    count_conflict = serializers.BooleanField(
        read_only=True,
        help_text="True when more nations are recorded as attending than an `exact` reported count says: the "
        "sources disagree, and both figures are kept.",
    )
    reported_nation_count = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Deprecated: the one reported count, or null when there is none or several (see reported_counts).",
    )
    reported_nation_count_qualifier = serializers.CharField(
        read_only=True, allow_null=True, help_text="Deprecated: the qualifier of `reported_nation_count`."
    )
    relations = OutgoingRelationSerializer(many=True, read_only=True)
    related_from = IncomingRelationSerializer(many=True, read_only=True)
    sources = sources_field()
    participations = MeetingParticipationSerializer(many=True, read_only=True)
    sessions = MeetingSessionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "title",
            "summary",
            "purpose",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "timezone",
            "city",
            "venue",
            "host_country",
            "format",
            "status",
            "level",
            "series",
            "parent",
            "participants_complete",
            "reported_counts",
            "named_nation_count",
            "count_conflict",
            "reported_nation_count",
            "reported_nation_count_qualifier",
            "relations",
            "related_from",
            "sources",
            "participations",
            "sessions",
            *TIMESTAMPS,
        ]
        extra_kwargs = {"end_date": {"required": False}}
        deprecated_fields = {
            "reported_nation_count": "add reported counts (reported-counts/), each with its qualifier and sources.",
            "reported_nation_count_qualifier": "add reported counts (reported-counts/).",
        }


class SeriesSerializer(ResourceSerializer):
    """A named series of meetings (the coalition of the willing), with its meetings in date order."""

    meetings = MeetingBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Series
        fields = ["slug", "name", "description", "meetings", *TIMESTAMPS]


class ContributionSerializer(ResourceSerializer):
    """What a nation offers (troops, equipment, money) to a meeting's or an organization's effort, or announces on
    its own, and to whom. With no nation, a component the effort calls for that nobody has pledged yet."""

    # A model property (Contribution.first_category), computed from the item as read (events.api.rows).
    computed_fields = {"category": lambda contribution: (contribution["categories"] or [None])[0]}

    meeting = meeting_field(required=False, allow_null=True)
    organization = organization_field(required=False, allow_null=True)
    nation = nation_field(required=False, allow_null=True)
    recipient = nation_field(required=False, allow_null=True, help_text="The nation it goes to (e.g. UA).")
    categories = serializers.ListField(
        child=fields.StrictChoiceField(choices=ContributionCategory.choices),
        min_length=1,
        max_length=Contribution._meta.get_field("categories").max_items,
        help_text="Kinds of contribution, one or more, each once.",
    )
    category = serializers.CharField(
        source="first_category", read_only=True, help_text="Deprecated: the first of `categories`."
    )
    currency = fields.StrictChoiceField(
        choices=sorted(currency_codes()),
        required=False,
        allow_null=True,
        help_text="ISO 4217 code of the amount's currency (e.g. EUR); null without an amount.",
    )
    sources = sources_field()

    class Meta:
        model = Contribution
        fields = [
            "id",
            "meeting",
            "organization",
            "nation",
            "recipient",
            "categories",
            "category",
            "description",
            "quantity",
            "unit",
            "amount",
            "currency",
            "announced_on",
            "status",
            "basis",
            "basis_note",
            "sources",
            *TIMESTAMPS,
        ]
        deprecated_fields = {"category": "give `categories`, a list."}


# Sources and what they quote.


class CitationSerializer(ResourceSerializer):
    """A statement quoted in a source, with who said it."""

    source = BriefRelatedField(SourceBriefSerializer, "pk", queryset=Source.objects.all())
    speaker_nation = nation_field(required=False, allow_null=True)
    speaker_organization = organization_field(required=False, allow_null=True)
    speaker_person = person_field(required=False, allow_null=True)
    meeting = meeting_field(required=False, allow_null=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "source",
            "quote",
            "speaker",
            "speaker_is_anonymous",
            "speaker_person",
            "speaker_nation",
            "speaker_organization",
            "meeting",
            "context",
            *TIMESTAMPS,
        ]


class SourceCitationSerializer(CitationSerializer):
    """A statement quoted in the source it is listed in."""

    class Meta(CitationSerializer.Meta):
        fields = [
            "id",
            "quote",
            "speaker",
            "speaker_is_anonymous",
            "speaker_person",
            "speaker_nation",
            "speaker_organization",
            "meeting",
            "context",
        ]
        ref_name = "SourceCitation"


class SourceSerializer(ResourceSerializer):
    """A report that facts are taken from, with the statements it quotes."""

    citations = SourceCitationSerializer(many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "outlet",
            "title",
            "author",
            "programme",
            "dateline",
            "url",
            "published_date",
            "notes",
            "citations",
            *TIMESTAMPS,
        ]


# Reports.


class AbsenteeSerializer(serializers.Serializer):
    nation = NationBriefSerializer(help_text="The member nation.")
    status = serializers.ChoiceField(
        choices=AbsenteeStatus.choices,
        help_text="absent or declined as recorded, or not_listed: no participation in a list that is complete.",
    )
    participation = serializers.IntegerField(
        source="participation.pk", allow_null=True, help_text="ID of the participation recording it; null if none."
    )
    basis = serializers.ChoiceField(
        source="participation.basis",
        choices=Basis.choices,
        allow_null=True,
        help_text="How the sources support the participation; null if none.",
    )

    class Meta:
        ref_name = "Absentee"


class AbsenteesSerializer(serializers.Serializer):
    """Which members of an organization did not take part in a meeting, as far as the sources say."""

    meeting = MeetingBriefSerializer()
    organization = OrganizationBriefSerializer()
    on = serializers.DateField(help_text="The day membership is taken on: the meeting's first day.")
    participants_complete = serializers.BooleanField(
        help_text="Whether the meeting's list of participants is complete as reported. When false, a member with "
        "no recorded participation is listed in `unknown`, not as absent."
    )
    absentees = AbsenteeSerializer(many=True, help_text="Members recorded as not taking part.")
    unknown = NationBriefSerializer(
        many=True,
        help_text="Members whose taking part the sources leave open: no recorded participation in a partial list, "
        "or only invited or confirmed.",
    )
    statement = serializers.CharField(help_text="The answer in a sentence.")

    class Meta:
        ref_name = "AbsenteeReport"


# The change feed and bulk import.


class DeletionSerializer(serializers.ModelSerializer):
    """An object deleted from a collection."""

    class Meta:
        model = Deletion
        fields = ["resource", "key", "deleted_at"]


class ImportDocumentSerializer(serializers.Serializer):
    """A document for the importer, with the sections and keys of the files in `events/data/`."""

    organizations = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="Organizations, each with its `memberships`."
    )
    sources = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Sources, each with a `ref` that records of this document cite, and its `citations`.",
    )
    meetings = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Meetings, each with its `sessions`, `participations` and `contributions`.",
    )

    class Meta:
        ref_name = "ImportDocument"


class ImportRecordSerializer(serializers.Serializer):
    path = serializers.CharField(help_text="Where the record is in the document (`meetings[0].participations[2]`).")
    model = serializers.CharField(help_text="Kind of record (meeting, participation, ...).")
    key = serializers.CharField(help_text="The record's key: its slug or code, or its id.")
    outcome = serializers.ChoiceField(
        choices=ImportOutcome.choices, help_text="What the import did (or would do) to it."
    )

    class Meta:
        ref_name = "ImportRecord"


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(help_text="True when nothing was written.")
    created = serializers.IntegerField(help_text="Records created (or that would be).")
    updated = serializers.IntegerField(help_text="Records updated (or that would be).")
    unchanged = serializers.IntegerField(help_text="Records already as the document describes them.")
    records = ImportRecordSerializer(many=True, help_text="Every record of the document, in order.")

    class Meta:
        ref_name = "ImportReport"
