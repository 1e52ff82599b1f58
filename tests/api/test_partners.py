"""`nations/{code}/partners/`: who a nation meets most often, on the shipped data and on data built here."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.bodies import NOT_FOUND, invalid, not_a_choice, rule_violated, unknown, unknown_reference
from tests.conftest import LEADERS_CALL, NORTHWOOD, PARIS
from tests.factories import MeetingFactory, OrganizationFactory, ParticipationFactory, nation

pytestmark = pytest.mark.django_db

D = datetime.date
LEADERS_CALL_BRIEF = {
    "slug": LEADERS_CALL,
    "title": "Virtual leaders' meeting of the coalition of the willing hosted by the UK Prime Minister",
    "start_date": "2025-03-15",
}
NORTHWOOD_BRIEF = {
    "slug": NORTHWOOD,
    "title": "Coalition of the willing military planners' meeting at Northwood",
    "start_date": "2025-03-20",
}


def partners(api, code, **params):
    response = api.get(f"/api/v1/nations/{code}/partners/", params)
    assert response.status_code == 200, response.json()
    return response.json()


def counts(body):
    return {item["participant"]["key"]: item["meetings"] for item in body["results"]}


class TestOnTheShippedData:
    """The UK took part in all three shipped meetings: Paris (13 participants), the leaders' call (32) and
    Northwood (6)."""

    def test_most_shared_meetings_first_then_by_key(self, shipped_class, db, api):
        body = partners(api, "GB", limit=500)
        assert body["count"] == 35  # the leaders' call's 31 others, and CY, KR, ME and US from Paris
        assert body["results"][0] == {
            "participant": {"kind": "nation", "key": "AU", "name": "Australia"},
            "meetings": 3,
            "last_meeting": NORTHWOOD_BRIEF,
        }
        keys = [item["participant"]["key"] for item in body["results"]]
        assert keys[:12] == ["AU", "AT", "CA", "FR", "HR", "IE", "JP", "NL", "NZ", "PL", "RO", "UA"]
        assert set(counts(body).values()) == {3, 2, 1}
        assert [key for key, count in counts(body).items() if count == 2] == keys[1:12]
        assert counts(body)["nato"] == counts(body)["eu"] == counts(body)["US"] == 1

    def test_the_last_shared_meeting_is_the_latest(self, shipped_class, db, api):
        by_key = {item["participant"]["key"]: item for item in partners(api, "GB", limit=500)["results"]}
        assert by_key["CA"]["last_meeting"] == NORTHWOOD_BRIEF
        assert by_key["FR"]["last_meeting"] == LEADERS_CALL_BRIEF
        assert by_key["US"]["last_meeting"]["slug"] == PARIS
        assert by_key["nato"]["participant"] == {"kind": "organization", "key": "nato", "name": "NATO"}

    def test_status_applies_to_both_participations(self, shipped_class, db, api):
        """Croatia, Montenegro and the US declined Paris; Croatia attended the leaders' call."""
        found = counts(partners(api, "GB", status="attended", limit=500))
        assert len(found) == 33  # the leaders' call's 31 others, and CY and KR from Paris
        assert found["HR"] == 1
        assert not {"ME", "US"} & set(found)
        assert counts(partners(api, "US", status="attended")) == {}

    def test_date_range_overlaps_the_meetings(self, shipped_class, db, api):
        found = counts(partners(api, "gb", date_to="2025-03-12", limit=500))
        assert len(found) == 12 and set(found.values()) == {1}  # Paris only
        found = counts(partners(api, "GB", date_from="2025-03-15", date_to="2025-03-15", limit=500))
        assert len(found) == 31 and "CY" not in found  # the leaders' call only

    def test_level_is_the_meetings(self, shipped_class, db, api):
        found = counts(partners(api, "GB", level="military", limit=500))
        assert found["AU"] == 2 and found["CA"] == 1 and len(found) == 16  # Paris and Northwood
        assert counts(partners(api, "GB", level="leaders,experts", limit=500)) == counts(
            partners(api, "GB", date_from="2025-03-15", date_to="2025-03-15", limit=500)
        )

    def test_role_applies_to_both_participations(self, shipped_class, db, api):
        """The UK led all three; France co-led Paris."""
        assert counts(partners(api, "GB", role="lead")) == {"FR": 1}

    def test_series(self, shipped_class, db, api):
        assert partners(api, "GB", series="coalition-of-the-willing")["count"] == 35

    def test_pages_by_offset(self, shipped_class, db, api):
        first = partners(api, "GB", limit=2)
        assert [item["participant"]["key"] for item in first["results"]] == ["AU", "AT"]
        assert first["next"] == "http://testserver/api/v1/nations/GB/partners/?limit=2&offset=2"
        second = api.get(first["next"]).json()
        assert [item["participant"]["key"] for item in second["results"]] == ["CA", "FR"]
        assert second["previous"] == "http://testserver/api/v1/nations/GB/partners/?limit=2"

    def test_a_nation_without_meetings_has_no_partners(self, shipped_class, db, api):
        assert partners(api, "BR") == {"count": 0, "next": None, "previous": None, "results": []}


