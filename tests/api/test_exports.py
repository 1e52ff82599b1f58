"""CSV and NDJSON exports: every list, with its filters, every matching row (no pages), streamed in flat memory."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.api.exports import csv_columns
from events.api.representations import resources
from events.models import Nation
from tests.contract import document as committed_document
from tests.factories import DelegateFactory, MeetingFactory, ParticipationFactory, SourceFactory, nation, role

pytestmark = pytest.mark.django_db

URL = "/api/v1/participations/"
LISTS = [*(name for name, _ in resources()), "deletions"]


def text(response):
    return b"".join(response.streaming_content).decode()


def rows(response):
    return list(csv.DictReader(io.StringIO(text(response))))


@pytest.fixture
def summit(db):
    meeting = MeetingFactory(
        slug="summit",
        title="Summit",
        start_date=datetime.date(2025, 3, 11),
        end_date=datetime.date(2025, 3, 12),
        city="Paris",
        host_country=nation("FR"),
        format="hybrid",
        level="ministers",
    )
    sources = [SourceFactory(), SourceFactory()]
    lead = ParticipationFactory(meeting=meeting, nation=nation("DE"), role=role("lead"), notes="Chaired.")
    lead.sources.set(sources)
    DelegateFactory(participation=lead)
    return meeting


class TestCSV:
    def test_a_participation_row_carries_its_meeting(self, api, summit):
        response = api.get(URL, HTTP_ACCEPT="text/csv")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="participations.csv"'
        [row] = rows(response)
        participation = summit.participations.get()
        delegate = participation.delegates.get()
        [item] = api.get(URL).json()["results"]
        assert {key: value for key, value in row.items() if key not in ("created_at", "updated_at")} == {
            "id": str(participation.pk),
            "meeting_slug": "summit",
            "meeting_title": "Summit",
            "meeting_start_date": "2025-03-11",
            "meeting_end_date": "2025-03-12",
            "meeting_city": "Paris",
            "meeting_host_country": "FR",
            "meeting_format": "hybrid",
            "meeting_level": "ministers",
            "participant_kind": "nation",
            "participant_key": "DE",
            "participant_name": "Germany",
            "nation_code": "DE",
            "nation_alpha3": "DEU",
            "nation_name": "Germany",
            "organization_slug": "",
            "organization_name": "",
            "organization_short_name": "",
            "role_code": "lead",
            "role_name": "Lead",
            "status": "attended",
            "attendance_mode": "in_person",
            "basis": "stated",
            "basis_note": "",
            "notes": "Chaired.",
            "delegates": str(delegate.pk),
            "representative": item["representative"],
            "sources": ";".join(str(source["id"]) for source in item["sources"]),
        }

    def test_columns_are_in_the_documented_order(self, api, summit):
        header = text(api.get(URL, {"format": "csv"})).splitlines()[0]
        columns = [column.name for column in csv_columns(resources_by_name()["participations"].serializer_class)]
        assert header.split(",") == columns
        content = committed_document()["paths"][URL]["get"]["responses"]["200"]["content"]
        assert ", ".join(f"`{column}`" for column in columns) in content["text/csv"]["schema"]["description"]

    def test_format_parameter_and_accept_header_give_the_same_file(self, api, summit):
        assert text(api.get(URL, {"format": "csv"})) == text(api.get(URL, HTTP_ACCEPT="text/csv"))

    def test_cells_a_spreadsheet_would_run_are_escaped(self, api, summit):
        participation = summit.participations.get()
        for notes in ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)"]:
            participation.notes = notes
            participation.save()
            [row] = rows(api.get(URL, HTTP_ACCEPT="text/csv"))
            assert row["notes"] == f"'{notes}"

    def test_a_list_of_objects_is_their_keys(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("GB"))
        [row] = rows(api.get("/api/v1/meetings/", HTTP_ACCEPT="text/csv"))
        assert row["participations"] == "DE;GB"
        assert row["host_country_code"] == "FR"

    def test_the_filters_apply_and_there_is_no_page_limit(self, api, summit):
        for code in Nation.objects.exclude(code="DE").order_by("code").values_list("code", flat=True)[:60]:
            ParticipationFactory(meeting=summit, nation=nation(code))

        every = rows(api.get(URL, {"format": "csv"}))
        filtered = rows(api.get(URL, {"format": "csv", "nation": "DE,AD", "role": "lead"}))

        assert len(every) == 61 > 50  # the JSON list's default page
        assert [row["participant_key"] for row in filtered] == ["DE"]

    def test_rows_are_in_the_list_order(self, api, summit):
        later = MeetingFactory(slug="later", start_date=datetime.date(2025, 4, 1))
        ParticipationFactory(meeting=later, nation=nation("GB"))
        keys = [row["meeting_slug"] for row in rows(api.get(URL, {"format": "csv", "ordering": "-meeting_date"}))]
        assert keys == ["later", "summit"]

    def test_the_queries_do_not_grow_with_the_rows(self, api, summit):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                text(api.get(URL, HTTP_ACCEPT="text/csv"))
            return len(captured)

        few = queries()
        for code in ["GB", "IT", "PL", "ES", "NL"]:
            DelegateFactory(participation=ParticipationFactory(meeting=summit, nation=nation(code)))
        assert queries() == few


class TestNDJSON:
    def test_each_line_is_an_item_of_the_json_list(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("GB"))

        response = api.get(URL, HTTP_ACCEPT="application/x-ndjson")

        assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="participations.ndjson"'
        lines = text(response).splitlines()
        assert [json.loads(line) for line in lines] == api.get(URL).json()["results"]

    def test_format_parameter_with_filters(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("GB"))

        response = api.get(URL, {"format": "ndjson", "nation": "GB"})

        assert [json.loads(line)["participant"]["key"] for line in text(response).splitlines()] == ["GB"]

    def test_no_matching_row_is_an_empty_body(self, client, summit):
        """Through the plain client: the contract validator (openapi-core) reads any empty body as a missing one."""
        response = client.get(URL, {"format": "ndjson", "nation": "GB"})
        assert (response.status_code, text(response)) == (200, "")


class TestEveryList:
    @pytest.mark.parametrize("name", LISTS)
    def test_every_list_exports_both_formats(self, api, client, name):
        """NDJSON through the plain client: most lists are empty here, and the contract validator (openapi-core)
        reads an empty body as a missing one."""
        viewset = resources_by_name().get(name)
        csv_response = api.get(f"/api/v1/{name}/", HTTP_ACCEPT="text/csv")
        ndjson_response = client.get(f"/api/v1/{name}/", {"format": "ndjson"})

        assert (csv_response.status_code, ndjson_response.status_code) == (200, 200)
        header = text(csv_response).splitlines()[0]
        if viewset is not None:
            assert header.split(",") == [column.name for column in csv_columns(viewset.serializer_class)]
        assert ndjson_response["Content-Type"] == "application/x-ndjson; charset=utf-8"
        assert ndjson_response["Content-Disposition"] == f'attachment; filename="{name}.ndjson"'


class TestRefusals:
    def test_a_bad_filter_is_a_json_400(self, api, summit):
        response = api.get(URL, {"format": "csv", "nation": "XX"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"]["nation"]

    def test_an_object_is_not_exported(self, api, summit):
        assert api.get("/api/v1/meetings/summit/", HTTP_ACCEPT="text/csv").status_code == 406
        response = api.get("/api/v1/meetings/summit/", {"format": "csv"})
        assert response.status_code == 400
        assert "format" in response.json()["errors"]


def resources_by_name():
    return dict(resources())
