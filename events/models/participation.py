from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from events.models.base import TrackedModel, bounded_text, digest, record_history, room_for_one_more
from events.models.choices import AttendanceMode, ContributionCategory, ContributionStatus, ParticipationStatus
from events.querysets import ContributionQuerySet, ParticipationQuerySet

__all__ = ["Contribution", "Participation", "ParticipationRole"]

# One text per rule, shared by the database constraint and clean() (which puts it on the field it concerns).
DUPLICATE_NATION = "This nation already takes part in this meeting."
DECLINED_HAS_NO_MODE = "A nation that declined has no attendance mode."
ATTENDED_NEEDS_MODE = "A nation that attended needs an attendance mode (unspecified if the source does not say)."
MEETING_XOR_ORGANIZATION = "A contribution belongs to either a meeting or an organization, not both."
UNPLEDGED_ONLY_PROPOSED = "A component nobody has pledged can only be proposed."
DUPLICATE_CONTRIBUTION = (
    "This contribution is already recorded: same meeting or organization, nation, category and description."
)


@bounded_text
class ParticipationRole(TrackedModel):
    """The part a nation plays in a meeting (lead, participant, observer, ...): a vocabulary staff can extend."""

    code = models.SlugField(max_length=30, unique=True, help_text="Public key of the role (e.g. lead).")
    name = models.CharField(max_length=100, help_text="Name shown to people (e.g. Lead).")
    description = models.TextField(max_length=1000, blank=True, help_text="What the role means.")

    history = record_history()

    class Meta:
        ordering = ["name", "code"]

    def __str__(self):
        return self.name


