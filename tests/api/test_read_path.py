"""What keeps a read's cost following the page rather than the table: the count stops at LIST_COUNT_LIMIT, offset
pages know their next page without the count, the browsable API never lists every related row, and the JSON
renderer writes what DRF's would."""

import datetime
import json

import factory
import pytest
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from events.api.renderers import JSONRenderer
from events.models import Meeting
from tests import factories
from tests.conftest import PARIS

BASE = "http://testserver/api/v1/meetings/"


@pytest.fixture
def meetings(db):
    first = datetime.date(2020, 1, 1)
    factories.MeetingFactory.create_batch(
        7, start_date=factory.Iterator([first + datetime.timedelta(days=n) for n in range(7)])
    )
    return list(Meeting.objects.values_list("slug", flat=True))


class TestCountLimit:
    def test_count_is_exact_up_to_the_limit(self, api, meetings, settings):
        settings.LIST_COUNT_LIMIT = 7

        body = api.get("/api/v1/meetings/?limit=2").json()

        assert body["count"] == 7

    def test_count_is_null_past_the_limit_and_every_row_is_still_reachable(self, api, meetings, settings):
        settings.LIST_COUNT_LIMIT = 6
        seen, url = [], "/api/v1/meetings/?limit=3"

        while url:
            body = api.get(url).json()
            assert body["count"] is None
            seen += [item["slug"] for item in body["results"]]
            url = body["next"]

        assert seen == meetings

    def test_a_filtered_list_under_the_limit_is_counted(self, api, meetings, settings):
        settings.LIST_COUNT_LIMIT = 6
        first = Meeting.objects.order_by("start_date").first()

        body = api.get(f"/api/v1/meetings/?date_to={first.start_date.isoformat()}").json()

        assert (body["count"], [item["slug"] for item in body["results"]]) == (1, [first.slug])


class TestOffsetPages:
    @pytest.mark.parametrize(("offset", "expected_next"), [(0, 3), (3, 6), (4, None), (7, None), (20, None)])
    def test_next_follows_the_rows_not_the_count(self, api, meetings, settings, offset, expected_next):
        settings.LIST_COUNT_LIMIT = 2

        body = api.get(f"/api/v1/meetings/?limit=3&offset={offset}").json()

        assert [item["slug"] for item in body["results"]] == meetings[offset : offset + 3]
        assert body["next"] == (None if expected_next is None else f"{BASE}?limit=3&offset={expected_next}")
        assert body["count"] is None


class TestBrowsableAPI:
    """At a million rows a drop-down of every meeting is megabytes of HTML: keys are typed instead."""

    def test_no_page_lists_the_meetings_as_options(self, editor, shipped_class, db):
        page = editor.get("/api/v1/participations/", HTTP_ACCEPT="text/html").content.decode()

        assert f'value="{PARIS}"' not in page
        assert 'name="_content"' in page  # the raw JSON form is there to write with

    def test_filter_form_takes_a_typed_meeting_key(self, api, shipped_class, db):
        page = api.get("/api/v1/participations/?format=api").content.decode()

        assert 'type="text" name="meeting"' in page


class TestJSONRenderer:
    @pytest.mark.parametrize(
        "data",
        [
            {"title": "Réunion à Paris — ✓", "n": 3, "none": None, "list": [1, "a", True]},
            [{"nested": {"a": [{"b": "c"}]}}],
            {"date": datetime.date(2025, 3, 11), "when": datetime.datetime(2025, 3, 11, 9, 30, tzinfo=datetime.UTC)},
        ],
    )
    def test_same_bytes_as_drf(self, data):
        assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)

    def test_indent_asked_for_is_honoured(self):
        rendered = JSONRenderer().render({"a": 1}, "application/json; indent=2")

        assert json.loads(rendered) == {"a": 1} and b"\n" in rendered
