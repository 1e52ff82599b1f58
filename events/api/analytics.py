"""Aggregates through the API: a nation's partners, the network of who meets whom (JSON or GraphML), counts of
participations per group, and a meeting's participants by membership of an organization.

The counting is in `events.analytics`; here are the parameters, shapes and documentation."""

from xml.etree import ElementTree

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from events import analytics
from events.api import filters
from events.api.fields import NATION_CODE_PATTERN, SLUG_PATTERN
from events.api.pagination import HistoryPagination
from events.api.serializers import (
    AbsenteesSerializer,
    MeetingBriefSerializer,
    ParticipantSerializer,
    ParticipationSerializer,
)
from events.api.viewsets import MethodCheckedFirst
from events.models import (
    AttendanceMode,
    Meeting,
    MeetingLevel,
    Nation,
    Organization,
    Participation,
    ParticipationStatus,
    Series,
)

# Examples, from the shipped data (`make run`), lists cut to a few items.

PARTNERS_EXAMPLE = {
    "participant": {"kind": "nation", "key": "AU", "name": "Australia"},
    "meetings": 3,
    "last_meeting": {
        "slug": "northwood-military-planners-2025-03-20",
        "title": "Coalition of the willing military planners' meeting at Northwood",
        "start_date": "2025-03-20",
    },
}
NETWORK_EXAMPLE = {
    "nodes": [
        {"participant": {"kind": "nation", "key": "AU", "name": "Australia"}, "meetings": 2},
        {"participant": {"kind": "nation", "key": "GB", "name": "United Kingdom"}, "meetings": 2},
    ],
    "edges": [{"source": "AU", "target": "GB", "meetings": 2}],
}
SUMMARY_EXAMPLE = {
    "group_by": "nation",
    "totals": {
        "participations": 51,
        "meetings": 3,
        "invited": 0,
        "confirmed": 0,
        "declined": 3,
        "attended": 48,
        "absent": 0,
        "in_person": 1,
        "remote": 35,
        "written": 1,
        "unspecified": 11,
    },
    "groups": [
        {
            "key": "GB",
            "name": "United Kingdom",
            "participations": 3,
            "meetings": 3,
            "invited": 0,
            "confirmed": 0,
            "declined": 0,
            "attended": 3,
            "absent": 0,
            "in_person": 1,
            "remote": 1,
            "written": 0,
            "unspecified": 1,
        }
    ],
}
BLOCS_EXAMPLE = {
    "meeting": {
        "slug": "paris-ukraine-security-force-2025",
        "title": "Paris talks on an international security force for Ukraine",
        "start_date": "2025-03-11",
    },
    "organization": {"slug": "nato", "name": "North Atlantic Treaty Organization", "short_name": "NATO"},
    "on": "2025-03-11",
    "participants_complete": False,
    "absentees": [
        {
            "nation": {"code": "US", "alpha3": "USA", "name": "United States"},
            "status": "declined",
            "participation": 11,
            "basis": "stated",
        }
    ],
    "unknown": [{"code": "AL", "alpha3": "ALB", "name": "Albania"}],
    "statement": "The list of participants is partial: 3 of NATO's 32 members are reported as not taking part; "
    "whether 27 others took part is unknown.",
    "members": [
        {
            "id": 4,
            "participant": {"kind": "nation", "key": "FR", "name": "France"},
            "role": {"code": "lead", "name": "Lead"},
            "status": "attended",
            "attendance_mode": "unspecified",
            "basis": "stated",
        }
    ],
    "non_members": [
        {
            "id": 8,
            "participant": {"kind": "nation", "key": "AU", "name": "Australia"},
            "role": {"code": "participant", "name": "Participant"},
            "status": "attended",
            "attendance_mode": "remote",
            "basis": "stated",
        }
    ],
    "organizations": [],
}
GRAPHML_EXAMPLE = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    '<key id="kind" for="node" attr.name="kind" attr.type="string" />'
    '<key id="name" for="node" attr.name="name" attr.type="string" />'
    '<key id="meetings" for="node" attr.name="meetings" attr.type="int" />'
    '<key id="weight" for="edge" attr.name="weight" attr.type="int" />'
    '<graph id="network" edgedefault="undirected">'
    '<node id="AU"><data key="kind">nation</data><data key="name">Australia</data><data key="meetings">2</data></node>'
    '<node id="GB"><data key="kind">nation</data><data key="name">United Kingdom</data><data key="meetings">2</data>'
    "</node>"
    '<edge source="AU" target="GB"><data key="weight">2</data></edge>'
    "</graph></graphml>"
)


