"""Conditional requests: every object carries an ETag and Last-Modified; reads answer 304 when the client's copy is
current, writes answer 412 (and write nothing) when it is not, and 428 without If-Match when the server demands it."""

import pytest
from django.utils.http import http_date

from events.models import Meeting, Participation
from tests.api.bodies import error
from tests.factories import MeetingFactory, ParticipationFactory, SourceFactory, nation

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/summit/"
PRECONDITION_FAILED = error(
    412,
    "precondition_failed",
    "The object changed since the version your request is based on (If-Match / If-Unmodified-Since): "
    "read it again and retry.",
)


@pytest.fixture
def summit(db):
    meeting = MeetingFactory(slug="summit", title="Summit")
    ParticipationFactory(meeting=meeting, nation=nation("FR"))
    return meeting


def validators(response):
    return response["ETag"], response["Last-Modified"]


class TestValidators:
    @pytest.mark.parametrize(
        "url",
        [
            URL,
            "/api/v1/nations/FR/",
            "/api/v1/roles/lead/",
        ],
    )
    def test_every_object_has_a_strong_etag_and_last_modified(self, api, summit, url):
        response = api.get(url)

        assert response.status_code == 200
        etag, last_modified = validators(response)
        assert etag.startswith('"') and not etag.startswith("W/")
        assert last_modified.endswith(" GMT")

    def test_the_etag_is_stable_while_nothing_changes(self, api, summit):
        assert api.get(URL)["ETag"] == api.get(URL)["ETag"]

    def test_the_etag_differs_per_media_type(self, api, summit):
        """The browsable API's HTML and the JSON are different bytes, so they have different ETags."""
        assert api.get(URL, HTTP_ACCEPT="application/json")["ETag"] != api.get(URL, HTTP_ACCEPT="text/html")["ETag"]

    @pytest.mark.parametrize(
        "change",
        [
            "meeting_title",
            "participation_added",
            "participation_changed",
            "participation_deleted",
            "source_linked",
            "source_retitled",
            "nation_renamed",
        ],
    )
    def test_the_etag_changes_with_any_byte_of_what_the_meeting_nests(self, api, editor, summit, change):
        before = api.get(URL)
        participation = Participation.objects.get(meeting=summit)
        source = SourceFactory(title="Before")
        summit_sources = editor.patch(URL, {"sources": [source.pk]}, format="json")
        assert summit_sources.status_code == 200
        linked = api.get(URL)
        assert linked["ETag"] != before["ETag"]
        actions = {
            "meeting_title": lambda: editor.patch(URL, {"title": "Renamed"}, format="json"),
            "participation_added": lambda: editor.post(
                "/api/v1/participations/",
                {"meeting": "summit", "nation": "DE", "role": "participant", "status": "invited"},
                format="json",
            ),
            "participation_changed": lambda: editor.patch(
                f"/api/v1/participations/{participation.pk}/", {"notes": "Late."}, format="json"
            ),
            "participation_deleted": lambda: editor.delete(f"/api/v1/participations/{participation.pk}/"),
            "source_linked": lambda: editor.patch(URL, {"sources": []}, format="json"),
            "source_retitled": lambda: editor.patch(f"/api/v1/sources/{source.pk}/", {"title": "After"}, format="json"),
            "nation_renamed": lambda: rename_france(),
        }

        assert actions[change]().status_code in (200, 201, 204)

        after = api.get(URL)
        assert after.json() != linked.json()
        assert after["ETag"] != linked["ETag"]
        assert api.get(URL, HTTP_IF_NONE_MATCH=linked["ETag"]).status_code == 200


class FakeResponse:
    status_code = 200


def rename_france():
    """What `sync_nations` does when ISO renames a country."""
    from events.services import update_object

    update_object(nation("FR"), data={"name": "French Republic"}, user=None, via="sync")
    return FakeResponse()


