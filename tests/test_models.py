"""The model rules: each is a database constraint (rejected even when validation is bypassed) and a clean() error."""

import datetime
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from events import models
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 11)


@contextmanager
def rejected_by(constraint, *, sqlite_columns=None):
    """The database refuses the write and names the constraint.

    PostgreSQL names every constraint; SQLite names a check constraint but reports a unique one by its columns.
    """
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    expected = sqlite_columns if sqlite_columns and connection.vendor == "sqlite" else constraint
    assert expected in str(caught.value)


def clean_errors(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


class TestParticipationConstraints:
    def test_a_nation_appears_once_per_meeting(self):
        first = factories.ParticipationFactory()
        with rejected_by(
            "participation_unique_nation",
            sqlite_columns="events_participation.meeting_id, events_participation.nation_id",
        ):
            models.Participation.objects.create(
                meeting=first.meeting, nation=first.nation, role=factories.role("observer"), status="invited"
            )

    def test_a_nation_appears_once_per_meeting_in_one_bulk_insert(self):
        meeting = factories.MeetingFactory()
        rows = [
            models.Participation(meeting=meeting, nation=factories.nation("GB"), role=factories.role(code))
            for code in ("lead", "participant")
        ]
        with rejected_by(
            "participation_unique_nation",
            sqlite_columns="events_participation.meeting_id, events_participation.nation_id",
        ):
            models.Participation.objects.bulk_create(rows)
        assert models.Participation.objects.count() == 0

    def test_declined_has_no_attendance_mode(self):
        participation = factories.ParticipationFactory(status="attended", attendance_mode="remote")
        with rejected_by("participation_declined_has_no_mode"):
            models.Participation.objects.filter(pk=participation.pk).update(status="declined")
        participation.refresh_from_db()
        assert (participation.status, participation.attendance_mode) == ("attended", "remote")

    def test_declined_with_a_mode_cannot_be_created(self):
        with rejected_by("participation_declined_has_no_mode"):
            factories.ParticipationFactory(status="declined", attendance_mode="unspecified")

    def test_attended_needs_an_attendance_mode(self):
        with rejected_by("participation_attended_has_mode"):
            factories.ParticipationFactory(status="attended", attendance_mode=None)

    def test_attended_cannot_lose_its_attendance_mode(self):
        participation = factories.ParticipationFactory(status="attended", attendance_mode="in_person")
        with rejected_by("participation_attended_has_mode"):
            models.Participation.objects.filter(pk=participation.pk).update(attendance_mode=None)


class TestMeetingConstraints:
    def test_cannot_end_before_it_starts(self):
        with rejected_by("meeting_end_after_start"):
            factories.MeetingFactory(start_date=DAY, end_date=DAY - datetime.timedelta(days=1))

    def test_cannot_be_moved_to_end_before_it_starts(self):
        meeting = factories.MeetingFactory(start_date=DAY, end_date=DAY)
        with rejected_by("meeting_end_after_start"):
            models.Meeting.objects.filter(pk=meeting.pk).update(start_date=DAY + datetime.timedelta(days=1))

    @pytest.mark.parametrize(
        "values",
        [{"reported_nation_count": 30}, {"reported_nation_count_qualifier": "more_than"}],
        ids=["count-without-qualifier", "qualifier-without-count"],
    )
    def test_reported_count_and_qualifier_go_together(self, values):
        with rejected_by("meeting_reported_count_with_qualifier"):
            factories.MeetingFactory(**values)

    @pytest.mark.parametrize(
        "values", [{"start_time": datetime.time(9, 30)}, {"end_time": datetime.time(17)}], ids=["start", "end"]
    )
    def test_a_time_needs_a_timezone(self, values):
        with rejected_by("meeting_time_has_timezone"):
            factories.MeetingFactory(timezone="", **values)


class TestMembershipConstraints:
    def test_cannot_end_before_it_starts(self):
        with rejected_by("membership_end_after_start"):
            factories.MembershipFactory(start_date=DAY, end_date=DAY - datetime.timedelta(days=1))

    def test_one_period_per_start_date(self):
        organization = factories.OrganizationFactory()
        rows = [
            models.Membership(organization=organization, nation=factories.nation("HR"), start_date=DAY, end_date=end)
            for end in (None, DAY)
        ]
        with rejected_by(
            "membership_unique_start",
            sqlite_columns="events_membership.organization_id, events_membership.nation_id, "
            "events_membership.start_date",
        ):
            models.Membership.objects.bulk_create(rows)


class TestSessionConstraints:
    def test_one_session_per_position(self):
        first = factories.SessionFactory(order=1)
        second = factories.SessionFactory(meeting=first.meeting, order=2)
        with rejected_by("session_unique_order", sqlite_columns="events_session.meeting_id, events_session.order"):
            models.Session.objects.filter(pk=second.pk).update(order=1)

    def test_order_starts_at_one(self):
        with rejected_by("session_order_from_one"):
            factories.SessionFactory(order=0)


class TestContributionConstraints:
    @pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
    def test_belongs_to_a_meeting_or_an_organization(self, both):
        meeting = factories.MeetingFactory() if both else None
        organization = factories.OrganizationFactory() if both else None
        with rejected_by("contribution_meeting_xor_organization"):
            factories.ContributionFactory(meeting=meeting, organization=organization)

    @pytest.mark.parametrize("status", ["pledged", "delivered", "withdrawn"])
    def test_an_unpledged_component_is_only_proposed(self, status):
        with rejected_by("contribution_unpledged_is_proposed"):
            factories.ContributionFactory(nation=None, status=status)

    def test_a_pledge_cannot_lose_its_nation(self):
        contribution = factories.ContributionFactory(status="pledged")
        with rejected_by("contribution_unpledged_is_proposed"):
            models.Contribution.objects.filter(pk=contribution.pk).update(nation=None)

    def test_quantity_is_at_least_one(self):
        with rejected_by("contribution_quantity_positive"):
            factories.ContributionFactory(quantity=0, unit="troops")


class TestSourceConstraints:
    def test_one_source_per_outlet_and_title(self):
        factories.SourceFactory(outlet="Newslooks", title="Paris talks")
        with rejected_by("source_unique_outlet_title", sqlite_columns="events_source.outlet, events_source.title"):
            models.Source.objects.create(outlet="Newslooks", title="Paris talks", author="Someone else")


class TestBoundariesAreAccepted:
    """The constraints refuse only what they should: the limit cases are valid rows."""

    def test_limit_cases_are_stored(self):
        meeting = factories.MeetingFactory(
            start_date=DAY,
            end_date=DAY,
            start_time=datetime.time(9),
            end_time=datetime.time(18),
            timezone="Europe/Paris",
            reported_nation_count=30,
            reported_nation_count_qualifier="more_than",
        )
        factories.MembershipFactory(start_date=DAY, end_date=DAY)
        factories.SessionFactory(meeting=meeting, order=1)
        factories.ParticipationFactory(
            meeting=meeting, nation=factories.nation("US"), status="declined", attendance_mode=None
        )
        factories.ParticipationFactory(meeting=meeting, nation=factories.nation("IE"), attendance_mode="unspecified")
        factories.ParticipationFactory(
            meeting=meeting, nation=factories.nation("JP"), status="invited", attendance_mode=None
        )
        factories.ContributionFactory(meeting=meeting, nation=None, status="proposed", quantity=1)
        factories.ContributionFactory(meeting=None, organization=factories.OrganizationFactory(), status="delivered")
        factories.SourceFactory(outlet="Newslooks", title="Paris talks")
        factories.SourceFactory(outlet="Other Wire", title="Paris talks")

        assert models.Participation.objects.filter(meeting=meeting).count() == 3
        assert models.Contribution.objects.count() == 2
        assert models.Source.objects.filter(title="Paris talks").count() == 2


class TestFullClean:
    """full_clean() reports each rule on the field a form would show it on."""

    def test_duplicate_participation_is_reported_on_nation(self):
        first = factories.ParticipationFactory()
        duplicate = models.Participation(
            meeting=first.meeting, nation=first.nation, role=factories.role("observer"), status="invited"
        )
        assert clean_errors(duplicate) == {"nation": ["This nation already takes part in this meeting."]}

    def test_a_participation_may_be_saved_again(self):
        participation = factories.ParticipationFactory()
        participation.full_clean()

    def test_declined_with_mode_is_reported_on_attendance_mode(self):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status="declined", attendance_mode="remote"
        )
        assert clean_errors(participation) == {"attendance_mode": ["A nation that declined has no attendance mode."]}

    def test_attended_without_mode_is_reported_on_attendance_mode(self):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status="attended", attendance_mode=None
        )
        assert clean_errors(participation) == {
            "attendance_mode": [
                "A nation that attended needs an attendance mode (unspecified if the source does not say)."
            ]
        }

    def test_meeting_ending_before_it_starts_is_reported_on_end_date(self):
        meeting = factories.MeetingFactory.build(start_date=DAY, end_date=DAY - datetime.timedelta(days=1))
        assert clean_errors(meeting) == {"end_date": ["A meeting cannot end before it starts."]}

    def test_meeting_ending_before_it_starts_on_the_same_day_is_reported_on_end_time(self):
        meeting = factories.MeetingFactory.build(
            start_time=datetime.time(15), end_time=datetime.time(9), timezone="Europe/Paris"
        )
        assert clean_errors(meeting) == {"end_time": ["A meeting cannot end before it starts."]}

    def test_meeting_end_date_defaults_to_the_start_date(self):
        meeting = models.Meeting(title="Talks", slug="talks", start_date=DAY)
        meeting.full_clean()
        assert meeting.end_date == DAY
        meeting.save()
        meeting.refresh_from_db()
        assert meeting.end_date == DAY

    def test_reported_count_without_qualifier_is_reported_on_the_qualifier(self):
        meeting = factories.MeetingFactory.build(reported_nation_count=30)
        assert clean_errors(meeting) == {
            "reported_nation_count_qualifier": [
                "A reported number of nations needs its qualifier, and a qualifier its number."
            ]
        }

    def test_qualifier_without_count_is_reported_on_the_count(self):
        meeting = factories.MeetingFactory.build(reported_nation_count_qualifier="about")
        assert clean_errors(meeting) == {
            "reported_nation_count": ["A reported number of nations needs its qualifier, and a qualifier its number."]
        }

    def test_time_without_timezone_is_reported_on_timezone(self):
        meeting = factories.MeetingFactory.build(start_time=datetime.time(9))
        assert clean_errors(meeting) == {"timezone": ["A meeting time needs a time zone."]}

    def test_unknown_timezone_is_reported_on_timezone(self):
        meeting = factories.MeetingFactory.build(start_time=datetime.time(9), timezone="Europe/Atlantis")
        assert clean_errors(meeting) == {
            "timezone": ['"Europe/Atlantis" is not an IANA time zone name (e.g. Europe/Paris).']
        }

    def test_meeting_cannot_be_its_own_parent(self):
        meeting = factories.MeetingFactory()
        meeting.parent = meeting
        assert clean_errors(meeting) == {
            "parent": ["A meeting cannot be its own parent or the parent of one of its parents."]
        }

    def test_meeting_cannot_be_the_parent_of_its_parent(self):
        series = factories.MeetingFactory()
        round_one = factories.MeetingFactory(parent=series)
        session = factories.MeetingFactory(parent=round_one)
        series.parent = session
        assert clean_errors(series) == {
            "parent": ["A meeting cannot be its own parent or the parent of one of its parents."]
        }
        series.parent = None
        series.full_clean()  # no cycle, no error

    def test_membership_ending_before_it_starts_is_reported_on_end_date(self):
        membership = factories.MembershipFactory.build(
            organization=factories.OrganizationFactory(), start_date=DAY, end_date=DAY - datetime.timedelta(days=1)
        )
        assert clean_errors(membership) == {"end_date": ["A membership cannot end before it starts."]}

    @pytest.mark.parametrize(
        ("start", "end"),
        [
            (datetime.date(2010, 1, 1), None),  # starts inside the existing period
            (datetime.date(1990, 1, 1), datetime.date(2000, 1, 1)),  # ends on its first day
            (datetime.date(1990, 1, 1), None),  # open period covering it
        ],
        ids=["inside", "touching-start", "covering"],
    )
    def test_overlapping_memberships_are_refused(self, start, end):
        existing = factories.MembershipFactory(start_date=datetime.date(2000, 1, 1), end_date=None)
        overlapping = models.Membership(
            organization=existing.organization, nation=existing.nation, start_date=start, end_date=end
        )
        assert clean_errors(overlapping) == {
            "start_date": ["This nation already has a membership of this organization in that period."]
        }

    def test_the_same_start_again_is_a_duplicate_not_an_overlap(self):
        existing = factories.MembershipFactory(start_date=datetime.date(2000, 1, 1), end_date=None)
        again = models.Membership(
            organization=existing.organization,
            nation=existing.nation,
            start_date=datetime.date(2000, 1, 1),
            end_date=datetime.date(2001, 1, 1),
        )
        with pytest.raises(ValidationError) as raised:
            again.full_clean()
        assert raised.value.message_dict == {
            "__all__": ["This nation already has a membership of this organization from that date."]
        }
        assert [error.code for error in raised.value.error_dict["__all__"]] == ["duplicate"]

    def test_consecutive_memberships_are_accepted(self):
        """The United Kingdom could rejoin the EU the day after its membership's last day."""
        existing = factories.MembershipFactory(
            nation=factories.nation("GB"), start_date=datetime.date(1973, 1, 1), end_date=datetime.date(2020, 1, 31)
        )
        rejoined = models.Membership(
            organization=existing.organization, nation=existing.nation, start_date=datetime.date(2020, 2, 1)
        )
        rejoined.full_clean()
        earlier = models.Membership(
            organization=existing.organization,
            nation=existing.nation,
            start_date=datetime.date(1960, 1, 1),
            end_date=datetime.date(1972, 12, 31),
        )
        earlier.full_clean()

    def test_a_membership_may_be_saved_again(self):
        membership = factories.MembershipFactory()
        membership.end_date = datetime.date(2020, 1, 1)
        membership.full_clean()

    def test_duplicate_session_position_is_refused(self):
        first = factories.SessionFactory(order=1)
        duplicate = models.Session(meeting=first.meeting, order=1, title="Another")
        assert clean_errors(duplicate) == {"__all__": ["This meeting already has a session at that position."]}

    def test_session_order_zero_is_reported_on_order(self):
        session = models.Session(meeting=factories.MeetingFactory(), order=0, title="Opening")
        assert clean_errors(session) == {"order": ["Ensure this value is greater than or equal to 1."]}

    @pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
    def test_contribution_owner_is_reported_on_meeting(self, both):
        contribution = models.Contribution(
            meeting=factories.MeetingFactory() if both else None,
            organization=factories.OrganizationFactory() if both else None,
            nation=factories.nation("FR"),
            category="troops",
            description="A battalion",
            status="pledged",
        )
        assert clean_errors(contribution) == {
            "meeting": ["A contribution belongs to either a meeting or an organization, not both."]
        }

    def test_unpledged_component_not_proposed_is_reported_on_status(self):
        contribution = models.Contribution(
            meeting=factories.MeetingFactory(), category="stockpiles", description="Stockpiles", status="pledged"
        )
        assert clean_errors(contribution) == {"status": ["A component nobody has pledged can only be proposed."]}

    def test_quantity_zero_is_reported_on_quantity(self):
        contribution = factories.ContributionFactory.build(meeting=factories.MeetingFactory(), quantity=0)
        assert clean_errors(contribution) == {"quantity": ["Ensure this value is greater than or equal to 1."]}

    def test_duplicate_source_is_refused(self):
        factories.SourceFactory(outlet="Newslooks", title="Paris talks")
        duplicate = models.Source(outlet="Newslooks", title="Paris talks")
        assert clean_errors(duplicate) == {"__all__": ["This outlet already has a source with this title."]}