def example(value, name="On the shipped data"):
    return OpenApiExample(name, value=value, response_only=True)


# Parameters.


class DateRangeMixin(django_filters.FilterSet):
    """`date_from`/`date_to`: participations in meetings with at least one day in the range, as the meetings list
    reads them (`Meeting.objects.overlapping`)."""

    date_from = filters.iso_date("Meetings that end on or after this date (YYYY-MM-DD).", method="filter_dates")
    date_to = filters.iso_date("Meetings that start on or before this date (YYYY-MM-DD).", method="filter_dates")

    def filter_dates(self, queryset, name, value):
        return queryset.filter(meeting__in=Meeting.objects.overlapping(**{name: value}))


class CoParticipationFilterSet(DateRangeMixin, filters.FilterSet):
    """Which participations count as taking part in a meeting together: both participations of a pair must match
    every parameter given. Without `status`, every recorded participation counts (invited and declined too)."""

    series = filters.KeyFilter(
        field_name="meeting__series",
        to_field_name="slug",
        queryset=Series.objects.all(),
        help_text="Slug of the series the meetings belong to.",
    )
    level = filters.choice_list(
        MeetingLevel.choices, "Who meets: the meeting's own level (any of them).", field_name="meeting__level"
    )
    role = filters.role_list("role", "Role codes of both participations (any of them).")
    status = filters.choice_list(
        ParticipationStatus.choices,
        "Status of both participations (any of them): `attended` for the meetings both attended.",
    )
    organization = filters.organization_key(
        "Slug of an organization: only nations that were its members on the meeting's first day, so the network "
        "of its members (organizations taking part, the organization itself included, are left out).",
        method="filter_organization",
    )
    ordering = None
    updated_since = None
    other_parameters = ("format",)

    class Meta:
        model = Participation
        fields = []

    def filter_organization(self, queryset, name, value):
        return queryset.member_of(value)


class PartnerFilterSet(CoParticipationFilterSet):
    organization = None
    other_parameters = ("limit", "offset", "format")


class SummaryFilterSet(DateRangeMixin, filters.ParticipationFilterSet):
    """The participations list's parameters, meeting dates, and the grouping."""

    group_by = django_filters.ChoiceFilter(
        choices=[(name, name) for name in analytics.GROUPINGS],
        method="filter_nothing",
        required=True,
        help_text="What to count by: `nation` (nations only), `participant` (nations and organizations), `role`, "
        "`status`, `attendance` (mode), `level` (the meeting's) or `year` (of the meeting's first day).",
    )
    ordering = None
    other_parameters = ("format",)

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by the view, not a filter


def filtered(view):
    """The view's filterset over all participations, validated: a 400 naming each bad parameter."""
    filterset = filters.FilterBackend().get_filterset(view.request, Participation.objects.all(), view)
    if not filterset.is_valid():
        raise ValidationError(filters.coded_errors(filterset))
    return filterset


# Shapes.


class PartnerSerializer(serializers.Serializer):
    participant = ParticipantSerializer(help_text="The nation or organization.")
    meetings = serializers.IntegerField(help_text="Meetings where both took part (as the filters say).")
    last_meeting = MeetingBriefSerializer(help_text="The latest of those meetings, by first day.")

    class Meta:
        ref_name = "Partner"


class NodeSerializer(serializers.Serializer):
    participant = ParticipantSerializer(help_text="The nation or organization.")
    meetings = serializers.IntegerField(help_text="Meetings it took part in (as the filters say).")

    class Meta:
        ref_name = "NetworkNode"


class EdgeSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="Key of one participant (the smaller of the two keys).")
    target = serializers.CharField(help_text="Key of the other participant.")
    meetings = serializers.IntegerField(help_text="Meetings both took part in: the weight of the edge.")

    class Meta:
        ref_name = "NetworkEdge"


class NetworkSerializer(serializers.Serializer):
    """Who meets whom: participants and the pairs of them that share meetings."""

    nodes = NodeSerializer(many=True, help_text="Every participant, most meetings first.")
    edges = EdgeSerializer(
        many=True, help_text="Every pair that shares a meeting, undirected, most shared meetings first."
    )

    class Meta:
        ref_name = "Network"


COUNT_HELP = {
    "participations": "Participations.",
    "meetings": "Distinct meetings of those participations.",
    **{status: f"Participations with status {status} ({label})." for status, label in ParticipationStatus.choices},
    **{mode: f"Participations with attendance mode {mode} ({label})." for mode, label in AttendanceMode.choices},
}


