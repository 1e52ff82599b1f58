"""Bounds: bodies, lists, text, nested counts and pages all have a size, and going past one is a clear 4xx."""

import json

import pytest

from events.models import Participation, Source
from tests.api.bodies import error, invalid
from tests.factories import MeetingFactory, ParticipationFactory, SourceFactory, nation

pytestmark = pytest.mark.django_db


class TestBodySize:
    def test_a_body_over_the_limit_is_a_json_413_naming_it(self, editor, settings):
        settings.MAX_BODY_BYTES = 1000

        response = editor.post("/api/v1/meetings/", {"title": "x" * 2000}, format="json")

        assert response.status_code == 413
        length = int(response.wsgi_request.META["CONTENT_LENGTH"])
        assert response.json() == error(
            413, "request_too_large", f"The request body is {length} bytes; this address takes at most 1000 bytes."
        )

    def test_imports_have_a_limit_of_their_own(self, editor, settings):
        settings.MAX_BODY_BYTES = 1000
        document = {"sources": [{"outlet": "Wire", "title": "t" * 200, "notes": "n" * 1500}]}

        assert editor.post("/api/v1/imports/", document, format="json").status_code == 200
        settings.MAX_IMPORT_BODY_BYTES = 1000
        assert editor.post("/api/v1/imports/", document, format="json").status_code == 413


class TestLists:
    def test_a_list_of_a_hundred_thousand_ids_is_refused_before_any_lookup(self, editor):
        """The request costs the queries of a body that is not even JSON (the token, the meeting and what its
        representation nests), and none per id."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        MeetingFactory(slug="summit")
        body = '{"sources": [' + ",".join(str(n) for n in range(100_000)) + "]}"

        with CaptureQueriesContext(connection) as not_json:
            response = editor.patch("/api/v1/meetings/summit/", '{"sources": [1,', content_type="application/json")
        assert response.status_code == 400
        with CaptureQueriesContext(connection) as too_long:
            response = editor.patch("/api/v1/meetings/summit/", body, content_type="application/json")

        assert response.status_code == 400
        assert response.json() == error(400, "parse_error", "JSON parse error - a list holds more than 10000 items.")
        assert len(too_long) == len(not_json)

    def test_a_record_cites_at_most_fifty_sources(self, editor):
        MeetingFactory(slug="summit")
        sources = [source.pk for source in SourceFactory.create_batch(51)]

        assert editor.patch("/api/v1/meetings/summit/", {"sources": sources}, format="json").json() == invalid(
            sources=["At most 50 items."]
        )
        assert editor.patch("/api/v1/meetings/summit/", {"sources": sources[:50]}, format="json").status_code == 200

    def test_sources_are_looked_up_in_one_query(self, editor):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        sources = [source.pk for source in SourceFactory.create_batch(50)]
        counts = []
        for slug, count in [("first", 1), ("few", 5), ("many", 50)]:  # the first write also starts the clock
            MeetingFactory(slug=slug)
            with CaptureQueriesContext(connection) as queries:
                response = editor.patch(f"/api/v1/meetings/{slug}/", {"sources": sources[:count]}, format="json")
            assert response.status_code == 200
            counts.append(len(queries))

        assert counts[1] == counts[2]

    def test_an_unknown_source_among_many_is_named(self, editor):
        MeetingFactory(slug="summit")
        source = SourceFactory()

        response = editor.patch("/api/v1/meetings/summit/", {"sources": [source.pk, 999999]}, format="json")

        assert response.json() == error(
            400,
            "unknown_reference",
            "The request names an object that does not exist.",
            {"sources": ["Unknown source 999999."]},
        )


class TestText:
    @pytest.mark.parametrize(
        ("field", "value"),
        [("format", "\ud800"), ("timezone", "Europe/\ud800"), ("title", "a\udfffb")],
    )
    def test_a_lone_surrogate_is_a_400(self, editor, field, value):
        MeetingFactory(slug="summit")
        body = json.dumps({field: value})  # ASCII, with the surrogate as a \\u escape: valid JSON syntax

        response = editor.patch("/api/v1/meetings/summit/", body, content_type="application/json")

        assert response.status_code == 400
        assert response.json() == error(
            400,
            "parse_error",
            "JSON parse error - text holds a lone surrogate (\\ud800-\\udfff), which is not Unicode.",
        )

    def test_every_text_field_has_a_bound(self, editor):
        MeetingFactory(slug="summit")

        response = editor.patch("/api/v1/meetings/summit/", {"summary": "x" * 5001}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(summary=["Ensure this field has no more than 5000 characters."])

    def test_the_database_holds_the_bound_too(self, db):
        from django.db import IntegrityError, transaction

        source = SourceFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.filter(pk=source.pk).update(notes="x" * 2001)


class TestNestedCounts:
    def test_a_meeting_holds_a_bounded_number_of_participations(self, editor, monkeypatch):
        monkeypatch.setattr(Participation, "MAX_PER_MEETING", 2)
        meeting = MeetingFactory(slug="summit")
        ParticipationFactory(meeting=meeting, nation=nation("FR"))
        ParticipationFactory(meeting=meeting, nation=nation("DE"))

        response = editor.post(
            "/api/v1/participations/",
            {"meeting": "summit", "nation": "IT", "role": "participant", "status": "invited"},
            format="json",
        )

        assert response.status_code == 400
        assert response.json() == error(
            400,
            "rule_violated",
            "The request breaks a rule about how its values fit together.",
            {"meeting": ["This meeting already has 2 participations, the most it can hold."]},
        )


class TestPageBytes:
    @pytest.fixture
    def meetings(self, db):
        return [
            MeetingFactory(slug=f"m{n:02}", summary="s" * 2000, start_date=f"2025-03-{n + 1:02}") for n in range(10)
        ]

    @pytest.mark.parametrize("offset", [None, 0])
    def test_a_page_stops_at_the_byte_budget_and_next_goes_on(self, api, meetings, settings, offset):
        settings.MAX_PAGE_BYTES = 9000
        params = {"limit": 10} if offset is None else {"limit": 10, "offset": offset}
        seen, url, pages = [], "/api/v1/meetings/", 0
        while url:
            body = api.get(url, params).json()
            assert len(body["results"]) <= 4
            seen += [meeting["slug"] for meeting in body["results"]]
            url, params, pages = body["next"], None, pages + 1

        assert seen == [f"m{n:02}" for n in reversed(range(10))]
        assert pages == 4

    def test_one_object_larger_than_the_budget_still_comes_alone(self, api, meetings, settings):
        settings.MAX_PAGE_BYTES = 10

        body = api.get("/api/v1/meetings/", {"limit": 3}).json()

        assert len(body["results"]) == 1 and body["next"]
