"""Fixed vocabularies. Their values are part of the public API and the OpenAPI enums: never rename a value."""

from django.db import models

__all__ = [
    "AttendanceMode",
    "ChangeType",
    "ContributionCategory",
    "ContributionStatus",
    "CountQualifier",
    "ImportOutcome",
    "MeetingFormat",
    "MeetingLevel",
    "MeetingStatus",
    "OrganizationKind",
    "ParticipationStatus",
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


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remote"
    UNSPECIFIED = "unspecified", "Attends, mode not stated"


class ContributionCategory(models.TextChoices):
    HEAVY_WEAPONRY = "heavy_weaponry", "Heavy weaponry"
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
    MEETINGS = "meetings", "Meetings"
    MEMBERSHIPS = "memberships", "Memberships"
    NATIONS = "nations", "Nations"
    ORGANIZATIONS = "organizations", "Organizations"
    PARTICIPATIONS = "participations", "Participations"
    ROLES = "roles", "Roles"
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
