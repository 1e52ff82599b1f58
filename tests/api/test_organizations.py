import datetime

import pytest

from events.models import Contribution, Membership, Organization, Participation
from tests.api.bodies import (
    GERMANY,
    PAGING_ERRORS,
    POLAND,
    conflict,
    duplicate,
    invalid,
    not_a_choice,
    slugs,
    timestamps,
)
from tests.factories import ContributionFactory, MembershipFactory, OrganizationFactory, ParticipationFactory, nation

URL = "/api/v1/organizations/"
D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def club(db):
    organization = OrganizationFactory(
        slug="club", name="The Club", short_name="CLUB", kind="alliance", description="A defence club."
    )
    MembershipFactory(organization=organization, nation=nation("PL"), start_date=D(2021, 1, 1))
    MembershipFactory(
        organization=organization, nation=nation("DE"), start_date=D(2020, 1, 1), end_date=D(2022, 12, 31)
    )
    return organization


def club_body(organization):
    members = {m.nation.code: m.pk for m in organization.memberships.select_related("nation")}
    return {
        "slug": "club",
        "name": "The Club",
        "short_name": "CLUB",
        "kind": "alliance",
        "description": "A defence club.",
        "members": [
            {
                "id": members["DE"],
                "nation": GERMANY,
                "start_date": "2020-01-01",
                "end_date": "2022-12-31",
            },
            {
                "id": members["PL"],
                "nation": POLAND,
                "start_date": "2021-01-01",
                "end_date": None,
            },
        ],
        **timestamps(organization),
    }


class TestOrganizationList:
    def test_results_carry_the_members_with_their_dates(self, api, club):
        response = api.get(URL)

        assert response.status_code == 200
        assert response.json() == {"count": 1, "next": None, "previous": None, "results": [club_body(club)]}

    def test_ordered_by_name_and_paginated(self, api):
        for slug, name in [("c", "Charlie"), ("a", "Alpha"), ("b", "Bravo")]:
            OrganizationFactory(slug=slug, name=name)

        body = api.get(URL, {"limit": 2, "offset": 0}).json()
        rest = api.get(URL, {"limit": 2, "offset": 2}).json()

        assert (body["count"], body["next"], body["previous"]) == (
            3,
            "http://testserver/api/v1/organizations/?limit=2&offset=2",
            None,
        )
        assert [item["slug"] for item in body["results"]] == ["a", "b"]
        assert (rest["next"], rest["previous"]) == (None, "http://testserver/api/v1/organizations/?limit=2")
        assert [item["slug"] for item in rest["results"]] == ["c"]

    def test_kind(self, api):
        OrganizationFactory(slug="alliance", kind="alliance")
        OrganizationFactory(slug="union", kind="union")
        OrganizationFactory(slug="coalition", kind="coalition")

        assert slugs(api.get(URL, {"kind": "union"})) == ["union"]
        assert sorted(slugs(api.get(URL, {"kind": "union,coalition"}))) == ["coalition", "union"]
        assert sorted(slugs(api.get(f"{URL}?kind=union&kind=alliance"))) == ["alliance", "union"]

    @pytest.mark.parametrize(
        "query, expected",
        [
            ("kind=club", invalid(kind=[not_a_choice("club")])),
            *PAGING_ERRORS,
        ],
    )
    def test_bad_query_is_a_400_naming_the_parameter(self, api, query, expected):
        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response.json() == expected


class TestOrganizationDetail:
    def test_full_body(self, api, club):
        response = api.get(f"{URL}club/")

        assert response.status_code == 200
        assert response.json() == club_body(club)

    def test_nato_from_the_seed(self, api, seed):
        body = api.get(f"{URL}nato/").json()

        assert (body["name"], body["short_name"], body["kind"]) == (
            "North Atlantic Treaty Organization",
            "NATO",
            "alliance",
        )
        assert len(body["members"]) == 32
        croatia = next(member for member in body["members"] if member["nation"]["code"] == "HR")
        assert (croatia["start_date"], croatia["end_date"]) == ("2009-04-01", None)


PAYLOAD = {
    "slug": "jef",
    "name": "Joint Expeditionary Force",
    "short_name": "JEF",
    "kind": "coalition",
    "description": "A UK-led coalition of northern European states.",
}