class TestOnBuiltData:
    def test_counts_and_last_meeting(self, api):
        first = MeetingFactory(slug="first", title="First", start_date=D(2024, 1, 10))
        second = MeetingFactory(slug="second", title="Second", start_date=D(2024, 6, 1))
        same_day = MeetingFactory(slug="same-day", title="Same day", start_date=D(2024, 6, 1))
        alliance = OrganizationFactory(slug="alliance", name="The Alliance", short_name="")
        for meeting in (first, second, same_day):
            ParticipationFactory(meeting=meeting, nation=nation("FR"))
        for meeting in (first, second):
            ParticipationFactory(meeting=meeting, nation=nation("DE"))
        ParticipationFactory(meeting=first, nation=None, organization=alliance)
        ParticipationFactory(meeting=same_day, nation=nation("DE"), status="declined", attendance_mode=None)
        ParticipationFactory(meeting=MeetingFactory(), nation=nation("PL"))  # meets nobody else
        body = partners(api, "FR")
        assert body["results"] == [
            {
                "participant": {"kind": "nation", "key": "DE", "name": "Germany"},
                "meetings": 3,
                "last_meeting": {"slug": "second", "title": "Second", "start_date": "2024-06-01"},
            },
            {
                "participant": {"kind": "organization", "key": "alliance", "name": "The Alliance"},
                "meetings": 1,
                "last_meeting": {"slug": "first", "title": "First", "start_date": "2024-01-10"},
            },
        ]
        assert counts(partners(api, "FR", status="attended")) == {"DE": 2, "alliance": 1}
        assert counts(partners(api, "DE", status="declined")) == {}
        assert counts(partners(api, "DE")) == {"FR": 3, "alliance": 1}


class TestRefusals:
    def test_unknown_nation_is_a_404(self, db, api):
        response = api.get("/api/v1/nations/ZZ/partners/")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)

    @pytest.mark.parametrize(
        "params, body",
        [
            ({"date_from": "11/03/2025"}, invalid(date_from=["Enter a valid date."])),
            (
                {"date_from": "2025-03-12", "date_to": "2025-03-11"},
                rule_violated(date_to=["Must not be earlier than `date_from`."]),
            ),
            ({"status": "gone"}, invalid(status=[not_a_choice("gone")])),
            ({"level": "kings"}, invalid(level=[not_a_choice("kings")])),
            ({"role": "boss"}, unknown_reference(role=[unknown("participation role", "boss")])),
            ({"series": "nope"}, unknown_reference(series=[unknown("series", "nope")])),
        ],
    )
    def test_bad_parameters(self, db, api, params, body):
        response = api.get("/api/v1/nations/FR/partners/", params)
        assert (response.status_code, response.json()) == (400, body)

    def test_parameters_it_does_not_take(self, db, api):
        response = api.get("/api/v1/nations/FR/partners/", {"organization": "nato", "cursor": "x"})
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"organization", "cursor"}


def test_queries_do_not_grow_with_the_page_or_the_data(db, api):
    """The nation, the aggregate, the partners' nations and organizations, and the last meetings."""
    organization = OrganizationFactory(slug="alliance")
    codes = ["DE", "PL", "IT", "ES", "NL", "BE", "AT", "PT", "SE", "FI", "DK", "IE"]
    used = []
    for size in (1, 4, 12):
        for index in range(len(used), size):
            meeting = MeetingFactory()
            ParticipationFactory(meeting=meeting, nation=nation("FR"))
            ParticipationFactory(meeting=meeting, nation=nation(codes[index]))
            ParticipationFactory(meeting=meeting, nation=None, organization=organization)
            used.append(meeting)
        for limit in (1, 10, 100):
            with CaptureQueriesContext(connection) as queries:
                body = partners(api, "FR", limit=limit, role="participant", status="attended")
            assert body["count"] == size + 1
            assert len(queries) == 6, [query["sql"] for query in queries]  # role lookup included
