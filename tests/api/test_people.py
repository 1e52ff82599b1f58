"""People and delegates (who represented a participant at a meeting, at what level, in which sessions), through the
API."""

import datetime

import pytest
import yaml

from events.models import Delegate, Person
from tests.api.bodies import (
    conflict,
    duplicate,
    ids,
    invalid,
    not_a_choice,
    results,
    rule_violated,
    source_brief,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import LEADERS_CALL, NORTHWOOD, REPO
from tests.factories import (
    DelegateFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    SourceFactory,
    nation,
)

D = datetime.date
PEOPLE = "/api/v1/people/"
DELEGATES = "/api/v1/delegates/"
PARTICIPATIONS = "/api/v1/participations/"
MEETINGS = "/api/v1/meetings/"
NEEDS_SOMEONE = "A delegate is a person, or an unnamed official described as the source does."
OTHER_MEETINGS_SESSIONS = "A delegate attends sessions of the participation's meeting only."
VIRTUAL_HAS_NO_IN_PERSON = (
    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
)
BAD_WIKIDATA_ID = "A Wikidata item id: Q and a number, such as Q42."

pytestmark = pytest.mark.django_db


def person_body(person):
    return {
        "id": person.pk,
        "name": person.name,
        "wikidata_id": person.wikidata_id,
        "notes": person.notes,
        **timestamps(person),
    }


def person_brief(person):
    return {"id": person.pk, "name": person.name, "wikidata_id": person.wikidata_id}


# People.


@pytest.fixture
def people(db):
    return {
        "starmer": PersonFactory(name="Keir Starmer", wikidata_id="Q6383296", notes="Prime Minister"),
        "macron": PersonFactory(name="Emmanuel Macron", wikidata_id="Q3052772"),
        "official": PersonFactory(name="Anonymous official"),
    }


class TestPersonRead:
    def test_list_by_name(self, api, people):
        body = api.get(PEOPLE).json()

        assert [item["name"] for item in body["results"]] == ["Anonymous official", "Emmanuel Macron", "Keir Starmer"]
        assert body["results"][2] == person_body(people["starmer"])

    def test_full_body(self, api, people):
        response = api.get(f"{PEOPLE}{people['starmer'].pk}/")

        assert response.status_code == 200
        assert response.json() == person_body(people["starmer"])

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"search": "keir"}, ["starmer"]),
            ({"search": "MAC"}, ["macron"]),
            ({"search": "nobody"}, []),
            ({"wikidata_id": "Q3052772"}, ["macron"]),
            ({"wikidata_id": "Q1"}, []),
        ],
    )
    def test_filters(self, api, people, params, expected):
        assert ids(api.get(PEOPLE, params)) == [people[name].pk for name in expected]

    def test_the_shipped_people_are_those_of_the_data_file(self, api, shipped):
        document = yaml.safe_load((REPO / "events/data/coalition-2025-03.yaml").read_text())

        body = api.get(PEOPLE, {"limit": 100}).json()

        assert sorted((item["name"], item["wikidata_id"]) for item in body["results"]) == sorted(
            (person["name"], person.get("wikidata_id", "")) for person in document["people"]
        )


