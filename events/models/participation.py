import functools
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from events.models.base import (
    Attested,
    ChoiceListField,
    TrackedModel,
    bounded_text,
    digest,
    record_history,
    room_for_one_more,
)
from events.models.choices import (
    AttendanceMode,
    ContributionCategory,
    ContributionStatus,
    MeetingFormat,
    ParticipationStatus,
)
from events.querysets import ContributionQuerySet, ParticipationQuerySet

__all__ = ["VIRTUAL_HAS_NO_IN_PERSON", "Contribution", "Participation", "ParticipationRole", "validate_currency"]

# One text per rule, shared by the database constraint and clean() (which puts it on the field it concerns).
ONE_PARTICIPANT = "A participation names exactly one participant: a nation or an organization."
DUPLICATE_NATION = "This nation already takes part in this meeting."
DUPLICATE_ORGANIZATION = "This organization already takes part in this meeting."
NOT_TAKING_PART_HAS_NO_MODE = "A participant that declined or was reported absent has no attendance mode."
ATTENDED_NEEDS_MODE = "A participant that attended needs an attendance mode (unspecified if the source does not say)."
VIRTUAL_HAS_NO_IN_PERSON = (
    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
)
NOT_MEETING_AND_ORGANIZATION = "A contribution serves a meeting's effort or an organization's, not both."
NEEDS_NATION_OR_EFFORT = (
    "A contribution names its nation, or the meeting or organization whose effort calls for it (or both)."
)
UNPLEDGED_ONLY_PROPOSED = "A component nobody has pledged can only be proposed."
AMOUNT_NEEDS_CURRENCY = "An amount needs its currency, and a currency an amount."
DUPLICATE_CONTRIBUTION = "This contribution is already recorded: same meeting or organization, nation and description."


def validate_currency(value):
    """An active ISO 4217 code; pycountry's list changes with its version, so it is checked here, not stored as
    database choices."""
    if value not in currency_codes():
        raise ValidationError(f'"{value}" is not an ISO 4217 currency code (e.g. EUR, GBP, USD).')


@functools.cache
def currency_codes():
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


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
class Participation(Attested, TrackedModel):
    """One participant's part in one meeting (a nation, or an organization such as NATO or the EU): invited,
    confirmed, declined, reported absent or attended, and how; who represented it is in its delegates."""

    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="participations")
    # PROTECT: nations, organizations and roles are reference data.
    nation = models.ForeignKey(
        "events.Nation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The participating nation (or else an organization).",
    )
    organization = models.ForeignKey(
        "events.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The participating organization, such as NATO or the EU (or else a nation).",
    )
    role = models.ForeignKey(ParticipationRole, on_delete=models.PROTECT, related_name="participations")
    status = models.CharField(
        max_length=20,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.INVITED,
        help_text="Invited, confirmed, declined, absent (reported as not taking part, no decline reported) or "
        "attended.",
    )
    attendance_mode = models.CharField(
        max_length=20,
        choices=AttendanceMode.choices,
        null=True,
        blank=True,
        help_text="How the participant takes part: in person, remote, written (a message or statement), or "
        "unspecified when the source says it attends but not how; empty when it does not attend.",
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
        ordering = ["meeting", F("nation__name").asc(nulls_last=True), "organization__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nation__isnull=False, organization__isnull=True)
                | Q(nation__isnull=True, organization__isnull=False),
                name="participation_one_participant",
                violation_error_message=ONE_PARTICIPANT,
            ),
            models.UniqueConstraint(
                fields=["meeting", "nation"],
                condition=Q(nation__isnull=False),
                name="participation_unique_nation",
                violation_error_code="duplicate",
                violation_error_message=DUPLICATE_NATION,
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                condition=Q(organization__isnull=False),
                name="participation_unique_organization",
                violation_error_code="duplicate",
                violation_error_message=DUPLICATE_ORGANIZATION,
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ParticipationStatus.DECLINED, ParticipationStatus.ABSENT])
                | Q(attendance_mode__isnull=True),
                name="participation_not_taking_part_has_no_mode",
                violation_error_message=NOT_TAKING_PART_HAS_NO_MODE,
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
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["role", "meeting"]),
            # Who meets whom (events.analytics): the participants of a meeting, read from the index alone.
            models.Index(
                fields=["meeting", "nation", "organization"], include=["status", "role"], name="participation_pairs"
            ),
        ]

    def __str__(self):
        return f"{self.participant} at {self.meeting}"

    MAX_PER_MEETING = 500

    @property
    def participant(self):
        return self.nation if self.nation_id else self.organization

    @property
    def representative(self):
        """The delegates as one text, as the single `representative` field of API v1 showed them (deprecated)."""
        return "; ".join(str(delegate) for delegate in self.delegates.all())

    def clean(self):
        room_for_one_more(self, "meeting", self.MAX_PER_MEETING)
        self.attendance_mode = self.attendance_mode or None  # no mode is NULL, never ""
        errors = {}
        if bool(self.nation_id) == bool(self.organization_id):
            errors["nation"] = ONE_PARTICIPANT
        if self.status in (ParticipationStatus.DECLINED, ParticipationStatus.ABSENT) and self.attendance_mode:
            errors["attendance_mode"] = NOT_TAKING_PART_HAS_NO_MODE
        if self.status == ParticipationStatus.ATTENDED and not self.attendance_mode:
            errors["attendance_mode"] = ATTENDED_NEEDS_MODE
        if self.attendance_mode == AttendanceMode.IN_PERSON and self.meeting_id and _is_virtual(self.meeting):
            errors["attendance_mode"] = VIRTUAL_HAS_NO_IN_PERSON
        others = Participation.objects.filter(meeting_id=self.meeting_id).exclude(pk=self.pk)
        if self.meeting_id and self.nation_id and others.filter(nation_id=self.nation_id).exists():
            errors["nation"] = ValidationError(DUPLICATE_NATION, code="duplicate")
        if self.meeting_id and self.organization_id and others.filter(organization_id=self.organization_id).exists():
            errors["organization"] = ValidationError(DUPLICATE_ORGANIZATION, code="duplicate")
        attended = self.delegates.model.sessions.through.objects.filter(delegate__participation_id=self.pk)
        if self.pk and attended.exclude(session__meeting_id=self.meeting_id).exists():
            errors["meeting"] = "Its delegates attended sessions of its meeting: it cannot move to another."
        if errors:
            raise ValidationError(errors)


