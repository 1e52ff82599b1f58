import datetime

import pytest

from tests.api.bodies import (
    CLUB_BRIEF,
    NO_RESOURCE,
    PAGING_ERRORS,
    bad_limit,
    codes,
    invalid,
    not_a_choice,
    rule_violated,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.factories import MembershipFactory, OrganizationFactory, nation

URL = "/api/v1/nations/"
D = datetime.date

pytestmark = pytest.mark.django_db


def codes_of(body):
    return [item["code"] for item in body["results"]]


UKRAINE_BODY = {
    "code": "UA",
    "alpha3": "UKR",
    "numeric": "804",
    "name": "Ukraine",
    "iso_name": "Ukraine",
    "official_name": "",
    "memberships": [],
}


@pytest.fixture
def club(db):
    """Members of `club`: FR until 2019-12-31, DE from 2020-01-01 to 2022-12-31, PL from 2021-01-01 on."""
    organization = OrganizationFactory(slug="club", name="The Club", short_name="CLUB")
    MembershipFactory(
        organization=organization, nation=nation("FR"), start_date=D(2010, 1, 1), end_date=D(2019, 12, 31)
    )
    MembershipFactory(
        organization=organization, nation=nation("DE"), start_date=D(2020, 1, 1), end_date=D(2022, 12, 31)
    )
    MembershipFactory(organization=organization, nation=nation("PL"), start_date=D(2021, 1, 1))
    return organization


class TestNationList:
    def test_every_iso_nation_paginated(self, api):
        response = api.get(URL, {"ordering": "code", "limit": 3, "offset": 0})

        assert response.status_code == 200
        body = response.json()
        assert (body["count"], body["next"], body["previous"]) == (
            249,
            "http://testserver/api/v1/nations/?limit=3&offset=3&ordering=code",
            None,
        )
        assert codes_of(body) == ["AD", "AE", "AF"]

    def test_default_page_is_50(self, api):
        body = api.get(URL).json()

        assert len(body["results"]) == 50
        assert body["next"].startswith("http://testserver/api/v1/nations/?cursor=")
        following = api.get(body["next"]).json()
        assert codes_of(following)[0] not in codes_of(body)

    def test_results_carry_the_whole_nation(self, api):
        response = api.get(URL, {"search": "UKR"})

        assert response.json() == {
            "count": 1,
            "next": None,
            "previous": None,
            "results": [{**UKRAINE_BODY, **timestamps(nation("UA"))}],
        }


class TestNationDetail:
    def test_full_body_with_memberships(self, api, club):
        eu = OrganizationFactory(slug="eu", name="European Union", short_name="EU", kind="union")
        MembershipFactory(organization=eu, nation=nation("DE"), start_date=D(1958, 1, 1))
        ids = {m.organization.slug: m.pk for m in nation("DE").memberships.select_related("organization")}

        response = api.get(f"{URL}DE/")

        assert response.status_code == 200
        assert response.json() == {
            "code": "DE",
            "alpha3": "DEU",
            "numeric": "276",
            "name": "Germany",
            "iso_name": "Germany",
            "official_name": "Federal Republic of Germany",
            "memberships": [
                {
                    "id": ids["eu"],
                    "organization": {"slug": "eu", "name": "European Union", "short_name": "EU"},
                    "start_date": "1958-01-01",
                    "end_date": None,
                },
                {
                    "id": ids["club"],
                    "organization": CLUB_BRIEF,
                    "start_date": "2020-01-01",
                    "end_date": "2022-12-31",
                },
            ],
            **timestamps(nation("DE")),
        }

    def test_lookup_is_case_insensitive(self, api):
        response = api.get(f"{URL}ua/")

        assert response.status_code == 200
        assert response.json() == {**UKRAINE_BODY, **timestamps(nation("UA"))}

    @pytest.mark.parametrize("key", ["UKR", "U", "804"])
    def test_a_key_that_is_not_two_letters_is_no_resource(self, api, key):
        response = api.get(f"{URL}{key}/")

        assert response.status_code == 404
        assert response.json() == NO_RESOURCE


class TestNationFilters:
    @pytest.mark.parametrize(
        "term, expected",
        [
            ("gb", ["GB"]),  # alpha-2 code
            ("GBR", ["GB"]),  # alpha-3 code
            ("ukr", ["UA"]),
            ("korea", ["KP", "KR"]),  # part of a name
            ("Korea, Republic of", ["KR"]),  # ISO short name
            ("Federal Republic of Germany", ["DE"]),  # official name
            ("hr", ["BH", "CX", "HR"]),  # the code of Croatia, and Bahrain and Christmas Island by name
        ],
    )
    def test_search(self, api, term, expected):
        assert sorted(codes(api.get(URL, {"search": term}))) == expected

    @pytest.mark.parametrize(
        "day, expected",
        [
            ("2019-12-31", ["FR"]),  # FR's last day
            ("2020-01-01", ["DE"]),  # DE's first day
            ("2021-06-01", ["DE", "PL"]),
            ("2022-12-31", ["DE", "PL"]),
            ("2023-01-01", ["PL"]),
            ("2009-12-31", []),
        ],
    )
    def test_organization_members_on_a_date(self, api, club, day, expected):
        assert sorted(codes(api.get(URL, {"organization": "club", "on": day}))) == expected

    def test_organization_without_a_date_means_today(self, api, club):
        MembershipFactory(
            organization=club, nation=nation("IT"), start_date=datetime.date.today() + datetime.timedelta(1)
        )
        MembershipFactory(
            organization=club, nation=nation("ES"), start_date=D(2000, 1, 1), end_date=datetime.date.today()
        )

        assert sorted(codes(api.get(URL, {"organization": "club"}))) == ["ES", "PL"]

    def test_nato_members_before_and_after_finland_joined(self, api, seed):
        before = api.get(URL, {"organization": "nato", "on": "2023-04-03", "limit": 100}).json()
        joined = api.get(URL, {"organization": "nato", "on": "2023-04-04", "limit": 100}).json()

        assert before["count"] == 30
        assert set(codes_of(joined)) - set(codes_of(before)) == {"FI"}
        assert "SE" not in codes_of(joined)

    @pytest.mark.parametrize(
        "ordering, expected",
        [("code", ["DE", "FR", "PL"]), ("-code", ["PL", "FR", "DE"]), ("name", ["FR", "DE", "PL"])],
    )
    def test_ordering(self, api, ordering, expected):
        response = api.get(URL, {"ordering": ordering, "limit": 500})
        assert [code for code in codes(response) if code in {"DE", "FR", "PL"}] == expected

    def test_ordering_descending_by_name(self, api):
        assert codes(api.get(URL, {"search": "korea", "ordering": "-name"})) == ["KR", "KP"]


class TestNationBadQuery:
    @pytest.mark.parametrize(
        "query, expected",
        [
            ("on=2020-01-01", rule_violated(on=["`on` needs the `organization` parameter too."])),
            ("organization=club&on=yesterday", invalid(on=["Enter a valid date."])),
            ("organization=nope", unknown_reference(organization=[unknown("organization", "nope")])),
            ("ordering=--x", invalid(ordering=[not_a_choice("--x")])),
            ("limit=-1", invalid(limit=[bad_limit("-1")])),
            *PAGING_ERRORS,
        ],
    )
    def test_is_a_400_naming_the_parameter(self, api, club, query, expected):
        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response.json() == expected
