"""Answers about meetings that need more than one table and must stay honest about what the sources do not say."""

import dataclasses
import datetime

from events.models import AbsenteeStatus, Meeting, Nation, Organization, Participation, ParticipationStatus

# Statuses that say a participant did not take part.
NOT_TAKING_PART = (ParticipationStatus.ABSENT, ParticipationStatus.DECLINED)
# Statuses that do not say whether it took part.
NOT_YET_KNOWN = (ParticipationStatus.INVITED, ParticipationStatus.CONFIRMED)


@dataclasses.dataclass
class Absentee:
    nation: Nation
    status: AbsenteeStatus
    participation: Participation | None


@dataclasses.dataclass
class Absentees:
    """Which members of an organization did not take part in a meeting, as far as the sources say."""

    meeting: Meeting
    organization: Organization
    on: datetime.date
    participants_complete: bool
    absentees: list[Absentee]
    unknown: list[Nation]  # members whose taking part the sources leave open
    member_count: int

    @property
    def statement(self):
        name = self.organization.short_name or self.organization.name
        members = f"{len(self.absentees)} of {name}'s {self.member_count} members"
        others = f"{len(self.unknown)} other" + ("s" if len(self.unknown) > 1 else "")
        unknown = f"; whether {others} took part is unknown" if self.unknown else ""
        if self.participants_complete:
            return f"The list of participants is complete as reported: {members} did not take part{unknown}."
        return f"The list of participants is partial: {members} are reported as not taking part{unknown}."


def absentees(meeting, organization):
    """The members of `organization` on the meeting's first day that are recorded as absent or declined, and, when
    the meeting's list of participants is complete, those with no participation at all. Unknown are the members with
    no participation in a partial list, and those only recorded as invited or confirmed: no source says whether they
    took part."""
    members = list(Nation.objects.members_of(organization, on=meeting.start_date).order_by("name", "code"))
    participations = {
        item.nation_id: item for item in Participation.objects.filter(meeting=meeting, nation__in=members)
    }
    listed, unknown = [], []
    for nation in members:
        participation = participations.get(nation.pk)
        if participation is None:
            if meeting.participants_complete:
                listed.append(Absentee(nation=nation, status=AbsenteeStatus.NOT_LISTED, participation=None))
            else:
                unknown.append(nation)
        elif participation.status in NOT_TAKING_PART:
            listed.append(Absentee(nation=nation, status=participation.status, participation=participation))
        elif participation.status in NOT_YET_KNOWN:
            unknown.append(nation)
    return Absentees(
        meeting=meeting,
        organization=organization,
        on=meeting.start_date,
        participants_complete=meeting.participants_complete,
        absentees=listed,
        unknown=unknown,
        member_count=len(members),
    )
