"""Query parameters every list shares: a parameter the list does not take is a 400 naming it, never ignored; so is
an empty value, a single-valued parameter given twice, and a date not written YYYY-MM-DD."""

import pytest

from tests.api.bodies import EMPTY, REPEATED, invalid, nation_codes, slugs
from tests.factories import MeetingFactory, OrganizationFactory, ParticipationFactory, nation

pytestmark = pytest.mark.django_db

PAGING = ["cursor", "format", "limit", "offset"]
# The change feed's parameters, which every list takes.
FEED = ["ordering", "updated_since"]
# Each list and the parameters it takes, besides limit, offset and format.
FILTERS = {
    "citations": ["meeting", "source", "speaker_nation"],
    "contributions": [
        "announced_from",
        "announced_to",
        "basis",
        "category",
        "currency",
        "meeting",
        "nation",
        "organization",
        "recipient",
        "status",
        "unpledged",
    ],
    "delegates": ["basis", "level", "meeting", "participant", "participation", "person"],
    "meeting-relations": ["kind", "meeting"],
    "meetings": [
        "attendance",
        "city",
        "date_from",
        "date_to",
        "delegate_level",
        "host_country",
        "level",
        "meeting_format",
        "nation",
        "ordering",
        "organization",
        "parent",
        "participant",
        "participation_status",
        "person",
        "role",
        "search",
        "series",
        "status",
    ],
    "memberships": ["nation", "on", "organization"],
    "nations": ["on", "ordering", "organization", "search"],
    "organizations": ["kind"],
    "participations": [
        "attendance",
        "basis",
        "delegate_level",
        "meeting",
        "member",
        "nation",
        "ordering",
        "organization",
        "participant",
        "person",
        "role",
        "status",
    ],
    "people": ["search", "wikidata_id"],
    "reported-counts": ["basis", "meeting"],
    "roles": ["search"],
    "series": ["search"],
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


class TestEmptyValue:
    """`?nation=` is refused rather than read as "no filter": leave the parameter out instead."""

    @pytest.mark.parametrize(
        "query",
        [
            "meetings/?nation=",
            "meetings/?status=",
            "meetings/?search=",
            "meetings/?date_from=",
            "meetings/?organization=",
            "meetings/?ordering=",
            "meetings/?participant=",
            "meetings/?city=",
            "meetings/?series=",
            "meetings/?parent=",
            "meetings/?person=",
            "meetings/?delegate_level=",
            "participations/?meeting=",
            "participations/?member=",
            "participations/?participant=",
            "citations/?source=",
            "nations/?on=",
            "deletions/?since=",
            "meetings/?updated_since=",
        ],
    )
    def test_of_a_filter_is_a_400_naming_it(self, api, query):
        response = api.get(f"/api/v1/{query}")

        assert response.status_code == 400
        assert response.json() == invalid(**{query.split("?")[1].removesuffix("="): [EMPTY]})

    @pytest.mark.parametrize("name", ["limit", "offset", "cursor", "format"])
    @pytest.mark.parametrize("resource", ["meetings", "nations"])
    def test_of_paging_or_format_is_a_400_naming_it(self, api, resource, name):
        response = api.get(f"/api/v1/{resource}/?{name}=")

        assert response.status_code == 400
        assert response.json() == invalid(**{name: [EMPTY]})

    @pytest.mark.parametrize("name, value", [("nation", "FR"), ("participant", "nato")])
    def test_beside_a_value_of_a_list_valued_filter(self, api, name, value):
        OrganizationFactory(slug="nato")

        response = api.get(f"/api/v1/meetings/?{name}={value}&{name}=")

        assert response.status_code == 400
        assert response.json() == invalid(**{name: [EMPTY]})


class TestRepeatedValue:
    @pytest.mark.parametrize(
        "query",
        [
            "meetings/?search=a&search=b",
            "meetings/?date_from=2025-01-01&date_from=2025-02-01",
            "meetings/?organization=club&organization=club",  # even the same value twice
            "meetings/?city=Paris&city=London",
            "meetings/?series=coalition&series=coalition",
            "meetings/?parent=a&parent=b",
            "participations/?meeting=a&meeting=b",
            "participations/?organization=club&member=true&member=false",
            "citations/?source=1&source=2",
            "nations/?organization=club&on=2025-01-01&on=2025-02-01",
            "sources/?search=a&search=b",
        ],
    )
    def test_of_a_single_valued_filter_is_a_400_naming_it(self, api, query):
        OrganizationFactory(slug="club")
        name = query.split("&")[-1].split("=")[0]

        response = api.get(f"/api/v1/{query}")

        assert response.status_code == 400
        assert response.json() == invalid(**{name: [REPEATED]})

    @pytest.mark.parametrize(("name", "values"), [("limit", ["1", "2"]), ("offset", ["1", "2"]), ("limit", ["5", "5"])])
    @pytest.mark.parametrize("resource", ["meetings", "nations"])
    def test_of_limit_or_offset_is_a_400_naming_it(self, api, resource, name, values):
        response = api.get(f"/api/v1/{resource}/?{'&'.join(f'{name}={value}' for value in values)}")

        assert response.status_code == 400
        assert response.json() == invalid(**{name: [REPEATED]})

    def test_of_cursor_is_a_400_naming_it(self, api):
        response = api.get("/api/v1/meetings/?cursor=a&cursor=b")

        assert response.status_code == 400
        assert response.json() == invalid(cursor=[REPEATED])

    @pytest.fixture
    def meetings(self, db):
        """Alpha (FR, held, leaders, in January), Bravo (GB, cancelled, ministers) and Charlie (DE, scheduled,
        NATO too, unstated level), both in March."""
        for slug, code, status, level, start in [
            ("alpha", "FR", "held", "leaders", "2025-01-01"),
            ("bravo", "GB", "cancelled", "ministers", "2025-03-01"),
            ("charlie", "DE", "scheduled", None, "2025-03-01"),
        ]:
            meeting = MeetingFactory(
                slug=slug, title=slug.capitalize(), status=status, level=level, start_date=start, end_date=start
            )
            ParticipationFactory(meeting=meeting, nation=nation(code))
        ParticipationFactory(meeting=meeting, nation=None, organization=OrganizationFactory(slug="nato"))

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("nation=FR&nation=GB", ["alpha", "bravo"]),
            ("nation=FR,GB&nation=DE", ["alpha", "bravo", "charlie"]),
            ("nation[]=DE&nation[]=GB", ["bravo", "charlie"]),
            ("status=held&status=scheduled", ["alpha", "charlie"]),
            ("host_country=FR&host_country=FR", ["alpha", "bravo", "charlie"]),
            ("participant=FR&participant=nato", ["alpha", "charlie"]),
            ("participant=GB,nato&participant=FR", ["alpha", "bravo", "charlie"]),
            ("participant[]=nato&participant[]=GB", ["bravo", "charlie"]),
            ("level=leaders&level=ministers", ["alpha", "bravo"]),
        ],
    )
    def test_of_a_list_valued_filter_is_any_of_them(self, api, meetings, query, expected):
        assert sorted(slugs(api.get(f"/api/v1/meetings/?{query}"))) == expected

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("ordering=-start_date&ordering=title", ["bravo", "charlie", "alpha"]),
            ("ordering=-start_date&ordering=-title", ["charlie", "bravo", "alpha"]),
        ],
    )
    def test_of_ordering_is_one_sort_key_after_the_other(self, api, meetings, query, expected):
        assert slugs(api.get(f"/api/v1/meetings/?{query}")) == expected


