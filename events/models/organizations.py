from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from events.models.base import TrackedModel, bounded_text, record_history, room_for_one_more
from events.models.choices import OrganizationKind
from events.querysets import MembershipQuerySet, OrganizationQuerySet

__all__ = ["Membership", "Organization"]

ENDS_BEFORE_START = "A membership cannot end before it starts."
SAME_START = "This nation already has a membership of this organization from that date."


@bounded_text
class Organization(TrackedModel):
    """An alliance, union, coalition or international body whose membership changes over time."""

    slug = models.SlugField(
        max_length=50,
        unique=True,
        validators=[RegexValidator(r"^[-a-z0-9_]+$", "Lower-case letters, digits, hyphens and underscores only.")],
        help_text="Public key of the organization, in lower case (e.g. nato): an upper-case pair of letters is a "
        "nation's code wherever either may be given (`participant=FR,nato`).",
    )
    name = models.CharField(max_length=200, help_text="Full name (e.g. North Atlantic Treaty Organization).")
    short_name = models.CharField(max_length=50, blank=True, help_text="Acronym or short name (e.g. NATO).")
    kind = models.CharField(
        max_length=20,
        choices=OrganizationKind.choices,
        default=OrganizationKind.OTHER,
        help_text="Alliance, union, coalition, international body or other.",
    )
    description = models.TextField(
        max_length=2000, blank=True, help_text="What the organization is, in a sentence or two."
    )

    objects = OrganizationQuerySet.as_manager()
    history = record_history()

    class Meta:
        ordering = ["name", "slug"]
        constraints = [models.CheckConstraint(condition=Q(slug=Lower("slug")), name="organization_slug_lower_case")]

    def __str__(self):
        return self.short_name or self.name


@bounded_text
class Membership(TrackedModel):
    """One continuous period of a nation's membership of an organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    # PROTECT: nations are reference data; deleting one must not silently rewrite history.
    nation = models.ForeignKey("events.Nation", on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(help_text="First day of membership.")
    end_date = models.DateField(
        null=True, blank=True, help_text="Last day of membership, inclusive; empty while the membership lasts."
    )

    objects = MembershipQuerySet.as_manager()
    history = record_history()

    class Meta:
        ordering = ["organization", "start_date", "nation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "nation", "start_date"],
                name="membership_unique_start",
                violation_error_code="duplicate",
                violation_error_message=SAME_START,
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
        ]

    def __str__(self):
        until = self.end_date.isoformat() if self.end_date else "today"
        return f"{self.nation.code} in {self.organization} from {self.start_date.isoformat()} to {until}"

    MAX_PER_ORGANIZATION = 1000

    def clean(self):
        room_for_one_more(self, "organization", self.MAX_PER_ORGANIZATION)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": ENDS_BEFORE_START})
        if self.organization_id and self.nation_id and self.start_date:
            periods = Membership.objects.filter(organization_id=self.organization_id, nation_id=self.nation_id)
            if periods.filter(start_date=self.start_date).exclude(pk=self.pk).exists():
                return  # the same period again: the unique constraint reports the duplicate (a 409), not an overlap
            overlapping = (
                Membership.objects.filter(organization_id=self.organization_id, nation_id=self.nation_id)
                .exclude(pk=self.pk)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            )
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            if overlapping.exists():
                raise ValidationError(
                    {"start_date": "This nation already has a membership of this organization in that period."}
                )
