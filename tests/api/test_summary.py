"""`participations/summary/`: counts of participations per group, with the participations list's parameters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.bodies import invalid, not_a_choice, rule_violated
from tests.factories import MeetingFactory, OrganizationFactory, ParticipationFactory, nation

pytestmark = pytest.mark.django_db

D = datetime.date
SUMMARY = "/api/v1/participations/summary/"
ZERO = dict.fromkeys(
    ["invited", "confirmed", "declined", "attended", "absent", "in_person", "remote", "written", "unspecified"], 0
)
SHIPPED_TOTALS = {
    **ZERO,
    "participations": 51,
    "meetings": 3,
    "declined": 3,
    "attended": 48,
    "in_person": 1,
    "remote": 35,
    "written": 1,
    "unspecified": 11,
}


def summary(api, **params):
    response = api.get(SUMMARY, params)
    assert response.status_code == 200, response.json()
    return response.json()


def by_key(body, count="participations"):
    return {group["key"]: group[count] for group in body["groups"]}


class TestOnTheShippedData:
    def test_per_nation(self, shipped_class, db, api):
        body = summary(api, group_by="nation")
        assert body["group_by"] == "nation"
        assert body["totals"] == SHIPPED_TOTALS
        assert body["groups"][:2] == [
            {
                "key": "AU",
                "name": "Australia",
                **ZERO,
                "participations": 3,
                "meetings": 3,
                "attended": 3,
                "remote": 2,
                "unspecified": 1,
            },
            {
                "key": "GB",
                "name": "United Kingdom",
                **ZERO,
                "participations": 3,
                "meetings": 3,
                "attended": 3,
                "in_person": 1,
                "remote": 1,
                "unspecified": 1,
            },
        ]
        groups = {group["key"]: group for group in body["groups"]}
        assert groups["US"] == {
            "key": "US",
            "name": "United States",
            **ZERO,
            "participations": 1,
            "meetings": 1,
            "declined": 1,
        }
        assert groups["JP"]["written"] == 1
        assert len(groups) == 34 and not {"nato", "eu"} & set(groups)  # nations only
        assert sum(group["participations"] for group in body["groups"]) == 49

    def test_per_participant_takes_organizations_too(self, shipped_class, db, api):
        body = summary(api, group_by="participant")
        assert len(body["groups"]) == 36
        assert sum(by_key(body).values()) == 51
        groups = {group["key"]: group for group in body["groups"]}
        assert groups["nato"] == {
            "key": "nato",
            "name": "NATO",
            **ZERO,
            "participations": 1,
            "meetings": 1,
            "attended": 1,
            "remote": 1,
        }

    def test_per_status_attendance_role_level_and_year(self, shipped_class, db, api):
        assert by_key(summary(api, group_by="status")) == {"attended": 48, "declined": 3}
        attendance = summary(api, group_by="attendance")
        assert by_key(attendance) == {"remote": 35, "unspecified": 11, None: 3, "in_person": 1, "written": 1}
        assert [group["key"] for group in attendance["groups"]] == [
            "remote",
            "unspecified",
            None,
            "in_person",
            "written",
        ]
        assert attendance["groups"][2]["name"] == "No attendance mode: not taking part, or not known yet"
        assert by_key(summary(api, group_by="role")) == {"participant": 47, "lead": 4}
        assert by_key(summary(api, group_by="role"), "meetings") == {"participant": 3, "lead": 3}
        level = summary(api, group_by="level")
        assert by_key(level) == {"leaders": 32, "military": 19}
        assert [group["name"] for group in level["groups"]] == [
            "Heads of state or government",
            "Military chiefs and officials",
        ]
        assert summary(api, group_by="year")["groups"] == [{"key": "2025", "name": "2025", **SHIPPED_TOTALS}]

    def test_with_the_participations_parameters(self, shipped_class, db, api):
        """NATO's members on each meeting's first day; the rest are not members (NATO itself is neither)."""
        members = summary(api, group_by="status", organization="nato")
        others = summary(api, group_by="status", organization="nato", member="false")
        assert members["totals"]["participations"] + others["totals"]["participations"] == 49
        assert by_key(members)["declined"] == 3  # Croatia, Montenegro and the US declined Paris
        assert "declined" not in by_key(others)
        assert by_key(summary(api, group_by="nation", participant="FR,nato")) == {"FR": 2}
        assert summary(api, group_by="year", nation="GB", attendance="remote")["totals"]["participations"] == 1

    def test_meeting_dates(self, shipped_class, db, api):
        body = summary(api, group_by="level", date_from="2025-03-12")
        assert by_key(body) == {"leaders": 32, "military": 6}
        assert summary(api, group_by="year", date_to="2024-12-31") == {
            "group_by": "year",
            "totals": {**ZERO, "participations": 0, "meetings": 0},
            "groups": [],
        }


def test_years_on_built_data(db, api):
    organization = OrganizationFactory(slug="alliance")
    for year, codes in [(2023, ["FR"]), (2024, ["FR", "DE"]), (2024, ["PL"])]:
        meeting = MeetingFactory(start_date=D(year, 5, 1))
        for code in codes:
            ParticipationFactory(meeting=meeting, nation=nation(code))
    ParticipationFactory(
        meeting=MeetingFactory(start_date=D(2024, 9, 1)),
        nation=None,
        organization=organization,
        status="invited",
        attendance_mode=None,
    )
    body = summary(api, group_by="year")
    assert [
        (group["key"], group["participations"], group["meetings"], group["invited"]) for group in body["groups"]
    ] == [
        ("2024", 4, 3, 1),
        ("2023", 1, 1, 0),
    ]
    assert body["totals"] == {**ZERO, "participations": 5, "meetings": 4, "attended": 4, "invited": 1, "in_person": 4}


class TestRefusals:
    @pytest.mark.parametrize(
        "params, body",
        [
            ({}, invalid(group_by=["This field is required."])),
            ({"group_by": "city"}, invalid(group_by=[not_a_choice("city")])),
            (
                {"group_by": "nation", "member": "false"},
                rule_violated(member=["`member` needs the `organization` parameter too."]),
            ),
            (
                {"group_by": "nation", "date_from": "2025-03-12", "date_to": "2025-03-11"},
                rule_violated(date_to=["Must not be earlier than `date_from`."]),
            ),
        ],
    )
    def test_bad_parameters(self, db, api, params, body):
        response = api.get(SUMMARY, params)
        assert (response.status_code, response.json()) == (400, body)

    def test_takes_no_paging_or_ordering(self, db, api):
        response = api.get(SUMMARY, {"group_by": "nation", "limit": 10, "ordering": "nation"})
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"limit", "ordering"}


@pytest.mark.parametrize("group_by", ["nation", "participant", "role", "status", "attendance", "level", "year"])
def test_queries_do_not_grow_with_the_groups(db, api, group_by):
    """The aggregate and the totals (and, per participant, their nations and organizations)."""
    organization = OrganizationFactory(slug="alliance")
    codes = ["DE", "PL", "IT", "ES", "NL", "BE", "AT", "PT", "SE", "FI", "DK", "IE"]
    expected = 4 if group_by == "participant" else 2
    for size in (1, 12):
        for index, code in enumerate(codes[:size]):
            meeting = MeetingFactory(start_date=D(2000 + index, 1, 1), level="ministers" if index % 2 else None)
            ParticipationFactory(meeting=meeting, nation=nation(code))
            ParticipationFactory(meeting=meeting, nation=None, organization=organization)
        with CaptureQueriesContext(connection) as queries:
            summary(api, group_by=group_by)
        assert len(queries) == expected, [query["sql"] for query in queries]