class CountsSerializer(serializers.Serializer):
    """Numbers of participations: in all, per status and per attendance mode, and their distinct meetings."""

    def get_fields(self):
        return {name: serializers.IntegerField(help_text=help_text) for name, help_text in COUNT_HELP.items()}

    class Meta:
        ref_name = "SummaryCounts"


class GroupSerializer(CountsSerializer):
    def get_fields(self):
        return {
            "key": serializers.CharField(
                allow_null=True,
                help_text="The group: a nation's code, organization's slug, role code, status, mode, level or "
                "year; null for participations without one (no mode, no level).",
            ),
            "name": serializers.CharField(help_text="The group's name, for people."),
            **super().get_fields(),
        }

    class Meta:
        ref_name = "SummaryGroup"


class SummarySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=list(analytics.GROUPINGS), help_text="What the groups are.")
    totals = CountsSerializer(help_text="Over every participation the filters select, in a group or not.")
    groups = GroupSerializer(many=True, help_text="One per group, most participations first, then by key.")

    class Meta:
        ref_name = "ParticipationSummary"


class BlocParticipationSerializer(ParticipationSerializer):
    """A participation, as listed in a bloc."""

    class Meta:
        model = Participation
        fields = ["id", "participant", "role", "status", "attendance_mode", "basis"]
        ref_name = "BlocParticipation"


class BlocsSerializer(AbsenteesSerializer):
    """A meeting's participations split by membership of an organization, with its absentees report."""

    members = BlocParticipationSerializer(
        many=True, help_text="Participations of nations that were members on the meeting's first day, any status."
    )
    non_members = BlocParticipationSerializer(
        many=True, help_text="Participations of nations that were not members on that day, any status."
    )
    organizations = BlocParticipationSerializer(many=True, help_text="Participations of organizations.")

    class Meta:
        ref_name = "BlocReport"


# GraphML.

GRAPHML = "http://graphml.graphdrawing.org/xmlns"


