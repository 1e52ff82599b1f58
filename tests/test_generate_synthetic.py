"""`manage.py generate_synthetic`: the benchmark's data obeys every rule of the models, and a seed always gives the
same data."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from events.models import Contribution, Delegate, Meeting, Organization, Participation, ReportedCount, Session
from events.models.choices import AttendanceMode, MeetingFormat
from tests.conftest import kept_for_the_scope


def generate(meetings, seed):
    call_command("generate_synthetic", meetings=meetings, seed=seed, stdout=io.StringIO())
    return Meeting.objects.filter(slug__endswith=f"-{seed}-0").exists()


def generated(seed):
    return Meeting.objects.filter(slug__regex=rf"-{seed}-[0-9]+$")


def snapshot(seed):
    """What the generated data says, by public keys (ids depend on what the database held before)."""
    participations = Participation.objects.filter(meeting__in=generated(seed)).order_by("meeting__slug", "id")
    return (
        list(
            generated(seed).order_by("slug").values_list("slug", "title", "start_date", "end_date", "format", "status")
        ),
        list(
            participations.values_list(
                "meeting__slug", "nation__code", "organization__slug", "status", "attendance_mode"
            )
        ),
    )


@pytest.fixture(scope="class")
def synthetic(seed_class, django_db_blocker):
    """60 meetings of seed 7, generated once for the class on the seed (undone at its end, like `seed_class`)."""

    def build():
        generate(60, seed=7)
        return generated(7)

    yield from kept_for_the_scope(django_db_blocker, build)


@pytest.mark.django_db
class TestGenerateSynthetic:
    def test_every_row_passes_the_models_validation(self, synthetic):
        meetings = list(synthetic)
        assert len(meetings) == 60
        children = [
            *Participation.objects.filter(meeting__in=meetings),
            *Delegate.objects.filter(participation__meeting__in=meetings),
            *Session.objects.filter(meeting__in=meetings),
            *Contribution.objects.filter(meeting__in=meetings),
            *ReportedCount.objects.filter(meeting__in=meetings),
        ]
        for row in [*meetings, *children]:
            row.full_clean()

    def test_participations_look_like_real_ones(self, synthetic):
        participations = Participation.objects.filter(meeting__in=synthetic)
        assert 6 * 60 <= participations.count() <= 14 * 60
        assert participations.filter(organization__isnull=False).exists()
        assert participations.member_of(Organization.objects.get(slug="nato")).exists()
        assert participations.filter(nation__code="US").count() > participations.filter(nation__code="BR").count()
        assert not participations.filter(
            meeting__format=MeetingFormat.VIRTUAL, attendance_mode=AttendanceMode.IN_PERSON
        ).exists()
        assert Delegate.objects.filter(participation__meeting__in=synthetic).exists()

    def test_a_seed_always_gives_the_same_data(self, seed_class):
        with transaction.atomic():
            generate(25, seed=11)
            first = snapshot(11)
            transaction.set_rollback(True)
        generate(25, seed=11)
        assert snapshot(11) == first
        assert len(first[0]) == 25

    def test_another_seed_adds_other_meetings(self, synthetic):
        generate(10, seed=8)
        assert generated(8).count() == 10
        assert synthetic.count() == 60

    def test_a_seed_is_generated_once(self, synthetic):
        with pytest.raises(CommandError, match="Seed 7 has been generated"):
            generate(5, seed=7)
