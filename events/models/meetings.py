import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from events.models.base import TrackedModel, bounded_text, record_history, room_for_one_more
from events.models.choices import CountQualifier, MeetingFormat, MeetingLevel, MeetingStatus
from events.querysets import MeetingQuerySet

__all__ = ["Meeting", "Session"]

# One text per rule, shared by the database constraint and clean() (which puts it on the field it concerns).
ENDS_BEFORE_START = "A meeting cannot end before it starts."
COUNT_NEEDS_QUALIFIER = "A reported number of nations needs its qualifier, and a qualifier its number."
TIME_NEEDS_TIMEZONE = "A meeting time needs a time zone."


@functools.cache
def iana_timezone_names():
    """Reading the tz database takes milliseconds; it does not change while the process runs."""
    return zoneinfo.available_timezones()


def validate_timezone(value):
    if value not in iana_timezone_names():
        raise ValidationError(f'"{value}" is not an IANA time zone name (e.g. Europe/Paris).')


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
        help_text="The series or larger meeting this one belongs to.",
    )
    reported_nation_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
        help_text="Number of nations the sources report; the named participations may be only some of them.",
    )
    reported_nation_count_qualifier = models.CharField(
        max_length=20,
        choices=CountQualifier.choices,
        null=True,
        blank=True,
        help_text='How the reported number is meant: "more than 30" is 30 with more_than.',
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
                condition=Q(reported_nation_count__isnull=True, reported_nation_count_qualifier__isnull=True)
                | Q(reported_nation_count__isnull=False, reported_nation_count_qualifier__isnull=False),
                name="meeting_reported_count_with_qualifier",
                violation_error_message=COUNT_NEEDS_QUALIFIER,
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True) | ~Q(timezone=""),
                name="meeting_time_has_timezone",
                violation_error_message=TIME_NEEDS_TIMEZONE,
            ),
            models.CheckConstraint(condition=~Q(level=""), name="meeting_level_not_blank"),
            models.CheckConstraint(
                condition=~Q(reported_nation_count_qualifier=""), name="meeting_count_qualifier_not_blank"
            ),
        ]
        indexes = [
            models.Index(fields=["start_date", "end_date"]),
            models.Index(fields=["status", "start_date"]),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        # An optional choice left out is NULL, never "".
        self.level = self.level or None
        self.reported_nation_count_qualifier = self.reported_nation_count_qualifier or None
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = ENDS_BEFORE_START
        elif self.start_date == self.end_date and self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = ENDS_BEFORE_START
        if (self.start_time or self.end_time) and not self.timezone:
            errors["timezone"] = TIME_NEEDS_TIMEZONE
        if (self.reported_nation_count is None) != (self.reported_nation_count_qualifier is None):
            field = "reported_nation_count" if self.reported_nation_count is None else "reported_nation_count_qualifier"
            errors[field] = COUNT_NEEDS_QUALIFIER
        if self.pk and self.parent_id and self.pk in self._ancestor_ids():
            errors["parent"] = "A meeting cannot be its own parent or the parent of one of its parents."
        if errors:
            raise ValidationError(errors)

    def _ancestor_ids(self):
        """IDs up the parent chain; a series is a few levels deep, so one query per level is fine here."""
        ids, parent_id = [], self.parent_id
        while parent_id is not None and parent_id not in ids:
            ids.append(parent_id)
            parent_id = Meeting.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        return ids


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
