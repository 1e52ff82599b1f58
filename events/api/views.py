"""Thin viewsets: each declares its queryset (a read shape from `events.querysets`), serializer, filters and the
services that write it; `events.api.viewsets` does the rest."""

from collections import Counter

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from events import reporting, services
from events.api import examples, filters, serializers
from events.api.fields import SLUG_PATTERN
from events.api.parsers import StrictJSONParser, YAMLParser
from events.api.permissions import CanImport
from events.api.viewsets import (
    BoundedListMixin,
    HistoryMixin,
    MethodCheckedFirst,
    ReadOnlyResourceViewSet,
    ResourceViewSet,
)
from events.models import (
    Citation,
    Contribution,
    Delegate,
    Deletion,
    Meeting,
    MeetingRelation,
    Membership,
    Nation,
    Organization,
    Participation,
    ParticipationRole,
    Person,
    ReportedCount,
    Series,
    Session,
    Source,
)


class NationViewSet(ReadOnlyResourceViewSet):
    """Every ISO 3166-1 country. Reference data, loaded from pycountry: read-only."""

    queryset = Nation.objects.with_memberships()
    serializer_class = serializers.NationSerializer
    filterset_class = filters.NationFilterSet
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    schema_example = examples.NATION

    def lookup_value(self):
        return super().lookup_value().upper()


class OrganizationViewSet(ResourceViewSet):
    """Alliances, unions, coalitions and bodies, with their members over time."""

    queryset = Organization.objects.with_members()
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilterSet
    lookup_field = "slug"
    schema_example = examples.ORGANIZATION
    create_service = staticmethod(services.organization_create)
    update_service = staticmethod(services.organization_update)
    delete_service = staticmethod(services.organization_delete)


class MembershipViewSet(ResourceViewSet):
    """One period of a nation's membership of an organization; `end_date` is its last day."""

    queryset = Membership.objects.select_related("organization", "nation")
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilterSet
    schema_example = examples.MEMBERSHIP
    create_service = staticmethod(services.membership_create)
    update_service = staticmethod(services.membership_update)
    delete_service = staticmethod(services.membership_delete)


class RoleViewSet(ResourceViewSet):
    """The vocabulary of participation roles (lead, participant, observer, ...)."""

    queryset = ParticipationRole.objects.all()
    serializer_class = serializers.RoleSerializer
    filterset_class = filters.RoleFilterSet
    lookup_field = "code"
    schema_example = examples.ROLE
    create_service = staticmethod(services.role_create)
    update_service = staticmethod(services.role_update)
    delete_service = staticmethod(services.role_delete)
    service_object = "role"