class TestDates:
    """Date parameters are YYYY-MM-DD only: `11/03/2025` is refused, never read as 3 November (or 11 March)."""

    @pytest.mark.parametrize(
        "query",
        [
            "meetings/?date_from=11/03/2025",
            "meetings/?date_to=03/11/2025",
            "meetings/?date_from=11.03.2025",
            "meetings/?date_from=2025-3-1",
            "meetings/?date_to=2025-03-1",
            "meetings/?date_from=20250301",
            "meetings/?date_from=2025-03-01T00:00:00",
            "nations/?organization=club&on=2025-3-1",
            "memberships/?on=2025-3-1",
            "contributions/?announced_from=01/03/2025",
            "contributions/?announced_to=2025-03-01T00:00:00",
        ],
    )
    def test_other_forms_are_a_400_naming_the_parameter(self, api, query):
        OrganizationFactory(slug="club")
        name = query.split("&")[-1].split("?")[-1].split("=")[0]

        response = api.get(f"/api/v1/{query}")

        assert response.status_code == 400
        assert response.json() == invalid(**{name: ["Enter a valid date."]})

    @pytest.mark.parametrize(
        "query", ["meetings/?date_from=2025-03-01&date_to=2025-03-31", "nations/?organization=club&on=2025-03-01"]
    )
    def test_yyyy_mm_dd_is_taken(self, api, query):
        OrganizationFactory(slug="club")

        assert api.get(f"/api/v1/{query}").status_code == 200
