"""Read queries: membership on a date, members of an organization, participants by membership, date and text search."""

import datetime

import pytest

from events import models, reporting
from tests import factories
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db

D = datetime.date


def codes(queryset, field="code"):
    return sorted(queryset.values_list(field, flat=True))


def member(organization, code, day):
    return models.Membership.objects.active_on(day).filter(organization__slug=organization, nation__code=code).exists()


class TestMembershipOnADate:
    """`end_date` is the last day of membership: both ends of a period are inclusive."""

    def test_nato(self, seed_class, db):
        cases = {
            ("HR", D(2025, 3, 11)): True,
            ("HR", D(2009, 3, 31)): False,
            ("HR", D(2009, 4, 1)): True,
            ("SE", D(2023, 1, 1)): False,
            ("SE", D(2024, 3, 6)): False,
            ("SE", D(2024, 3, 7)): True,
            ("FI", D(2023, 4, 4)): True,
            ("UA", D(2025, 3, 11)): False,
            ("US", D(1949, 8, 23)): False,
            ("US", D(1949, 8, 24)): True,
        }
        assert {case: member("nato", *case) for case in cases} == cases

    def test_eu(self, seed_class, db):
        cases = {
            ("GB", D(1972, 12, 31)): False,
            ("GB", D(1973, 1, 1)): True,
            ("GB", D(2020, 1, 31)): True,
            ("GB", D(2020, 2, 1)): False,
            ("HR", D(2013, 6, 30)): False,
            ("HR", D(2013, 7, 1)): True,
            ("IE", D(2025, 3, 11)): True,
            ("NO", D(2025, 3, 11)): False,
        }
        assert {case: member("eu", *case) for case in cases} == cases


class TestMembersOf:
    def test_nato_on_the_day_of_the_paris_talks(self, seed):
        nato = models.Organization.objects.get(slug="nato")
        members = models.Nation.objects.members_of(nato, D(2025, 3, 11))
        assert codes(members) == sorted(
            "AL BE BG CA CZ DE DK EE ES FI FR GB GR HR HU IS IT LT LU LV ME MK NL NO PL PT RO SE SI SK TR US".split()
        )

    def test_nato_before_sweden_joined(self, seed):
        nato = models.Organization.objects.get(slug="nato")
        members = models.Nation.objects.members_of(nato, D(2023, 1, 1))
        assert members.count() == 30
        assert not members.filter(code__in=["FI", "SE"]).exists()

    def test_eu_the_day_after_brexit(self, seed):
        eu = models.Organization.objects.get(slug="eu")
        assert models.Nation.objects.members_of(eu, D(2020, 1, 31)).count() == 28
        after = models.Nation.objects.members_of(eu, D(2020, 2, 1))
        assert after.count() == 27
        assert not after.filter(code="GB").exists()

    def test_the_founding_six(self, seed):
        eu = models.Organization.objects.get(slug="eu")
        assert codes(models.Nation.objects.members_of(eu, D(1958, 1, 1))) == ["BE", "DE", "FR", "IT", "LU", "NL"]

    def test_a_nation_with_two_periods_is_listed_once(self):
        organization = factories.OrganizationFactory()
        factories.MembershipFactory(organization=organization, start_date=D(2000, 1, 1), end_date=D(2005, 12, 31))
        factories.MembershipFactory(organization=organization, start_date=D(2010, 1, 1))
        assert codes(models.Nation.objects.members_of(organization, D(2003, 1, 1))) == ["FR"]
        assert codes(models.Nation.objects.members_of(organization, D(2007, 1, 1))) == []
        assert codes(models.Nation.objects.members_of(organization, D(2025, 1, 1))) == ["FR"]

    def test_only_the_given_organization_counts(self, seed):
        other = factories.OrganizationFactory()
        factories.MembershipFactory(organization=other, nation=factories.nation("UA"), start_date=D(2022, 1, 1))
        nato = models.Organization.objects.get(slug="nato")
        assert not models.Nation.objects.members_of(nato, D(2025, 3, 11)).filter(code="UA").exists()
        assert codes(models.Nation.objects.members_of(other, D(2025, 3, 11))) == ["UA"]


