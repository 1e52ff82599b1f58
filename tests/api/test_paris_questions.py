"""The questions the Paris talks record was made to answer, each asked as one request to the API."""

import pytest

from tests.api.bodies import UKRAINE, results, slugs
from tests.conftest import PARIS

PARTICIPATIONS = "/api/v1/participations/"

# Every test only reads the seed: it is imported once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed_module")]


@pytest.fixture
def ask(api):
    """Participants (nation codes, organization slugs) of the Paris participations matching `params`, sorted."""

    def ask(**params):
        response = api.get(PARTICIPATIONS, {"meeting": PARIS, **params})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["count"] == len(body["results"])
        return sorted(participation["participant"]["key"] for participation in body["results"])

    return ask


@pytest.mark.parametrize(
    "params, expected",
    [
        pytest.param({"role": "lead"}, ["FR", "GB"], id="who-led"),
        pytest.param({"attendance": "remote"}, ["AU", "JP", "KR", "NZ"], id="who-joined-remotely"),
        pytest.param({"status": "declined"}, ["HR", "ME", "US"], id="who-declined"),
        pytest.param(
            {"organization": "nato", "member": "false"},
            ["AT", "AU", "CY", "IE", "JP", "KR", "NZ", "UA"],
            id="which-participants-were-not-nato-members-on-the-day",
        ),
        # Sweden (2024) and Finland (2023) were members by then but are not named; three of the members declined.
        pytest.param({"organization": "nato"}, ["FR", "GB", "HR", "ME", "US"], id="which-were-nato-members-on-the-day"),
        pytest.param(
            {"organization": "nato", "status": "declined"}, ["HR", "ME", "US"], id="which-nato-members-declined"
        ),
        pytest.param(
            {"status": "attended"},
            ["AT", "AU", "CY", "FR", "GB", "IE", "JP", "KR", "NZ", "UA"],
            id="who-attended-in-all",
        ),
    ],
)
def test_question(ask, params, expected):
    assert ask(**params) == expected


def test_how_many_nations_were_reported(api):
    body = api.get(f"/api/v1/meetings/{PARIS}/").json()

    [count] = body["reported_counts"]
    assert (count["count"], count["qualifier"], count["basis"]) == (30, "more_than", "stated")
    assert [source["outlet"] for source in count["sources"]] == ["Newslooks"]
    # The deprecated fields show the one reported count.
    assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (30, "more_than")
    # The record names only some of the "more than 30": 13 participations, 10 of them attending, and says the list
    # is partial. Ten named attendees do not contradict "more than 30".
    assert len(body["participations"]) == 13
    assert sum(p["status"] == "attended" for p in body["participations"]) == 10
    assert (body["named_nation_count"], body["count_conflict"], body["participants_complete"]) == (10, False, False)


def test_who_represented_ukraine(api):
    response = api.get(PARTICIPATIONS, {"meeting": PARIS, "nation": "UA"})

    [ukraine] = results(response)
    assert ukraine["nation"] == UKRAINE
    assert [(delegate["person"], delegate["description"], delegate["level"]) for delegate in ukraine["delegates"]] == [
        (None, "official of the National Security and Defense Council", "official")
    ]
    # The deprecated field shows the delegate as the single text it held before.
    assert ukraine["representative"] == "official of the National Security and Defense Council"
    assert (ukraine["role"]["code"], ukraine["status"], ukraine["attendance_mode"]) == (
        "participant",
        "attended",
        "unspecified",
    )


def test_which_participants_were_represented_by_an_official(api):
    response = api.get(PARTICIPATIONS, {"meeting": PARIS, "delegate_level": "official"})

    assert [participation["participant"]["key"] for participation in results(response)] == ["UA"]


def test_the_talks_are_the_coalitions_military_meeting_in_paris(api):
    response = api.get(
        "/api/v1/meetings/", {"series": "coalition-of-the-willing", "city": "paris", "level": "military"}
    )

    assert slugs(response) == [PARIS]


def test_which_meetings_the_us_declined(api):
    response = api.get("/api/v1/meetings/", {"nation": "US", "participation_status": "declined"})

    assert slugs(response) == [PARIS]


def test_the_participations_cite_their_source(api):
    response = api.get(PARTICIPATIONS, {"meeting": PARIS, "nation": "JP"})

    [japan] = results(response)
    assert [source["outlet"] for source in japan["sources"]] == ["Newslooks"]
    assert japan["sources"][0]["title"] == "30+ Nations Discuss Military Support for Ukraine in Paris"
