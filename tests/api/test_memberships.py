import datetime

import pytest

from events.models import Membership
from tests.api.bodies import (
    CLUB_BRIEF,
    GERMANY,
    PAGING_ERRORS,
    duplicate,
    invalid,
    results,
    rule_violated,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.factories import MembershipFactory, OrganizationFactory, nation

URL = "/api/v1/memberships/"
D = datetime.date

pytestmark = pytest.mark.django_db

OVERLAP = "This nation already has a membership of this organization in that period."
SAME_START = "This nation already has a membership of this organization from that date."


def rows(response):
    return [(m["organization"]["slug"], m["nation"]["code"], m["start_date"]) for m in results(response)]


@pytest.fixture
def club(db):
    return OrganizationFactory(slug="club", name="The Club", short_name="CLUB")


@pytest.fixture
def germany(club):
    """DE in `club` from 2020-01-01 to 2022-12-31 (its last day)."""
    return MembershipFactory(organization=club, nation=nation("DE"), start_date=D(2020, 1, 1), end_date=D(2022, 12, 31))


class TestMembershipList:
    def test_full_body(self, api, germany):
        response = api.get(URL)

        assert response.status_code == 200
        assert response.json() == {
            "count": 1,
            "next": None,
            "previous": None,
            "results": [
                {
                    "id": germany.pk,
                    "organization": CLUB_BRIEF,
                    "nation": GERMANY,
                    "start_date": "2020-01-01",
                    "end_date": "2022-12-31",
                    **timestamps(germany),
                }
            ],
        }

    def test_ordered_by_organization_then_start_then_nation_and_paginated(self, api, club):
        other = OrganizationFactory(slug="alpha", name="Alpha Union")
        MembershipFactory(organization=club, nation=nation("PL"), start_date=D(2021, 1, 1))
        MembershipFactory(organization=club, nation=nation("FR"), start_date=D(2021, 1, 1))
        MembershipFactory(organization=club, nation=nation("IT"), start_date=D(1990, 1, 1))
        MembershipFactory(organization=other, nation=nation("ES"), start_date=D(2024, 1, 1))

        first = api.get(URL, {"limit": 3, "offset": 0})
        second = api.get(URL, {"limit": 3, "offset": 3})

        assert rows(first) == [
            ("alpha", "ES", "2024-01-01"),
            ("club", "IT", "1990-01-01"),
            ("club", "FR", "2021-01-01"),
        ]
        assert (first.json()["count"], first.json()["next"], first.json()["previous"]) == (
            4,
            "http://testserver/api/v1/memberships/?limit=3&offset=3",
            None,
        )
        assert rows(second) == [("club", "PL", "2021-01-01")]
        assert (second.json()["next"], second.json()["previous"]) == (
            None,
            "http://testserver/api/v1/memberships/?limit=3",
        )


class TestMembershipDetail:
    def test_full_body(self, api, germany):
        response = api.get(f"{URL}{germany.pk}/")

        assert response.status_code == 200
        assert response.json() == {
            "id": germany.pk,
            "organization": CLUB_BRIEF,
            "nation": GERMANY,
            "start_date": "2020-01-01",
            "end_date": "2022-12-31",
            **timestamps(germany),
        }


class TestMembershipFilters:
    def test_organization(self, api, germany):
        MembershipFactory(organization=OrganizationFactory(slug="other"), nation=nation("FR"))

        assert rows(api.get(URL, {"organization": "club"})) == [("club", "DE", "2020-01-01")]
        assert rows(api.get(URL, {"organization": "other"})) == [("other", "FR", "2000-01-01")]

    def test_nation_in_both_list_forms(self, api, club, germany):
        MembershipFactory(organization=club, nation=nation("FR"), start_date=D(2019, 1, 1))
        MembershipFactory(organization=club, nation=nation("PL"), start_date=D(2018, 1, 1))

        assert rows(api.get(URL, {"nation": "fr"})) == [("club", "FR", "2019-01-01")]
        assert rows(api.get(URL, {"nation": "FR,DE"})) == [("club", "FR", "2019-01-01"), ("club", "DE", "2020-01-01")]
        assert rows(api.get(f"{URL}?nation=PL&nation=DE")) == [
            ("club", "PL", "2018-01-01"),
            ("club", "DE", "2020-01-01"),
        ]

    @pytest.mark.parametrize(
        "day, expected",
        [
            ("2019-12-31", ["FR"]),
            ("2020-01-01", ["FR", "DE"]),  # DE's first day
            ("2022-12-31", ["FR", "DE"]),  # DE's last day: `end_date` is inclusive
            ("2023-01-01", ["FR"]),
            ("1999-12-31", []),
        ],
    )
    def test_on(self, api, club, germany, day, expected):
        MembershipFactory(organization=club, nation=nation("FR"), start_date=D(2000, 1, 1))  # open-ended

        assert [code for _, code, _ in rows(api.get(URL, {"on": day}))] == expected

    @pytest.mark.parametrize(
        "query, expected",
        [
            ("organization=nope", unknown_reference(organization=[unknown("organization", "nope")])),
            ("nation=ZZ", unknown_reference(nation=[unknown("nation", "ZZ")])),
            ("on=yesterday", invalid(on=["Enter a valid date."])),
            *PAGING_ERRORS,
        ],
    )
    def test_bad_query_is_a_400_naming_the_parameter(self, api, germany, query, expected):
        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response.json() == expected


class TestMembershipWrite:
    def test_create_from_public_keys(self, editor, club):
        response = editor.post(
            URL, {"organization": "club", "nation": "de", "start_date": "2020-01-01", "end_date": None}, format="json"
        )

        assert response.status_code == 201, response.json()
        membership = Membership.objects.get()
        assert response.json() == {
            "id": membership.pk,
            "organization": CLUB_BRIEF,
            "nation": GERMANY,
            "start_date": "2020-01-01",
            "end_date": None,
            **timestamps(membership),
        }
        assert (membership.organization, membership.nation.code) == (club, "DE")

    def test_server_set_id_is_ignored(self, editor, club):
        response = editor.post(
            URL, {"id": 424242, "organization": "club", "nation": "DE", "start_date": "2020-01-01"}, format="json"
        )

        assert response.status_code == 201, response.json()
        assert Membership.objects.get().pk != 424242
        assert response.json()["id"] == Membership.objects.get().pk

    def test_put(self, editor, germany):
        response = editor.put(
            f"{URL}{germany.pk}/",
            {"organization": "club", "nation": "DE", "start_date": "2019-06-01", "end_date": None},
            format="json",
        )

        assert response.status_code == 200, response.json()
        assert response.json() == {
            "id": germany.pk,
            "organization": CLUB_BRIEF,
            "nation": GERMANY,
            "start_date": "2019-06-01",
            "end_date": None,
            **timestamps(germany),
        }
        germany.refresh_from_db()
        assert (germany.start_date, germany.end_date) == (D(2019, 6, 1), None)

    def test_patch_does_not_overlap_with_itself(self, editor, germany):
        response = editor.patch(f"{URL}{germany.pk}/", {"end_date": "2023-06-30"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == {
            "id": germany.pk,
            "organization": CLUB_BRIEF,
            "nation": GERMANY,
            "start_date": "2020-01-01",
            "end_date": "2023-06-30",
            **timestamps(germany),
        }
        germany.refresh_from_db()
        assert germany.end_date == D(2023, 6, 30)

    def test_delete(self, editor, germany):
        response = editor.delete(f"{URL}{germany.pk}/")

        assert response.status_code == 204
        assert response.content == b""
        assert not Membership.objects.exists()


class TestMembershipValidation:
    @pytest.mark.parametrize(
        "start, end",
        [
            ("2022-12-31", None),  # starts on the last day of the existing period
            ("2019-01-01", "2020-01-01"),  # ends on its first day
            ("2021-01-01", "2021-06-30"),  # inside it
            ("2010-01-01", None),  # open-ended, around it
        ],
    )
    def test_overlapping_membership(self, editor, germany, start, end):
        response = editor.post(
            URL, {"organization": "club", "nation": "DE", "start_date": start, "end_date": end}, format="json"
        )

        assert response.status_code == 400
        assert response.json() == rule_violated(start_date=[OVERLAP])
        assert Membership.objects.count() == 1

    @pytest.mark.parametrize("end", ["2022-12-31", None], ids=["the-same-period-again", "open-ended"])
    def test_a_membership_with_the_same_start_is_a_409(self, editor, germany, end):
        """Its key (organization, nation, start date) is taken: a duplicate, not only an overlap."""
        response = editor.post(
            URL, {"organization": "club", "nation": "DE", "start_date": "2020-01-01", "end_date": end}, format="json"
        )

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=[SAME_START])
        assert Membership.objects.count() == 1

    @pytest.mark.parametrize("start, end", [("2023-01-01", None), ("2010-01-01", "2019-12-31")])
    def test_adjacent_periods_do_not_overlap(self, editor, germany, start, end):
        response = editor.post(
            URL, {"organization": "club", "nation": "DE", "start_date": start, "end_date": end}, format="json"
        )

        assert response.status_code == 201, response.json()
        assert Membership.objects.count() == 2

    def test_patch_into_an_overlap(self, editor, club, germany):
        later = MembershipFactory(organization=club, nation=nation("DE"), start_date=D(2024, 1, 1))

        response = editor.patch(f"{URL}{later.pk}/", {"start_date": "2022-06-01"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(start_date=[OVERLAP])
        later.refresh_from_db()
        assert later.start_date == D(2024, 1, 1)

    @pytest.mark.parametrize(
        "changes, expected",
        [
            ({"end_date": "2019-12-31"}, rule_violated(end_date=["A membership cannot end before it starts."])),
            ({"nation": "ZZ"}, unknown_reference(nation=["Unknown nation 'ZZ'."])),
            ({"organization": "nope"}, unknown_reference(organization=["Unknown organization 'nope'."])),
            (
                {"start_date": "2020-13-01"},
                invalid(start_date=["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]),
            ),
        ],
    )
    def test_invalid_membership_is_a_400_with_field_errors(self, editor, club, changes, expected):
        payload = {"organization": "club", "nation": "DE", "start_date": "2020-01-01", **changes}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Membership.objects.exists()

    def test_required_fields(self, editor):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            organization=["This field is required."],
            nation=["This field is required."],
            start_date=["This field is required."],
        )
