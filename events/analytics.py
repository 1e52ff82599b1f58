"""Aggregates over participations: who meets whom, how often, and how participants took part.

Each answer is one aggregate query over a Participation queryset that the caller has already filtered, so that the
API's filters decide which participations count and these functions only count them.
"""

import dataclasses

from django.db import connections
from django.db.models import CharField, Count, F, Func, Max, Q, Value
from django.db.models.functions import Coalesce, Concat, ExtractYear

from events import reporting
from events.models import (
    AttendanceMode,
    Meeting,
    MeetingLevel,
    Nation,
    Organization,
    Participation,
    ParticipationStatus,
)


@dataclasses.dataclass(frozen=True)
class Participant:
    """A nation or an organization, shaped as a participation is for ParticipantSerializer."""

    nation: Nation | None = None
    organization: Organization | None = None

    @property
    def nation_id(self):
        return self.nation.pk if self.nation else None

    @property
    def key(self):
        return self.nation.code if self.nation else self.organization.slug

    @property
    def name(self):
        """As ParticipantSerializer shows it: an organization by its short name when it has one."""
        return self.nation.name if self.nation else str(self.organization)


@dataclasses.dataclass
class Partner:
    participant: Participant
    meetings: int
    last_meeting: Meeting


@dataclasses.dataclass
class Node:
    participant: Participant
    meetings: int


@dataclasses.dataclass
class Edge:
    source: str
    target: str
    meetings: int


@dataclasses.dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]


class IsoDate(Func):
    """A date as YYYY-MM-DD text, which sorts as the date does. SQLite stores dates as that text already."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="TO_CHAR(%(expressions)s, 'YYYY-MM-DD')")


def participant_key():
    """One integer per participant, comparable across nations and organizations: 2 × the nation's id, or 2 × the
    organization's id + 1 (a participation names exactly one of them)."""
    return Coalesce(F("nation_id") * 2, F("organization_id") * 2 + 1)


