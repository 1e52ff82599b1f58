from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from events.models.base import Attested, TrackedModel, bounded_text, record_history, room_for_one_more
from events.models.choices import AttendanceMode, DelegateLevel, MeetingFormat
from events.models.participation import VIRTUAL_HAS_NO_IN_PERSON
from events.querysets import DelegateQuerySet

__all__ = ["Delegate", "Person"]

DELEGATE_NEEDS_SOMEONE = "A delegate is a person, or an unnamed official described as the source does."


WIKIDATA_ITEM_TAKEN = "Another person has this Wikidata item."


@bounded_text
class Person(TrackedModel):
    """Someone who represents a participant at meetings (a head of government, a minister), reused across meetings."""

    name = models.CharField(max_length=200, help_text="Name as usually written (e.g. Keir Starmer).")
    wikidata_id = models.CharField(
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata item id: Q and a number, such as Q42.")],
        help_text="The person's Wikidata item (Q and a number), when known.",
    )
    notes = models.TextField(max_length=2000, blank=True, help_text="Anything worth knowing to tell people apart.")

    history = record_history()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="person_unique_wikidata_id",
                violation_error_code="duplicate",
                violation_error_message=WIKIDATA_ITEM_TAKEN,
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        others = Person.objects.exclude(pk=self.pk)
        if self.wikidata_id and others.filter(wikidata_id=self.wikidata_id).exists():
            raise ValidationError({"wikidata_id": ValidationError(WIKIDATA_ITEM_TAKEN, code="duplicate")})


@bounded_text
class Delegate(Attested, TrackedModel):
    """Who represented a participant at a meeting: a person, or an unnamed official as the source describes them;
    the office as the source words it, a level, how they took part, and the sessions they attended."""

    participation = models.ForeignKey("events.Participation", on_delete=models.CASCADE, related_name="delegates")
    # PROTECT: a person who represented someone is part of the record; the delegation goes first, on purpose.
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text="The person, when named.",
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text='Who, when unnamed, as the source words it (e.g. "a security and defence council official").',
    )
    office = models.CharField(
        max_length=200, blank=True, help_text="The office held, as the source words it (e.g. Prime Minister)."
    )
    level = models.CharField(
        max_length=20,
        choices=DelegateLevel.choices,
        null=True,
        blank=True,
        help_text="Rank: head of state or government, deputy, minister, military chief, ambassador, official, expert.",
    )
    attendance_mode = models.CharField(
        max_length=20,
        choices=AttendanceMode.choices,
        null=True,
        blank=True,
        help_text="How this delegate took part, when it differs from or details the participation's.",
    )
    sessions = models.ManyToManyField(
        "events.Session",
        blank=True,
        related_name="attendees",
        help_text="The sessions of the meeting the delegate attended, when the sources say (else: all or unknown).",
    )
    sources = models.ManyToManyField(
        "events.Source", blank=True, related_name="delegates", help_text="The sources that support this record."
    )

    objects = DelegateQuerySet.as_manager()
    history = record_history(m2m_fields=["sessions", "sources"])

    class Meta:
        ordering = ["participation", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(description=""),
                name="delegate_person_or_description",
                violation_error_message=DELEGATE_NEEDS_SOMEONE,
            ),
            models.UniqueConstraint(
                fields=["participation", "person"],
                condition=Q(person__isnull=False),
                name="delegate_unique_person",
                violation_error_code="duplicate",
                violation_error_message="This person is already a delegate of this participation.",
            ),
            models.UniqueConstraint(
                fields=["participation", "description"],
                condition=Q(person__isnull=True),
                name="delegate_unique_description",
                violation_error_code="duplicate",
                violation_error_message="This participation already has an unnamed delegate described this way.",
            ),
            models.CheckConstraint(condition=~Q(level=""), name="delegate_level_not_blank"),
            models.CheckConstraint(condition=~Q(attendance_mode=""), name="delegate_attendance_mode_not_blank"),
        ]

    MAX_PER_PARTICIPATION = 100

    def __str__(self):
        who = self.person.name if self.person_id else self.description
        return f"{who}, {self.office}" if self.office else who

    def clean(self):
        room_for_one_more(self, "participation", self.MAX_PER_PARTICIPATION)
        self.level = self.level or None
        self.attendance_mode = self.attendance_mode or None
        errors = {}
        if not self.person_id and not self.description:
            errors["description"] = DELEGATE_NEEDS_SOMEONE
        if (
            self.attendance_mode == AttendanceMode.IN_PERSON
            and self.participation_id
            and self.participation.meeting.format == MeetingFormat.VIRTUAL
        ):
            errors["attendance_mode"] = VIRTUAL_HAS_NO_IN_PERSON
        if errors:
            raise ValidationError(errors)

    def check_sessions(self, sessions):
        """A ValidationError unless every session is one of the delegate's meeting's (a rule on a many-to-many
        field, which the model cannot check before it is saved: the services and the admin call this)."""
        meeting_id = self.participation.meeting_id
        if any(session.meeting_id != meeting_id for session in sessions):
            raise ValidationError({"sessions": "A delegate attends sessions of the participation's meeting only."})
