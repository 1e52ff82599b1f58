"""Paging by cursor (the default) and by limit/offset, on the nations (every ISO country) and on meetings."""

import datetime

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Meeting, Nation
from tests import factories
from tests.api.bodies import NOT_A_CURSOR, bad_limit, bad_offset, invalid, invalid_cursor, rule_violated
from tests.conftest import kept_for_the_scope

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


class Endpoint:
    def __init__(self, path, key, keys):
        self.path = path
        self.key = key
        self.keys = keys  # every object's public key, in the endpoint's order

    def url(self, query=""):
        return f"{BASE}{self.path}{query}"


@pytest.fixture(scope="class", params=["nations", "meetings"])
def endpoint(request, django_db_setup, django_db_blocker):
    """The nations, or 60 meetings a day apart: built once for a class whose every test pages through them."""
    yield from kept_for_the_scope(django_db_blocker, lambda: build_endpoint(request.param))


def build_endpoint(name):
    if name == "nations":
        return Endpoint(
            "/api/v1/nations/", "code", list(Nation.objects.order_by("name").values_list("code", flat=True))
        )
    first = datetime.date(2020, 1, 1)
    factories.MeetingFactory.create_batch(
        60, start_date=factory.Iterator([first + datetime.timedelta(days=n) for n in range(60)])
    )
    return Endpoint(
        "/api/v1/meetings/", "slug", list(Meeting.objects.order_by("-start_date").values_list("slug", flat=True))
    )


def keys(endpoint, body):
    return [item[endpoint.key] for item in body["results"]]