class TestNationLookup:
    @pytest.mark.parametrize(
        "identifier", ["FR", "fr", "fra", "FRA", "250", "France", "france", "French Republic", " FR "]
    )
    def test_france(self, identifier):
        assert list(models.Nation.objects.matching(identifier).values_list("code", flat=True)) == ["FR"]

    @pytest.mark.parametrize("identifier", ["South Korea", "Korea, Republic of", "KOR", "410", "kr"])
    def test_south_korea(self, identifier):
        assert list(models.Nation.objects.matching(identifier).values_list("code", flat=True)) == ["KR"]

    @pytest.mark.parametrize("identifier", ["Frankreich", "Fran", "ZZ", "", None])
    def test_no_partial_or_unknown_match(self, identifier):
        assert not models.Nation.objects.matching(identifier).exists()

    def test_france_fields(self):
        france = models.Nation.objects.get(code="FR")
        assert (france.alpha3, france.numeric, france.name, france.iso_name, france.official_name) == (
            "FRA",
            "250",
            "France",
            "France",
            "French Republic",
        )
        assert str(france) == "France (FR)"


class TestOptionalChoicesAreNullNeverBlank:
    """An absent attendance mode, level or count qualifier is NULL: "" would pass the IS NULL rules unnoticed."""

    @pytest.mark.parametrize(
        "make, constraint",
        [
            (
                lambda: factories.ParticipationFactory(status="invited", attendance_mode=""),
                "participation_attendance_mode_not_blank",
            ),
            (lambda: factories.MeetingFactory(level=""), "meeting_level_not_blank"),
            (
                lambda: factories.MeetingFactory(reported_nation_count=30, reported_nation_count_qualifier=""),
                "meeting_count_qualifier_not_blank",
            ),
        ],
    )
    def test_the_database_refuses_an_empty_string(self, make, constraint):
        with rejected_by(constraint):
            make()

    def test_clean_turns_an_empty_string_into_null(self):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status="invited", attendance_mode=""
        )
        meeting = factories.MeetingFactory.build(
            level="", reported_nation_count=None, reported_nation_count_qualifier=""
        )
        participation.full_clean()
        meeting.full_clean()
        assert (participation.attendance_mode, meeting.level, meeting.reported_nation_count_qualifier) == (
            None,
            None,
            None,
        )

    def test_a_declined_nation_with_an_empty_mode_is_valid(self):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status="declined", attendance_mode=""
        )
        participation.full_clean()
        participation.save()
        participation.refresh_from_db()
        assert participation.attendance_mode is None
