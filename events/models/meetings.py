import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from events.models.base import Attested, TrackedModel, bounded_text, record_history, room_for_one_more
from events.models.choices import (
    CountQualifier,
    MeetingFormat,
    MeetingLevel,
    MeetingStatus,
    ParticipationStatus,
    RelationKind,
)
from events.models.participation import VIRTUAL_HAS_NO_IN_PERSON, in_person_participants
from events.querysets import MeetingQuerySet, SeriesQuerySet

__all__ = ["Meeting", "MeetingRelation", "ReportedCount", "Series", "Session"]

# One text per rule, shared by the database constraint and clean() (which puts it on the field it concerns).
ENDS_BEFORE_START = "A meeting cannot end before it starts."
TIME_NEEDS_TIMEZONE = "A meeting time needs a time zone."
SESSION_OUTSIDE_MEETING = "A session's date is one of its meeting's days."


@functools.cache
def iana_timezone_names():
    """Reading the tz database takes milliseconds; it does not change while the process runs."""
    return zoneinfo.available_timezones()


def validate_timezone(value):
    if value not in iana_timezone_names():
        # A name the tz database does not know, like an unknown nation code: `does_not_exist`.
        raise ValidationError(f'"{value}" is not an IANA time zone name (e.g. Europe/Paris).', code="does_not_exist")