class TestParticipationsByMembership:
    def test_paris_participants_outside_nato(self, seed_class, db):
        participations = models.Participation.objects.filter(meeting__slug=PARIS).member_of(
            models.Organization.objects.get(slug="nato"), member=False
        )
        assert codes(participations, "nation__code") == ["AT", "AU", "CY", "IE", "JP", "KR", "NZ", "UA"]

    def test_paris_participants_in_nato(self, seed_class, db):
        participations = models.Participation.objects.filter(meeting__slug=PARIS).member_of(
            models.Organization.objects.get(slug="nato"), member=True
        )
        assert codes(participations, "nation__code") == ["FR", "GB", "HR", "ME", "US"]
        declined = participations.filter(status="declined")
        assert codes(declined, "nation__code") == ["HR", "ME", "US"]

    def test_paris_participants_in_the_eu(self, seed_class, db):
        participations = models.Participation.objects.filter(meeting__slug=PARIS).member_of(
            models.Organization.objects.get(slug="eu")
        )
        assert codes(participations, "nation__code") == ["AT", "CY", "FR", "HR", "IE"]

    def test_membership_is_taken_on_each_meetings_first_day(self, seed_class, db):
        """The United Kingdom was in the EU at a meeting on 31 January 2020, not at one the next day."""
        eu = models.Organization.objects.get(slug="eu")
        last_day = factories.ParticipationFactory(
            meeting=factories.MeetingFactory(start_date=D(2020, 1, 31)), nation=factories.nation("GB")
        )
        day_after = factories.ParticipationFactory(
            meeting=factories.MeetingFactory(start_date=D(2020, 2, 1)), nation=factories.nation("GB")
        )
        gb = models.Participation.objects.filter(nation__code="GB").exclude(meeting__slug=PARIS)
        assert list(gb.member_of(eu, member=True)) == [last_day]
        assert list(gb.member_of(eu, member=False)) == [day_after]


class TestMeetingsOverlapping:
    @pytest.fixture
    def meetings(self, db):
        return {
            "early": factories.MeetingFactory(slug="early", start_date=D(2025, 2, 27), end_date=D(2025, 3, 1)),
            "paris": factories.MeetingFactory(slug="paris", start_date=D(2025, 3, 11), end_date=D(2025, 3, 11)),
            "long": factories.MeetingFactory(slug="long", start_date=D(2025, 3, 30), end_date=D(2025, 4, 2)),
            "later": factories.MeetingFactory(slug="later", start_date=D(2025, 5, 1), end_date=D(2025, 5, 1)),
        }

    @pytest.mark.parametrize(
        ("date_from", "date_to", "expected"),
        [
            (D(2025, 3, 1), D(2025, 3, 31), ["early", "long", "paris"]),
            (D(2025, 3, 2), D(2025, 3, 29), ["paris"]),
            (D(2025, 3, 11), D(2025, 3, 11), ["paris"]),
            (D(2025, 3, 12), D(2025, 3, 29), []),
            (D(2025, 4, 2), None, ["later", "long"]),
            (None, D(2025, 2, 27), ["early"]),
            (None, None, ["early", "later", "long", "paris"]),
        ],
    )
    def test_overlapping(self, meetings, date_from, date_to, expected):
        assert codes(models.Meeting.objects.overlapping(date_from, date_to), "slug") == expected


class TestMeetingSearch:
    def test_finds_the_paris_talks(self, seed):
        """By title, summary, purpose, city and host country, in any case; not the other meeting."""
        factories.MeetingFactory(title="Other talks", city="Berlin", host_country=factories.nation("DE"))
        texts = ["security force", "SECURITY FORCE", "ceasefire", "Russian offensives", "paris", "France", "  Paris  "]
        assert {text: codes(models.Meeting.objects.search(text), "slug") for text in texts} == {
            text: [PARIS] for text in texts
        }

    def test_no_match(self, seed):
        assert not models.Meeting.objects.search("Reykjavik").exists()

    def test_venue(self, db):
        factories.MeetingFactory(slug="elysee", venue="Élysée Palace")
        factories.MeetingFactory(slug="other", venue="Lancaster House", city="London")
        assert codes(models.Meeting.objects.search("Élysée"), "slug") == ["elysee"]


class TestNationSearch:
    @pytest.mark.parametrize(("text", "code"), [("FR", "FR"), ("fra", "FR"), ("France", "FR"), ("south korea", "KR")])
    def test_finds_the_nation(self, db, text, code):
        assert code in codes(models.Nation.objects.search(text))

    def test_partial_name(self, db):
        assert codes(models.Nation.objects.search("zealand")) == ["NZ"]


