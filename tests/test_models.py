"""The model rules: each is a database constraint (rejected even when validation is bypassed) and a clean() error."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from events import models
from events.services import participations as participation_services
from events.services import people as people_services
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 11)

VIRTUAL_HAS_NO_IN_PERSON = (
    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
)


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


def organization_participation(meeting, organization, **values):
    return factories.ParticipationFactory(meeting=meeting, nation=None, organization=organization, **values)


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

    def test_an_organization_appears_once_per_meeting(self):
        first = organization_participation(factories.MeetingFactory(), factories.OrganizationFactory(slug="nato"))
        with rejected_by(
            "participation_unique_organization",
            sqlite_columns="events_participation.meeting_id, events_participation.organization_id",
        ):
            models.Participation.objects.create(
                meeting=first.meeting, organization=first.organization, role=factories.role("observer")
            )

    def test_a_participation_names_a_nation_or_an_organization_not_both(self):
        with rejected_by("participation_one_participant"):
            factories.ParticipationFactory(organization=factories.OrganizationFactory())

    def test_a_participation_names_a_participant(self):
        with rejected_by("participation_one_participant"):
            factories.ParticipationFactory(nation=None, organization=None)

    def test_a_nation_participation_cannot_lose_its_nation(self):
        participation = factories.ParticipationFactory()
        with rejected_by("participation_one_participant"):
            models.Participation.objects.filter(pk=participation.pk).update(nation=None)

    @pytest.mark.parametrize("status", ["declined", "absent"])
    def test_not_taking_part_has_no_attendance_mode(self, status):
        participation = factories.ParticipationFactory(status="attended", attendance_mode="remote")
        with rejected_by("participation_not_taking_part_has_no_mode"):
            models.Participation.objects.filter(pk=participation.pk).update(status=status)
        participation.refresh_from_db()
        assert (participation.status, participation.attendance_mode) == ("attended", "remote")

    @pytest.mark.parametrize("status", ["declined", "absent"])
    def test_not_taking_part_with_a_mode_cannot_be_created(self, status):
        with rejected_by("participation_not_taking_part_has_no_mode"):
            factories.ParticipationFactory(status=status, attendance_mode="unspecified")

    def test_attended_needs_an_attendance_mode(self):
        with rejected_by("participation_attended_has_mode"):
            factories.ParticipationFactory(status="attended", attendance_mode=None)

    def test_attended_cannot_lose_its_attendance_mode(self):
        participation = factories.ParticipationFactory(status="attended", attendance_mode="in_person")
        with rejected_by("participation_attended_has_mode"):
            models.Participation.objects.filter(pk=participation.pk).update(attendance_mode=None)


class TestDelegateConstraints:
    def test_a_delegate_is_a_person_or_a_description(self):
        participation = factories.ParticipationFactory()
        with rejected_by("delegate_person_or_description"):
            models.Delegate.objects.create(participation=participation, office="Minister", level="minister")

    def test_a_named_delegate_cannot_lose_their_person_without_a_description(self):
        delegate = factories.DelegateFactory()
        with rejected_by("delegate_person_or_description"):
            models.Delegate.objects.filter(pk=delegate.pk).update(person=None)

    def test_a_person_is_a_delegate_once_per_participation(self):
        first = factories.DelegateFactory()
        with rejected_by(
            "delegate_unique_person",
            sqlite_columns="events_delegate.participation_id, events_delegate.person_id",
        ):
            models.Delegate.objects.create(participation=first.participation, person=first.person, level="official")

    def test_an_unnamed_delegate_is_described_once_per_participation(self):
        first = factories.DelegateFactory(person=None, description="a defence official")
        with rejected_by(
            "delegate_unique_description",
            sqlite_columns="events_delegate.participation_id, events_delegate.description",
        ):
            models.Delegate.objects.create(participation=first.participation, description="a defence official")


class TestPersonConstraints:
    def test_a_wikidata_item_is_one_persons(self):
        factories.PersonFactory(name="Keir Starmer", wikidata_id="Q6383729")
        with rejected_by("person_unique_wikidata_id", sqlite_columns="events_person.wikidata_id"):
            models.Person.objects.create(name="K. Starmer", wikidata_id="Q6383729")

    def test_people_without_a_wikidata_item_may_share_a_name(self):
        factories.PersonFactory(name="John Smith")
        factories.PersonFactory(name="John Smith")
        assert models.Person.objects.filter(name="John Smith", wikidata_id="").count() == 2


class TestOrganizationConstraints:
    def test_the_slug_is_lower_case(self):
        with rejected_by("organization_slug_lower_case"):
            factories.OrganizationFactory(slug="NATO")

    def test_the_slug_cannot_become_upper_case(self):
        organization = factories.OrganizationFactory(slug="nato")
        with rejected_by("organization_slug_lower_case"):
            models.Organization.objects.filter(pk=organization.pk).update(slug="Nato")


class TestMeetingConstraints:
    def test_cannot_end_before_it_starts(self):
        with rejected_by("meeting_end_after_start"):
            factories.MeetingFactory(start_date=DAY, end_date=DAY - datetime.timedelta(days=1))

    def test_cannot_be_moved_to_end_before_it_starts(self):
        meeting = factories.MeetingFactory(start_date=DAY, end_date=DAY)
        with rejected_by("meeting_end_after_start"):
            models.Meeting.objects.filter(pk=meeting.pk).update(start_date=DAY + datetime.timedelta(days=1))

    @pytest.mark.parametrize(
        "values", [{"start_time": datetime.time(9, 30)}, {"end_time": datetime.time(17)}], ids=["start", "end"]
    )
    def test_a_time_needs_a_timezone(self, values):
        with rejected_by("meeting_time_has_timezone"):
            factories.MeetingFactory(timezone="", **values)


class TestReportedCountConstraints:
    def test_one_report_per_count_and_qualifier(self):
        first = factories.ReportedCountFactory(count=25, qualifier="about")
        with rejected_by(
            "reportedcount_unique",
            sqlite_columns="events_reportedcount.meeting_id, events_reportedcount.count, "
            "events_reportedcount.qualifier",
        ):
            models.ReportedCount.objects.create(meeting=first.meeting, count=25, qualifier="about")

    def test_the_count_is_at_least_one(self):
        with rejected_by("reportedcount_count_positive"):
            factories.ReportedCountFactory(count=0)


class TestMeetingRelationConstraints:
    def test_a_meeting_does_not_relate_to_itself(self):
        meeting = factories.MeetingFactory()
        with rejected_by("meetingrelation_not_to_itself"):
            models.MeetingRelation.objects.create(from_meeting=meeting, to_meeting=meeting, kind="follows_up")

    def test_a_relation_cannot_be_turned_onto_itself(self):
        relation = models.MeetingRelation.objects.create(
            from_meeting=factories.MeetingFactory(), to_meeting=factories.MeetingFactory(), kind="prepares"
        )
        with rejected_by("meetingrelation_not_to_itself"):
            models.MeetingRelation.objects.filter(pk=relation.pk).update(to_meeting=relation.from_meeting)

    def test_one_relation_of_each_kind_between_two_meetings(self):
        paris, london = factories.MeetingFactory(), factories.MeetingFactory()
        models.MeetingRelation.objects.create(from_meeting=london, to_meeting=paris, kind="follows_up")
        with rejected_by(
            "meetingrelation_unique",
            sqlite_columns="events_meetingrelation.from_meeting_id, events_meetingrelation.to_meeting_id, "
            "events_meetingrelation.kind",
        ):
            models.MeetingRelation.objects.create(from_meeting=london, to_meeting=paris, kind="follows_up")


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
    def test_serves_a_meeting_or_an_organization_not_both(self):
        with rejected_by("contribution_not_meeting_and_organization"):
            factories.ContributionFactory(organization=factories.OrganizationFactory())

    def test_names_its_nation_or_the_effort_it_serves(self):
        with rejected_by("contribution_nation_or_effort"):
            factories.ContributionFactory(meeting=None, nation=None, status="proposed")

    def test_a_pledge_announced_on_its_own_cannot_lose_its_nation(self):
        contribution = factories.ContributionFactory(meeting=None, status="proposed")
        with rejected_by("contribution_nation_or_effort"):
            models.Contribution.objects.filter(pk=contribution.pk).update(nation=None)

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

    def test_an_amount_needs_its_currency(self):
        with rejected_by("contribution_amount_with_currency"):
            factories.ContributionFactory(amount=Decimal("2000000000"))

    def test_a_currency_needs_an_amount(self):
        with rejected_by("contribution_amount_with_currency"):
            factories.ContributionFactory(currency="EUR")

    def test_an_amount_cannot_lose_its_currency(self):
        contribution = factories.ContributionFactory(amount=Decimal("2000000000"), currency="EUR")
        with rejected_by("contribution_amount_with_currency"):
            models.Contribution.objects.filter(pk=contribution.pk).update(amount=None)

    def test_an_amount_is_positive(self):
        with rejected_by("contribution_amount_with_currency"):
            factories.ContributionFactory(amount=Decimal("0"), currency="EUR")

    def test_a_contribution_has_a_category(self):
        with rejected_by("contribution_has_a_category"):
            factories.ContributionFactory(categories=[])

    def test_one_record_per_meeting_nation_and_description(self):
        first = factories.ContributionFactory(categories=["troops"])
        with rejected_by("contribution_unique_natural_key"):
            factories.ContributionFactory(meeting=first.meeting, categories=["air"], status="proposed")

    def test_a_missing_meeting_counts_as_one_value_in_the_natural_key(self):
        """Two pledges announced on their own by the same nation with the same words are one pledge."""
        factories.ContributionFactory(meeting=None, description="EUR 2bn of military aid")
        with rejected_by("contribution_unique_natural_key"):
            factories.ContributionFactory(meeting=None, description="EUR 2bn of military aid")


class TestSourceConstraints:
    def test_one_source_per_outlet_and_title(self):
        factories.SourceFactory(outlet="Newslooks", title="Paris talks")
        with rejected_by("source_unique_outlet_title", sqlite_columns="events_source.outlet, events_source.title"):
            models.Source.objects.create(outlet="Newslooks", title="Paris talks", author="Someone else")

    def test_one_source_per_address(self):
        factories.SourceFactory(url="https://www.gov.uk/a-press-release")
        with rejected_by("source_unique_url", sqlite_columns="events_source.url"):
            models.Source.objects.create(
                outlet="GOV.UK", title="Another title", url="https://www.gov.uk/a-press-release"
            )


class TestBoundariesAreAccepted:
    """The constraints refuse only what they should: the limit cases are valid rows, for the database and clean()."""

    def test_limit_cases_are_stored(self):
        meeting = factories.MeetingFactory(
            start_date=DAY,
            end_date=DAY,
            start_time=datetime.time(9),
            end_time=datetime.time(18),
            timezone="Europe/Paris",
        )
        other = factories.MeetingFactory(start_date=DAY + datetime.timedelta(days=4), format="virtual")
        nato = factories.OrganizationFactory(slug="nato")
        rows = [
            # Two reports of the same number, meant differently, and the smallest count.
            factories.ReportedCountFactory(meeting=meeting, count=25, qualifier="about"),
            factories.ReportedCountFactory(meeting=meeting, count=25, qualifier="exact"),
            factories.ReportedCountFactory(meeting=meeting, count=1, qualifier="more_than"),
            factories.MembershipFactory(start_date=DAY, end_date=DAY),
            factories.SessionFactory(
                meeting=meeting, order=1, date=DAY, start_time=datetime.time(10), end_time=datetime.time(10)
            ),
            factories.ParticipationFactory(
                meeting=meeting, nation=factories.nation("US"), status="declined", attendance_mode=None
            ),
            factories.ParticipationFactory(
                meeting=meeting, nation=factories.nation("HU"), status="absent", attendance_mode=None
            ),
            factories.ParticipationFactory(
                meeting=meeting, nation=factories.nation("IE"), attendance_mode="unspecified"
            ),
            factories.ParticipationFactory(meeting=meeting, nation=factories.nation("JP"), attendance_mode="written"),
            factories.ParticipationFactory(
                meeting=meeting, nation=factories.nation("KR"), status="invited", attendance_mode=None
            ),
            # The same organization at two meetings; at the virtual one, remotely.
            organization_participation(meeting, nato),
            organization_participation(other, nato, attendance_mode="remote"),
            factories.ContributionFactory(meeting=meeting, nation=None, status="proposed", quantity=1),
            factories.ContributionFactory(
                meeting=None, organization=factories.OrganizationFactory(), status="delivered"
            ),
            # Announced at a bilateral press conference: no meeting, no organization.
            factories.ContributionFactory(
                meeting=None,
                categories=["military_aid", "funding"],
                amount=Decimal("0.01"),
                currency="EUR",
                recipient=factories.nation("UA"),
                announced_on=DAY,
            ),
            factories.SourceFactory(outlet="Newslooks", title="Paris talks"),
            factories.SourceFactory(outlet="Other Wire", title="Paris talks"),
            factories.SourceFactory(url=""),
            factories.SourceFactory(url=""),
            factories.PersonFactory(name="John Smith"),
            factories.PersonFactory(name="John Smith"),
            models.MeetingRelation.objects.create(from_meeting=other, to_meeting=meeting, kind="follows_up"),
            models.MeetingRelation.objects.create(from_meeting=meeting, to_meeting=other, kind="prepares"),
            models.MeetingRelation.objects.create(from_meeting=other, to_meeting=meeting, kind="prepares"),
        ]
        ireland = models.Participation.objects.get(meeting=meeting, nation__code="IE")
        person = factories.PersonFactory()
        rows += [
            factories.DelegateFactory(participation=ireland, person=person),
            factories.DelegateFactory(participation=ireland, person=None, description="an official", level=None),
            factories.DelegateFactory(participation=ireland, person=None, description="another official"),
            # The same person represents another participant too (a minister of two offices, say).
            factories.DelegateFactory(
                participation=models.Participation.objects.get(meeting=meeting, nation__code="JP"), person=person
            ),
        ]

        for row in rows:
            row.full_clean()
        assert models.Participation.objects.filter(meeting=meeting).count() == 6
        assert models.Participation.objects.filter(organization=nato).count() == 2
        assert models.Contribution.objects.count() == 3
        assert models.ReportedCount.objects.filter(meeting=meeting).count() == 3
        assert models.Delegate.objects.count() == 4
        assert models.MeetingRelation.objects.count() == 3
        assert models.Source.objects.count() == 4


class TestFullClean:
    """full_clean() reports each rule on the field a form would show it on."""

    def test_duplicate_participation_is_reported_on_nation(self):
        first = factories.ParticipationFactory()
        duplicate = models.Participation(
            meeting=first.meeting, nation=first.nation, role=factories.role("observer"), status="invited"
        )
        assert clean_errors(duplicate) == {"nation": ["This nation already takes part in this meeting."]}

    def test_duplicate_organization_is_reported_on_organization(self):
        first = organization_participation(factories.MeetingFactory(), factories.OrganizationFactory())
        duplicate = models.Participation(
            meeting=first.meeting, organization=first.organization, role=factories.role("observer")
        )
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.message_dict == {"organization": ["This organization already takes part in this meeting."]}
        assert [error.code for error in caught.value.error_dict["organization"]] == ["duplicate"]

    @pytest.mark.parametrize("organization", [True, False], ids=["both", "neither"])
    def test_one_participant_is_reported_on_nation(self, organization):
        participation = models.Participation(
            meeting=factories.MeetingFactory(),
            nation=factories.nation("FR") if organization else None,
            organization=factories.OrganizationFactory() if organization else None,
            role=factories.role("participant"),
        )
        assert clean_errors(participation) == {
            "nation": ["A participation names exactly one participant: a nation or an organization."]
        }

    def test_a_participation_may_be_saved_again(self):
        participation = factories.ParticipationFactory()
        participation.full_clean()

    @pytest.mark.parametrize("status", ["declined", "absent"])
    def test_not_taking_part_with_a_mode_is_reported_on_attendance_mode(self, status):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status=status, attendance_mode="remote"
        )
        assert clean_errors(participation) == {
            "attendance_mode": ["A participant that declined or was reported absent has no attendance mode."]
        }

    @pytest.mark.parametrize("status", ["declined", "absent"])
    def test_not_taking_part_without_a_mode_is_valid(self, status):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status=status, attendance_mode=None
        )
        participation.full_clean()

    def test_attended_without_mode_is_reported_on_attendance_mode(self):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status="attended", attendance_mode=None
        )
        assert clean_errors(participation) == {
            "attendance_mode": [
                "A participant that attended needs an attendance mode (unspecified if the source does not say)."
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

    def test_contribution_of_a_meeting_and_an_organization_is_reported_on_organization(self):
        contribution = models.Contribution(
            meeting=factories.MeetingFactory(),
            organization=factories.OrganizationFactory(),
            nation=factories.nation("FR"),
            categories=["troops"],
            description="A battalion",
            status="pledged",
        )
        assert clean_errors(contribution) == {
            "organization": ["A contribution serves a meeting's effort or an organization's, not both."]
        }

    def test_contribution_of_nobody_for_nothing_is_reported_on_nation(self):
        contribution = models.Contribution(categories=["troops"], description="A battalion", status="proposed")
        assert clean_errors(contribution) == {
            "nation": [
                "A contribution names its nation, or the meeting or organization whose effort calls for it (or both)."
            ]
        }

    def test_a_pledge_announced_on_its_own_is_valid(self):
        contribution = models.Contribution(
            nation=factories.nation("FR"),
            recipient=factories.nation("UA"),
            categories=["military_aid"],
            description="A EUR 2bn military aid package",
            amount=Decimal("2000000000"),
            currency="EUR",
            announced_on=datetime.date(2025, 3, 19),
            status="pledged",
        )
        contribution.full_clean()

    def test_unpledged_component_not_proposed_is_reported_on_status(self):
        contribution = models.Contribution(
            meeting=factories.MeetingFactory(), categories=["stockpiles"], description="Stockpiles", status="pledged"
        )
        assert clean_errors(contribution) == {"status": ["A component nobody has pledged can only be proposed."]}

    def test_amount_without_currency_is_reported_on_currency(self):
        contribution = factories.ContributionFactory.build(
            meeting=factories.MeetingFactory(), amount=Decimal("2000000000")
        )
        assert clean_errors(contribution) == {"currency": ["An amount needs its currency, and a currency an amount."]}

    def test_currency_without_amount_is_reported_on_amount(self):
        contribution = factories.ContributionFactory.build(meeting=factories.MeetingFactory(), currency="EUR")
        assert clean_errors(contribution) == {"amount": ["An amount needs its currency, and a currency an amount."]}

    @pytest.mark.parametrize("currency", ["XYZ", "eur", "EURO", "€"])
    def test_a_currency_is_an_iso_4217_code(self, currency):
        contribution = factories.ContributionFactory.build(
            meeting=factories.MeetingFactory(), amount=Decimal("100"), currency=currency
        )
        errors = clean_errors(contribution)
        assert list(errors) == ["currency"]
        assert f'"{currency}" is not an ISO 4217 currency code (e.g. EUR, GBP, USD).' in errors["currency"]

    @pytest.mark.parametrize("currency", ["EUR", "GBP", "USD", "JPY", "UAH"])
    def test_active_currencies_are_accepted(self, currency):
        factories.ContributionFactory.build(
            meeting=factories.MeetingFactory(), amount=Decimal("100"), currency=currency
        ).full_clean()

    def test_an_amount_is_at_least_a_cent(self):
        contribution = factories.ContributionFactory.build(
            meeting=factories.MeetingFactory(), amount=Decimal("0"), currency="EUR"
        )
        assert clean_errors(contribution) == {"amount": ["Ensure this value is greater than or equal to 0.01."]}

    def test_no_category_is_reported_on_categories(self):
        contribution = factories.ContributionFactory.build(meeting=factories.MeetingFactory(), categories=[])
        assert clean_errors(contribution) == {"categories": ["This field cannot be blank."]}

    @pytest.mark.parametrize(
        ("categories", "message"),
        [
            (["troops", "troops"], "A value is given twice."),
            (["troops", "cavalry"], "'cavalry' is not one of the choices."),
        ],
        ids=["repeated", "unknown"],
    )
    def test_categories_are_distinct_known_values(self, categories, message):
        contribution = factories.ContributionFactory.build(meeting=factories.MeetingFactory(), categories=categories)
        assert clean_errors(contribution) == {"categories": [message]}

    def test_categories_are_stored_in_their_order(self):
        contribution = factories.ContributionFactory(categories=["naval", "air", "troops"])
        contribution.refresh_from_db()
        assert (contribution.categories, contribution.first_category) == (["naval", "air", "troops"], "naval")

    def test_duplicate_contribution_is_refused(self):
        first = factories.ContributionFactory(categories=["troops"])
        duplicate = factories.ContributionFactory.build(
            meeting=first.meeting, categories=["air"], description=first.description
        )
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.message_dict == {
            "__all__": ["This contribution is already recorded: same meeting or organization, nation and description."]
        }
        assert [error.code for error in caught.value.error_dict["__all__"]] == ["duplicate"]

    def test_quantity_zero_is_reported_on_quantity(self):
        contribution = factories.ContributionFactory.build(meeting=factories.MeetingFactory(), quantity=0)
        assert clean_errors(contribution) == {"quantity": ["Ensure this value is greater than or equal to 1."]}

    def test_duplicate_source_is_refused(self):
        factories.SourceFactory(outlet="Newslooks", title="Paris talks")
        duplicate = models.Source(outlet="Newslooks", title="Paris talks")
        assert clean_errors(duplicate) == {"__all__": ["This outlet already has a source with this title."]}

    def test_duplicate_source_address_is_reported_on_url(self):
        factories.SourceFactory(url="https://www.gov.uk/a-press-release")
        duplicate = models.Source(outlet="GOV.UK", title="Another", url="https://www.gov.uk/a-press-release")
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.message_dict == {"url": ["A source with this address is already recorded."]}
        assert [error.code for error in caught.value.error_dict["url"]] == ["duplicate"]

    def test_duplicate_reported_count_is_refused(self):
        first = factories.ReportedCountFactory(count=26, qualifier="exact")
        duplicate = models.ReportedCount(meeting=first.meeting, count=26, qualifier="exact")
        assert clean_errors(duplicate) == {
            "__all__": ["This meeting already has this reported count: add the source to it instead."]
        }

    def test_reported_count_zero_is_reported_on_count(self):
        count = models.ReportedCount(meeting=factories.MeetingFactory(), count=0)
        assert clean_errors(count) == {"count": ["Ensure this value is greater than or equal to 1."]}

    def test_relation_to_itself_is_reported_on_to_meeting(self):
        meeting = factories.MeetingFactory()
        relation = models.MeetingRelation(from_meeting=meeting, to_meeting=meeting, kind="follows_up")
        assert clean_errors(relation) == {"to_meeting": ["A meeting cannot relate to itself."]}

    def test_duplicate_relation_is_refused(self):
        paris, london = factories.MeetingFactory(), factories.MeetingFactory()
        models.MeetingRelation.objects.create(from_meeting=london, to_meeting=paris, kind="follows_up")
        duplicate = models.MeetingRelation(from_meeting=london, to_meeting=paris, kind="follows_up")
        assert clean_errors(duplicate) == {"__all__": ["These meetings are already related this way."]}

    @pytest.mark.parametrize("slug", ["NATO", "Nato", "eu!", "african union"])
    def test_organization_slug_is_lower_case(self, slug):
        organization = factories.OrganizationFactory.build(slug=slug)
        assert "Lower-case letters, digits, hyphens and underscores only." in clean_errors(organization)["slug"]


class TestPersonRules:
    @pytest.mark.parametrize("wikidata_id", ["Q42", "Q6383729", ""])
    def test_a_wikidata_item_id_or_none(self, wikidata_id):
        models.Person(name="Someone", wikidata_id=wikidata_id).full_clean()

    @pytest.mark.parametrize("wikidata_id", ["42", "q42", "Q0", "Q042", "Q42a", "P31", "Q 42"])
    def test_anything_else_is_reported_on_wikidata_id(self, wikidata_id):
        person = models.Person(name="Someone", wikidata_id=wikidata_id)
        assert clean_errors(person) == {"wikidata_id": ["A Wikidata item id: Q and a number, such as Q42."]}

    def test_a_wikidata_item_already_given_is_reported_on_wikidata_id(self):
        factories.PersonFactory(name="Keir Starmer", wikidata_id="Q6383729")
        with pytest.raises(ValidationError) as caught:
            models.Person(name="K. Starmer", wikidata_id="Q6383729").full_clean()
        assert caught.value.message_dict == {"wikidata_id": ["Another person has this Wikidata item."]}
        assert [error.code for error in caught.value.error_dict["wikidata_id"]] == ["duplicate"]

    def test_a_person_may_be_saved_again(self):
        person = factories.PersonFactory(wikidata_id="Q42")
        person.notes = "Author."
        person.full_clean()


class TestDelegateRules:
    def test_a_delegate_without_person_or_description_is_reported_on_description(self):
        delegate = models.Delegate(participation=factories.ParticipationFactory(), office="Minister")
        assert clean_errors(delegate) == {
            "description": ["A delegate is a person, or an unnamed official described as the source does."]
        }

    def test_a_person_is_enough(self):
        models.Delegate(participation=factories.ParticipationFactory(), person=factories.PersonFactory()).full_clean()

    def test_a_description_is_enough(self):
        models.Delegate(
            participation=factories.ParticipationFactory(), description="a security and defence council official"
        ).full_clean()

    def test_the_same_person_twice_is_refused(self):
        first = factories.DelegateFactory()
        duplicate = models.Delegate(participation=first.participation, person=first.person)
        assert clean_errors(duplicate) == {"__all__": ["This person is already a delegate of this participation."]}

    def test_the_sessions_of_the_participations_meeting_are_accepted(self):
        delegate = factories.DelegateFactory()
        sessions = [factories.SessionFactory(meeting=delegate.participation.meeting, order=n) for n in (1, 2)]
        delegate.check_sessions(sessions)
        delegate.check_sessions([])

    def test_a_session_of_another_meeting_is_refused(self):
        delegate = factories.DelegateFactory()
        own = factories.SessionFactory(meeting=delegate.participation.meeting, order=1)
        elsewhere = factories.SessionFactory(order=1)
        with pytest.raises(ValidationError) as caught:
            delegate.check_sessions([own, elsewhere])
        assert caught.value.message_dict == {
            "sessions": ["A delegate attends sessions of the participation's meeting only."]
        }

    def test_the_service_checks_the_sessions_before_writing(self):
        participation = factories.ParticipationFactory()
        elsewhere = factories.SessionFactory(order=1)
        data = {"participation": participation, "person": factories.PersonFactory(), "sessions": [elsewhere]}
        with pytest.raises(ValidationError) as caught:
            people_services.delegate_create(data=data, user=None, via="test")
        assert caught.value.message_dict == {
            "sessions": ["A delegate attends sessions of the participation's meeting only."]
        }
        assert not models.Delegate.objects.exists()

        own = factories.SessionFactory(meeting=participation.meeting, order=1)
        delegate = people_services.delegate_create(data={**data, "sessions": [own]}, user=None, via="test")
        assert list(delegate.sessions.all()) == [own]
        with pytest.raises(ValidationError):
            people_services.delegate_update(delegate=delegate, data={"sessions": [elsewhere]}, user=None, via="test")
        assert list(delegate.sessions.all()) == [own]

    def test_a_participation_whose_delegates_attended_sessions_cannot_move_to_another_meeting(self):
        delegate = factories.DelegateFactory()
        delegate.sessions.set([factories.SessionFactory(meeting=delegate.participation.meeting, order=1)])
        participation = delegate.participation
        participation.meeting = factories.MeetingFactory()
        assert clean_errors(participation) == {
            "meeting": ["Its delegates attended sessions of its meeting: it cannot move to another."]
        }

    def test_a_session_with_attendees_cannot_move_to_another_meeting(self):
        delegate = factories.DelegateFactory()
        session = factories.SessionFactory(meeting=delegate.participation.meeting, order=1)
        delegate.sessions.set([session])
        session.meeting = factories.MeetingFactory()
        assert clean_errors(session) == {
            "meeting": ["Delegates of this session's meeting attended it: it cannot move."]
        }


class TestVirtualMeetings:
    """A virtual meeting has no in-person participant: a rule across two tables, held by clean() and the services."""

    @pytest.fixture
    def call(self, db):
        return factories.MeetingFactory(format="virtual")

    def test_an_in_person_participation_is_refused(self, call):
        participation = factories.ParticipationFactory.build(meeting=call, attendance_mode="in_person")
        assert clean_errors(participation) == {"attendance_mode": [VIRTUAL_HAS_NO_IN_PERSON]}

    @pytest.mark.parametrize("mode", ["remote", "written", "unspecified"])
    def test_other_modes_are_accepted(self, call, mode):
        factories.ParticipationFactory.build(meeting=call, attendance_mode=mode).full_clean()

    @pytest.mark.parametrize("meeting_format", ["in_person", "hybrid"])
    def test_other_formats_accept_in_person(self, meeting_format):
        meeting = factories.MeetingFactory(format=meeting_format)
        factories.ParticipationFactory.build(meeting=meeting, attendance_mode="in_person").full_clean()

    def test_an_in_person_delegate_is_refused(self, call):
        participation = factories.ParticipationFactory(meeting=call, attendance_mode="remote")
        delegate = models.Delegate(
            participation=participation, person=factories.PersonFactory(), attendance_mode="in_person"
        )
        assert clean_errors(delegate) == {"attendance_mode": [VIRTUAL_HAS_NO_IN_PERSON]}

    def test_a_meeting_with_an_in_person_participant_cannot_become_virtual(self):
        meeting = factories.MeetingFactory(format="hybrid")
        factories.ParticipationFactory(meeting=meeting, attendance_mode="in_person")
        meeting.format = "virtual"
        assert clean_errors(meeting) == {"format": [VIRTUAL_HAS_NO_IN_PERSON]}

    def test_a_meeting_with_an_in_person_delegate_cannot_become_virtual(self):
        meeting = factories.MeetingFactory(format="hybrid")
        participation = factories.ParticipationFactory(meeting=meeting, attendance_mode="remote")
        factories.DelegateFactory(participation=participation, attendance_mode="in_person")
        meeting.format = "virtual"
        assert clean_errors(meeting) == {"format": [VIRTUAL_HAS_NO_IN_PERSON]}

    def test_a_meeting_with_remote_participants_may_become_virtual(self):
        meeting = factories.MeetingFactory(format="hybrid")
        factories.ParticipationFactory(meeting=meeting, attendance_mode="remote")
        meeting.format = "virtual"
        meeting.full_clean()

    def test_the_service_refuses_it_and_writes_nothing(self, call):
        data = {
            "meeting": call,
            "nation": factories.nation("GB"),
            "role": factories.role("lead"),
            "status": "attended",
            "attendance_mode": "in_person",
        }
        with pytest.raises(ValidationError) as caught:
            participation_services.participation_create(data=data, user=None, via="test")
        assert caught.value.message_dict == {"attendance_mode": [VIRTUAL_HAS_NO_IN_PERSON]}
        assert not models.Participation.objects.exists()

        participation = participation_services.participation_create(
            data={**data, "attendance_mode": "remote"}, user=None, via="test"
        )
        with pytest.raises(ValidationError):
            participation_services.participation_update(
                participation=participation, data={"attendance_mode": "in_person"}, user=None, via="test"
            )
        participation.refresh_from_db()
        assert participation.attendance_mode == "remote"


class TestSessionDateAndTime:
    @pytest.fixture
    def summit(self, db):
        return factories.MeetingFactory(start_date=DAY, end_date=DAY + datetime.timedelta(days=1))

    @pytest.mark.parametrize("day", [DAY, DAY + datetime.timedelta(days=1)], ids=["first", "last"])
    def test_a_day_of_the_meeting_is_accepted(self, summit, day):
        models.Session(
            meeting=summit, order=1, title="Opening", date=day, start_time=datetime.time(9), end_time=datetime.time(9)
        ).full_clean()

    @pytest.mark.parametrize(
        "day", [DAY - datetime.timedelta(days=1), DAY + datetime.timedelta(days=2)], ids=["before", "after"]
    )
    def test_a_day_outside_the_meeting_is_reported_on_date(self, summit, day):
        session = models.Session(meeting=summit, order=1, title="Opening", date=day)
        assert clean_errors(session) == {"date": ["A session's date is one of its meeting's days."]}

    @pytest.mark.parametrize("values", [{"start_time": datetime.time(9)}, {"end_time": datetime.time(17)}])
    def test_a_time_needs_the_date(self, summit, values):
        session = models.Session(meeting=summit, order=1, title="Opening", **values)
        assert clean_errors(session) == {"date": ["A session time needs the session's date."]}

    def test_ending_before_it_starts_is_reported_on_end_time(self, summit):
        session = models.Session(
            meeting=summit, order=1, title="Opening", date=DAY, start_time=datetime.time(15), end_time=datetime.time(9)
        )
        assert clean_errors(session) == {"end_time": ["A session cannot end before it starts."]}

    def test_a_session_without_date_or_time_is_accepted(self, summit):
        models.Session(meeting=summit, order=1, title="Opening").full_clean()


class TestCountsAndConflicts:
    @pytest.fixture
    def meeting(self, db):
        meeting = factories.MeetingFactory()
        for code in ("FR", "GB", "DE"):
            factories.ParticipationFactory(meeting=meeting, nation=factories.nation(code))
        factories.ParticipationFactory(meeting=meeting, nation=factories.nation("JP"), attendance_mode="written")
        # Neither an organization nor a nation that did not attend is a named attending nation.
        organization_participation(meeting, factories.OrganizationFactory(slug="nato"), attendance_mode="remote")
        factories.ParticipationFactory(
            meeting=meeting, nation=factories.nation("US"), status="declined", attendance_mode=None
        )
        factories.ParticipationFactory(
            meeting=meeting, nation=factories.nation("HU"), status="absent", attendance_mode=None
        )
        factories.ParticipationFactory(
            meeting=meeting, nation=factories.nation("IT"), status="confirmed", attendance_mode=None
        )
        return meeting

    def test_named_nation_count_counts_the_nations_that_attended(self, meeting):
        assert meeting.named_nation_count == 4

    def test_no_reported_count_no_conflict(self, meeting):
        assert meeting.count_conflict is False

    @pytest.mark.parametrize(
        ("count", "qualifier", "conflict"),
        [
            (3, "exact", True),
            (4, "exact", False),
            (5, "exact", False),
            (3, "more_than", False),
            (3, "at_least", False),
            (3, "about", False),
        ],
    )
    def test_more_named_than_an_exact_count_is_a_conflict(self, meeting, count, qualifier, conflict):
        factories.ReportedCountFactory(meeting=meeting, count=count, qualifier=qualifier)
        assert meeting.count_conflict is conflict

    def test_one_exact_count_below_the_named_is_enough(self, meeting):
        factories.ReportedCountFactory(meeting=meeting, count=30, qualifier="exact")
        factories.ReportedCountFactory(meeting=meeting, count=2, qualifier="exact")
        assert meeting.count_conflict is True

    def test_a_prefetched_meeting_answers_from_its_prefetched_rows(self, meeting, django_assert_num_queries):
        factories.ReportedCountFactory(meeting=meeting, count=3, qualifier="exact")
        prefetched = models.Meeting.objects.with_details().get(pk=meeting.pk)
        with django_assert_num_queries(0):
            assert (prefetched.named_nation_count, prefetched.count_conflict) == (4, True)

    def test_the_deprecated_count_is_the_only_report(self, meeting):
        assert (meeting.reported_nation_count, meeting.reported_nation_count_qualifier) == (None, None)
        factories.ReportedCountFactory(meeting=meeting, count=30, qualifier="more_than")
        assert (meeting.reported_nation_count, meeting.reported_nation_count_qualifier) == (30, "more_than")
        factories.ReportedCountFactory(meeting=meeting, count=20, qualifier="more_than")
        assert (meeting.reported_nation_count, meeting.reported_nation_count_qualifier) == (None, None)


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
    """An absent attendance mode or level is NULL: "" would pass the IS NULL rules unnoticed."""

    @pytest.mark.parametrize(
        "make, constraint",
        [
            (
                lambda: factories.ParticipationFactory(status="invited", attendance_mode=""),
                "participation_attendance_mode_not_blank",
            ),
            (lambda: factories.MeetingFactory(level=""), "meeting_level_not_blank"),
            (lambda: factories.DelegateFactory(level=""), "delegate_level_not_blank"),
            (lambda: factories.DelegateFactory(attendance_mode=""), "delegate_attendance_mode_not_blank"),
        ],
        ids=["participation-mode", "meeting-level", "delegate-level", "delegate-mode"],
    )
    def test_the_database_refuses_an_empty_string(self, make, constraint):
        with rejected_by(constraint):
            make()

    def test_clean_turns_an_empty_string_into_null(self):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status="invited", attendance_mode=""
        )
        meeting = factories.MeetingFactory.build(level="")
        delegate = models.Delegate(
            participation=factories.ParticipationFactory(), description="an official", level="", attendance_mode=""
        )
        for instance in (participation, meeting, delegate):
            instance.full_clean()
        assert (participation.attendance_mode, meeting.level, delegate.level, delegate.attendance_mode) == (
            None,
            None,
            None,
            None,
        )

    @pytest.mark.parametrize("status", ["declined", "absent"])
    def test_a_nation_not_taking_part_with_an_empty_mode_is_valid(self, status):
        participation = factories.ParticipationFactory.build(
            meeting=factories.MeetingFactory(), status=status, attendance_mode=""
        )
        participation.full_clean()
        participation.save()
        participation.refresh_from_db()
        assert participation.attendance_mode is None