@bounded_text
class Series(TrackedModel):
    """A named series of meetings (the coalition of the willing's meetings), whatever their parent/child tree."""

    slug = models.SlugField(max_length=100, unique=True, help_text="Public key of the series, used in URLs.")
    name = models.CharField(max_length=200, help_text="Name of the series (e.g. Coalition of the willing).")
    description = models.TextField(max_length=2000, blank=True, help_text="What the series is, in a sentence or two.")

    objects = SeriesQuerySet.as_manager()
    history = record_history()

    class Meta:
        ordering = ["name", "slug"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.name


@bounded_text
class Meeting(TrackedModel):
    """A summit, talk or conference: the unit that participations, sessions and contributions belong to."""

    title = models.CharField(max_length=200, help_text="Name of the meeting, as reported.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Public key of the meeting, used in URLs.")
    summary = models.TextField(max_length=5000, blank=True, help_text="What happened, in a few sentences.")
    purpose = models.CharField(max_length=300, blank=True, help_text="Purpose or topic of the meeting.")
    start_date = models.DateField(help_text="First day of the meeting (local date at the venue).")
    end_date = models.DateField(blank=True, help_text="Last day of the meeting, inclusive; defaults to the first day.")
    start_time = models.TimeField(null=True, blank=True, help_text="Local start time, when known.")
    end_time = models.TimeField(null=True, blank=True, help_text="Local end time, when known.")
    timezone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text="IANA time zone of the times (e.g. Europe/Paris); required when a time is given.",
    )
    city = models.CharField(max_length=100, blank=True, help_text="City where the meeting takes place.")
    venue = models.CharField(max_length=200, blank=True, help_text="Building or site, when reported.")
    # PROTECT: nations are reference data.
    host_country = models.ForeignKey(
        "events.Nation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        help_text="Nation where the meeting takes place.",
    )
    format = models.CharField(
        max_length=20,
        choices=MeetingFormat.choices,
        default=MeetingFormat.IN_PERSON,
        help_text="How the meeting is held: in person, virtual, or hybrid (some join remotely).",
    )
    status = models.CharField(
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
        help_text="Whether the meeting is scheduled, was held, postponed or cancelled.",
    )
    level = models.CharField(
        max_length=20,
        choices=MeetingLevel.choices,
        null=True,
        blank=True,
        help_text="Who meets: leaders, ministers, military chiefs, officials or experts.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The larger meeting this one is part of (a summit's working group).",
    )
    # SET_NULL: a meeting is still a meeting when its series record goes.
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="The named series the meeting belongs to.",
    )
    participants_complete = models.BooleanField(
        default=False,
        help_text="The participations recorded are every participant, as the sources report them. When false, a "
        "nation with no participation may or may not have taken part: its absence is unknown, not asserted.",
    )
    sources = models.ManyToManyField(
        "events.Source", blank=True, related_name="meetings", help_text="The sources that support this record."
    )

    objects = MeetingQuerySet.as_manager()
    history = record_history(m2m_fields=["sources"])

    class Meta:
        ordering = ["-start_date", "title", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="meeting_end_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True) | ~Q(timezone=""),
                name="meeting_time_has_timezone",
                violation_error_message=TIME_NEEDS_TIMEZONE,
            ),
            models.CheckConstraint(condition=~Q(level=""), name="meeting_level_not_blank"),
        ]
        indexes = [
            models.Index(fields=["start_date", "end_date"]),
            models.Index(fields=["status", "start_date"]),
            # The list's order, so that a page (by cursor or offset) reads the index rather than sorting the table.
            models.Index(fields=["-start_date", "title", "slug"], name="meeting_list_order"),
        ]

    def __str__(self):
        return self.title

    @property
    def named_nation_count(self):
        """Nations recorded as having attended (read from the prefetched participations when there are some)."""
        return sum(
            1 for item in self.participations.all() if item.nation_id and item.status == ParticipationStatus.ATTENDED
        )

    @property
    def count_conflict(self):
        """Whether more nations are recorded as attending than an `exact` reported count says."""
        named = self.named_nation_count
        return any(item.qualifier == CountQualifier.EXACT and named > item.count for item in self.reported_counts.all())

    @property
    def _only_reported_count(self):
        counts = list(self.reported_counts.all())
        return counts[0] if len(counts) == 1 else None

    @property
    def reported_nation_count(self):
        """The one reported count, as API v1 showed it (deprecated): None when there is none, or several."""
        count = self._only_reported_count
        return count.count if count else None

    @property
    def reported_nation_count_qualifier(self):
        count = self._only_reported_count
        return count.qualifier if count else None

    def clean(self):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        # An optional choice left out is NULL, never "".
        self.level = self.level or None
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ENDS_BEFORE_START
        elif self.start_date == self.end_date and self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = ENDS_BEFORE_START
        if (self.start_time or self.end_time) and not self.timezone:
            errors["timezone"] = TIME_NEEDS_TIMEZONE
        if self.pk and self.format == MeetingFormat.VIRTUAL and in_person_participants(self):
            errors["format"] = VIRTUAL_HAS_NO_IN_PERSON
        if self.pk and self.parent_id and self.pk in self._ancestor_ids():
            errors["parent"] = "A meeting cannot be its own parent or the parent of one of its parents."
        if self.pk and self.start_date and not errors.keys() & {"end_date"} and self._sessions_outside_its_days():
            errors["start_date"] = "The meeting's days must keep its dated sessions: move or undate those first."
        if errors:
            raise ValidationError(errors)

    def _sessions_outside_its_days(self):
        dated = self.sessions.exclude(date=None)
        return dated.filter(models.Q(date__lt=self.start_date) | models.Q(date__gt=self.end_date)).exists()

    def _ancestor_ids(self):
        """IDs up the parent chain; a series is a few levels deep, so one query per level is fine here."""
        ids, parent_id = [], self.parent_id
        while parent_id is not None and parent_id not in ids:
            ids.append(parent_id)
            parent_id = Meeting.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        return ids