class TestSourceSearch:
    def test_finds_the_article_by_outlet_title_or_author(self, db):
        factories.SourceFactory(outlet="Newslooks", title="30+ Nations Discuss Military Support", author="J. Mansour")
        factories.SourceFactory(outlet="Other Wire", title="Budget talks", author="B. Writer")
        texts = ["newslooks", "Mansour", "military support"]
        assert {text: list(models.Source.objects.search(text).values_list("outlet", flat=True)) for text in texts} == {
            text: ["Newslooks"] for text in texts
        }


class TestParticipantsOfEveryKind:
    @pytest.fixture
    def meeting(self, db):
        meeting = factories.MeetingFactory(start_date=D(2025, 3, 15))
        nato = factories.OrganizationFactory(slug="nato", short_name="NATO")
        factories.MembershipFactory(organization=nato, nation=factories.nation("FR"), start_date=D(1949, 8, 24))
        factories.ParticipationFactory(meeting=meeting, nation=factories.nation("FR"))
        factories.ParticipationFactory(meeting=meeting, nation=factories.nation("UA"))
        factories.ParticipationFactory(meeting=meeting, nation=None, organization=nato)
        factories.ParticipationFactory(
            meeting=meeting, nation=None, organization=factories.OrganizationFactory(slug="eu", short_name="EU")
        )
        return meeting

    def participants(self, queryset):
        return sorted(str(item.participant) for item in queryset)

    def test_membership_filters_consider_nations_only(self, meeting):
        """NATO is neither a member of NATO nor a participant outside it."""
        nato = models.Organization.objects.get(slug="nato")
        participations = models.Participation.objects.filter(meeting=meeting)
        assert self.participants(participations.member_of(nato, member=True)) == ["France (FR)"]
        assert self.participants(participations.member_of(nato, member=False)) == ["Ukraine (UA)"]

    def test_of_participants_takes_nations_and_organizations(self, meeting):
        participations = models.Participation.objects.filter(meeting=meeting)
        chosen = participations.of_participants(
            nations=[factories.nation("UA")], organizations=models.Organization.objects.filter(slug="nato")
        )
        assert self.participants(chosen) == ["NATO", "Ukraine (UA)"]
        assert self.participants(participations.of_participants(nations=[factories.nation("DE")])) == []

    def test_meetings_with_participants(self, meeting):
        factories.MeetingFactory(slug="other")
        eu = models.Participation.objects.filter(organization__slug="eu")
        assert list(models.Meeting.objects.with_participants(eu)) == [meeting]


class TestParticipationsByDelegate:
    @pytest.fixture
    def delegates(self, db):
        meeting = factories.MeetingFactory()
        starmer = factories.PersonFactory(name="Keir Starmer")
        gb = factories.ParticipationFactory(meeting=meeting, nation=factories.nation("GB"))
        fr = factories.ParticipationFactory(meeting=meeting, nation=factories.nation("FR"))
        factories.ParticipationFactory(meeting=meeting, nation=factories.nation("DE"))  # no delegate recorded
        factories.DelegateFactory(participation=gb, person=starmer, level="head_of_government")
        factories.DelegateFactory(participation=gb, person=None, description="an adviser", level="official")
        factories.DelegateFactory(participation=fr, level="head_of_state")
        return starmer

    def codes(self, queryset):
        return codes(queryset, "nation__code")

    def test_by_level(self, delegates):
        participations = models.Participation.objects.all()
        assert self.codes(participations.with_delegates(levels=["head_of_government"])) == ["GB"]
        assert self.codes(participations.with_delegates(levels=["head_of_state", "official"])) == ["FR", "GB"]
        assert self.codes(participations.with_delegates(levels=["minister"])) == []

    def test_by_person_and_by_both(self, delegates):
        participations = models.Participation.objects.all()
        assert self.codes(participations.with_delegates(people=[delegates])) == ["GB"]
        # Both conditions hold for one delegate: Starmer is not an official.
        assert self.codes(participations.with_delegates(levels=["official"], people=[delegates])) == []

    def test_each_participation_once(self, delegates):
        found = models.Participation.objects.with_delegates(levels=["head_of_government", "official"])
        assert list(found.values_list("nation__code", flat=True)) == ["GB"]