class TestDefaults:
    def test_first_page_has_50(self, api, endpoint):
        assert len(endpoint.keys) > 50

        response = api.get(endpoint.path)

        assert response.status_code == 200
        body = response.json()
        assert list(body) == ["count", "next", "previous", "results"]
        assert (body["count"], body["previous"]) == (len(endpoint.keys), None)
        assert body["next"].startswith(endpoint.url("?cursor="))
        assert keys(endpoint, body) == endpoint.keys[:50]

    def test_following_next_visits_every_object_once(self, api, endpoint):
        seen, url, pages = [], endpoint.path, 0
        while url:
            body = api.get(url).json()
            seen += keys(endpoint, body)
            url, pages = body["next"], pages + 1

        assert seen == endpoint.keys
        assert pages == -(-len(endpoint.keys) // 50)

    def test_following_previous_walks_back(self, api, endpoint):
        last_offset = (len(endpoint.keys) - 1) // 20 * 20
        seen, url = [], f"{endpoint.path}?limit=20&offset={last_offset}"
        while url:
            body = api.get(url).json()
            seen = keys(endpoint, body) + seen
            url = body["previous"]

        assert seen == endpoint.keys


class TestCursor:
    def test_the_next_page_starts_after_the_last_row_whatever_changed_meanwhile(self, api, db):
        """Rows deleted before the cursor, added before it, or moved behind it never shift the next page."""
        meetings = factories.MeetingFactory.create_batch(
            6, title="Talks", start_date=factory.Iterator([datetime.date(2025, 3, day) for day in range(1, 7)])
        )
        first = api.get("/api/v1/meetings/", {"limit": 3}).json()
        assert [m["slug"] for m in first["results"]] == [meetings[5].slug, meetings[4].slug, meetings[3].slug]
        meetings[5].delete()
        factories.MeetingFactory(slug="newest", start_date=datetime.date(2025, 4, 1))

        second = api.get(first["next"]).json()

        assert [m["slug"] for m in second["results"]] == [meetings[2].slug, meetings[1].slug, meetings[0].slug]
        assert second["next"] is None
        assert second["previous"] is None

    def test_the_cursor_keeps_the_other_parameters(self, api, db):
        factories.MeetingFactory.create_batch(3, status="held")
        factories.MeetingFactory.create_batch(2, status="cancelled")

        body = api.get("/api/v1/meetings/", {"status": "held", "limit": 1}).json()

        assert body["next"].startswith(f"{BASE}/api/v1/meetings/?cursor=")
        assert body["next"].endswith("&limit=1&status=held")
        assert len(walk(api, "/api/v1/meetings/", {"status": "held"}, "slug", limit=1)) == 3

    @pytest.mark.parametrize("cursor", ["nonsense", "eyJrIjpbXX0", "e30"])  # an empty one: test_query_parameters
    def test_a_cursor_not_from_a_next_link_is_a_400(self, api, db, cursor):
        response = api.get("/api/v1/meetings/", {"cursor": cursor})

        assert response.status_code == 400
        assert response.json() == invalid_cursor(cursor=[NOT_A_CURSOR])

    def test_a_cursor_of_another_ordering_is_a_400(self, api, db):
        factories.MeetingFactory.create_batch(3)
        cursor = api.get("/api/v1/meetings/", {"limit": 1}).json()["next"].split("cursor=")[1].split("&")[0]

        response = api.get("/api/v1/meetings/", {"cursor": cursor, "ordering": "title"})

        assert response.status_code == 400
        assert response.json() == invalid_cursor(cursor=[NOT_A_CURSOR])

    def test_cursor_and_offset_together_are_a_400(self, api, db):
        response = api.get("/api/v1/meetings/", {"cursor": "x", "offset": 0})

        assert response.status_code == 400
        assert response.json() == rule_violated(cursor=["Give either `cursor` or `offset`, not both."])


class TestLimitAndOffset:
    def test_a_page_in_the_middle(self, api, endpoint):
        body = api.get(endpoint.path, {"limit": 10, "offset": 20}).json()

        assert keys(endpoint, body) == endpoint.keys[20:30]
        assert (body["next"], body["previous"]) == (
            endpoint.url("?limit=10&offset=30"),
            endpoint.url("?limit=10&offset=10"),
        )

    def test_previous_of_a_page_near_the_start_drops_the_offset(self, api, endpoint):
        body = api.get(endpoint.path, {"limit": 10, "offset": 5}).json()

        assert keys(endpoint, body) == endpoint.keys[5:15]
        assert body["previous"] == endpoint.url("?limit=10")

    def test_last_page_has_no_next(self, api, endpoint):
        total = len(endpoint.keys)

        body = api.get(endpoint.path, {"limit": 7, "offset": total - 3}).json()

        assert keys(endpoint, body) == endpoint.keys[-3:]
        assert (body["count"], body["next"]) == (total, None)

    @pytest.mark.parametrize(
        ("query", "counts_again"),
        [
            ({"limit": 500}, False),  # the first page holds every row
            ({"limit": 500, "offset": 0}, False),
            ({"limit": 7, "offset": -3}, False),  # the last page: offset + its rows
            ({"limit": 10}, True),
            ({"limit": 10, "offset": 10}, True),
            ({"limit": 10, "offset": 1_000_000}, True),  # past the end: the page says nothing of the count
        ],
    )
    def test_a_page_that_reaches_the_end_is_counted_without_a_count_query(self, api, endpoint, query, counts_again):
        if query.get("offset", 0) < 0:
            query = {**query, "offset": len(endpoint.keys) + query["offset"]}

        with CaptureQueriesContext(connection) as queries:
            body = api.get(endpoint.path, query).json()

        assert body["count"] == len(endpoint.keys)
        assert any("COUNT(" in captured["sql"].upper() for captured in queries.captured_queries) == counts_again

    def test_an_offset_of_zero_gives_offset_links(self, api, endpoint):
        body = api.get(endpoint.path, {"limit": 10, "offset": 0}).json()

        assert (body["next"], body["previous"]) == (endpoint.url("?limit=10&offset=10"), None)

    @pytest.mark.parametrize("limit", [1, 500])
    def test_bounds_are_allowed(self, api, endpoint, limit):
        body = api.get(endpoint.path, {"limit": limit}).json()

        assert keys(endpoint, body) == endpoint.keys[:limit]

    def test_very_large_offset_is_an_empty_page(self, api, endpoint):
        response = api.get(endpoint.path, {"offset": 1_000_000})

        assert response.status_code == 200
        assert response.json() == {
            "count": len(endpoint.keys),
            "next": None,
            "previous": endpoint.url("?limit=50&offset=999950"),
            "results": [],
        }

    def test_largest_offset_is_an_empty_page(self, api, endpoint):
        response = api.get(endpoint.path, {"offset": 2_147_483_647})

        assert response.status_code == 200
        assert response.json()["results"] == []


class TestLinks:
    def test_links_keep_the_other_parameters(self, api, db):
        factories.MeetingFactory.create_batch(3, status="held")
        factories.MeetingFactory.create_batch(2, status="cancelled")

        body = api.get("/api/v1/meetings/", {"status": "held", "limit": 1, "offset": 1}).json()

        assert body["count"] == 3
        assert body["next"] == f"{BASE}/api/v1/meetings/?limit=1&offset=2&status=held"
        assert body["previous"] == f"{BASE}/api/v1/meetings/?limit=1&status=held"


class TestBadValues:
    @pytest.mark.parametrize(
        "limit",
        [
            *["0", "501", "-1", "1000000"],  # whole numbers outside 1 to 500
            *["ten", "1.5", "+5", " 5", "5 ", "1e2", "0x10", "٥"],  # not whole numbers (empty: test_query_parameters)
        ],
    )
    def test_bad_limit(self, api, endpoint, limit):
        response = api.get(endpoint.path, {"limit": limit})

        assert response.status_code == 400
        assert response.json() == invalid(limit=[bad_limit(limit)])

    @pytest.mark.parametrize("offset", ["-1", "first", "2.0", "1_000", "2147483648"])
    def test_bad_offset(self, api, endpoint, offset):
        response = api.get(endpoint.path, {"offset": offset})

        assert response.status_code == 400
        assert response.json() == invalid(offset=[bad_offset(offset)])


def walk(api, path, params, key, limit=7):
    """The keys of every row of a list in the order served, page after page by following `next`."""
    seen, response = [], api.get(path, {**params, "limit": limit})
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        seen += [item[key] for item in body["results"]]
        if body["next"] is None:
            return seen
        response = api.get(body["next"])


class TestTiedSortKeys:
    """Rows with equal sort keys keep one order from page to page: PostgreSQL returns ties in any order, so without
    a unique last sort key limit/offset pages skip some rows and repeat others."""

    @pytest.fixture
    def meetings(self, db):
        return factories.MeetingFactory.create_batch(60, title="Talks", start_date=datetime.date(2025, 3, 11))

    @pytest.fixture
    def participations(self, db):
        meeting = factories.MeetingFactory()
        nations = Nation.objects.order_by("code")[:40]
        return [factories.ParticipationFactory(meeting=meeting, nation=nation) for nation in nations]

    @pytest.mark.parametrize("ordering", ["title", "-title", "start_date", "-start_date,title", "title,-start_date"])
    def test_meetings_ordered_by_tied_keys_are_served_once_each_in_id_order(self, api, meetings, ordering):
        seen = walk(api, "/api/v1/meetings/", {"ordering": ordering}, "slug")

        assert seen == [meeting.slug for meeting in sorted(meetings, key=lambda meeting: meeting.pk)]

    def test_meetings_in_the_default_order_are_served_once_each(self, api, meetings):
        """The default order (latest first, then title) ends with the slug, which is unique."""
        seen = walk(api, "/api/v1/meetings/", {}, "slug")

        assert sorted(seen) == sorted(meeting.slug for meeting in meetings)
        assert seen == list(Meeting.objects.values_list("slug", flat=True))

    @pytest.mark.parametrize("ordering", ["meeting_date", "-meeting_date"])
    def test_participations_ordered_by_meeting_date_are_served_once_each_in_id_order(
        self, api, participations, ordering
    ):
        seen = walk(api, "/api/v1/participations/", {"ordering": ordering}, "id")

        assert seen == sorted(participation.pk for participation in participations)

    def test_participations_in_the_default_order_are_served_once_each(self, api, participations):
        """The default order (meeting, then nation name) ends with the ID."""
        seen = walk(api, "/api/v1/participations/", {}, "id")

        assert seen == [p.pk for p in sorted(participations, key=lambda participation: participation.nation.name)]
