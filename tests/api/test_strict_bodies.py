"""Request bodies are as strict as query strings: an unknown field or a duplicate key is a 400 naming it."""

import pytest

from events.models import Meeting, ParticipationRole
from tests.api.bodies import error, invalid
from tests.factories import MeetingFactory, ParticipationFactory, ReportedCountFactory, SessionFactory, nation

pytestmark = pytest.mark.django_db

BODY = {"slug": "strict", "title": "Strict", "start_date": "2025-03-11"}
# The fields a meeting takes: not what it only shows (its reported counts, relations, participations, sessions) nor
# the deprecated `reported_nation_count` and its qualifier, which are read-only.
MEETING_FIELDS = (
    "slug, title, summary, purpose, start_date, end_date, start_time, end_time, timezone, city, venue, "
    "host_country, format, status, level, series, parent, participants_complete, sources"
)


def parse_error(detail):
    return error(400, "parse_error", f"JSON parse error - {detail}")


class TestUnknownFields:
    @pytest.mark.parametrize("method", ["post", "put", "patch"])
    def test_a_typo_is_a_400_naming_it_and_nothing_is_written(self, editor, method):
        MeetingFactory(slug="strict", title="Before")
        url = "/api/v1/meetings/" if method == "post" else "/api/v1/meetings/strict/"

        response = getattr(editor, method)(url, {**BODY, "slug": f"{method}-x", "titel": "After"}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(titel=[f"Unknown field; this resource takes {MEETING_FIELDS}."])
        assert list(Meeting.objects.values_list("title", flat=True)) == ["Before"]

    def test_read_only_fields_sent_back_from_a_get_are_ignored(self, editor):
        meeting = MeetingFactory(slug="strict", title="Before")
        ReportedCountFactory(meeting=meeting, count=1, qualifier="exact")
        ParticipationFactory(meeting=meeting, nation=nation("FR"))
        ParticipationFactory(meeting=meeting, nation=nation("GB"))  # two named, one reported: a conflict shown
        SessionFactory(meeting=meeting)
        representation = editor.get("/api/v1/meetings/strict/").json()
        read_only = {
            name: representation[name]
            for name in (
                "participations",
                "sessions",
                "reported_counts",
                "named_nation_count",
                "count_conflict",
                "reported_nation_count",
                "reported_nation_count_qualifier",
                "relations",
                "related_from",
                "created_at",
                "updated_at",
            )
        }

        response = editor.put("/api/v1/meetings/strict/", {**BODY, **read_only, "title": "After"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == {**representation, "title": "After", "updated_at": response.json()["updated_at"]}
        assert (read_only["reported_nation_count"], read_only["count_conflict"]) == (1, True)

    def test_the_browsable_apis_form_token_is_not_a_field(self, editor):
        response = editor.post(
            "/api/v1/roles/", {"code": "guest", "name": "Guest", "csrfmiddlewaretoken": "x"}, format="json"
        )

        assert response.status_code == 201, response.json()
        assert ParticipationRole.objects.filter(code="guest").exists()


class TestJSONSyntax:
    def test_a_duplicate_key_is_a_400(self, editor):
        response = editor.post(
            "/api/v1/meetings/",
            '{"slug": "strict", "title": "First", "title": "Second", "start_date": "2025-03-11"}',
            content_type="application/json",
        )

        assert response.status_code == 400
        assert response.json() == parse_error("duplicate key 'title' in an object")
        assert not Meeting.objects.exists()

    def test_a_duplicate_key_deep_inside_is_a_400_too(self, editor):
        response = editor.post(
            "/api/v1/imports/",
            '{"meetings": [{"slug": "a", "slug": "b"}]}',
            content_type="application/json",
        )

        assert response.status_code == 400
        assert response.json() == parse_error("duplicate key 'slug' in an object")

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_non_json_numbers_are_refused(self, editor, constant):
        response = editor.post(
            "/api/v1/sessions/",
            f'{{"meeting": "x", "order": {constant}, "title": "t"}}',
            content_type="application/json",
        )

        assert response.status_code == 400
        assert response.json()["code"] == "parse_error"

    def test_deep_nesting_is_a_400_not_a_crash(self, editor):
        response = editor.post("/api/v1/meetings/", "[" * 10000 + "]" * 10000, content_type="application/json")

        assert response.status_code == 400
        assert response.json() == parse_error("nested more than 20 levels deep.")

    def test_moderate_nesting_past_the_limit_is_a_400(self, editor):
        body = '{"title": ' + "[" * 25 + "]" * 25 + "}"

        response = editor.post("/api/v1/meetings/", body, content_type="application/json")

        assert response.status_code == 400
        assert response.json() == parse_error("nested more than 20 levels deep.")
