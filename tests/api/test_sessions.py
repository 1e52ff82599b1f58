import datetime

import pytest

from events.models import Session
from tests import factories
from tests.api.bodies import (
    PARIS_BRIEF,
    duplicate,
    ids,
    invalid,
    rule_violated,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS

URL = "/api/v1/sessions/"
TAKEN = "This meeting already has a session at that position."
OUTSIDE_THE_MEETING = "A session's date is one of its meeting's days."
TIME_NEEDS_DATE = "A session time needs the session's date."
ENDS_BEFORE_START = "A session cannot end before it starts."
ATTENDED_CANNOT_MOVE = "Delegates of this session's meeting attended it: it cannot move."
BAD_TIME = "Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]]."
BAD_DATE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."


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
            date=datetime.date(2025, 3, 11),
            start_time=datetime.time(14, 0),
            end_time=datetime.time(17, 30),
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

        assert [(s["meeting"], s["order"], s["description"], s["date"]) for s in body["results"]] == [
            (PARIS_BRIEF, 1, "", None),
            (
                PARIS_BRIEF,
                2,
                "Countries are asked what they can contribute; final decisions rest with political leaders.",
                None,
            ),
        ]

    def test_shipped_sessions_have_their_dates(self, api, shipped):
        body = api.get(URL, {"meeting": "coalition-leaders-call-2025-03-15"}).json()

        assert [(s["order"], s["date"], s["start_time"], s["end_time"]) for s in body["results"]] == [
            (1, "2025-03-15", None, None)
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
            "date": "2025-03-11",
            "start_time": "14:00:00",
            "end_time": "17:30:00",
            **timestamps(session),
        }

    def test_in_its_meeting(self, api, data):
        body = api.get(f"/api/v1/meetings/{PARIS}/").json()

        assert [(s["id"], s["order"], s["date"], s["start_time"], s["end_time"]) for s in body["sessions"]] == [
            (data["paris_1"].pk, 1, None, None, None),
            (data["paris_2"].pk, 2, "2025-03-11", "14:00:00", "17:30:00"),
        ]


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
        payload = {
            "meeting": PARIS,
            "order": 3,
            "title": "Closing statements",
            "description": "Press conference.",
            "date": "2025-03-11",
            "start_time": "18:00:00",
            "end_time": "18:45:00",
        }

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        session = Session.objects.get(meeting__slug=PARIS, order=3)
        assert response.json() == {**payload, "id": session.pk, "meeting": PARIS_BRIEF, **timestamps(session)}
        assert (session.date, session.start_time, session.end_time) == (
            datetime.date(2025, 3, 11),
            datetime.time(18, 0),
            datetime.time(18, 45),
        )
        assert [s["order"] for s in editor.get(f"/api/v1/meetings/{PARIS}/").json()["sessions"]] == [1, 2, 3]

    def test_create_without_a_date_or_times(self, editor, data):
        response = editor.post(URL, {"meeting": PARIS, "order": 3, "title": "Closing"}, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["description"], body["date"], body["start_time"], body["end_time"]) == ("", None, None, None)

    def test_a_date_without_times(self, editor, data):
        response = editor.post(
            URL, {"meeting": PARIS, "order": 3, "title": "Closing", "date": "2025-03-11"}, format="json"
        )

        assert response.status_code == 201, response.json()
        assert (response.json()["date"], response.json()["start_time"]) == ("2025-03-11", None)

    @pytest.mark.parametrize("date", ["2025-03-10", "2025-03-14"])
    def test_a_day_of_a_meeting_of_several_days(self, editor, db, date):
        factories.MeetingFactory(slug="summit", start_date="2025-03-10", end_date="2025-03-14")

        response = editor.post(URL, {"meeting": "summit", "order": 1, "title": "Day", "date": date}, format="json")

        assert response.status_code == 201, response.json()
        assert Session.objects.get().date == datetime.date.fromisoformat(date)

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
            ({"date": "11/03/2025"}, invalid(date=[BAD_DATE])),
            ({"date": "2025-3-11"}, invalid(date=[BAD_DATE])),
            ({"date": "2025-03-11", "start_time": "2pm"}, invalid(start_time=[BAD_TIME])),
            ({"date": "2025-03-11", "end_time": "25:00"}, invalid(end_time=[BAD_TIME])),
            # The Paris talks took one day, 11 March.
            ({"date": "2025-03-10"}, rule_violated(date=[OUTSIDE_THE_MEETING])),
            ({"date": "2025-03-12"}, rule_violated(date=[OUTSIDE_THE_MEETING])),
            ({"start_time": "10:00"}, rule_violated(date=[TIME_NEEDS_DATE])),
            ({"end_time": "12:00"}, rule_violated(date=[TIME_NEEDS_DATE])),
            (
                {"date": "2025-03-11", "start_time": "12:00", "end_time": "11:59"},
                rule_violated(end_time=[ENDS_BEFORE_START]),
            ),
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
        payload = {
            "meeting": PARIS,
            "order": 3,
            "title": "Wrap-up",
            "description": "",
            "date": "2025-03-11",
            "start_time": "18:00:00",
            "end_time": None,
        }

        response = editor.put(f"{URL}{session.pk}/", payload, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == {**payload, "id": session.pk, "meeting": PARIS_BRIEF, **timestamps(session)}
        session.refresh_from_db()
        assert (session.meeting.slug, session.order, session.title, session.date, session.start_time) == (
            PARIS,
            3,
            "Wrap-up",
            datetime.date(2025, 3, 11),
            datetime.time(18, 0),
        )

    def test_patch_times(self, editor, data):
        session = data["paris_2"]

        response = editor.patch(f"{URL}{session.pk}/", {"start_time": "15:00", "end_time": None}, format="json")

        assert response.status_code == 200, response.json()
        session.refresh_from_db()
        assert (session.date, session.start_time, session.end_time) == (
            datetime.date(2025, 3, 11),
            datetime.time(15, 0),
            None,
        )

    def test_patch_checked_against_the_stored_date(self, editor, data):
        """Clearing the date of a session with times leaves times without a day."""
        session = data["paris_2"]

        response = editor.patch(f"{URL}{session.pk}/", {"date": None}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(date=[TIME_NEEDS_DATE])
        session.refresh_from_db()
        assert session.date == datetime.date(2025, 3, 11)

    def test_moving_a_dated_session_to_a_meeting_on_another_day(self, editor, data):
        session = data["paris_2"]

        response = editor.patch(f"{URL}{session.pk}/", {"meeting": "brussels-2024", "order": 5}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(date=[OUTSIDE_THE_MEETING])
        session.refresh_from_db()
        assert session.meeting.slug == PARIS

    def test_the_meeting_cannot_move_away_from_its_dated_sessions(self, editor, data):
        """A session's date is one of its meeting's days, whichever of the two changes."""
        moved = {"start_date": "2025-03-12", "end_date": "2025-03-12"}

        response = editor.patch(f"/api/v1/meetings/{PARIS}/", moved, format="json")

        assert response.status_code == 400, response.json()
        assert response.json()["code"] == "rule_violated"
        data["paris_2"].refresh_from_db()
        assert data["paris_2"].meeting.start_date == datetime.date(2025, 3, 11)

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


class TestSessionAttendees:
    """Delegates attend sessions of their participation's meeting: a session they attended stays in that meeting."""

    @pytest.fixture
    def attended(self, data, paris):
        delegate = factories.DelegateFactory(participation=factories.ParticipationFactory(meeting=paris))
        delegate.sessions.add(data["paris_1"])
        return delegate

    def test_a_session_with_attendees_cannot_move(self, editor, data, attended):
        session = data["paris_1"]

        response = editor.patch(f"{URL}{session.pk}/", {"meeting": "brussels-2024", "order": 2}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(meeting=[ATTENDED_CANNOT_MOVE])
        session.refresh_from_db()
        assert (session.meeting.slug, session.order) == (PARIS, 1)
        assert list(attended.sessions.all()) == [session]

    def test_a_put_moving_it_is_refused_too(self, editor, data, attended):
        session = data["paris_1"]
        payload = {"meeting": "brussels-2024", "order": 2, "title": "Moved"}

        response = editor.put(f"{URL}{session.pk}/", payload, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(meeting=[ATTENDED_CANNOT_MOVE])
        session.refresh_from_db()
        assert (session.meeting.slug, session.title) == (PARIS, data["paris_1"].title)

    def test_a_session_with_attendees_can_change_within_its_meeting(self, editor, data, attended):
        session = data["paris_1"]

        response = editor.patch(
            f"{URL}{session.pk}/", {"order": 3, "title": "Blueprint", "date": "2025-03-11"}, format="json"
        )

        assert response.status_code == 200, response.json()
        session.refresh_from_db()
        assert (session.meeting.slug, session.order, session.title) == (PARIS, 3, "Blueprint")
        assert list(attended.sessions.all()) == [session]

    def test_a_session_without_attendees_can_move(self, editor, data, attended):
        session = data["paris_2"]

        response = editor.patch(
            f"{URL}{session.pk}/",
            {"meeting": "brussels-2024", "order": 2, "date": None, "start_time": None, "end_time": None},
            format="json",
        )

        assert response.status_code == 200, response.json()
        session.refresh_from_db()
        assert session.meeting.slug == "brussels-2024"

    def test_deleting_an_attended_session_removes_it_from_its_attendees(self, editor, data, attended):
        response = editor.delete(f"{URL}{data['paris_1'].pk}/")

        assert response.status_code == 204
        assert list(attended.sessions.all()) == []
        assert editor.get(f"/api/v1/delegates/{attended.pk}/").json()["sessions"] == []


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
