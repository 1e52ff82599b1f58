"""Query parameters every list shares: a parameter the list does not take is a 400 naming it, never ignored."""

import pytest

from tests.api.bodies import invalid, nation_codes
from tests.factories import MeetingFactory, ParticipationFactory, nation

pytestmark = pytest.mark.django_db

PAGING = ["cursor", "format", "limit", "offset"]
# The change feed's parameters, which every list takes.
FEED = ["ordering", "updated_since"]
# Each list and the parameters it takes, besides limit, offset and format.
FILTERS = {
    "citations": ["meeting", "source", "speaker_nation"],
    "contributions": ["category", "meeting", "nation", "organization", "status", "unpledged"],
    "meetings": [
        "attendance",
        "date_from",
        "date_to",
        "host_country",
        "meeting_format",
        "nation",
        "ordering",
        "organization",
        "participation_status",
        "role",
        "search",
        "status",
    ],
    "memberships": ["nation", "on", "organization"],
    "nations": ["on", "ordering", "organization", "search"],
    "organizations": ["kind"],
    "participations": ["attendance", "meeting", "member", "nation", "ordering", "organization", "role", "status"],
    "roles": ["search"],
    "sessions": ["meeting"],
    "sources": ["meeting", "search"],
}


def unknown_parameter(resource):
    return f"Unknown parameter; this list takes {', '.join(sorted({*FILTERS[resource], *PAGING, *FEED}))}."


class TestUnknownParameter:
    @pytest.mark.parametrize("resource", sorted(FILTERS))
    def test_is_a_400_listing_the_parameters_the_list_takes(self, api, resource):
        response = api.get(f"/api/v1/{resource}/", {"nations": "FR"})

        assert response.status_code == 400
        assert response.json() == invalid(nations=[unknown_parameter(resource)])

    def test_every_unknown_parameter_is_named_beside_bad_values(self, api):
        response = api.get("/api/v1/meetings/?nations=FR&date_from=yesterday&Status=held")

        assert response.status_code == 400
        assert response.json() == invalid(
            nations=[unknown_parameter("meetings")],
            Status=[unknown_parameter("meetings")],
            date_from=["Enter a valid date."],
        )

    def test_an_empty_unknown_parameter_is_refused_too(self, api):
        response = api.get("/api/v1/roles/?code=")

        assert response.status_code == 400
        assert response.json() == invalid(code=[unknown_parameter("roles")])


class TestKnownParameters:
    @pytest.mark.parametrize("resource", sorted(FILTERS))
    def test_paging_and_format_are_taken_by_every_list(self, api, resource):
        response = api.get(f"/api/v1/{resource}/", {"limit": 1, "offset": 0, "format": "json"})

        assert (response.status_code, response["Content-Type"]) == (200, "application/json")
        assert list(response.json()) == ["count", "next", "previous", "results"]

    def test_list_parameters_may_be_sent_with_brackets(self, api):
        """As some HTTP clients send lists: `nation[]=FR&nation[]=GB`."""
        meeting = MeetingFactory()
        for code in ["FR", "GB", "DE"]:
            ParticipationFactory(meeting=meeting, nation=nation(code))

        response = api.get("/api/v1/participations/?nation[]=FR&nation[]=GB&ordering=nation")

        assert nation_codes(response) == ["FR", "GB"]


class TestObjectAddresses:
    """An object's own address takes no query parameter: the filters of its list neither hide it nor refuse it."""

    @pytest.fixture
    def meeting(self, db):
        return MeetingFactory(slug="held-talks", status="held")

    @pytest.mark.parametrize("query", ["status=cancelled", "nations=FR", "date_from=yesterday"])
    def test_read(self, api, meeting, query):
        response = api.get(f"/api/v1/meetings/held-talks/?{query}")

        assert response.status_code == 200
        assert response.json() == api.get("/api/v1/meetings/held-talks/").json()

    def test_write(self, editor, meeting):
        response = editor.patch("/api/v1/meetings/held-talks/?status=cancelled", {"city": "Rome"}, format="json")

        assert response.status_code == 200, response.json()
        assert (response.json()["slug"], response.json()["city"]) == ("held-talks", "Rome")