def _is_virtual(meeting):
    return meeting.format == MeetingFormat.VIRTUAL


def in_person_participants(meeting):
    """The participations and delegates of `meeting` recorded as in person: none may exist once it is virtual."""
    from events.models.people import Delegate

    return Participation.objects.filter(meeting=meeting, attendance_mode=AttendanceMode.IN_PERSON).exists() or (
        Delegate.objects.filter(participation__meeting=meeting, attendance_mode=AttendanceMode.IN_PERSON).exists()
    )


@bounded_text
class Contribution(Attested, TrackedModel):
    """What a nation offers (troops, equipment, money) to a meeting's or an organization's effort, or announces on
    its own (at a bilateral press conference), and to whom.

    With no nation, it is a component the meeting's or organization's effort calls for that nobody has pledged yet.
    """

    meeting = models.ForeignKey(
        "events.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
        help_text="The meeting whose effort this serves, or where it was announced.",
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
    recipient = models.ForeignKey(
        "events.Nation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions_received",
        help_text="The nation the contribution goes to, when the sources say (e.g. UA).",
    )
    categories = ChoiceListField(
        max_length=200,
        choices=ContributionCategory.choices,
        help_text="Kinds of contribution (one or more).",
    )
    description = models.TextField(max_length=2000, help_text="What is offered or called for, in the sources' terms.")
    description_digest = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the description.")
    quantity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2_000_000_000)],
        help_text="How many, when the source says (not money: see amount).",
    )
    unit = models.CharField(max_length=50, blank=True, help_text="What the quantity counts (e.g. troops, aircraft).")
    amount = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Money, in `currency`, when the contribution is (or is valued as) a sum.",
    )
    currency = models.CharField(
        max_length=3,
        null=True,
        blank=True,
        validators=[validate_currency],
        help_text="ISO 4217 code of the amount's currency (e.g. EUR).",
    )
    announced_on = models.DateField(null=True, blank=True, help_text="The day it was announced, when known.")
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
        ordering = ["meeting", "organization", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=True) | Q(organization__isnull=True),
                name="contribution_not_meeting_and_organization",
                violation_error_message=NOT_MEETING_AND_ORGANIZATION,
            ),
            models.CheckConstraint(
                condition=Q(nation__isnull=False) | Q(meeting__isnull=False) | Q(organization__isnull=False),
                name="contribution_nation_or_effort",
                violation_error_message=NEEDS_NATION_OR_EFFORT,
            ),
            models.CheckConstraint(
                condition=Q(nation__isnull=False) | Q(status=ContributionStatus.PROPOSED),
                name="contribution_unpledged_is_proposed",
                violation_error_message=UNPLEDGED_ONLY_PROPOSED,
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=1), name="contribution_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency__isnull=True)
                | Q(amount__isnull=False, amount__gt=0, currency__isnull=False),
                name="contribution_amount_with_currency",
                violation_error_message=AMOUNT_NEEDS_CURRENCY,
            ),
            models.CheckConstraint(condition=~Q(categories=""), name="contribution_has_a_category"),
            # The importer's natural key. A missing meeting, organization or nation counts as one value (NULLs would
            # otherwise never collide), and the description is compared by its digest, which any length can index.
            models.UniqueConstraint(
                Coalesce(F("meeting"), 0),
                Coalesce(F("organization"), 0),
                Coalesce(F("nation"), 0),
                F("description_digest"),
                name="contribution_unique_natural_key",
                violation_error_code="duplicate",
                violation_error_message=DUPLICATE_CONTRIBUTION,
            ),
        ]
        indexes = [models.Index(fields=["recipient", "announced_on"])]

    @property
    def first_category(self):
        """The first category, as the single `category` field of API v1 showed it (deprecated)."""
        return self.categories[0] if self.categories else None

    def __str__(self):
        who = self.nation.code if self.nation_id else "unpledged"
        kinds = ", ".join(ContributionCategory(value).label for value in self.categories)
        return f"{kinds} ({who})"

    def save(self, *args, **kwargs):
        self.description_digest = digest(self.description)
        super().save(*args, **kwargs)

    def clean(self):
        self.description_digest = digest(self.description)  # before the unique constraint is checked
        self.currency = self.currency or None  # no currency is NULL, never ""
        errors = {}
        if self.meeting_id and self.organization_id:
            errors["organization"] = NOT_MEETING_AND_ORGANIZATION
        elif not (self.nation_id or self.meeting_id or self.organization_id):
            errors["nation"] = NEEDS_NATION_OR_EFFORT
        if not self.nation_id and self.status != ContributionStatus.PROPOSED:
            errors["status"] = UNPLEDGED_ONLY_PROPOSED
        if (self.amount is None) != (not self.currency):
            errors["currency" if self.amount is not None else "amount"] = AMOUNT_NEEDS_CURRENCY
        if errors:
            raise ValidationError(errors)
