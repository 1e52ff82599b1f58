"""`meetings/{slug}/blocs/`: a meeting's participants by membership of an organization, with its absentees exactly as
`absentees/` reports them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.bodies import NOT_FOUND, invalid, unknown, unknown_reference
from tests.conftest import LEADERS_CALL, PARIS
from tests.factories import MeetingFactory, MembershipFactory, OrganizationFactory, ParticipationFactory, nation

pytestmark = pytest.mark.django_db

D = datetime.date
ABSENTEE_FIELDS = ["meeting", "organization", "on", "participants_complete", "absentees", "unknown", "statement"]


def blocs(api, slug, organization):
    response = api.get(f"/api/v1/meetings/{slug}/blocs/", {"organization": organization})
    assert response.status_code == 200, response.json()
    return response.json()


def keys(items):
    return [item["participant"]["key"] for item in items]


class TestOnTheShippedData:
    def test_paris_and_nato(self, shipped_class, db, api):
        body = blocs(api, PARIS, "nato")
        assert keys(body["members"]) == ["HR", "FR", "ME", "GB", "US"]  # by name: Croatia ... United States
        assert keys(body["non_members"]) == ["AU", "AT", "CY", "IE", "JP", "NZ", "KR", "UA"]
        assert body["organizations"] == []
        assert {item["participant"]["key"]: item["status"] for item in body["members"]} == {
            "HR": "declined",
            "FR": "attended",
            "ME": "declined",
            "GB": "attended",
            "US": "declined",
        }
        assert body["members"][1]["role"] == {"code": "lead", "name": "Lead"}

    @pytest.mark.parametrize("slug, organization", [(PARIS, "nato"), (PARIS, "eu"), (LEADERS_CALL, "nato")])
    def test_absentees_are_the_absentees_report(self, shipped_class, db, api, slug, organization):
        body = blocs(api, slug, organization)
        report = api.get(f"/api/v1/meetings/{slug}/absentees/", {"organization": organization}).json()
        assert {field: body[field] for field in ABSENTEE_FIELDS} == report

    def test_organizations_taking_part(self, shipped_class, db, api):
        body = blocs(api, LEADERS_CALL, "eu")
        assert keys(body["organizations"]) == ["eu", "nato"]
        assert len(body["members"]) + len(body["non_members"]) == 30


class TestOnBuiltData:
    def test_membership_on_the_first_day(self, db, api):
        club = OrganizationFactory(slug="club", short_name="Club")
        alliance = OrganizationFactory(slug="alliance", name="The Alliance", short_name="")
        meeting = MeetingFactory(
            slug="summit", start_date=D(2024, 6, 1), end_date=D(2024, 6, 3), participants_complete=True
        )
        MembershipFactory(organization=club, nation=nation("FR"), start_date=D(2000, 1, 1))
        MembershipFactory(organization=club, nation=nation("DE"), start_date=D(2024, 6, 2))  # joins on day two
        MembershipFactory(organization=club, nation=nation("PL"), start_date=D(2000, 1, 1), end_date=D(2024, 5, 31))
        MembershipFactory(organization=club, nation=nation("IT"), start_date=D(2000, 1, 1))
        MembershipFactory(organization=club, nation=nation("ES"), start_date=D(2000, 1, 1))
        for code in ("FR", "DE", "PL"):
            ParticipationFactory(meeting=meeting, nation=nation(code))
        ParticipationFactory(meeting=meeting, nation=nation("IT"), status="absent", attendance_mode=None)
        ParticipationFactory(meeting=meeting, nation=None, organization=alliance)
        body = blocs(api, "summit", "club")
        assert keys(body["members"]) == ["FR", "IT"]
        assert keys(body["non_members"]) == ["DE", "PL"]
        assert body["organizations"][0]["participant"] == {
            "kind": "organization",
            "key": "alliance",
            "name": "The Alliance",
        }
        assert [(item["nation"]["code"], item["status"]) for item in body["absentees"]] == [
            ("IT", "absent"),
            ("ES", "not_listed"),
        ]
        assert body["unknown"] == []
        assert body["statement"] == (
            "The list of participants is complete as reported: 2 of Club's 3 members did not take part."
        )


class TestRefusals:
    def test_unknown_meeting_is_a_404(self, db, api):
        OrganizationFactory(slug="club")
        response = api.get("/api/v1/meetings/nope/blocs/", {"organization": "club"})
        assert (response.status_code, response.json()) == (404, NOT_FOUND)

    def test_organization_is_required_and_known(self, shipped, api):
        response = api.get(f"/api/v1/meetings/{PARIS}/blocs/")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["organization"]
        response = api.get(f"/api/v1/meetings/{PARIS}/blocs/", {"organization": "nope"})
        assert response.json() == unknown_reference(organization=[unknown("organization", "nope")])
        response = api.get(f"/api/v1/meetings/{PARIS}/blocs/", {"organization": "nato", "nation": "FR"})
        assert response.status_code == 400 and response.json()["code"] == invalid()["code"]


def test_queries_do_not_grow_with_the_participants(db, api):
    club = OrganizationFactory(slug="club")
    codes = ["DE", "PL", "IT", "ES", "NL", "BE", "AT", "PT", "SE", "FI", "DK", "IE"]
    for code in codes:
        MembershipFactory(organization=club, nation=nation(code), start_date=D(2000, 1, 1))
    for size in (1, 12):
        meeting = MeetingFactory(slug=f"summit-{size}")
        for code in codes[:size]:
            ParticipationFactory(meeting=meeting, nation=nation(code))
        with CaptureQueriesContext(connection) as queries:
            blocs(api, meeting.slug, "club")
        assert len(queries) == 6, [query["sql"] for query in queries]