class TestOrganizationWrite:
    def test_create(self, editor):
        response = editor.post(URL, PAYLOAD, format="json")

        assert response.status_code == 201, response.json()
        assert response.json() == {**PAYLOAD, "members": [], **timestamps(Organization.objects.get())}
        assert Organization.objects.get().name == "Joint Expeditionary Force"

    def test_create_with_defaults(self, editor):
        response = editor.post(URL, {"slug": "g7", "name": "Group of Seven"}, format="json")

        assert response.status_code == 201, response.json()
        assert response.json() == {
            "slug": "g7",
            "name": "Group of Seven",
            "short_name": "",
            "kind": "other",
            "description": "",
            "members": [],
            **timestamps(Organization.objects.get()),
        }

    def test_members_are_read_only(self, editor):
        members = [{"nation": "GB", "start_date": "2014-09-05"}]

        response = editor.post(URL, {**PAYLOAD, "members": members}, format="json")

        assert response.status_code == 201, response.json()
        assert response.json()["members"] == []
        assert not Membership.objects.exists()

    def test_put(self, editor, club):
        response = editor.put(f"{URL}club/", {**PAYLOAD, "slug": "club"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == {**club_body(club), **PAYLOAD, "slug": "club"}
        club.refresh_from_db()
        assert (club.name, club.kind) == ("Joint Expeditionary Force", "coalition")

    def test_patch(self, editor, club):
        response = editor.patch(f"{URL}club/", {"short_name": "TC"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == {**club_body(club), "short_name": "TC"}
        club.refresh_from_db()
        assert (club.short_name, club.name) == ("TC", "The Club")

    def test_delete_takes_the_memberships_with_it(self, editor, club):
        response = editor.delete(f"{URL}club/")

        assert response.status_code == 204
        assert response.content == b""
        assert not Organization.objects.exists()
        assert not Membership.objects.exists()

    def test_delete_with_contributions_is_a_409_and_deletes_nothing(self, editor, club):
        ContributionFactory(meeting=None, organization=club)

        response = editor.delete(f"{URL}club/")

        assert response.status_code == 409
        assert response.json() == conflict("contributions")
        assert Organization.objects.filter(slug="club").exists()
        assert Membership.objects.count() == 2
        assert Contribution.objects.count() == 1

    def test_delete_of_an_organization_that_took_part_in_a_meeting_is_a_409_and_deletes_nothing(self, editor, club):
        ParticipationFactory(nation=None, organization=club, attendance_mode="remote")

        response = editor.delete(f"{URL}club/")

        assert response.status_code == 409
        assert response.json() == conflict("participations")
        assert Organization.objects.filter(slug="club").exists()
        assert Participation.objects.get().organization == club


class TestOrganizationValidation:
    @pytest.mark.parametrize(
        "changes, errors",
        [
            ({"kind": "club"}, {"kind": ['"club" is not a valid choice.']}),
            (
                {"slug": "not a slug"},
                {
                    "slug": [
                        "Lower-case letters, digits, hyphens and underscores only.",
                        'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.',
                    ]
                },
            ),
            # An upper-case key is a nation's code wherever either may be given (`participant=FR,nato`).
            ({"slug": "JEF"}, {"slug": ["Lower-case letters, digits, hyphens and underscores only."]}),
            ({"slug": "Jef"}, {"slug": ["Lower-case letters, digits, hyphens and underscores only."]}),
            ({"name": ""}, {"name": ["This field may not be blank."]}),
            ({"short_name": "x" * 51}, {"short_name": ["Ensure this field has no more than 50 characters."]}),
        ],
    )
    def test_invalid_organization_is_a_400_with_field_errors(self, editor, changes, errors):
        response = editor.post(URL, {**PAYLOAD, **changes}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(**errors)
        assert not Organization.objects.exists()

    def test_duplicate_slug_is_a_409(self, editor):
        OrganizationFactory(slug="jef")

        response = editor.post(URL, PAYLOAD, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(slug=["organization with this slug already exists."])

    def test_required_fields(self, editor):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(slug=["This field is required."], name=["This field is required."])
