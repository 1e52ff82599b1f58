"""One serializer per shape.

Writes take public keys (nation `FR`, role `lead`, meeting slug); reads return brief shapes."""

from collections.abc import Mapping

from django.db import models
from rest_framework import serializers

from events.api import fields
from events.api.fields import BriefRelatedField
from events.models import (
    Citation,
    Contribution,
    Deletion,
    ImportOutcome,
    Meeting,
    Membership,
    Nation,
    Organization,
    Participation,
    ParticipationRole,
    Session,
    Source,
)

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
        models.DateField: fields.StrictDateField,
        models.TimeField: fields.StrictTimeField,
    }
    serializer_choice_field = fields.StrictChoiceField

    def get_validators(self):
        return []

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if model_field.null and model_field.choices:
            # A nullable choice (attendance mode, level, ...) is one of its choices or null; "" is neither, although
            # the model field is blank=True so that forms may leave it empty.
            field_kwargs.pop("allow_blank", None)
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
        fields = ["id", "meeting", "order", "title", "description", *TIMESTAMPS]


class MeetingSessionSerializer(SessionSerializer):
    """An agenda item, as listed in its meeting."""

    class Meta(SessionSerializer.Meta):
        fields = ["id", "order", "title", "description"]
        ref_name = "MeetingSession"


class ParticipationSerializer(ResourceSerializer):
    """One nation's part in one meeting."""

    meeting = meeting_field()
    nation = nation_field()
    role = BriefRelatedField(RoleBriefSerializer, "code", queryset=ParticipationRole.objects.all())
    sources = sources_field()

    class Meta:
        model = Participation
        fields = [
            "id",
            "meeting",
            "nation",
            "role",
            "status",
            "attendance_mode",
            "representative",
            "notes",
            "sources",
            *TIMESTAMPS,
        ]


class MeetingParticipationSerializer(ParticipationSerializer):
    """A nation's part in the meeting it is listed in."""

    class Meta(ParticipationSerializer.Meta):
        fields = ["id", "nation", "role", "status", "attendance_mode", "representative", "notes"]
        ref_name = "MeetingParticipation"


class MeetingSerializer(ResourceSerializer):
    """A summit, talk or conference, with its participations, sessions and sources."""

    host_country = nation_field(required=False, allow_null=True)
    parent = meeting_field(required=False, allow_null=True)
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
            "reported_nation_count",
            "reported_nation_count_qualifier",
            "parent",
            "sources",
            "participations",
            "sessions",
            *TIMESTAMPS,
        ]
        extra_kwargs = {"end_date": {"required": False}}


class ContributionSerializer(ResourceSerializer):
    """What a nation offers to a meeting's or an organization's effort.

    With no nation, a component the effort calls for that nobody has pledged yet."""

    meeting = meeting_field(required=False, allow_null=True)
    organization = organization_field(required=False, allow_null=True)
    nation = nation_field(required=False, allow_null=True)
    sources = sources_field()

    class Meta:
        model = Contribution
        fields = [
            "id",
            "meeting",
            "organization",
            "nation",
            "category",
            "description",
            "quantity",
            "unit",
            "status",
            "sources",
            *TIMESTAMPS,
        ]


# Sources and what they quote.


class CitationSerializer(ResourceSerializer):
    """A statement quoted in a source, with who said it."""

    source = BriefRelatedField(SourceBriefSerializer, "pk", queryset=Source.objects.all())
    speaker_nation = nation_field(required=False, allow_null=True)
    meeting = meeting_field(required=False, allow_null=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "source",
            "quote",
            "speaker",
            "speaker_is_anonymous",
            "speaker_nation",
            "meeting",
            "context",
            *TIMESTAMPS,
        ]


class SourceCitationSerializer(CitationSerializer):
    """A statement quoted in the source it is listed in."""

    class Meta(CitationSerializer.Meta):
        fields = ["id", "quote", "speaker", "speaker_is_anonymous", "speaker_nation", "meeting", "context"]
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
