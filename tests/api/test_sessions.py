import pytest

from events.models import Session
from tests import factories
from tests.api.bodies import (
    NOT_FOUND,
    PARIS_BRIEF,
    REFUSALS,
    WRITES,
    duplicate,
    ids,
    invalid,
    status_challenge_body,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS

URL = "/api/v1/sessions/"
TAKEN = "This meeting already has a session at that position."


@pytest.fixture
def data(paris):
    """Two Paris sessions (created in reverse order) and one of an earlier meeting."""
    earlier = factories.MeetingFactory(slug="brussels-2024", title="Brussels meeting", start_date="2024-06-01")
    return {
        "paris_2": factories.SessionFactory(
            meeting=paris,
            order=2,
            title="Nations declare their military contributions",
            description="Countries are asked what they can contribute.",
        ),
        "paris_1": factories.SessionFactory(
            meeting=paris, order=1, title="France and Britain present their security blueprint"
        ),
        "brussels_1": factories.SessionFactory(meeting=earlier, order=1, title="Opening"),
    }


class TestSessionList:
    def test_latest_meeting_first_then_agenda_order(self, api, data):
        response = api.get(URL)

        body = response.json()
        assert (body["count"], body["next"], body["previous"]) == (3, None, None)
        assert [(s["meeting"]["slug"], s["order"], s["title"]) for s in body["results"]] == [
            (PARIS, 1, "France and Britain present their security blueprint"),
            (PARIS, 2, "Nations declare their military contributions"),
            ("brussels-2024", 1, "Opening"),
        ]

    def test_seed_sessions(self, api, seed):
        body = api.get(URL).json()

        assert [(s["meeting"], s["order"], s["description"]) for s in body["results"]] == [
            (PARIS_BRIEF, 1, ""),
            (
                PARIS_BRIEF,
                2,
                "Countries are asked what they can contribute; final decisions rest with political leaders.",
            ),
        ]


class TestSessionDetail:
    def test_full_body(self, api, data):
        session = data["paris_2"]

        response = api.get(f"{URL}{session.pk}/")

        assert response.status_code == 200
        assert response.json() == {
            "id": session.pk,
            "meeting": PARIS_BRIEF,
            "order": 2,
            "title": "Nations declare their military contributions",
            "description": "Countries are asked what they can contribute.",
            **timestamps(session),
        }

    @pytest.mark.parametrize("key", ["999999", "abc"])
    def test_unknown_id_is_json_404(self, api, db, key):
        response = api.get(f"{URL}{key}/")

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


class TestSessionFilters:
    def test_meeting(self, api, data):
        assert ids(api.get(URL, {"meeting": PARIS})) == [data["paris_1"].pk, data["paris_2"].pk]
        assert ids(api.get(URL, {"meeting": "brussels-2024"})) == [data["brussels_1"].pk]

    def test_meeting_without_sessions(self, api, data):
        factories.MeetingFactory(slug="no-agenda")

        assert ids(api.get(URL, {"meeting": "no-agenda"})) == []

    def test_unknown_meeting_is_400(self, api, db):
        response = api.get(URL, {"meeting": "nope"})

        assert response.status_code == 400
        assert response.json() == unknown_reference(meeting=[unknown("meeting", "nope")])


class TestSessionCreate:
    def test_create(self, editor, data):
        payload = {"meeting": PARIS, "order": 3, "title": "Closing statements", "description": "Press conference."}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        session = Session.objects.get(meeting__slug=PARIS, order=3)
        assert response.json() == {**payload, "id": session.pk, "meeting": PARIS_BRIEF, **timestamps(session)}
        assert [s["order"] for s in editor.get(f"/api/v1/meetings/{PARIS}/").json()["sessions"]] == [1, 2, 3]

    def test_same_order_in_another_meeting_is_fine(self, editor, data):
        response = editor.post(URL, {"meeting": "brussels-2024", "order": 2, "title": "Second"}, format="json")

        assert response.status_code == 201, response.json()

    def test_duplicate_order_is_409(self, editor, data):
        response = editor.post(URL, {"meeting": PARIS, "order": 2, "title": "Again"}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=[TAKEN])
        assert Session.objects.count() == 3

    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            ({"order": 0}, invalid(order=["Ensure this value is greater than or equal to 1."])),
            ({"order": 1001}, invalid(order=["Ensure this value is less than or equal to 1000."])),
            ({"order": "first"}, invalid(order=["A valid integer is required."])),
            ({"meeting": "nowhere"}, unknown_reference(meeting=["Unknown meeting 'nowhere'."])),
            ({"meeting": None}, invalid(meeting=["This field may not be null."])),
            ({"title": ""}, invalid(title=["This field may not be blank."])),
        ],
    )
    def test_invalid_is_400_with_field_errors(self, editor, paris, payload, expected):
        payload = {"meeting": PARIS, "order": 1, "title": "Opening", **payload}

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Session.objects.exists()

    def test_required_fields(self, editor, db):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            meeting=["This field is required."], order=["This field is required."], title=["This field is required."]
        )