class TestPersonWrite:
    def test_create(self, editor, db):
        payload = {"name": "Mark Rutte", "wikidata_id": "Q57792", "notes": "NATO Secretary General."}

        response = editor.post(PEOPLE, payload, format="json")

        assert response.status_code == 201, response.json()
        person = Person.objects.get()
        assert (person.name, person.wikidata_id, person.notes) == ("Mark Rutte", "Q57792", "NATO Secretary General.")
        assert response.json() == person_body(person)
        assert response["Location"] == f"http://testserver/api/v1/people/{person.pk}/"

    def test_name_alone(self, editor, db):
        response = editor.post(PEOPLE, {"name": "Luke Pollard"}, format="json")

        assert response.status_code == 201, response.json()
        assert (response.json()["wikidata_id"], response.json()["notes"]) == ("", "")

    def test_many_people_without_a_wikidata_item(self, editor, people):
        response = editor.post(PEOPLE, {"name": "Another official", "wikidata_id": ""}, format="json")

        assert response.status_code == 201, response.json()
        assert Person.objects.filter(wikidata_id="").count() == 2

    @pytest.mark.parametrize("wikidata_id", ["Q42", "Q1", "Q123456789"])
    def test_wikidata_id_shapes_accepted(self, editor, db, wikidata_id):
        response = editor.post(PEOPLE, {"name": "Someone", "wikidata_id": wikidata_id}, format="json")

        assert response.status_code == 201, response.json()
        assert Person.objects.get().wikidata_id == wikidata_id

    @pytest.mark.parametrize("wikidata_id", ["42", "q42", "Q", "Q0", "Q042", "Q42a", "P42", "Q-1", "Q4 2"])
    def test_wikidata_id_shapes_refused(self, editor, db, wikidata_id):
        response = editor.post(PEOPLE, {"name": "Someone", "wikidata_id": wikidata_id}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(wikidata_id=[BAD_WIKIDATA_ID])
        assert not Person.objects.exists()

    def test_a_wikidata_item_taken_is_a_409_naming_it(self, editor, people):
        response = editor.post(PEOPLE, {"name": "Sir Keir", "wikidata_id": "Q6383296"}, format="json")

        assert response.status_code == 409
        assert response.json()["code"] == "duplicate"
        assert list(response.json()["errors"]) == ["wikidata_id"]
        assert Person.objects.filter(wikidata_id="Q6383296").get() == people["starmer"]

    def test_a_wikidata_item_taken_is_refused_with_the_models_message(self, editor, people):
        """The model's constraint states the rule in one text, as the admin and the importer show it."""
        response = editor.post(PEOPLE, {"name": "Sir Keir", "wikidata_id": "Q6383296"}, format="json")

        assert response.json() == duplicate(wikidata_id=["Another person has this Wikidata item."])

    def test_patching_onto_a_taken_wikidata_item_is_a_409(self, editor, people):
        response = editor.patch(f"{PEOPLE}{people['official'].pk}/", {"wikidata_id": "Q3052772"}, format="json")

        assert response.status_code == 409
        assert response.json()["code"] == "duplicate"
        people["official"].refresh_from_db()
        assert people["official"].wikidata_id == ""

    def test_patch_keeping_its_own_wikidata_item(self, editor, people):
        person = people["macron"]

        response = editor.patch(
            f"{PEOPLE}{person.pk}/",
            {"name": "Emmanuel Macron", "wikidata_id": "Q3052772", "notes": "President"},
            format="json",
        )

        assert response.status_code == 200, response.json()
        person.refresh_from_db()
        assert response.json() == person_body(person)
        assert person.notes == "President"

    def test_put_replaces(self, editor, people):
        person = people["starmer"]

        response = editor.put(f"{PEOPLE}{person.pk}/", {"name": "Sir Keir Starmer"}, format="json")

        assert response.status_code == 200, response.json()
        person.refresh_from_db()
        assert (person.name, person.wikidata_id, person.notes) == ("Sir Keir Starmer", "Q6383296", "Prime Minister")

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            ({"name": ""}, {"name": ["This field may not be blank."]}),
            ({"name": "x" * 201}, {"name": ["Ensure this field has no more than 200 characters."]}),
            ({"name": 42}, {"name": ["Not a valid string."]}),
            ({}, {"name": ["This field is required."]}),
            (
                {"name": "X", "office": "PM"},
                {"office": ["Unknown field; this resource takes name, wikidata_id, notes."]},
            ),
        ],
    )
    def test_invalid_is_a_400(self, editor, db, payload, errors):
        response = editor.post(PEOPLE, payload, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(**errors)
        assert not Person.objects.exists()

    def test_delete_unused(self, editor, people):
        response = editor.delete(f"{PEOPLE}{people['official'].pk}/")

        assert response.status_code == 204
        assert not Person.objects.filter(name="Anonymous official").exists()

    def test_a_delegate_keeps_its_person(self, editor, people):
        DelegateFactory(person=people["starmer"])

        response = editor.delete(f"{PEOPLE}{people['starmer'].pk}/")

        assert response.status_code == 409
        assert response.json() == conflict("delegates")
        assert Person.objects.filter(pk=people["starmer"].pk).exists()


# Delegates.


@pytest.fixture
def data(people):
    """A summit with two sessions (France attended in person, the Club too) and a virtual call with one session
    (France remote)."""
    club = OrganizationFactory(slug="club", name="The Club", short_name="CLUB")
    summit = MeetingFactory(slug="summit", title="Summit", start_date=D(2025, 3, 27), format="in_person")
    call = MeetingFactory(slug="call", title="Call", start_date=D(2025, 3, 15), format="virtual")
    return {
        "summit": summit,
        "call": call,
        "summit_1": SessionFactory(meeting=summit, order=1, title="Morning"),
        "summit_2": SessionFactory(meeting=summit, order=2, title="Afternoon"),
        "call_1": SessionFactory(meeting=call, order=1, title="Video call"),
        "summit_fr": ParticipationFactory(meeting=summit, nation=nation("FR"), attendance_mode="in_person"),
        "summit_gb": ParticipationFactory(meeting=summit, nation=nation("GB"), attendance_mode="in_person"),
        "summit_club": ParticipationFactory(meeting=summit, nation=None, organization=club),
        "call_fr": ParticipationFactory(meeting=call, nation=nation("FR"), attendance_mode="remote"),
        **people,
    }


def participation_brief(participation):
    meeting = participation.meeting
    if participation.nation_id:
        participant = {"kind": "nation", "key": participation.nation.code, "name": participation.nation.name}
    else:
        organization = participation.organization
        participant = {"kind": "organization", "key": organization.slug, "name": organization.short_name}
    return {
        "id": participation.pk,
        "meeting": {"slug": meeting.slug, "title": meeting.title, "start_date": meeting.start_date.isoformat()},
        "participant": participant,
    }


def delegate_body(delegate):
    delegate.refresh_from_db()
    return {
        "id": delegate.pk,
        "participation": participation_brief(delegate.participation),
        "person": person_brief(delegate.person) if delegate.person_id else None,
        "description": delegate.description,
        "office": delegate.office,
        "level": delegate.level,
        "attendance_mode": delegate.attendance_mode,
        "sessions": [
            {"id": session.pk, "order": session.order, "title": session.title}
            for session in delegate.sessions.order_by("order")
        ],
        "basis": delegate.basis,
        "basis_note": delegate.basis_note,
        "sources": [source_brief(source) for source in delegate.sources.order_by("pk")],
        **timestamps(delegate),
    }


class TestDelegateCreate:
    def test_a_person_with_office_level_mode_sessions_and_sources(self, editor, data):
        source = SourceFactory()
        payload = {
            "participation": data["summit_fr"].pk,
            "person": data["macron"].pk,
            "office": "President",
            "level": "head_of_state",
            "attendance_mode": "in_person",
            "sessions": [data["summit_2"].pk],
            "basis": "inferred",
            "basis_note": "Expected in the afternoon only.",
            "sources": [source.pk],
        }

        response = editor.post(DELEGATES, payload, format="json")

        assert response.status_code == 201, response.json()
        delegate = Delegate.objects.get()
        assert (delegate.participation, delegate.person, delegate.level) == (
            data["summit_fr"],
            data["macron"],
            "head_of_state",
        )
        assert list(delegate.sessions.all()) == [data["summit_2"]]
        assert response.json() == delegate_body(delegate)
        assert response.json()["sessions"] == [{"id": data["summit_2"].pk, "order": 2, "title": "Afternoon"}]
        assert response["Location"] == f"http://testserver/api/v1/delegates/{delegate.pk}/"

    def test_an_unnamed_official_by_description(self, editor, data):
        payload = {"participation": data["summit_gb"].pk, "description": "a defence council official"}

        response = editor.post(DELEGATES, payload, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["person"], body["description"], body["level"], body["attendance_mode"], body["sessions"]) == (
            None,
            "a defence council official",
            None,
            None,
            [],
        )
        assert body["basis"] == "stated"

    def test_a_delegate_of_an_organization(self, editor, data):
        response = editor.post(
            DELEGATES,
            {"participation": data["summit_club"].pk, "person": data["official"].pk, "level": "official"},
            format="json",
        )

        assert response.status_code == 201, response.json()
        assert response.json()["participation"]["participant"] == {
            "kind": "organization",
            "key": "club",
            "name": "CLUB",
        }

    @pytest.mark.parametrize(
        "payload",
        [
            pytest.param({}, id="neither"),
            pytest.param({"person": None, "description": ""}, id="null-and-blank"),
            pytest.param({"office": "Minister", "level": "minister"}, id="an-office-is-not-someone"),
        ],
    )
    def test_a_person_or_a_description_is_required(self, editor, data, payload):
        response = editor.post(DELEGATES, {"participation": data["summit_fr"].pk, **payload}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(description=[NEEDS_SOMEONE])
        assert not Delegate.objects.exists()

    def test_sessions_of_another_meeting_are_refused(self, editor, data):
        response = editor.post(
            DELEGATES,
            {
                "participation": data["summit_fr"].pk,
                "person": data["macron"].pk,
                "sessions": [data["summit_1"].pk, data["call_1"].pk],
            },
            format="json",
        )

        assert response.status_code == 400
        assert response.json() == rule_violated(sessions=[OTHER_MEETINGS_SESSIONS])
        assert not Delegate.objects.exists()

    def test_in_person_at_a_virtual_meeting_is_refused(self, editor, data):
        response = editor.post(
            DELEGATES,
            {"participation": data["call_fr"].pk, "person": data["macron"].pk, "attendance_mode": "in_person"},
            format="json",
        )

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=[VIRTUAL_HAS_NO_IN_PERSON])

    @pytest.mark.parametrize("mode", ["remote", "written", "unspecified"])
    def test_other_modes_at_a_virtual_meeting(self, editor, data, mode):
        response = editor.post(
            DELEGATES,
            {"participation": data["call_fr"].pk, "person": data["macron"].pk, "attendance_mode": mode},
            format="json",
        )

        assert response.status_code == 201, response.json()
        assert response.json()["attendance_mode"] == mode

    def test_the_same_person_twice_in_a_participation_is_a_409(self, editor, data):
        DelegateFactory(participation=data["summit_fr"], person=data["macron"])

        response = editor.post(
            DELEGATES,
            {"participation": data["summit_fr"].pk, "person": data["macron"].pk, "office": "President"},
            format="json",
        )

        assert response.status_code == 409
        assert response.json() == duplicate(
            non_field_errors=["This person is already a delegate of this participation."]
        )
        assert Delegate.objects.count() == 1

    def test_the_same_person_in_other_participations_is_fine(self, editor, data):
        DelegateFactory(participation=data["summit_fr"], person=data["macron"])

        response = editor.post(
            DELEGATES, {"participation": data["call_fr"].pk, "person": data["macron"].pk}, format="json"
        )

        assert response.status_code == 201, response.json()
        assert Delegate.objects.filter(person=data["macron"]).count() == 2

    def test_the_same_description_twice_in_a_participation_is_a_409(self, editor, data):
        DelegateFactory(participation=data["summit_gb"], person=None, description="an official")

        response = editor.post(
            DELEGATES, {"participation": data["summit_gb"].pk, "description": "an official"}, format="json"
        )

        assert response.status_code == 409
        assert response.json() == duplicate(
            non_field_errors=["This participation already has an unnamed delegate described this way."]
        )

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"participation": 999999}, unknown_reference(participation=["Unknown participation 999999."])),
            ({"person": 999999}, unknown_reference(person=["Unknown person 999999."])),
            ({"sessions": [999999]}, unknown_reference(sessions=["Unknown session 999999."])),
            ({"sources": [999999]}, unknown_reference(sources=["Unknown source 999999."])),
            ({"person": "macron"}, invalid(person=["Give the ID of a person (a number)."])),
            ({"participation": None}, invalid(participation=["This field may not be null."])),
            ({"level": "king"}, invalid(level=['"king" is not a valid choice.'])),
            ({"level": ""}, invalid(level=['"" is not a valid choice.'])),
            ({"attendance_mode": "telepathy"}, invalid(attendance_mode=['"telepathy" is not a valid choice.'])),
            ({"basis": "rumoured"}, invalid(basis=['"rumoured" is not a valid choice.'])),
        ],
    )
    def test_invalid_is_a_400_naming_the_field(self, editor, data, changes, expected):
        payload = {"participation": data["summit_fr"].pk, "person": data["macron"].pk, **changes}

        response = editor.post(DELEGATES, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Delegate.objects.exists()

    def test_the_participation_is_required(self, editor, data):
        response = editor.post(DELEGATES, {"person": data["macron"].pk}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(participation=["This field is required."])


class TestDelegateUpdate:
    def test_put_and_patch(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"], level="minister")

        put = editor.put(
            f"{DELEGATES}{delegate.pk}/",
            {
                "participation": data["summit_fr"].pk,
                "person": data["macron"].pk,
                "office": "President",
                "level": "head_of_state",
                "sessions": [data["summit_1"].pk, data["summit_2"].pk],
            },
            format="json",
        )
        patch = editor.patch(f"{DELEGATES}{delegate.pk}/", {"sessions": [data["summit_2"].pk]}, format="json")

        assert put.status_code == 200, put.json()
        assert patch.status_code == 200, patch.json()
        assert patch.json() == delegate_body(delegate)
        assert (delegate.office, delegate.level) == ("President", "head_of_state")
        assert list(delegate.sessions.all()) == [data["summit_2"]]

    def test_sessions_of_another_meeting_are_refused(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"])

        response = editor.patch(f"{DELEGATES}{delegate.pk}/", {"sessions": [data["call_1"].pk]}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(sessions=[OTHER_MEETINGS_SESSIONS])
        assert not delegate.sessions.exists()

    def test_moving_to_another_meeting_with_its_sessions_is_refused(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"])
        delegate.sessions.set([data["summit_1"]])

        response = editor.patch(
            f"{DELEGATES}{delegate.pk}/", {"participation": data["call_fr"].pk, "attendance_mode": None}, format="json"
        )

        assert response.status_code == 400
        assert response.json() == rule_violated(sessions=[OTHER_MEETINGS_SESSIONS])
        delegate.refresh_from_db()
        assert delegate.participation == data["summit_fr"]

    def test_moving_to_another_meeting_with_its_own_sessions(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"])
        delegate.sessions.set([data["summit_1"]])

        response = editor.patch(
            f"{DELEGATES}{delegate.pk}/",
            {"participation": data["call_fr"].pk, "sessions": [data["call_1"].pk]},
            format="json",
        )

        assert response.status_code == 200, response.json()
        assert response.json()["participation"] == participation_brief(data["call_fr"])
        assert list(delegate.sessions.all()) == [data["call_1"]]

    def test_a_session_with_attendees_cannot_move_to_another_meeting(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"])
        delegate.sessions.set([data["summit_1"]])

        response = editor.patch(
            f"/api/v1/sessions/{data['summit_1'].pk}/", {"meeting": "call", "order": 5}, format="json"
        )

        assert response.status_code == 400
        assert response.json() == rule_violated(
            meeting=["Delegates of this session's meeting attended it: it cannot move."]
        )

    def test_patching_onto_a_person_already_delegated_is_a_409(self, editor, data):
        DelegateFactory(participation=data["summit_fr"], person=data["macron"])
        other = DelegateFactory(participation=data["summit_fr"], person=data["official"])

        response = editor.patch(f"{DELEGATES}{other.pk}/", {"person": data["macron"].pk}, format="json")

        assert response.status_code == 409
        assert response.json()["code"] == "duplicate"
        other.refresh_from_db()
        assert other.person == data["official"]

    def test_delete(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"])

        response = editor.delete(f"{DELEGATES}{delegate.pk}/")

        assert response.status_code == 204
        assert not Delegate.objects.exists()
        assert Person.objects.filter(pk=data["macron"].pk).exists()
        assert editor.get(f"{PARTICIPATIONS}{data['summit_fr'].pk}/").json()["delegates"] == []

    def test_deleting_the_participation_deletes_its_delegates_and_frees_the_person(self, editor, data):
        DelegateFactory(participation=data["summit_fr"], person=data["macron"])

        assert editor.delete(f"{PARTICIPATIONS}{data['summit_fr'].pk}/").status_code == 204
        assert not Delegate.objects.exists()
        assert editor.delete(f"{PEOPLE}{data['macron'].pk}/").status_code == 204


class TestDelegatesInParticipationsAndMeetings:
    def test_the_participation_lists_its_delegates_and_the_deprecated_representative(self, api, data):
        named = DelegateFactory(
            participation=data["summit_fr"], person=data["macron"], office="President", level="head_of_state"
        )
        unnamed = DelegateFactory(
            participation=data["summit_fr"], person=None, description="a defence adviser", level="official"
        )
        unnamed.sessions.set([data["summit_1"]])

        body = api.get(f"{PARTICIPATIONS}{data['summit_fr'].pk}/").json()

        assert body["delegates"] == [
            {
                "id": named.pk,
                "person": person_brief(data["macron"]),
                "description": "",
                "office": "President",
                "level": "head_of_state",
                "attendance_mode": None,
                "sessions": [],
                "basis": "stated",
            },
            {
                "id": unnamed.pk,
                "person": None,
                "description": "a defence adviser",
                "office": "",
                "level": "official",
                "attendance_mode": None,
                "sessions": [{"id": data["summit_1"].pk, "order": 1, "title": "Morning"}],
                "basis": "stated",
            },
        ]
        assert body["representative"] == "Emmanuel Macron, President; a defence adviser"

    def test_the_representative_cannot_be_written(self, editor, data):
        response = editor.patch(
            f"{PARTICIPATIONS}{data['summit_fr'].pk}/", {"representative": "Emmanuel Macron"}, format="json"
        )

        assert response.status_code == 400
        assert response.json() == invalid(
            representative=["Deprecated and read-only: add the people who represented the participant as delegates/."]
        )

    def test_the_meeting_nests_the_delegates(self, api, data):
        delegate = DelegateFactory(participation=data["summit_gb"], person=data["starmer"], level="head_of_government")

        body = api.get(f"{MEETINGS}summit/").json()

        [gb] = [item for item in body["participations"] if item["participant"]["key"] == "GB"]
        assert [(item["id"], item["person"], item["level"]) for item in gb["delegates"]] == [
            (delegate.pk, person_brief(data["starmer"]), "head_of_government")
        ]


class TestDelegateFilters:
    @pytest.fixture
    def delegates(self, data):
        return {
            "macron_summit": DelegateFactory(
                participation=data["summit_fr"], person=data["macron"], level="head_of_state"
            ),
            "adviser_summit": DelegateFactory(
                participation=data["summit_fr"], person=None, description="an adviser", level="expert", basis="inferred"
            ),
            "starmer_summit": DelegateFactory(
                participation=data["summit_gb"], person=data["starmer"], level="head_of_government"
            ),
            "official_club": DelegateFactory(
                participation=data["summit_club"], person=data["official"], level="official"
            ),
            "macron_call": DelegateFactory(
                participation=data["call_fr"], person=data["macron"], level="head_of_state", basis="disputed"
            ),
        }

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"meeting": "call"}, ["macron_call"]),
            ({"participant": "GB"}, ["starmer_summit"]),
            ({"participant": "club"}, ["official_club"]),
            ({"participant": "GB,club"}, ["official_club", "starmer_summit"]),
            ({"level": "head_of_state"}, ["macron_call", "macron_summit"]),
            ({"level": "expert,official"}, ["adviser_summit", "official_club"]),
            ({"basis": "disputed"}, ["macron_call"]),
            ({"meeting": "summit", "participant": "FR"}, ["adviser_summit", "macron_summit"]),
            ({"meeting": "call", "level": "expert"}, []),
        ],
    )
    def test_filters(self, api, delegates, params, expected):
        assert sorted(ids(api.get(DELEGATES, params))) == sorted(delegates[name].pk for name in expected)

    def test_person_and_participation(self, api, data, delegates):
        macron, starmer = data["macron"].pk, data["starmer"].pk

        assert sorted(ids(api.get(DELEGATES, {"person": macron}))) == sorted(
            [delegates["macron_summit"].pk, delegates["macron_call"].pk]
        )
        assert sorted(ids(api.get(DELEGATES, {"person": f"{macron},{starmer}"}))) == sorted(
            [delegates["macron_summit"].pk, delegates["macron_call"].pk, delegates["starmer_summit"].pk]
        )
        assert sorted(ids(api.get(DELEGATES, {"participation": data["summit_fr"].pk}))) == sorted(
            [delegates["macron_summit"].pk, delegates["adviser_summit"].pk]
        )

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"person": "999999"}, unknown_reference(person=[unknown("person", "999999")])),
            ({"participation": "999999"}, unknown_reference(participation=[unknown("participation", "999999")])),
            ({"meeting": "nope"}, unknown_reference(meeting=[unknown("meeting", "nope")])),
            ({"participant": "ZZ"}, unknown_reference(participant=["Unknown participant 'ZZ'."])),
            (
                {"participant": "fr"},
                unknown_reference(participant=["Unknown participant 'fr' (a nation's code is in upper case)."]),
            ),
            ({"level": "king"}, invalid(level=[not_a_choice("king")])),
            ({"person": "macron"}, invalid(person=["Give the ID of a person (a number)."])),
        ],
    )
    def test_bad_filter_is_a_400_naming_it(self, api, data, query, expected):
        response = api.get(DELEGATES, query)

        assert response.status_code == 400
        assert response.json() == expected

    def test_participations_by_delegate_level_and_person_describe_one_delegate(self, api, data, delegates):
        """France at the summit has Macron (head of state) and an adviser (expert): `person=Macron` with
        `delegate_level=expert` names no one delegate."""
        macron = data["macron"].pk

        def participations(**params):
            return sorted(ids(api.get(PARTICIPATIONS, params)))

        assert participations(delegate_level="head_of_state") == sorted([data["summit_fr"].pk, data["call_fr"].pk])
        assert participations(person=macron, meeting="summit") == [data["summit_fr"].pk]
        assert participations(person=macron, delegate_level="head_of_state", meeting="summit") == [data["summit_fr"].pk]
        assert participations(person=macron, delegate_level="expert") == []
        assert participations(delegate_level="expert") == [data["summit_fr"].pk]

    def test_meetings_by_delegate_level_and_person(self, api, data, delegates):
        def meetings(**params):
            response = api.get(MEETINGS, params)
            assert response.status_code == 200, response.json()
            return [item["slug"] for item in results(response)]

        assert meetings(delegate_level="head_of_government") == ["summit"]
        assert meetings(person=data["macron"].pk) == ["summit", "call"]
        assert meetings(person=data["macron"].pk, delegate_level="expert") == []
        assert meetings(person=data["official"].pk, participant="club") == ["summit"]

    def test_the_shipped_delegates_of_starmer(self, api, shipped):
        [starmer] = results(api.get(PEOPLE, {"search": "Starmer"}))

        listed = results(api.get(DELEGATES, {"person": starmer["id"]}))

        assert sorted((item["participation"]["meeting"]["slug"], item["level"]) for item in listed) == [
            (LEADERS_CALL, "head_of_government"),
            (NORTHWOOD, "head_of_government"),
        ]
        [northwood] = [item for item in listed if item["participation"]["meeting"]["slug"] == NORTHWOOD]
        assert [session["order"] for session in northwood["sessions"]] == [2]  # the afternoon only


class TestDelegateRepresentationVersion:
    """A delegate's `updated_at` (and so its ETag and the change feed) moves whenever any byte of it does."""

    def test_renaming_its_person(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"])
        before = editor.get(f"{DELEGATES}{delegate.pk}/").json()

        assert editor.patch(f"{PEOPLE}{data['macron'].pk}/", {"name": "E. Macron"}, format="json").status_code == 200

        after = editor.get(f"{DELEGATES}{delegate.pk}/").json()
        assert after["person"]["name"] == "E. Macron"
        assert after["updated_at"] > before["updated_at"]

    def test_changing_its_participations_nation(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_fr"], person=data["macron"])
        before = editor.get(f"{DELEGATES}{delegate.pk}/")

        response = editor.patch(f"{PARTICIPATIONS}{data['summit_fr'].pk}/", {"nation": "DE"}, format="json")

        assert response.status_code == 200, response.json()
        after = editor.get(f"{DELEGATES}{delegate.pk}/")
        assert after.json()["participation"]["participant"]["key"] == "DE"
        assert after.json()["updated_at"] > before.json()["updated_at"]
        assert editor.get(f"{DELEGATES}{delegate.pk}/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200

    def test_renaming_its_participating_organization(self, editor, data):
        delegate = DelegateFactory(participation=data["summit_club"], person=data["official"])
        before = editor.get(f"{DELEGATES}{delegate.pk}/").json()

        assert editor.patch("/api/v1/organizations/club/", {"short_name": "KLUB"}, format="json").status_code == 200

        after = editor.get(f"{DELEGATES}{delegate.pk}/").json()
        assert after["participation"]["participant"]["name"] == "KLUB"
        assert after["updated_at"] > before["updated_at"]