class GraphMLRenderer(renderers.BaseRenderer):
    """A network as GraphML (graphml.graphdrawing.org), which Gephi, yEd, Cytoscape and networkx read: nodes keyed
    by participant key with `kind`, `name` and `meetings`, undirected edges with `weight`."""

    media_type = "application/graphml+xml"
    format = "graphml"
    charset = "utf-8"

    KEYS = [
        ("kind", "node", "string"),
        ("name", "node", "string"),
        ("meetings", "node", "int"),
        ("weight", "edge", "int"),
    ]

    def render(self, data, accepted_media_type=None, renderer_context=None):
        root = ElementTree.Element("graphml", xmlns=GRAPHML)
        for name, domain, kind in self.KEYS:
            ElementTree.SubElement(root, "key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
        graph = ElementTree.SubElement(root, "graph", id="network", edgedefault="undirected")
        for node in data["nodes"]:
            participant = node["participant"]
            element = ElementTree.SubElement(graph, "node", id=participant["key"])
            values = {"kind": participant["kind"], "name": participant["name"], "meetings": node["meetings"]}
            for key, value in values.items():
                ElementTree.SubElement(element, "data", key=key).text = str(value)
        for edge in data["edges"]:
            element = ElementTree.SubElement(graph, "edge", source=edge["source"], target=edge["target"])
            ElementTree.SubElement(element, "data", key="weight").text = str(edge["meetings"])
        return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


# Views.


class AggregatePagination(HistoryPagination):
    """An aggregate is computed whole (a few hundred rows at most), then paged by `offset`, like a history."""


def participant_key_parameter():
    return OpenApiParameter(
        "code",
        str,
        OpenApiParameter.PATH,
        pattern=NATION_CODE_PATTERN,
        description="ISO 3166-1 alpha-2 code of the nation (e.g. FR).",
    )


class PartnersView(MethodCheckedFirst, GenericAPIView):
    queryset = Participation.objects.all()
    filterset_class = PartnerFilterSet
    pagination_class = AggregatePagination
    serializer_class = PartnerSerializer

    @extend_schema(
        operation_id="nations_partners_list",
        summary="Who a nation meets most often",
        description="The other participants (nations and organizations) of the meetings where the nation has a "
        "participation, each with the number of those meetings and the latest of them, most shared meetings first "
        "(then by key). The parameters say which participations count, on both sides: `status=attended` counts "
        "the meetings both attended; without `status`, every recorded participation counts (invited and declined "
        "too). `level` is the meeting's own level. Pages by `offset`.",
        parameters=[participant_key_parameter()],
        responses=PartnerSerializer(many=True),
        examples=[example(PARTNERS_EXAMPLE, "The United Kingdom")],
    )
    def get(self, request, code):
        nation = get_object_or_404(Nation, code=code.upper())
        found = analytics.partners(nation, filtered(self).qs)
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def network_representation(network):
    """What NetworkSerializer describes, built directly: a network has tens of thousands of edges, which nested
    serializers take seconds to render."""
    participant = ParticipantSerializer()
    return {
        "nodes": [
            {"participant": participant.to_representation(node.participant), "meetings": node.meetings}
            for node in network.nodes
        ],
        "edges": [{"source": edge.source, "target": edge.target, "meetings": edge.meetings} for edge in network.edges],
    }


class NetworkView(MethodCheckedFirst, GenericAPIView):
    queryset = Participation.objects.all()
    filterset_class = CoParticipationFilterSet
    serializer_class = NetworkSerializer
    renderer_classes = [renderers.JSONRenderer, GraphMLRenderer, renderers.BrowsableAPIRenderer]

    @extend_schema(
        operation_id="network_retrieve",
        summary="Who meets whom: the network",
        description="Participants as nodes, with the number of meetings each took part in, and every pair that "
        "took part in the same meetings as an undirected edge weighted by how many, for the meetings and "
        "participations the parameters select (both participations of a pair match them). As JSON, or as GraphML "
        "for graph tools (Gephi, yEd, Cytoscape, networkx) with `Accept: application/graphml+xml` or "
        "`?format=graphml`.",
        filters=True,
        responses={
            (200, "application/json"): NetworkSerializer,
            (200, "application/graphml+xml"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The same network as a GraphML document.",
                examples=[example(GRAPHML_EXAMPLE, "Military meetings attended")],
            ),
        },
        examples=[example(NETWORK_EXAMPLE, "Military meetings attended")],
    )
    def get(self, request):
        return Response(network_representation(analytics.network(filtered(self).qs)))

    def finalize_response(self, request, response, *args, **kwargs):
        """Errors are JSON whatever was asked for: there is no GraphML for them."""
        if response.status_code >= 400 and isinstance(getattr(request, "accepted_renderer", None), GraphMLRenderer):
            request.accepted_renderer, request.accepted_media_type = renderers.JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class SummaryView(MethodCheckedFirst, GenericAPIView):
    queryset = Participation.objects.all()
    filterset_class = SummaryFilterSet
    serializer_class = SummarySerializer

    @extend_schema(
        operation_id="participations_summary_retrieve",
        summary="Count participations by group",
        description="How many participations the list's parameters select, per nation, participant, role, status, "
        "attendance mode, meeting level or year, each with its distinct meetings and its numbers per status and "
        "per attendance mode: for each nation, the meetings it attended in person, remotely or in writing, and "
        "those it declined. Counted by the database in one query, whatever the number of participations.",
        filters=True,
        responses=SummarySerializer,
        examples=[example(SUMMARY_EXAMPLE, "Per nation")],
    )
    def get(self, request):
        filterset = filtered(self)
        found = analytics.summary(filterset.qs, filterset.form.cleaned_data["group_by"])
        return Response(SummarySerializer(found).data)


class BlocsView(MethodCheckedFirst, GenericAPIView):
    queryset = Meeting.objects.all()
    serializer_class = BlocsSerializer
    pagination_class = None

    @extend_schema(
        operation_id="meetings_blocs_retrieve",
        summary="A meeting's participants by membership of an organization",
        description="Every participation of the meeting, split into nations that were members of the organization "
        "on the meeting's first day, other nations, and organizations, with the members that did not take part "
        "exactly as `absentees/` reports them.",
        parameters=[
            OpenApiParameter(
                "slug", str, OpenApiParameter.PATH, pattern=SLUG_PATTERN, description="Slug of the meeting."
            ),
            OpenApiParameter(
                "organization", str, required=True, pattern=SLUG_PATTERN, description="Slug of the organization."
            ),
        ],
        filters=False,
        responses=BlocsSerializer,
        examples=[example(BLOCS_EXAMPLE, "The Paris talks and NATO")],
    )
    def get(self, request, slug):
        filters.check_query(request.query_params, ["organization"])
        meeting = get_object_or_404(Meeting, slug=slug)
        organization = filters.required_key(request.query_params, "organization", Organization.objects.all())
        return Response(BlocsSerializer(analytics.blocs(meeting, organization)).data)