@bounded_text
class Participation(TrackedModel):
    """One nation's part in one meeting: invited, confirmed, declined or attended, and how."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="participations")
    # PROTECT: nations and roles are reference data.
    nation = models.ForeignKey("events.Nation", on_delete=models.PROTECT, related_name="participations")
    role = models.ForeignKey(ParticipationRole, on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(
        max_length=20,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.INVITED,
        help_text="Invited, confirmed, declined or attended.",
    )
    attendance_mode = models.CharField(
        max_length=20,
        choices=AttendanceMode.choices,
        null=True,
        blank=True,
        help_text="How the nation takes part; `unspecified` when the source says it attends but not how; "
        "empty when it does not attend.",
    )
    representative = models.CharField(
        max_length=300,
        blank=True,
        help_text='Who represents the nation, as the source puts it (e.g. "official of the National Security '
        'and Defense Council").',
    )
    notes = models.TextField(
        max_length=2000, blank=True, help_text="Anything else the sources say about this participation."
    )
    sources = models.ManyToManyField(
        "events.Source", blank=True, related_name="participations", help_text="The sources that support this record."
    )

    objects = ParticipationQuerySet.as_manager()
    history = record_history(m2m_fields=["sources"])

    class Meta:
        ordering = ["meeting", "nation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "nation"],
                name="participation_unique_nation",
                violation_error_code="duplicate",
                violation_error_message=DUPLICATE_NATION,
            ),
            models.CheckConstraint(
                condition=~Q(status=ParticipationStatus.DECLINED) | Q(attendance_mode__isnull=True),
                name="participation_declined_has_no_mode",
                violation_error_message=DECLINED_HAS_NO_MODE,
            ),
            models.CheckConstraint(
                condition=~Q(status=ParticipationStatus.ATTENDED) | Q(attendance_mode__isnull=False),
                name="participation_attended_has_mode",
                violation_error_message=ATTENDED_NEEDS_MODE,
            ),
            models.CheckConstraint(condition=~Q(attendance_mode=""), name="participation_attendance_mode_not_blank"),
        ]
        indexes = [
            models.Index(fields=["nation", "status"]),
            models.Index(fields=["role", "meeting"]),
        ]

    def __str__(self):
        return f"{self.nation} at {self.meeting}"

    MAX_PER_MEETING = 500

    def clean(self):
        room_for_one_more(self, "meeting", self.MAX_PER_MEETING)
        self.attendance_mode = self.attendance_mode or None  # no mode is NULL, never ""
        errors = {}
        if self.status == ParticipationStatus.DECLINED and self.attendance_mode:
            errors["attendance_mode"] = DECLINED_HAS_NO_MODE
        if self.status == ParticipationStatus.ATTENDED and not self.attendance_mode:
            errors["attendance_mode"] = ATTENDED_NEEDS_MODE
        if (
            self.meeting_id
            and self.nation_id
            and Participation.objects.filter(meeting_id=self.meeting_id, nation_id=self.nation_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["nation"] = ValidationError(DUPLICATE_NATION, code="duplicate")
        if errors:
            raise ValidationError(errors)


@bounded_text
class Contribution(TrackedModel):
    """What a nation offers to a meeting's or an organization's effort.

    With no nation, it is a component the effort calls for that nobody has pledged yet.
    """

    meeting = models.ForeignKey(
        "events.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="contributions"
    )
    # PROTECT: an organization's contributions are history; delete them first on purpose.
    organization = models.ForeignKey(
        "events.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        help_text="The coalition or organization whose effort this serves, when it is not one meeting's.",
    )
    # PROTECT: nations are reference data.
    nation = models.ForeignKey(
        "events.Nation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        help_text="Contributing nation; empty for a component nobody has pledged yet.",
    )
    category = models.CharField(max_length=20, choices=ContributionCategory.choices, help_text="Kind of contribution.")
    description = models.TextField(max_length=2000, help_text="What is offered or called for, in the sources' terms.")
    description_digest = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the description.")
    quantity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2_000_000_000)],
        help_text="How many, when the source says.",
    )
    unit = models.CharField(max_length=50, blank=True, help_text="What the quantity counts (e.g. troops, aircraft).")
    status = models.CharField(
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.PROPOSED,
        help_text="Proposed, pledged, delivered or withdrawn; a component nobody has pledged is only proposed.",
    )
    sources = models.ManyToManyField(
        "events.Source", blank=True, related_name="contributions", help_text="The sources that support this record."
    )

    objects = ContributionQuerySet.as_manager()
    history = record_history(m2m_fields=["sources"])

    class Meta:
        ordering = ["meeting", "organization", "category", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, organization__isnull=True)
                | Q(meeting__isnull=True, organization__isnull=False),
                name="contribution_meeting_xor_organization",
                violation_error_message=MEETING_XOR_ORGANIZATION,
            ),
            models.CheckConstraint(
                condition=Q(nation__isnull=False) | Q(status=ContributionStatus.PROPOSED),
                name="contribution_unpledged_is_proposed",
                violation_error_message=UNPLEDGED_ONLY_PROPOSED,
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=1), name="contribution_quantity_positive"
            ),
            # The importer's natural key. A missing meeting, organization or nation counts as one value (NULLs would
            # otherwise never collide), and the description is compared by its digest, which any length can index.
            models.UniqueConstraint(
                Coalesce(F("meeting"), 0),
                Coalesce(F("organization"), 0),
                Coalesce(F("nation"), 0),
                F("category"),
                F("description_digest"),
                name="contribution_unique_natural_key",
                violation_error_code="duplicate",
                violation_error_message=DUPLICATE_CONTRIBUTION,
            ),
        ]

    def __str__(self):
        who = self.nation.code if self.nation_id else "unpledged"
        return f"{self.get_category_display()} ({who})"

    def save(self, *args, **kwargs):
        self.description_digest = digest(self.description)
        super().save(*args, **kwargs)

    def clean(self):
        self.description_digest = digest(self.description)  # before the unique constraint is checked
        errors = {}
        if bool(self.meeting_id) == bool(self.organization_id):
            errors["meeting"] = MEETING_XOR_ORGANIZATION
        if not self.nation_id and self.status != ContributionStatus.PROPOSED:
            errors["status"] = UNPLEDGED_ONLY_PROPOSED
        if errors:
            raise ValidationError(errors)