class TestContributionsByCategory:
    @pytest.fixture
    def contributions(self, db):
        meeting = factories.MeetingFactory()
        for description, categories in [
            ("air only", ["air"]),
            ("air defence first", ["air_defence", "troops"]),
            ("air last", ["troops", "air"]),
            ("air between", ["troops", "air", "naval"]),
            ("naval", ["naval"]),
        ]:
            factories.ContributionFactory(meeting=meeting, description=description, categories=categories)

    def test_any_of_the_categories_wherever_it_stands(self, contributions):
        found = models.Contribution.objects.in_categories(["air"])
        assert sorted(found.values_list("description", flat=True)) == ["air between", "air last", "air only"]

    def test_a_category_is_not_matched_by_another_it_begins(self, contributions):
        found = models.Contribution.objects.in_categories(["air_defence"])
        assert list(found.values_list("description", flat=True)) == ["air defence first"]

    def test_several_categories(self, contributions):
        found = models.Contribution.objects.in_categories(["naval", "air_defence"])
        assert sorted(found.values_list("description", flat=True)) == ["air between", "air defence first", "naval"]


class TestSeries:
    def test_meetings_in_date_order(self, db):
        series = factories.SeriesFactory()
        for slug, day in [("third", D(2025, 3, 20)), ("first", D(2025, 3, 11)), ("second", D(2025, 3, 15))]:
            factories.MeetingFactory(slug=slug, start_date=day, series=series)
        factories.MeetingFactory(slug="elsewhere")
        found = models.Series.objects.with_meetings().get(pk=series.pk)
        assert [meeting.slug for meeting in found.meetings.all()] == ["first", "second", "third"]


class TestAbsentees:
    """Which members did not take part: asserted only as far as the sources say."""

    @pytest.fixture
    def meeting(self, db):
        alliance = factories.OrganizationFactory(slug="alliance", name="Alliance", short_name="")
        for code in ("DE", "FR", "GB", "HU", "IT", "NL", "SK"):
            factories.MembershipFactory(organization=alliance, nation=factories.nation(code), start_date=D(2000, 1, 1))
        # Joined after the meeting: not a member on its day.
        factories.MembershipFactory(organization=alliance, nation=factories.nation("SE"), start_date=D(2025, 3, 30))
        meeting = factories.MeetingFactory(start_date=D(2025, 3, 27))
        factories.ParticipationFactory(meeting=meeting, nation=factories.nation("FR"))
        for code, status in [("HU", "absent"), ("GB", "declined"), ("IT", "invited"), ("NL", "confirmed")]:
            factories.ParticipationFactory(
                meeting=meeting, nation=factories.nation(code), status=status, attendance_mode=None
            )
        factories.ParticipationFactory(meeting=meeting, nation=None, organization=alliance)  # the alliance itself
        return meeting

    def answer(self, meeting):
        return reporting.absentees(meeting, models.Organization.objects.get(slug="alliance"))

    def test_a_partial_list_asserts_only_what_is_reported(self, meeting):
        answer = self.answer(meeting)
        assert (answer.on, answer.participants_complete) == (D(2025, 3, 27), False)
        assert [(item.nation.code, item.status) for item in answer.absentees] == [
            ("HU", "absent"),
            ("GB", "declined"),
        ]
        # Not named, invited or confirmed: no source says whether they took part.
        assert [nation.code for nation in answer.unknown] == ["DE", "IT", "NL", "SK"]
        assert answer.statement == (
            "The list of participants is partial: 2 of Alliance's 7 members are reported as not taking part; "
            "whether 4 others took part is unknown."
        )

    def test_a_complete_list_lists_the_members_not_named(self, meeting):
        meeting.participants_complete = True
        meeting.save()
        answer = self.answer(meeting)
        assert [(item.nation.code, item.status) for item in answer.absentees] == [
            ("DE", "not_listed"),
            ("HU", "absent"),
            ("SK", "not_listed"),
            ("GB", "declined"),
        ]
        assert [item.participation for item in answer.absentees if item.status == "not_listed"] == [None, None]
        assert [nation.code for nation in answer.unknown] == ["IT", "NL"]
        assert answer.statement == (
            "The list of participants is complete as reported: 4 of Alliance's 7 members did not take part; "
            "whether 2 others took part is unknown."
        )

    def test_a_complete_list_of_attendees_leaves_nothing_unknown(self, meeting):
        meeting.participants_complete = True
        meeting.save()
        meeting.participations.filter(status__in=["invited", "confirmed"]).update(
            status="attended", attendance_mode="remote"
        )
        answer = self.answer(meeting)
        assert ([nation.code for nation in answer.unknown], len(answer.absentees)) == ([], 4)
        assert answer.statement == (
            "The list of participants is complete as reported: 4 of Alliance's 7 members did not take part."
        )