class MeetingViewSet(HistoryMixin, ResourceViewSet):
    """Meetings with their participations, sessions and sources."""

    queryset = Meeting.objects.with_details()
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilterSet
    lookup_field = "slug"
    schema_example = examples.MEETING
    create_service = staticmethod(services.meeting_create)
    update_service = staticmethod(services.meeting_update)
    delete_service = staticmethod(services.meeting_delete)

    @extend_schema(
        summary="Members of an organization that did not take part",
        description="The members of the organization on the meeting's first day that are recorded as absent or as "
        "having declined, and, only when the meeting's list of participants is complete, also the members with no "
        "participation at all. When the list is partial, members with no participation are listed as `unknown`: "
        "the sources do not say whether they took part.",
        parameters=[
            OpenApiParameter(
                "organization",
                str,
                required=True,
                pattern=SLUG_PATTERN,
                description="Slug of the organization (e.g. nato).",
            )
        ],
        responses={200: serializers.AbsenteesSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def absentees(self, request, *args, **kwargs):
        filters.check_query(request.query_params, ["organization"])
        meeting = get_object_or_404(Meeting, slug=self.lookup_value())
        organization = filters.required_key(request.query_params, "organization", Organization.objects.all())
        return Response(serializers.AbsenteesSerializer(reporting.absentees(meeting, organization)).data)


class SeriesViewSet(ResourceViewSet):
    """Named series of meetings (the coalition of the willing), each with its meetings in date order."""

    queryset = Series.objects.with_meetings()
    serializer_class = serializers.SeriesSerializer
    filterset_class = filters.SeriesFilterSet
    lookup_field = "slug"
    schema_example = examples.SERIES
    create_service = staticmethod(services.series_create)
    update_service = staticmethod(services.series_update)
    delete_service = staticmethod(services.series_delete)


class ReportedCountViewSet(HistoryMixin, ResourceViewSet):
    """Numbers of participating nations as sources report them: a meeting keeps every report, each with its
    qualifier, sources and basis, so that disagreeing sources stay visible."""

    queryset = ReportedCount.objects.select_related("meeting").prefetch_related("sources")
    serializer_class = serializers.ReportedCountSerializer
    filterset_class = filters.ReportedCountFilterSet
    schema_example = examples.REPORTED_COUNT
    create_service = staticmethod(services.reported_count_create)
    update_service = staticmethod(services.reported_count_update)
    delete_service = staticmethod(services.reported_count_delete)


class MeetingRelationViewSet(HistoryMixin, ResourceViewSet):
    """Typed links between meetings besides the parent/child tree: one follows up, or prepares, another."""

    queryset = MeetingRelation.objects.select_related("from_meeting", "to_meeting").prefetch_related("sources")
    serializer_class = serializers.MeetingRelationSerializer
    filterset_class = filters.MeetingRelationFilterSet
    create_service = staticmethod(services.meeting_relation_create)
    update_service = staticmethod(services.meeting_relation_update)
    delete_service = staticmethod(services.meeting_relation_delete)


class SessionViewSet(ResourceViewSet):
    """Agenda items of meetings, in order."""

    queryset = Session.objects.select_related("meeting")
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilterSet
    schema_example = examples.SESSION
    create_service = staticmethod(services.session_create)
    update_service = staticmethod(services.session_update)
    delete_service = staticmethod(services.session_delete)


class ParticipationViewSet(HistoryMixin, ResourceViewSet):
    """One participant (a nation or an organization) in one meeting: role, status, attendance mode and delegates."""

    queryset = Participation.objects.with_details()
    serializer_class = serializers.ParticipationSerializer
    filterset_class = filters.ParticipationFilterSet
    schema_example = examples.PARTICIPATION
    create_service = staticmethod(services.participation_create)
    update_service = staticmethod(services.participation_update)
    delete_service = staticmethod(services.participation_delete)


class PersonViewSet(HistoryMixin, ResourceViewSet):
    """People who represented participants at meetings, reused across meetings."""

    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilterSet
    create_service = staticmethod(services.person_create)
    update_service = staticmethod(services.person_update)
    delete_service = staticmethod(services.person_delete)


class DelegateViewSet(HistoryMixin, ResourceViewSet):
    """Who represented a participant at a meeting: a person or an unnamed official, their office and level, how
    they took part and the sessions they attended."""

    queryset = Delegate.objects.with_details().select_related(
        "participation__meeting", "participation__nation", "participation__organization"
    )
    serializer_class = serializers.DelegateSerializer
    filterset_class = filters.DelegateFilterSet
    schema_example = examples.DELEGATE
    create_service = staticmethod(services.delegate_create)
    update_service = staticmethod(services.delegate_update)
    delete_service = staticmethod(services.delegate_delete)


class ContributionViewSet(HistoryMixin, ResourceViewSet):
    """What nations offer (troops, equipment, money) to a meeting's or an organization's effort or announce on their
    own, and components nobody has pledged yet."""

    queryset = Contribution.objects.with_details()
    serializer_class = serializers.ContributionSerializer
    filterset_class = filters.ContributionFilterSet
    schema_example = examples.CONTRIBUTION
    create_service = staticmethod(services.contribution_create)
    update_service = staticmethod(services.contribution_update)
    delete_service = staticmethod(services.contribution_delete)


class SourceViewSet(HistoryMixin, ResourceViewSet):
    """Reports that facts come from, with the statements they quote."""

    queryset = Source.objects.with_citations()
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilterSet
    schema_example = examples.SOURCE
    create_service = staticmethod(services.source_create)
    update_service = staticmethod(services.source_update)
    delete_service = staticmethod(services.source_delete)


class CitationViewSet(HistoryMixin, ResourceViewSet):
    """Statements quoted in sources, with who said them."""

    queryset = Citation.objects.select_related(
        "source", "speaker_nation", "speaker_organization", "speaker_person", "meeting"
    )
    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilterSet
    schema_example = examples.CITATION
    create_service = staticmethod(services.citation_create)
    update_service = staticmethod(services.citation_update)
    delete_service = staticmethod(services.citation_delete)


class DeletionViewSet(MethodCheckedFirst, BoundedListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Objects deleted from any collection, oldest first: with `updated_since` on the lists, the change feed a
    mirror follows (see the README)."""

    queryset = Deletion.objects.all()
    serializer_class = serializers.DeletionSerializer
    filterset_class = filters.DeletionFilterSet


class ImportView(MethodCheckedFirst, APIView):
    """Bulk import of a whole document, all or nothing."""

    parser_classes = [StrictJSONParser, YAMLParser]
    permission_classes = [IsAuthenticated, CanImport]

    @extend_schema(
        operation_id="imports_create",
        summary="Import a document",
        description="Creates and updates the organizations, sources and meetings of a document shaped like the "
        "files in `events/data/` (JSON, or YAML as `application/yaml`), matching records on their natural keys. "
        "Everything is validated and written through the same rules as single writes, in one change: one invalid "
        "record and nothing is written, with an error naming it (`meetings[0].participations[2].nation`). With "
        "`dry_run=true`, answers what would be created, updated and left alone, and writes nothing. Needs the add "
        "and change permissions of every kind of record the document holds.",
        request={
            "application/json": serializers.ImportDocumentSerializer,
            "application/yaml": {"type": "string", "description": "The document as YAML text (UTF-8)."},
        },
        parameters=[
            OpenApiParameter("dry_run", bool, description="`true`: validate and report, write nothing.", required=False)
        ],
        responses={200: serializers.ImportReportSerializer},
    )
    def post(self, request):
        query = filters.ImportQuery(request.query_params)
        if not isinstance(request.data, dict) or not request.data:  # `null`, a list, `{}`, YAML with nothing in it
            raise services.DatasetError({"document": ["Nothing to import: give sections, such as meetings: [...]."]})
        outcomes = services.dataset_import(
            data=request.data, user=request.user, via="api", dry_run=query.cleaned_data["dry_run"]
        )
        counts = Counter(outcome.outcome for outcome in outcomes)
        report = {
            "dry_run": query.cleaned_data["dry_run"],
            **{outcome: counts[outcome] for outcome in ("created", "updated", "unchanged")},
            "records": [vars(outcome) for outcome in outcomes],
        }
        return Response(serializers.ImportReportSerializer(report).data, status=status.HTTP_200_OK)
