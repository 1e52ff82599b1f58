"""Answers about meetings that need more than one table and must stay honest about what the sources do not say."""

import dataclasses
import datetime

from events.models import AbsenteeStatus, Meeting, Nation, Organization, Participation, ParticipationStatus

# Statuses that say a participant did not take part.
NOT_TAKING_PART = (ParticipationStatus.ABSENT, ParticipationStatus.DECLINED)


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
    unknown: list[Nation]  # members with no participation when the list of participants is partial

    @property
    def statement(self):
        if self.participants_complete:
            return (
                f"The list of participants is complete as reported: {len(self.absentees)} of the "
                f"{self.organization}'s members did not take part."
            )
        return (
            f"The list of participants is partial: {len(self.absentees)} members are reported as not taking part; "
            f"whether the other {len(self.unknown)} members without a recorded participation took part is unknown."
        )


def absentees(meeting, organization):
    """The members of `organization` on the meeting's first day that are recorded as absent or declined, and, when
    the meeting's list of participants is complete, those with no participation at all. When the list is partial,
    the members with no participation are `unknown`: their absence is not asserted."""
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
    return Absentees(
        meeting=meeting,
        organization=organization,
        on=meeting.start_date,
        participants_complete=meeting.participants_complete,
        absentees=listed,
        unknown=unknown,
    )