class TestConditionalReads:
    def test_if_none_match_with_the_current_etag_is_a_304_without_body(self, api, summit):
        etag, last_modified = validators(api.get(URL))

        response = api.get(URL, HTTP_IF_NONE_MATCH=etag)

        assert response.status_code == 304
        assert response.content == b""
        assert validators(response) == (etag, last_modified)

    def test_a_weak_or_listed_etag_matches_too(self, api, summit):
        etag = api.get(URL)["ETag"]

        assert api.get(URL, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
        assert api.get(URL, HTTP_IF_NONE_MATCH="*").status_code == 304

    def test_a_stale_etag_gets_the_new_body(self, api, editor, summit):
        etag = api.get(URL)["ETag"]
        editor.patch(URL, {"title": "Renamed"}, format="json")

        response = api.get(URL, HTTP_IF_NONE_MATCH=etag)

        assert response.status_code == 200
        assert response.json()["title"] == "Renamed"

    def test_if_modified_since(self, api, summit):
        last_modified = api.get(URL)["Last-Modified"]

        assert api.get(URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
        assert api.get(URL, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200
        assert api.get(URL, HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200

    def test_if_none_match_wins_over_if_modified_since(self, api, summit):
        last_modified = api.get(URL)["Last-Modified"]

        response = api.get(URL, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=last_modified)

        assert response.status_code == 200

    def test_a_304_costs_one_query(self, api, summit, django_assert_num_queries):
        etag = api.get(URL)["ETag"]

        with django_assert_num_queries(1):
            assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304

    def test_an_unknown_object_is_still_a_404(self, api, db):
        assert api.get("/api/v1/meetings/nope/", HTTP_IF_NONE_MATCH="*").status_code == 404


class TestConditionalWrites:
    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    def test_a_stale_if_match_is_a_412_and_writes_nothing(self, api, editor, summit, method):
        stale = api.get(URL)["ETag"]
        editor.patch(URL, {"title": "Changed by someone else"}, format="json")
        body = {"slug": "summit", "title": "Mine", "start_date": "2025-03-11"}

        response = getattr(editor, method)(URL, body, format="json", HTTP_IF_MATCH=stale)

        assert response.status_code == 412
        assert response.json() == PRECONDITION_FAILED
        assert Meeting.objects.get(slug="summit").title == "Changed by someone else"

    @pytest.mark.parametrize("method", ["put", "patch"])
    def test_the_current_etag_lets_the_write_through_and_returns_the_new_one(self, api, editor, summit, method):
        current = api.get(URL)["ETag"]
        body = {"slug": "summit", "title": "Mine", "start_date": "2025-03-11"}

        response = getattr(editor, method)(URL, body, format="json", HTTP_IF_MATCH=current)

        assert response.status_code == 200, response.json()
        assert response["ETag"] not in (current, None)
        assert response["ETag"] == api.get(URL)["ETag"]

    def test_the_etag_of_another_representation_is_accepted(self, api, editor, summit):
        html_etag = api.get(URL, HTTP_ACCEPT="text/html")["ETag"]

        assert editor.delete(URL, HTTP_IF_MATCH=html_etag).status_code == 204
        assert not Meeting.objects.filter(slug="summit").exists()

    def test_a_weak_etag_never_matches_if_match(self, api, editor, summit):
        etag = api.get(URL)["ETag"]

        assert editor.delete(URL, HTTP_IF_MATCH=f"W/{etag}").status_code == 412

    def test_if_unmodified_since(self, api, editor, summit):
        assert (
            editor.patch(URL, {"title": "A"}, format="json", HTTP_IF_UNMODIFIED_SINCE=http_date(0)).status_code == 412
        )
        future = http_date(4102444800)  # 2100
        assert editor.patch(URL, {"title": "B"}, format="json", HTTP_IF_UNMODIFIED_SINCE=future).status_code == 200

    def test_if_match_wins_over_if_unmodified_since(self, api, editor, summit):
        current = api.get(URL)["ETag"]

        response = editor.patch(
            URL, {"title": "C"}, format="json", HTTP_IF_MATCH=current, HTTP_IF_UNMODIFIED_SINCE=http_date(0)
        )

        assert response.status_code == 200

    def test_a_stale_precondition_beats_a_bad_body(self, api, editor, summit):
        """The precondition is checked against the stored row, before the model's rules judge the new values."""
        stale = '"stale"'

        response = editor.patch(URL, {"end_date": "2000-01-01"}, format="json", HTTP_IF_MATCH=stale)

        assert response.status_code == 412


class TestIfMatchRequired:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.WRITES_REQUIRE_IF_MATCH = True

    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    def test_a_write_without_if_match_is_a_428(self, editor, summit, method):
        response = getattr(editor, method)(URL, {"title": "x"}, format="json")

        assert response.status_code == 428
        assert response.json() == error(
            428,
            "precondition_required",
            "This server requires If-Match on writes: send the ETag of the version you are changing.",
        )
        assert Meeting.objects.get(slug="summit").title == "Summit"

    def test_with_if_match_it_goes_through(self, api, editor, summit):
        current = api.get(URL)["ETag"]

        assert editor.patch(URL, {"title": "x"}, format="json", HTTP_IF_MATCH=current).status_code == 200

    def test_creates_need_none(self, editor, db):
        body = {"slug": "new", "title": "New", "start_date": "2025-03-11"}

        assert editor.post("/api/v1/meetings/", body, format="json").status_code == 201
