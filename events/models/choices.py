"""Fixed vocabularies. Their values are part of the public API and the OpenAPI enums: never rename a value."""

from django.db import models

__all__ = [
    "AbsenteeStatus",
    "AttendanceMode",
    "Basis",
    "ChangeType",
    "ContributionCategory",
    "ContributionStatus",
    "CountQualifier",
    "DelegateLevel",
    "ImportOutcome",
    "MeetingFormat",
    "MeetingLevel",
    "MeetingStatus",
    "OrganizationKind",
    "ParticipantKind",
    "ParticipationStatus",
    "RelationKind",
    "Resource",
]


class OrganizationKind(models.TextChoices):
    ALLIANCE = "alliance", "Alliance"
    UNION = "union", "Union"
    COALITION = "coalition", "Coalition"
    BODY = "body", "International body"
    OTHER = "other", "Other"


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "hybrid", "Hybrid"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class MeetingLevel(models.TextChoices):
    LEADERS = "leaders", "Heads of state or government"
    MINISTERS = "ministers", "Ministers"
    MILITARY = "military", "Military chiefs and officials"
    OFFICIALS = "officials", "Senior officials"
    EXPERTS = "experts", "Experts"


class CountQualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    AT_LEAST = "at_least", "At least"
    MORE_THAN = "more_than", "More than"
    ABOUT = "about", "About"


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    ATTENDED = "attended", "Attended"
    ABSENT = "absent", "Reported absent (no decline reported)"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remote"
    WRITTEN = "written", "By a written message or statement"
    UNSPECIFIED = "unspecified", "Attends, mode not stated"


class Basis(models.TextChoices):
    """How a fact rests on its sources."""

    STATED = "stated", "Stated by the sources"
    INFERRED = "inferred", "Inferred from the sources"
    DISPUTED = "disputed", "Disputed: sources disagree, or only one states it against others"


class DelegateLevel(models.TextChoices):
    """The rank of someone who represents a participant."""

    HEAD_OF_STATE = "head_of_state", "Head of state"
    HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
    DEPUTY_HEAD = "deputy_head", "Deputy head of state or government"
    MINISTER = "minister", "Minister"
    MILITARY_CHIEF = "military_chief", "Military chief"
    AMBASSADOR = "ambassador", "Ambassador"
    OFFICIAL = "official", "Official"
    EXPERT = "expert", "Expert"


class ParticipantKind(models.TextChoices):
    """What a participant is."""

    NATION = "nation", "Nation"
    ORGANIZATION = "organization", "Organization"


class AbsenteeStatus(models.TextChoices):
    """Why a member is listed as not taking part in a meeting."""

    ABSENT = "absent", "Reported absent"
    DECLINED = "declined", "Declined"
    NOT_LISTED = "not_listed", "Not among the participants of a complete list"


class RelationKind(models.TextChoices):
    """How one meeting relates to another, besides the parent/child tree."""

    FOLLOWS_UP = "follows_up", "Follows up"
    PREPARES = "prepares", "Prepares"


class ContributionCategory(models.TextChoices):
    HEAVY_WEAPONRY = "heavy_weaponry", "Heavy weaponry"
    AIR_DEFENCE = "air_defence", "Air defence"
    AMMUNITION = "ammunition", "Ammunition"
    INTELLIGENCE = "intelligence", "Intelligence"
    MILITARY_AID = "military_aid", "Military aid (equipment)"
    RECONSTRUCTION = "reconstruction", "Reconstruction"
    STOCKPILES = "stockpiles", "Stockpiles"
    RAPID_RESPONSE = "rapid_response", "Rapid response"
    TROOPS = "troops", "Troops"
    AIR = "air", "Air"
    NAVAL = "naval", "Naval"
    LOGISTICS = "logistics", "Logistics"
    FUNDING = "funding", "Funding"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


class ContributionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PLEDGED = "pledged", "Pledged"
    DELIVERED = "delivered", "Delivered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Resource(models.TextChoices):
    """The collections of the API, as in its addresses (`/api/v1/meetings/`)."""

    CITATIONS = "citations", "Citations"
    CONTRIBUTIONS = "contributions", "Contributions"
    DELEGATES = "delegates", "Delegates"
    MEETING_RELATIONS = "meeting-relations", "Relations between meetings"
    MEETINGS = "meetings", "Meetings"
    MEMBERSHIPS = "memberships", "Memberships"
    NATIONS = "nations", "Nations"
    ORGANIZATIONS = "organizations", "Organizations"
    PARTICIPATIONS = "participations", "Participations"
    PEOPLE = "people", "People"
    REPORTED_COUNTS = "reported-counts", "Reported counts"
    ROLES = "roles", "Roles"
    SERIES = "series", "Series"
    SESSIONS = "sessions", "Sessions"
    SOURCES = "sources", "Sources"


class ChangeType(models.TextChoices):
    """What a change did to an object, in its history."""

    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"


class ImportOutcome(models.TextChoices):
    """What an import did (or would do) to a record."""

    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Unchanged"