def participants(keys):
    """{participant_key(): Participant} for these keys, in two queries (nations, organizations)."""
    nations = Nation.objects.in_bulk([key // 2 for key in keys if key % 2 == 0])
    organizations = Organization.objects.in_bulk([key // 2 for key in keys if key % 2 == 1])
    organization_keys = {key * 2 + 1: Participant(organization=item) for key, item in organizations.items()}
    return {key * 2: Participant(nation=item) for key, item in nations.items()} | organization_keys


def partners(nation, participations):
    """The other participants of the meetings where `nation` has a participation, with how many such meetings each
    shares with it and the last one, most frequent first. Both participations of a pair are among `participations`.

    The meetings of `nation` are a semi-join (`meeting_id IN (...)`), which is the self-join on the meeting since a
    nation takes part in a meeting once. The last meeting is the greatest "YYYY-MM-DD slug" of the shared meetings
    (the latest day, then the greatest slug): one MAX in the same GROUP BY, where a subquery per partner would
    read its meetings again."""
    own_meetings = participations.filter(nation=nation).values("meeting")
    last = Concat(IsoDate("meeting__start_date"), Value(" "), "meeting__slug", output_field=CharField())
    rows = list(
        participations.filter(meeting__in=own_meetings)
        .exclude(nation=nation)
        .order_by()
        .values(participant=participant_key())
        .annotate(meetings=Count("pk"), last=Max(last))
    )
    named = participants([row["participant"] for row in rows])
    meetings = Meeting.objects.only("slug", "title", "start_date").in_bulk(
        [row["last"].split(" ", 1)[1] for row in rows], field_name="slug"
    )
    found = [
        Partner(
            participant=named[row["participant"]],
            meetings=row["meetings"],
            last_meeting=meetings[row["last"].split(" ", 1)[1]],
        )
        for row in rows
    ]
    return sorted(found, key=lambda partner: (-partner.meetings, partner.participant.key))


def network(participations):
    """Participants (nodes, with their number of meetings) and the pairs that share meetings (edges, weighted by
    their number of shared meetings), among `participations`.

    One self-join of the participations on their meeting, grouped by pair. Each pair is counted once, from its
    participant with the smaller key to the greater; the pairs of a participant with itself (equal keys) count its
    own meetings, which gives the nodes in the same query. The filtered participations are the ORM's own SQL,
    used on both sides of the join (PostgreSQL and SQLite both inline such subqueries):

        SELECT a.participant, b.participant, COUNT(*)
        FROM (<participations>) a JOIN (<participations>) b
          ON b.meeting_id = a.meeting_id AND a.participant <= b.participant
        GROUP BY a.participant, b.participant
    """
    keyed = participations.order_by().values("meeting_id", participant=participant_key())
    subquery, params = keyed.query.sql_with_params()
    connection = connections[participations.db]
    meeting, participant = (connection.ops.quote_name(name) for name in ("meeting_id", "participant"))
    sql = (
        f"SELECT a.{participant}, b.{participant}, COUNT(*) FROM ({subquery}) a JOIN ({subquery}) b "
        f"ON b.{meeting} = a.{meeting} AND a.{participant} <= b.{participant} "
        f"GROUP BY a.{participant}, b.{participant}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *params))
        pairs = cursor.fetchall()
    named = participants({key for a, b, _ in pairs for key in (a, b)})
    nodes = [Node(participant=named[a], meetings=count) for a, b, count in pairs if a == b]
    edges = [Edge(*sorted((named[a].key, named[b].key)), meetings=count) for a, b, count in pairs if a != b]
    return Network(
        nodes=sorted(nodes, key=lambda node: (-node.meetings, node.participant.key)),
        edges=sorted(edges, key=lambda edge: (-edge.meetings, edge.source, edge.target)),
    )


# Summaries: each group has a key, a name, and the same counts.


@dataclasses.dataclass(frozen=True)
class Grouping:
    key: object  # an expression
    name: object = None  # an expression, or None when the name comes from `labels` (or is the key)
    labels: dict = dataclasses.field(default_factory=dict)
    only: Q = dataclasses.field(default_factory=Q)  # the participations that have a group


GROUPINGS = {
    "nation": Grouping(F("nation__code"), F("nation__name"), only=Q(nation__isnull=False)),
    "participant": Grouping(participant_key()),
    "role": Grouping(F("role__code"), F("role__name")),
    "status": Grouping(F("status"), labels=dict(ParticipationStatus.choices)),
    "attendance": Grouping(
        F("attendance_mode"),
        labels={**dict(AttendanceMode.choices), None: "No attendance mode: not taking part, or not known yet"},
    ),
    "level": Grouping(F("meeting__level"), labels={**dict(MeetingLevel.choices), None: "Level not recorded"}),
    "year": Grouping(ExtractYear("meeting__start_date")),
}


def counts():
    """What each group counts: participations, distinct meetings, and participations per status and per mode."""
    return {
        "participations": Count("pk"),
        "meetings": Count("meeting", distinct=True),
        **{status: Count("pk", filter=Q(status=status)) for status in ParticipationStatus.values},
        **{mode: Count("pk", filter=Q(attendance_mode=mode)) for mode in AttendanceMode.values},
    }


@dataclasses.dataclass
class Summary:
    group_by: str
    totals: dict  # the counts over every participation of the filter, grouped or not
    groups: list[dict]  # {key, name, **counts}, largest first


def summary(participations, group_by):
    """Counts of `participations` per group, in one GROUP BY (and one more query for the totals)."""
    grouping = GROUPINGS[group_by]
    names = {"group_name": grouping.name} if grouping.name is not None else {}
    rows = list(
        participations.filter(grouping.only).order_by().values(group=grouping.key, **names).annotate(**counts())
    )
    if group_by == "participant":
        named = participants([row["group"] for row in rows])
        for row in rows:
            participant = named[row["group"]]
            row["group"], row["group_name"] = participant.key, participant.name
    groups = [
        {
            "key": None if row["group"] is None else str(row["group"]),
            "name": row.pop("group_name", None) or grouping.labels.get(row["group"], str(row["group"])),
            **{name: row[name] for name in counts()},
        }
        for row in rows
    ]
    groups.sort(key=lambda group: (-group["participations"], group["key"] is None, group["key"] or ""))
    return Summary(group_by=group_by, totals=participations.order_by().aggregate(**counts()), groups=groups)


# A meeting's participants by membership of an organization.


@dataclasses.dataclass
class Blocs(reporting.Absentees):
    """The absentees report of `reporting.absentees`, with the meeting's participations split by membership."""

    members: list[Participation]
    non_members: list[Participation]
    organizations: list[Participation]


def blocs(meeting, organization):
    """Every participation of `meeting`: of nations that were members of `organization` on its first day, of other
    nations, and of organizations; with the members that did not take part, as `absentees/` reports them."""
    report = reporting.absentees(meeting, organization)
    member_ids = set(Nation.objects.members_of(organization, on=meeting.start_date).values_list("pk", flat=True))
    participations = list(
        Participation.objects.filter(meeting=meeting).select_related("nation", "organization", "role")
    )
    return Blocs(
        **vars(report),
        members=[item for item in participations if item.nation_id in member_ids],
        non_members=[item for item in participations if item.nation_id and item.nation_id not in member_ids],
        organizations=[item for item in participations if item.organization_id],
    )