class TestSessionUpdate:
    def test_put_replaces(self, editor, data):
        session = data["brussels_1"]
        payload = {"meeting": PARIS, "order": 3, "title": "Wrap-up", "description": ""}

        response = editor.put(f"{URL}{session.pk}/", payload, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == {**payload, "id": session.pk, "meeting": PARIS_BRIEF, **timestamps(session)}
        session.refresh_from_db()
        assert (session.meeting.slug, session.order, session.title) == (PARIS, 3, "Wrap-up")

    def test_patch_keeping_its_own_order(self, editor, data):
        session = data["paris_2"]

        response = editor.patch(f"{URL}{session.pk}/", {"order": 2, "title": "Contributions"}, format="json")

        assert response.status_code == 200, response.json()
        session.refresh_from_db()
        assert (session.order, session.title) == (2, "Contributions")

    def test_patch_onto_a_taken_order_is_409(self, editor, data):
        session = data["paris_2"]

        response = editor.patch(f"{URL}{session.pk}/", {"order": 1}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=[TAKEN])
        session.refresh_from_db()
        assert session.order == 2

    def test_patch_into_a_meeting_where_the_order_is_taken_is_409(self, editor, data):
        session = data["brussels_1"]

        response = editor.patch(f"{URL}{session.pk}/", {"meeting": PARIS}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=[TAKEN])


class TestSessionDelete:
    def test_delete(self, editor, data):
        response = editor.delete(f"{URL}{data['paris_1'].pk}/")

        assert response.status_code == 204
        assert list(Session.objects.filter(meeting__slug=PARIS)) == [data["paris_2"]]

    def test_deleting_the_meeting_deletes_its_sessions(self, editor, data):
        response = editor.delete(f"/api/v1/meetings/{PARIS}/")

        assert response.status_code == 204
        assert list(Session.objects.all()) == [data["brussels_1"]]
        assert editor.get(f"{URL}{data['paris_1'].pk}/").status_code == 404

    def test_delete_unknown_is_404(self, editor, db):
        response = editor.delete(f"{URL}999999/")

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


class TestSessionPermissions:
    @pytest.mark.parametrize(("method", "path"), WRITES)
    @pytest.mark.parametrize(("client", "expected"), REFUSALS)
    def test_write_is_refused(self, request, data, client, expected, method, path):
        session = data["paris_1"]
        payload = {"meeting": PARIS, "order": 5, "title": "Changed"}

        response = getattr(request.getfixturevalue(client), method)(
            URL + path.format(pk=session.pk), payload, format="json"
        )

        assert status_challenge_body(response) == expected
        assert sorted(Session.objects.values_list("title", flat=True)) == sorted(s.title for s in data.values())
