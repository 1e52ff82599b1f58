"""The questions the Paris talks record was made to answer, each asked as one request to the API."""

import pytest

from tests.conftest import PARIS

PARTICIPATIONS = "/api/v1/participations/"


@pytest.fixture
def ask(api, seed):
    """Nation codes of the Paris participations matching `params`, sorted."""

    def ask(**params):
        response = api.get(PARTICIPATIONS, {"meeting": PARIS, **params})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["count"] == len(body["results"])
        return sorted(participation["nation"]["code"] for participation in body["results"])

    return ask


def test_who_led(ask):
    assert ask(role="lead") == ["FR", "GB"]


def test_who_joined_remotely(ask):
    assert ask(attendance="remote") == ["AU", "JP", "KR", "NZ"]


def test_who_declined(ask):
    assert ask(status="declined") == ["HR", "ME", "US"]


def test_which_participants_were_not_nato_members_on_the_day(ask):
    assert ask(organization="nato", member="false") == ["AT", "AU", "CY", "IE", "JP", "KR", "NZ", "UA"]


def test_which_were_nato_members_on_the_day(ask):
    # Sweden (2024) and Finland (2023) were members by then but are not named; three of the members declined.
    assert ask(organization="nato") == ["FR", "GB", "HR", "ME", "US"]


def test_which_nato_members_declined(ask):
    assert ask(organization="nato", status="declined") == ["HR", "ME", "US"]


def test_who_attended_in_all(ask):
    assert ask(status="attended") == ["AT", "AU", "CY", "FR", "GB", "IE", "JP", "KR", "NZ", "UA"]


def test_how_many_nations_were_reported(api, seed):
    body = api.get(f"/api/v1/meetings/{PARIS}/").json()

    assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (30, "more_than")
    # The record names only some of the "more than 30": 13 participations, 10 of them attending.
    assert len(body["participations"]) == 13
    assert sum(p["status"] == "attended" for p in body["participations"]) == 10


def test_who_represented_ukraine(api, seed):
    response = api.get(PARTICIPATIONS, {"meeting": PARIS, "nation": "UA"})

    [ukraine] = response.json()["results"]
    assert ukraine["nation"] == {"code": "UA", "alpha3": "UKR", "name": "Ukraine"}
    assert ukraine["representative"] == "official of the National Security and Defense Council"
    assert (ukraine["role"]["code"], ukraine["status"], ukraine["attendance_mode"]) == (
        "participant",
        "attended",
        "unspecified",
    )


def test_which_meetings_the_us_declined(api, seed):
    response = api.get("/api/v1/meetings/", {"nation": "US", "participation_status": "declined"})

    assert [meeting["slug"] for meeting in response.json()["results"]] == [PARIS]


def test_the_participations_cite_their_source(api, seed):
    response = api.get(PARTICIPATIONS, {"meeting": PARIS, "nation": "JP"})

    [japan] = response.json()["results"]
    assert [source["outlet"] for source in japan["sources"]] == ["Newslooks"]
    assert japan["sources"][0]["title"] == "30+ Nations Discuss Military Support for Ukraine in Paris"
