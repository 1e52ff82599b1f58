"""One serializer per shape.

Writes take public keys (nation `FR`, role `lead`, meeting slug); reads return brief shapes."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from rest_framework import serializers

from events.api.fields import BriefRelatedField
from events.models import (
    Citation,
    Contribution,
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


class ModelCleanSerializer(serializers.ModelSerializer):
    """Validates writes with the model's own full_clean(): the API, the admin and the importer share one set of rules.

    DRF's table-level unique validators are turned off because full_clean() checks the same constraints, with the
    model's messages and on the field they concern.
    """

    def get_validators(self):
        return []

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if model_field.null and model_field.choices:
            # A nullable choice (attendance mode, level, ...) is one of its choices or null; "" is neither, although
            # the model field is blank=True so that forms may leave it empty.
            field_kwargs.pop("allow_blank", None)
        return field_class, field_kwargs

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            if not self._is_many_to_many(name):
                setattr(instance, name, value)
        self._full_clean(instance)
        self._cleaned_instance, self._cleaned_attrs = instance, attrs
        return attrs

    @staticmethod
    def _full_clean(instance):
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error

    def create(self, validated_data):
        return self._save(validated_data)

    def update(self, instance, validated_data):
        return self._save(validated_data)

    @transaction.atomic
    def _save(self, validated_data):
        """Saves the instance validate() cleaned. Values given to `save(**kwargs)` come on top of the request's, as in
        DRF, and the instance is cleaned again with them so that they obey the same rules."""
        instance = self._cleaned_instance
        extra = {
            name: value
            for name, value in validated_data.items()
            if not self._is_many_to_many(name)
            and (name not in self._cleaned_attrs or self._cleaned_attrs[name] is not value)
        }
        if extra:
            for name, value in extra.items():
                setattr(instance, name, value)
            self._full_clean(instance)
        instance.save()
        for name, value in validated_data.items():
            if self._is_many_to_many(name):
                getattr(instance, name).set(value)
        return instance

    def _is_many_to_many(self, name):
        return isinstance(self.Meta.model._meta.get_field(name), models.ManyToManyField)


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
        fields = ["code", "alpha3", "numeric", "name", "iso_name", "official_name", "memberships"]


class OrganizationMemberSerializer(serializers.ModelSerializer):
    """A period of membership, as listed in the organization."""

    nation = NationBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "nation", "start_date", "end_date"]
        ref_name = "OrganizationMember"


class OrganizationSerializer(ModelCleanSerializer):
    """An alliance, union, coalition or international body, with its members over time."""

    members = OrganizationMemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["slug", "name", "short_name", "kind", "description", "members"]


class MembershipSerializer(ModelCleanSerializer):
    """One period of a nation's membership of an organization; `end_date` is its last day, inclusive."""

    organization = organization_field()
    nation = nation_field()

    class Meta:
        model = Membership
        fields = ["id", "organization", "nation", "start_date", "end_date"]


# Meetings and what hangs off them.


class RoleSerializer(ModelCleanSerializer):
    """A participation role (lead, participant, observer, ...)."""

    class Meta:
        model = ParticipationRole
        fields = ["code", "name", "description"]
        ref_name = "Role"


class SessionSerializer(ModelCleanSerializer):
    """An agenda item of a meeting."""

    meeting = meeting_field()

    class Meta:
        model = Session
        fields = ["id", "meeting", "order", "title", "description"]


class MeetingSessionSerializer(SessionSerializer):
    """An agenda item, as listed in its meeting."""

    class Meta(SessionSerializer.Meta):
        fields = ["id", "order", "title", "description"]
        ref_name = "MeetingSession"


class ParticipationSerializer(ModelCleanSerializer):
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


class MeetingSerializer(ModelCleanSerializer):
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


class ContributionSerializer(ModelCleanSerializer):
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


class CitationSerializer(ModelCleanSerializer):
    """A statement quoted in a source, with who said it."""

    source = BriefRelatedField(SourceBriefSerializer, "pk", queryset=Source.objects.all())
    speaker_nation = nation_field(required=False, allow_null=True)
    meeting = meeting_field(required=False, allow_null=True)

    class Meta:
        model = Citation
        fields = ["id", "source", "quote", "speaker", "speaker_is_anonymous", "speaker_nation", "meeting", "context"]


class SourceCitationSerializer(CitationSerializer):
    """A statement quoted in the source it is listed in."""

    class Meta(CitationSerializer.Meta):
        fields = ["id", "quote", "speaker", "speaker_is_anonymous", "speaker_nation", "meeting", "context"]
        ref_name = "SourceCitation"


class SourceSerializer(ModelCleanSerializer):
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
