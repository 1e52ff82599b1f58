"""Thin viewsets: each declares its queryset (a read shape from `events.querysets`), serializer and filters."""

from rest_framework import viewsets

from events.api import examples, filters, serializers
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


class NationViewSet(viewsets.ReadOnlyModelViewSet):
    """Every ISO 3166-1 country. Reference data, loaded from pycountry: read-only."""

    queryset = Nation.objects.with_memberships()
    serializer_class = serializers.NationSerializer
    filterset_class = filters.NationFilterSet
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    schema_example = examples.NATION

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class OrganizationViewSet(viewsets.ModelViewSet):
    """Alliances, unions, coalitions and bodies, with their members over time."""

    queryset = Organization.objects.with_members()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilterSet
    lookup_field = "slug"
    schema_example = examples.ORGANIZATION


class MembershipViewSet(viewsets.ModelViewSet):
    """One period of a nation's membership of an organization; `end_date` is its last day."""

    queryset = Membership.objects.select_related("organization", "nation")
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilterSet
    schema_example = examples.MEMBERSHIP


class RoleViewSet(viewsets.ModelViewSet):
    """The vocabulary of participation roles (lead, participant, observer, ...)."""

    queryset = ParticipationRole.objects.all()
    serializer_class = serializers.RoleSerializer
    filterset_class = filters.RoleFilterSet
    lookup_field = "code"
    schema_example = examples.ROLE


class MeetingViewSet(viewsets.ModelViewSet):
    """Meetings with their participations, sessions and sources."""

    queryset = Meeting.objects.with_details()
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilterSet
    lookup_field = "slug"
    schema_example = examples.MEETING


class SessionViewSet(viewsets.ModelViewSet):
    """Agenda items of meetings, in order."""

    queryset = Session.objects.select_related("meeting")
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilterSet
    schema_example = examples.SESSION


class ParticipationViewSet(viewsets.ModelViewSet):
    """One nation in one meeting: role, status, attendance mode and representative."""

    queryset = Participation.objects.with_details()
    serializer_class = serializers.ParticipationSerializer
    filterset_class = filters.ParticipationFilterSet
    schema_example = examples.PARTICIPATION


class ContributionViewSet(viewsets.ModelViewSet):
    """What nations offer to a meeting's or an organization's effort, and components nobody has pledged yet."""

    queryset = Contribution.objects.with_details()
    serializer_class = serializers.ContributionSerializer
    filterset_class = filters.ContributionFilterSet
    schema_example = examples.CONTRIBUTION


class SourceViewSet(viewsets.ModelViewSet):
    """Reports that facts come from, with the statements they quote."""

    queryset = Source.objects.with_citations()
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilterSet
    schema_example = examples.SOURCE


class CitationViewSet(viewsets.ModelViewSet):
    """Statements quoted in sources, with who said them."""

    queryset = Citation.objects.select_related("source", "speaker_nation", "meeting")
    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilterSet
    schema_example = examples.CITATION