@bounded_text
class ReportedCount(Attested, TrackedModel):
    """A number of participating nations as one source reports it. Sources often disagree ("more than 20", "over
    30"): a meeting keeps every report, each with its qualifier, source and basis."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reported_counts")
    count = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(1000)], help_text="The number of nations reported."
    )
    qualifier = models.CharField(
        max_length=20,
        choices=CountQualifier.choices,
        default=CountQualifier.EXACT,
        help_text='How the number is meant: "more than 30" is 30 with more_than.',
    )
    sources = models.ManyToManyField(
        "events.Source", blank=True, related_name="reported_counts", help_text="The sources that report it."
    )

    history = record_history(m2m_fields=["sources"])

    class Meta:
        ordering = ["meeting", "count", "qualifier", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="reportedcount_count_positive"),
            models.UniqueConstraint(
                fields=["meeting", "count", "qualifier"],
                name="reportedcount_unique",
                violation_error_code="duplicate",
                violation_error_message="This meeting already has this reported count: add the source to it instead.",
            ),
        ]

    MAX_PER_MEETING = 20

    def __str__(self):
        return f"{self.get_qualifier_display()} {self.count} nations"

    def clean(self):
        room_for_one_more(self, "meeting", self.MAX_PER_MEETING)


@bounded_text
class MeetingRelation(Attested, TrackedModel):
    """A typed link between two meetings besides the tree: this one follows up, or prepares, another."""

    from_meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="relations", help_text="The meeting that relates to another."
    )
    to_meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="related_from", help_text="The meeting it relates to."
    )
    kind = models.CharField(max_length=20, choices=RelationKind.choices, help_text="follows_up or prepares.")
    sources = models.ManyToManyField(
        "events.Source", blank=True, related_name="meeting_relations", help_text="The sources that state it."
    )

    history = record_history(m2m_fields=["sources"])

    class Meta:
        ordering = ["from_meeting", "kind", "to_meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_meeting", "to_meeting", "kind"],
                name="meetingrelation_unique",
                violation_error_code="duplicate",
                violation_error_message="These meetings are already related this way.",
            ),
            models.CheckConstraint(
                condition=~Q(from_meeting=F("to_meeting")),
                name="meetingrelation_not_to_itself",
                violation_error_message="A meeting cannot relate to itself.",
            ),
        ]

    MAX_PER_MEETING = 50

    def __str__(self):
        return f"{self.from_meeting} {self.get_kind_display().lower()} {self.to_meeting}"

    def clean(self):
        room_for_one_more(self, "from_meeting", self.MAX_PER_MEETING)
        if self.from_meeting_id and self.from_meeting_id == self.to_meeting_id:
            raise ValidationError({"to_meeting": "A meeting cannot relate to itself."})


@bounded_text
class Session(TrackedModel):
    """An agenda item of a meeting, in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="Position in the meeting's agenda, from 1.",
    )
    title = models.CharField(max_length=200, help_text="What the session is about.")
    description = models.TextField(max_length=2000, blank=True, help_text="More detail, when reported.")
    date = models.DateField(null=True, blank=True, help_text="Day of the session, within the meeting's days.")
    start_time = models.TimeField(null=True, blank=True, help_text="Local start time, when known.")
    end_time = models.TimeField(null=True, blank=True, help_text="Local end time, when known.")

    history = record_history()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"],
                name="session_unique_order",
                violation_error_code="duplicate",
                violation_error_message="This meeting already has a session at that position.",
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="session_order_from_one"),
        ]

    MAX_PER_MEETING = 100

    def __str__(self):
        return f"{self.order}. {self.title}"

    def clean(self):
        room_for_one_more(self, "meeting", self.MAX_PER_MEETING)
        meeting = self.meeting if self.meeting_id else None
        if self.date and meeting and not meeting.start_date <= self.date <= (meeting.end_date or meeting.start_date):
            raise ValidationError({"date": SESSION_OUTSIDE_MEETING})
        if (self.start_time or self.end_time) and not self.date:
            raise ValidationError({"date": "A session time needs the session's date."})
        if self.pk and self.attendees.exclude(participation__meeting_id=self.meeting_id).exists():
            raise ValidationError({"meeting": "Delegates of this session's meeting attended it: it cannot move."})
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": "A session cannot end before it starts."})
