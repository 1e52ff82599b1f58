import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError

from events.models import Participation
from tests.api.bodies import (
    FORBIDDEN,
    GERMANY,
    NOT_A_MEETING_SLUG,
    NOT_A_NATION_CODE,
    PAGING_ERRORS,
    UKRAINE,
    duplicate,
    invalid,
    nation_codes,
    not_a_choice,
    results,
    rule_violated,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import LEADERS_CALL, token_client
from tests.factories import (
    DelegateFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    SourceFactory,
    nation,
    role,
)

URL = "/api/v1/participations/"
D = datetime.date

pytestmark = pytest.mark.django_db

NATO = {"slug": "nato", "name": "North Atlantic Treaty Organization", "short_name": "NATO"}
ONE_PARTICIPANT = "A participation names exactly one participant: a nation or an organization."
NOT_TAKING_PART_HAS_NO_MODE = "A participant that declined or was reported absent has no attendance mode."
VIRTUAL_HAS_NO_IN_PERSON = (
    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
)
DEPRECATED_REPRESENTATIVE = "Deprecated and read-only: add the people who represented the participant as delegates/."


def participants(response):
    """The key of each item's participant, in order: nation codes and organization slugs."""
    return [item["participant"]["key"] for item in results(response)]


@pytest.fixture
def summit(db):
    return MeetingFactory(slug="summit", title="Summit", start_date=D(2025, 5, 6))


@pytest.fixture
def ukraine(summit):
    source = SourceFactory(outlet="Test Wire", title="Kyiv sends an official", url="https://example.org/kyiv")
    participation = ParticipationFactory(
        meeting=summit,
        nation=nation("UA"),
        role=role("observer"),
        status="attended",
        attendance_mode="remote",
        basis="inferred",
        basis_note="The report names the council, not the country.",
        notes="Joined by video.",
    )
    participation.sources.set([source])
    DelegateFactory(
        participation=participation,
        person=None,
        description="official of the National Security and Defense Council",
        level="official",
        basis="stated",
    )
    return participation


def ukraine_body(participation, **changes):
    official = participation.delegates.get()
    body = {
        "id": participation.pk,
        "meeting": {"slug": "summit", "title": "Summit", "start_date": "2025-05-06"},
        "participant": {"kind": "nation", "key": "UA", "name": "Ukraine"},
        "nation": UKRAINE,
        "organization": None,
        "role": {"code": "observer", "name": "Observer"},
        "status": "attended",
        "attendance_mode": "remote",
        "basis": "inferred",
        "basis_note": "The report names the council, not the country.",
        "notes": "Joined by video.",
        "delegates": [
            {
                "id": official.pk,
                "person": None,
                "description": "official of the National Security and Defense Council",
                "office": "",
                "level": "official",
                "attendance_mode": None,
                "sessions": [],
                "basis": "stated",
            }
        ],
        # Deprecated: the delegates as one text, as the single field of API v1 held them.
        "representative": "official of the National Security and Defense Council",
        "sources": [
            {
                "id": participation.sources.get().pk,
                "outlet": "Test Wire",
                "title": "Kyiv sends an official",
                "url": "https://example.org/kyiv",
            }
        ],
        **timestamps(participation),
    }
    return {**body, **changes}


class TestParticipationList:
    def test_results_carry_the_whole_participation(self, api, ukraine):
        response = api.get(URL)

        assert response.status_code == 200
        assert response.json() == {"count": 1, "next": None, "previous": None, "results": [ukraine_body(ukraine)]}

    def test_default_order_is_latest_meeting_first_then_nation_name(self, api):
        old = MeetingFactory(start_date=D(2024, 1, 1))
        new = MeetingFactory(start_date=D(2025, 1, 1))
        for meeting in (old, new):
            ParticipationFactory(meeting=meeting, nation=nation("GB"))
            ParticipationFactory(meeting=meeting, nation=nation("AT"))

        assert nation_codes(api.get(URL)) == ["AT", "GB", "AT", "GB"]
        assert [p["meeting"]["slug"] for p in api.get(URL).json()["results"]] == [new.slug] * 2 + [old.slug] * 2

    def test_pagination(self, api, summit):
        for code in ["AT", "BE", "CY"]:
            ParticipationFactory(meeting=summit, nation=nation(code))

        body = api.get(URL, {"limit": 2, "offset": 0}).json()
        second = api.get(URL, {"limit": 2, "offset": 2}).json()

        assert (body["count"], body["next"], body["previous"]) == (
            3,
            "http://testserver/api/v1/participations/?limit=2&offset=2",
            None,
        )
        assert [p["nation"]["code"] for p in body["results"]] == ["AT", "BE"]
        assert (second["next"], second["previous"]) == (None, "http://testserver/api/v1/participations/?limit=2")
        assert [p["nation"]["code"] for p in second["results"]] == ["CY"]


class TestParticipationDetail:
    def test_full_body(self, api, ukraine):
        response = api.get(f"{URL}{ukraine.pk}/")

        assert response.status_code == 200
        assert response.json() == ukraine_body(ukraine)


class TestParticipationFilters:
    def test_meeting(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("FR"))
        ParticipationFactory(meeting=MeetingFactory(slug="other"), nation=nation("GB"))

        assert nation_codes(api.get(URL, {"meeting": "summit"})) == ["FR"]
        assert nation_codes(api.get(URL, {"meeting": "other"})) == ["GB"]

    def test_nation_in_both_list_forms(self, api, summit):
        for code in ["FR", "GB", "DE"]:
            ParticipationFactory(meeting=summit, nation=nation(code))

        assert nation_codes(api.get(URL, {"nation": "GB"})) == ["GB"]
        assert nation_codes(api.get(URL, {"nation": "FR,GB"})) == ["FR", "GB"]
        assert nation_codes(api.get(f"{URL}?nation=FR&nation=GB")) == ["FR", "GB"]
        assert nation_codes(api.get(URL, {"nation": "de"})) == ["DE"]

    def test_role(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("FR"), role=role("lead"))
        ParticipationFactory(meeting=summit, nation=nation("GB"), role=role("observer"))
        ParticipationFactory(meeting=summit, nation=nation("DE"), role=role("participant"))

        assert nation_codes(api.get(URL, {"role": "lead"})) == ["FR"]
        assert nation_codes(api.get(f"{URL}?role=lead&role=observer")) == ["FR", "GB"]
        assert nation_codes(api.get(URL, {"role": "lead,participant"})) == ["FR", "DE"]

    def test_status(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("FR"), status="attended")
        ParticipationFactory(meeting=summit, nation=nation("GB"), status="declined", attendance_mode=None)
        ParticipationFactory(meeting=summit, nation=nation("DE"), status="invited", attendance_mode=None)

        assert nation_codes(api.get(URL, {"status": "declined"})) == ["GB"]
        assert nation_codes(api.get(URL, {"status": "declined,invited"})) == ["DE", "GB"]

    def test_attendance(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("FR"), attendance_mode="in_person")
        ParticipationFactory(meeting=summit, nation=nation("GB"), attendance_mode="remote")
        ParticipationFactory(meeting=summit, nation=nation("DE"), attendance_mode="unspecified")
        ParticipationFactory(meeting=summit, nation=nation("PL"), status="declined", attendance_mode=None)

        assert nation_codes(api.get(URL, {"attendance": "remote"})) == ["GB"]
        assert nation_codes(api.get(f"{URL}?attendance=remote&attendance=in_person")) == ["FR", "GB"]

    def test_participant_is_any_of_nations_by_upper_case_code_and_organizations_by_slug(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("FR"))
        ParticipationFactory(meeting=summit, nation=nation("GB"))
        ParticipationFactory(meeting=summit, nation=None, organization=OrganizationFactory(**NATO))
        ParticipationFactory(meeting=summit, nation=None, organization=OrganizationFactory(slug="eu", name="EU"))

        assert participants(api.get(URL, {"participant": "nato"})) == ["nato"]
        assert participants(api.get(URL, {"participant": "FR"})) == ["FR"]
        assert participants(api.get(URL, {"participant": "FR,nato,eu"})) == ["FR", "eu", "nato"]
        assert participants(api.get(f"{URL}?participant=GB&participant=eu")) == ["GB", "eu"]

    def test_nation_matches_nations_only(self, api, summit):
        """An organization whose slug reads like a nation's code (`gb`) is not that nation, whatever the case."""
        ParticipationFactory(meeting=summit, nation=nation("GB"))
        ParticipationFactory(
            meeting=summit, nation=None, organization=OrganizationFactory(slug="gb", name="Great Board")
        )

        assert participants(api.get(URL, {"nation": "gb"})) == ["GB"]
        assert participants(api.get(URL, {"nation": "GB"})) == ["GB"]
        assert participants(api.get(URL, {"participant": "gb"})) == ["gb"]
        assert participants(api.get(URL, {"participant": "GB"})) == ["GB"]

    def test_nations_by_name_come_before_organizations_by_name(self, api, summit):
        ParticipationFactory(meeting=summit, nation=None, organization=OrganizationFactory(**NATO))
        ParticipationFactory(meeting=summit, nation=nation("GB"))
        ParticipationFactory(meeting=summit, nation=None, organization=OrganizationFactory(slug="eu", name="EU"))
        ParticipationFactory(meeting=summit, nation=nation("AT"))

        assert participants(api.get(URL)) == ["AT", "GB", "eu", "nato"]

    @pytest.mark.parametrize(
        "ordering, expected",
        [("nation", ["AT", "GB", "nato", "eu"]), ("-nation", ["nato", "eu", "GB", "AT"])],
    )
    def test_ordering_by_nation_sorts_organizations_as_having_none(self, api, summit, ordering, expected):
        """No nation sorts after every nation ascending, before them descending, on every database; organizations
        among themselves in the order they were recorded."""
        ParticipationFactory(meeting=summit, nation=None, organization=OrganizationFactory(**NATO))
        ParticipationFactory(meeting=summit, nation=nation("GB"))
        ParticipationFactory(meeting=summit, nation=nation("AT"))
        ParticipationFactory(meeting=summit, nation=None, organization=OrganizationFactory(slug="eu", name="EU"))

        assert participants(api.get(URL, {"ordering": ordering})) == expected

    def test_status_absent(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("FR"), status="attended")
        ParticipationFactory(meeting=summit, nation=nation("HU"), status="absent", attendance_mode=None)
        ParticipationFactory(meeting=summit, nation=nation("SK"), status="absent", attendance_mode=None)
        ParticipationFactory(meeting=summit, nation=nation("US"), status="declined", attendance_mode=None)

        assert participants(api.get(URL, {"status": "absent"})) == ["HU", "SK"]
        assert participants(api.get(URL, {"status": "absent,declined"})) == ["HU", "SK", "US"]

    def test_attendance_written(self, api, summit):
        ParticipationFactory(meeting=summit, nation=nation("JP"), attendance_mode="written")
        ParticipationFactory(meeting=summit, nation=nation("GB"), attendance_mode="remote")
        ParticipationFactory(
            meeting=summit, nation=None, organization=OrganizationFactory(**NATO), attendance_mode="written"
        )

        assert participants(api.get(URL, {"attendance": "written"})) == ["JP", "nato"]
        assert participants(api.get(URL, {"attendance": "written,remote"})) == ["JP", "GB", "nato"]

    @pytest.fixture
    def delegations(self, summit):
        """At the summit, FR by its head of state; GB by its head of government and a minister; NATO by an
        official; DE with no delegate recorded. The people's IDs by name."""
        people = {name: PersonFactory(name=name) for name in ("Macron", "Starmer", "Healey", "Rutte")}
        for participant, delegates in {
            "FR": [("Macron", "head_of_state")],
            "GB": [("Starmer", "head_of_government"), ("Healey", "minister")],
            "nato": [("Rutte", "official")],
            "DE": [],
        }.items():
            if participant == "nato":
                participation = ParticipationFactory(
                    meeting=summit, nation=None, organization=OrganizationFactory(**NATO)
                )
            else:
                participation = ParticipationFactory(meeting=summit, nation=nation(participant))
            for name, level in delegates:
                DelegateFactory(participation=participation, person=people[name], level=level)
        return {name: person.pk for name, person in people.items()}

    def test_delegate_level(self, api, delegations):
        assert participants(api.get(URL, {"delegate_level": "head_of_government"})) == ["GB"]
        assert participants(api.get(URL, {"delegate_level": "head_of_state,head_of_government"})) == ["FR", "GB"]
        assert participants(api.get(f"{URL}?delegate_level=official&delegate_level=minister")) == ["GB", "nato"]
        assert participants(api.get(URL, {"delegate_level": "ambassador"})) == []

    def test_person(self, api, delegations):
        assert participants(api.get(URL, {"person": delegations["Rutte"]})) == ["nato"]
        assert participants(api.get(URL, {"person": f"{delegations['Macron']},{delegations['Healey']}"})) == [
            "FR",
            "GB",
        ]

    def test_delegate_level_and_person_describe_one_and_the_same_delegate(self, api, delegations):
        starmer = delegations["Starmer"]

        assert participants(api.get(URL, {"person": starmer, "delegate_level": "head_of_government"})) == ["GB"]
        # Britain had a minister, but Starmer was not it.
        assert participants(api.get(URL, {"person": starmer, "delegate_level": "minister"})) == []

    @pytest.fixture
    def club_history(self, db):
        """DE was a member of `club` from 2020-01-01 to 2022-12-31; PL never was. The club itself, and another
        organization, take part in every meeting too."""
        club = OrganizationFactory(slug="club")
        other = OrganizationFactory(slug="other-club")
        MembershipFactory(organization=club, nation=nation("DE"), start_date=D(2020, 1, 1), end_date=D(2022, 12, 31))
        days = {
            "before": (D(2019, 12, 31), D(2020, 1, 2)),  # membership starts during it, not on its first day
            "first-day": (D(2020, 1, 1), D(2020, 1, 1)),
            "last-day": (D(2022, 12, 31), D(2022, 12, 31)),
            "after": (D(2023, 1, 1), D(2023, 1, 1)),
        }
        for slug, (start, end) in days.items():
            meeting = MeetingFactory(slug=slug, start_date=start, end_date=end)
            ParticipationFactory(meeting=meeting, nation=nation("DE"))
            ParticipationFactory(meeting=meeting, nation=nation("PL"))
            ParticipationFactory(meeting=meeting, nation=None, organization=club, attendance_mode="remote")
            ParticipationFactory(meeting=meeting, nation=None, organization=other, attendance_mode="remote")

    @staticmethod
    def rows(response):
        return [(p["meeting"]["slug"], p["participant"]["key"]) for p in results(response)]

    @pytest.mark.parametrize(
        "params, expected",
        [
            pytest.param({}, [("last-day", "DE"), ("first-day", "DE")], id="alone-means-members-on-the-first-day"),
            pytest.param({"member": "true"}, [("last-day", "DE"), ("first-day", "DE")], id="member-true"),
            pytest.param(
                {"member": "false"},
                [
                    ("after", "DE"),
                    ("after", "PL"),
                    ("last-day", "PL"),
                    ("first-day", "PL"),
                    ("before", "DE"),
                    ("before", "PL"),
                ],
                id="member-false",
            ),
            pytest.param(
                {"member": "false", "nation": "DE"}, [("after", "DE"), ("before", "DE")], id="with-other-filters"
            ),
        ],
    )
    def test_organization(self, api, club_history, params, expected):
        """Membership is a nation's: neither the club itself nor another organization taking part is a member or a
        non-member."""
        assert self.rows(api.get(URL, {"organization": "club", **params})) == expected

    def test_the_organizations_are_found_by_participant(self, api, club_history):
        assert self.rows(api.get(URL, {"participant": "club", "ordering": "meeting_date"})) == [
            ("before", "club"),
            ("first-day", "club"),
            ("last-day", "club"),
            ("after", "club"),
        ]

    @pytest.mark.parametrize(
        "ordering, expected",
        [
            ("meeting_date", [("old", "GB"), ("new", "AT")]),
            ("-meeting_date", [("new", "AT"), ("old", "GB")]),
            ("nation", [("new", "AT"), ("old", "GB")]),
            ("-nation", [("old", "GB"), ("new", "AT")]),
        ],
    )
    def test_ordering(self, api, ordering, expected):
        ParticipationFactory(meeting=MeetingFactory(slug="old", start_date=D(2024, 1, 1)), nation=nation("GB"))
        ParticipationFactory(meeting=MeetingFactory(slug="new", start_date=D(2025, 1, 1)), nation=nation("AT"))

        assert self.rows(api.get(URL, {"ordering": ordering})) == expected


class TestParticipationBadQuery:
    @pytest.mark.parametrize(
        "query, expected",
        [
            ("member=true", rule_violated(member=["`member` needs the `organization` parameter too."])),
            ("member=false", rule_violated(member=["`member` needs the `organization` parameter too."])),
            ("member=maybe", invalid(member=["Must be true or false; got 'maybe'."])),
            ("organization=nato&member=maybe", invalid(member=["Must be true or false; got 'maybe'."])),
            ("organization=nope", unknown_reference(organization=[unknown("organization", "nope")])),
            ("meeting=nope", unknown_reference(meeting=[unknown("meeting", "nope")])),
            ("nation=ZZ", unknown_reference(nation=[unknown("nation", "ZZ")])),
            ("role=boss", unknown_reference(role=[unknown("participation role", "boss")])),
            ("status=bogus", invalid(status=[not_a_choice("bogus")])),
            ("attendance=hologram", invalid(attendance=[not_a_choice("hologram")])),
            ("ordering=--x", invalid(ordering=[not_a_choice("--x")])),
            (
                "participant=NATO",
                invalid(
                    participant=[
                        "'NATO' is neither a nation's code in upper case (FR) nor an organization's slug (nato)."
                    ]
                ),
            ),
            (
                "participant=de",
                unknown_reference(participant=["Unknown participant 'de' (a nation's code is in upper case)."]),
            ),
            ("participant=FR,nope", unknown_reference(participant=["Unknown participant 'nope'."])),
            ("nation=nato", invalid(nation=[NOT_A_NATION_CODE])),
            ("delegate_level=king", invalid(delegate_level=[not_a_choice("king")])),
            ("person=abc", invalid(person=["Give the ID of a person (a number)."])),
            ("person=999999", unknown_reference(person=[unknown("person", "999999")])),
            ("basis=rumoured", invalid(basis=[not_a_choice("rumoured")])),
            *PAGING_ERRORS,
        ],
    )
    def test_is_a_400_naming_the_parameter(self, api, query, expected):
        OrganizationFactory(slug="nato")
        ParticipationFactory()

        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response.json() == expected


def payload(**changes):
    return {
        "meeting": "summit",
        "nation": "de",
        "role": "lead",
        "status": "attended",
        "attendance_mode": "in_person",
        "basis": "disputed",
        "basis_note": "One report has Berlin co-chairing; another does not.",
        "notes": "Co-chaired.",
        "sources": [],
        **changes,
    }


def germany_body(participation, **changes):
    body = {
        "id": participation.pk,
        "meeting": {"slug": "summit", "title": "Summit", "start_date": "2025-05-06"},
        "participant": {"kind": "nation", "key": "DE", "name": "Germany"},
        "nation": GERMANY,
        "organization": None,
        "role": {"code": "lead", "name": "Lead"},
        "status": "attended",
        "attendance_mode": "in_person",
        "basis": "disputed",
        "basis_note": "One report has Berlin co-chairing; another does not.",
        "notes": "Co-chaired.",
        "delegates": [],
        "representative": "",
        "sources": [],
        **timestamps(participation),
    }
    return {**body, **changes}


class TestParticipationCreate:
    def test_creates_from_public_keys(self, editor, summit):
        source = SourceFactory(outlet="Test Wire", title="Berlin co-chairs", url="")

        response = editor.post(URL, payload(sources=[source.pk]), format="json")

        assert response.status_code == 201, response.json()
        participation = Participation.objects.get()
        assert response.json() == germany_body(
            participation, sources=[{"id": source.pk, "outlet": "Test Wire", "title": "Berlin co-chairs", "url": ""}]
        )
        assert (participation.meeting, participation.nation.code, participation.role.code) == (summit, "DE", "lead")
        assert list(participation.sources.all()) == [source]

    def test_status_defaults_to_invited(self, editor, summit):
        response = editor.post(URL, {"meeting": "summit", "nation": "DE", "role": "participant"}, format="json")

        assert response.status_code == 201, response.json()
        assert (response.json()["status"], response.json()["attendance_mode"]) == ("invited", None)

    def test_server_set_fields_are_ignored(self, editor, summit):
        response = editor.post(
            URL, payload(id=424242, created_at="2000-01-01T00:00:00Z", updated_at="2000-01-01T00:00:00Z"), format="json"
        )

        assert response.status_code == 201, response.json()
        participation = Participation.objects.get()
        assert participation.pk != 424242
        assert participation.created_at.year != 2000
        assert response.json() == germany_body(participation)


class TestParticipationRoleKeys:
    """Role codes are unique as stored, so `LEAD` and `lead` can both exist; each is written and filtered exactly."""

    @pytest.fixture
    def upper_lead(self, editor):
        response = editor.post("/api/v1/roles/", {"code": "LEAD", "name": "Lead (upper case)"}, format="json")
        assert response.status_code == 201, response.json()

    @pytest.mark.parametrize(
        "code, expected",
        [("LEAD", {"code": "LEAD", "name": "Lead (upper case)"}), ("lead", {"code": "lead", "name": "Lead"})],
    )
    def test_each_code_names_its_own_role(self, editor, summit, upper_lead, code, expected):
        response = editor.post(URL, payload(role=code), format="json")

        assert response.status_code == 201, response.json()
        participation = Participation.objects.get()
        assert response.json() == germany_body(participation, role=expected)
        assert participation.role.code == code

    def test_filter_by_each_code(self, api, editor, summit, upper_lead):
        for nation_code, role_code in [("DE", "LEAD"), ("FR", "lead")]:
            assert editor.post(URL, payload(nation=nation_code, role=role_code), format="json").status_code == 201

        assert nation_codes(api.get(URL, {"role": "LEAD"})) == ["DE"]
        assert nation_codes(api.get(URL, {"role": "lead"})) == ["FR"]
        assert nation_codes(api.get(URL, {"role": "lead,LEAD", "ordering": "nation"})) == ["FR", "DE"]


class TestParticipationUpdate:
    @pytest.fixture
    def germany(self, summit):
        return ParticipationFactory(
            meeting=summit,
            nation=nation("DE"),
            role=role("participant"),
            status="invited",
            attendance_mode=None,
            notes="",
        )

    def test_put(self, editor, germany):
        response = editor.put(f"{URL}{germany.pk}/", payload(), format="json")

        assert response.status_code == 200, response.json()
        germany.refresh_from_db()
        assert response.json() == germany_body(germany)
        assert (germany.role.code, germany.status, germany.attendance_mode) == ("lead", "attended", "in_person")

    def test_patch(self, editor, germany):
        response = editor.patch(
            f"{URL}{germany.pk}/", {"status": "attended", "attendance_mode": "remote"}, format="json"
        )

        assert response.status_code == 200, response.json()
        germany.refresh_from_db()
        assert response.json() == germany_body(
            germany,
            role={"code": "participant", "name": "Participant"},
            attendance_mode="remote",
            basis="stated",
            basis_note="",
            notes="",
        )

    def test_patch_is_validated_against_the_stored_fields(self, editor, germany):
        germany.status, germany.attendance_mode = "attended", "remote"
        germany.save()

        response = editor.patch(f"{URL}{germany.pk}/", {"status": "declined"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=[NOT_TAKING_PART_HAS_NO_MODE])
        germany.refresh_from_db()
        assert germany.status == "attended"

    def test_patch_to_a_nation_already_in_the_meeting_is_a_409(self, editor, germany, summit):
        ParticipationFactory(meeting=summit, nation=nation("FR"))

        response = editor.patch(f"{URL}{germany.pk}/", {"nation": "FR"}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(nation=["This nation already takes part in this meeting."])
        germany.refresh_from_db()
        assert germany.nation.code == "DE"

    def test_patch_to_a_blank_attendance_mode_is_refused(self, editor, germany):
        germany.status, germany.attendance_mode = "attended", "remote"
        germany.save()

        response = editor.patch(f"{URL}{germany.pk}/", {"attendance_mode": ""}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(attendance_mode=['"" is not a valid choice.'])
        germany.refresh_from_db()
        assert germany.attendance_mode == "remote"

    def test_patch_to_no_attendance_mode_is_null(self, editor, germany):
        response = editor.patch(f"{URL}{germany.pk}/", {"status": "declined", "attendance_mode": None}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json()["attendance_mode"] is None
        germany.refresh_from_db()
        assert germany.attendance_mode is None

    def test_delete(self, editor, germany):
        response = editor.delete(f"{URL}{germany.pk}/")

        assert response.status_code == 204
        assert response.content == b""
        assert not Participation.objects.exists()


class TestParticipationValidation:
    def test_duplicate_nation_in_a_meeting_is_a_409(self, editor, summit):
        ParticipationFactory(meeting=summit, nation=nation("DE"))

        response = editor.post(URL, payload(nation="de"), format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(nation=["This nation already takes part in this meeting."])
        assert Participation.objects.count() == 1

    @pytest.mark.parametrize(
        "changes, expected",
        [
            (
                {"status": "declined", "attendance_mode": "remote"},
                rule_violated(attendance_mode=[NOT_TAKING_PART_HAS_NO_MODE]),
            ),
            (
                {"status": "absent", "attendance_mode": "written"},
                rule_violated(attendance_mode=[NOT_TAKING_PART_HAS_NO_MODE]),
            ),
            (
                {"status": "absent", "attendance_mode": "unspecified"},
                rule_violated(attendance_mode=[NOT_TAKING_PART_HAS_NO_MODE]),
            ),
            (
                {"status": "attended", "attendance_mode": None},
                rule_violated(
                    attendance_mode=[
                        "A participant that attended needs an attendance mode (unspecified if the source does not say)."
                    ]
                ),
            ),
            # A participation names exactly one participant.
            ({"nation": None}, rule_violated(nation=[ONE_PARTICIPANT])),
            ({"organization": "nato"}, rule_violated(nation=[ONE_PARTICIPANT])),
            ({"organization": "nope"}, unknown_reference(organization=["Unknown organization 'nope'."])),
            # Slugs are lower case and taken as written (nation codes are upper-cased).
            (
                {"nation": None, "organization": "NATO"},
                unknown_reference(organization=["Unknown organization 'NATO'."]),
            ),
            ({"basis": "rumoured"}, invalid(basis=['"rumoured" is not a valid choice.'])),
            ({"nation": "ZZ"}, unknown_reference(nation=["Unknown nation 'ZZ'."])),
            # Not the form of a key (an alpha-3 code, a number): malformed, whatever the message says.
            ({"nation": "DEU"}, invalid(nation=[NOT_A_NATION_CODE])),
            ({"nation": 276}, invalid(nation=[NOT_A_NATION_CODE])),
            ({"meeting": 5}, invalid(meeting=[NOT_A_MEETING_SLUG])),
            ({"nation": ["DE"]}, invalid(nation=[NOT_A_NATION_CODE])),
            ({"role": "boss"}, unknown_reference(role=["Unknown participation role 'boss'."])),
            ({"meeting": "nope"}, unknown_reference(meeting=["Unknown meeting 'nope'."])),
            ({"status": "maybe"}, invalid(status=['"maybe" is not a valid choice.'])),
            ({"attendance_mode": "hologram"}, invalid(attendance_mode=['"hologram" is not a valid choice.'])),
            ({"attendance_mode": ""}, invalid(attendance_mode=['"" is not a valid choice.'])),
            ({"meeting": "SUMMIT"}, unknown_reference(meeting=["Unknown meeting 'SUMMIT'."])),
            ({"role": "Lead"}, unknown_reference(role=["Unknown participation role 'Lead'."])),
            ({"nation": "zz"}, unknown_reference(nation=["Unknown nation 'ZZ'."])),
            ({"sources": [999999]}, unknown_reference(sources=["Unknown source 999999."])),
        ],
    )
    def test_invalid_participation_is_a_400_with_field_errors(self, editor, summit, changes, expected):
        OrganizationFactory(**NATO)

        response = editor.post(URL, payload(**changes), format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Participation.objects.exists()

    def test_required_fields(self, editor):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(meeting=["This field is required."], role=["This field is required."])

    def test_a_participant_is_required_too(self, editor, summit):
        response = editor.post(URL, {"meeting": "summit", "role": "participant"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(nation=[ONE_PARTICIPANT])
        assert not Participation.objects.exists()


class TestOrganizationParticipants:
    """An organization (NATO, the EU) takes part in a meeting as a nation does: a participation names exactly one of
    them."""

    @pytest.fixture
    def nato(self, db):
        return OrganizationFactory(**NATO)

    def test_create(self, editor, summit, nato):
        response = editor.post(URL, payload(nation=None, organization="nato", attendance_mode="remote"), format="json")

        assert response.status_code == 201, response.json()
        participation = Participation.objects.get()
        assert response.json() == germany_body(
            participation,
            participant={"kind": "organization", "key": "nato", "name": "NATO"},
            nation=None,
            organization=NATO,
            attendance_mode="remote",
        )
        assert (participation.nation, participation.organization) == (None, nato)

    def test_a_nation_may_be_left_out_rather_than_null(self, editor, summit, nato):
        body = payload(organization="nato")
        del body["nation"]

        response = editor.post(URL, body, format="json")

        assert response.status_code == 201, response.json()
        assert response.json()["participant"] == {"kind": "organization", "key": "nato", "name": "NATO"}

    def test_an_organization_without_a_short_name_is_named_in_full(self, editor, summit):
        OrganizationFactory(slug="au", name="African Union", short_name="")

        response = editor.post(URL, payload(nation=None, organization="au"), format="json")

        assert response.status_code == 201, response.json()
        assert response.json()["participant"] == {"kind": "organization", "key": "au", "name": "African Union"}

    def test_the_same_organization_twice_in_a_meeting_is_a_409(self, editor, summit, nato):
        ParticipationFactory(meeting=summit, nation=None, organization=nato)

        response = editor.post(URL, payload(nation=None, organization="nato"), format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(organization=["This organization already takes part in this meeting."])
        assert Participation.objects.count() == 1

    def test_an_organization_and_its_members_take_part_side_by_side(self, editor, summit, nato):
        MembershipFactory(organization=nato, nation=nation("DE"), start_date=D(1955, 5, 6))
        ParticipationFactory(meeting=summit, nation=None, organization=nato)
        other = MeetingFactory(slug="other")
        ParticipationFactory(meeting=other, nation=None, organization=nato)

        response = editor.post(URL, payload(), format="json")

        assert response.status_code == 201, response.json()
        assert set(summit.participations.values_list("nation__code", "organization__slug")) == {
            ("DE", None),
            (None, "nato"),
        }

    def test_patch_from_a_nation_to_an_organization(self, editor, summit, nato):
        participation = ParticipationFactory(meeting=summit, nation=nation("DE"), attendance_mode="remote")

        response = editor.patch(f"{URL}{participation.pk}/", {"nation": None, "organization": "nato"}, format="json")

        assert response.status_code == 200, response.json()
        assert (response.json()["participant"], response.json()["nation"]) == (
            {"kind": "organization", "key": "nato", "name": "NATO"},
            None,
        )
        participation.refresh_from_db()
        assert (participation.nation, participation.organization) == (None, nato)

    def test_patch_adding_an_organization_to_a_nation_is_refused(self, editor, summit, nato):
        participation = ParticipationFactory(meeting=summit, nation=nation("DE"))

        response = editor.patch(f"{URL}{participation.pk}/", {"organization": "nato"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(nation=[ONE_PARTICIPANT])
        participation.refresh_from_db()
        assert (participation.nation.code, participation.organization) == ("DE", None)

    def test_patch_to_an_organization_already_in_the_meeting_is_a_409(self, editor, summit, nato):
        ParticipationFactory(meeting=summit, nation=None, organization=nato)
        germany = ParticipationFactory(meeting=summit, nation=nation("DE"))

        response = editor.patch(f"{URL}{germany.pk}/", {"nation": None, "organization": "nato"}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(organization=["This organization already takes part in this meeting."])
        germany.refresh_from_db()
        assert (germany.nation.code, germany.organization) == ("DE", None)


class TestStatusesThatFitReporting:
    @pytest.mark.parametrize(
        "changes",
        [
            pytest.param({"status": "absent", "attendance_mode": None}, id="reported-absent"),
            pytest.param({"status": "declined", "attendance_mode": None}, id="declined"),
            pytest.param({"status": "attended", "attendance_mode": "written"}, id="by-a-written-message"),
            pytest.param({"status": "confirmed", "attendance_mode": "written"}, id="confirmed-a-written-message"),
        ],
    )
    def test_are_accepted(self, editor, summit, changes):
        response = editor.post(URL, payload(**changes), format="json")

        assert response.status_code == 201, response.json()
        participation = Participation.objects.get()
        assert (participation.status, participation.attendance_mode) == (changes["status"], changes["attendance_mode"])
        assert (response.json()["status"], response.json()["attendance_mode"]) == (
            changes["status"],
            changes["attendance_mode"],
        )

    @pytest.mark.parametrize("status", ["absent", "declined"])
    @pytest.mark.parametrize("mode", ["in_person", "remote", "written", "unspecified"])
    def test_not_taking_part_with_a_mode_is_refused(self, editor, summit, status, mode):
        response = editor.post(URL, payload(status=status, attendance_mode=mode), format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=[NOT_TAKING_PART_HAS_NO_MODE])
        assert not Participation.objects.exists()

    def test_patch_to_absent_keeping_the_mode_is_refused(self, editor, summit):
        participation = ParticipationFactory(meeting=summit, nation=nation("HU"), attendance_mode="remote")

        refused = editor.patch(f"{URL}{participation.pk}/", {"status": "absent"}, format="json")
        accepted = editor.patch(
            f"{URL}{participation.pk}/", {"status": "absent", "attendance_mode": None}, format="json"
        )

        assert refused.status_code == 400
        assert refused.json() == rule_violated(attendance_mode=[NOT_TAKING_PART_HAS_NO_MODE])
        assert accepted.status_code == 200, accepted.json()
        participation.refresh_from_db()
        assert (participation.status, participation.attendance_mode) == ("absent", None)


class TestVirtualMeetings:
    """A virtual meeting has no in-person participant: the API refuses one with the model's own message."""

    @pytest.fixture
    def call(self, db):
        return MeetingFactory(slug="summit", title="Summit", start_date=D(2025, 5, 6), format="virtual")

    def test_the_message_is_the_models(self, call):
        participation = Participation(
            meeting=call, nation=nation("DE"), role=role("lead"), status="attended", attendance_mode="in_person"
        )

        with pytest.raises(ValidationError) as raised:
            participation.full_clean()

        assert raised.value.message_dict == {"attendance_mode": [VIRTUAL_HAS_NO_IN_PERSON]}

    def test_an_in_person_participation_is_refused(self, editor, call):
        response = editor.post(URL, payload(attendance_mode="in_person"), format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=[VIRTUAL_HAS_NO_IN_PERSON])
        assert not Participation.objects.exists()

    def test_so_is_an_organizations(self, editor, call):
        OrganizationFactory(**NATO)

        response = editor.post(
            URL, payload(nation=None, organization="nato", attendance_mode="in_person"), format="json"
        )

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=[VIRTUAL_HAS_NO_IN_PERSON])

    def test_patch_to_in_person_is_refused(self, editor, call):
        participation = ParticipationFactory(meeting=call, nation=nation("DE"), attendance_mode="remote")

        response = editor.patch(f"{URL}{participation.pk}/", {"attendance_mode": "in_person"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=[VIRTUAL_HAS_NO_IN_PERSON])
        participation.refresh_from_db()
        assert participation.attendance_mode == "remote"

    def test_moving_an_in_person_participation_to_a_virtual_meeting_is_refused(self, editor, call):
        participation = ParticipationFactory(
            meeting=MeetingFactory(slug="in-person", format="in_person"), nation=nation("DE")
        )

        response = editor.patch(f"{URL}{participation.pk}/", {"meeting": "summit"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=[VIRTUAL_HAS_NO_IN_PERSON])
        participation.refresh_from_db()
        assert participation.meeting.slug == "in-person"

    @pytest.mark.parametrize("mode", ["remote", "written", "unspecified"])
    def test_other_modes_are_accepted(self, editor, call, mode):
        response = editor.post(URL, payload(attendance_mode=mode), format="json")

        assert response.status_code == 201, response.json()

    @pytest.mark.parametrize("meeting_format", ["hybrid", "in_person"])
    def test_other_meetings_take_in_person_participants(self, editor, meeting_format):
        MeetingFactory(slug="summit", title="Summit", start_date=D(2025, 5, 6), format=meeting_format)

        response = editor.post(URL, payload(attendance_mode="in_person"), format="json")

        assert response.status_code == 201, response.json()


class TestDeprecatedRepresentative:
    """`representative` shows the delegates as one text; it is read-only: the delegates are written in delegates/."""

    @pytest.fixture
    def germany(self, summit):
        participation = ParticipationFactory(meeting=summit, nation=nation("DE"), role=role("lead"))
        DelegateFactory(
            participation=participation, person=PersonFactory(name="Boris Pistorius"), office="Defence minister"
        )
        DelegateFactory(participation=participation, person=None, description="a ministry official", office="")
        return participation

    def test_it_shows_the_delegates_in_order(self, api, germany):
        body = api.get(f"{URL}{germany.pk}/").json()

        assert body["representative"] == "Boris Pistorius, Defence minister; a ministry official"
        assert [(d["person"] and d["person"]["name"], d["description"]) for d in body["delegates"]] == [
            ("Boris Pistorius", ""),
            (None, "a ministry official"),
        ]

    def test_a_new_value_is_refused_and_nothing_is_written(self, editor, germany):
        response = editor.patch(f"{URL}{germany.pk}/", {"representative": "Olaf Scholz", "notes": "x"}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(representative=[DEPRECATED_REPRESENTATIVE])
        germany.refresh_from_db()
        assert germany.notes == ""
        assert germany.delegates.count() == 2

    def test_the_same_value_is_accepted_and_ignored(self, editor, germany):
        response = editor.patch(
            f"{URL}{germany.pk}/",
            {"representative": "Boris Pistorius, Defence minister; a ministry official", "notes": "Co-chaired."},
            format="json",
        )

        assert response.status_code == 200, response.json()
        assert response.json()["notes"] == "Co-chaired."
        assert germany.delegates.count() == 2

    def test_a_new_participation_may_send_it_empty_but_not_with_a_value(self, editor, summit):
        refused = editor.post(URL, payload(representative="Defence minister"), format="json")
        assert not Participation.objects.exists()
        accepted = editor.post(URL, payload(representative=""), format="json")

        assert refused.status_code == 400
        assert refused.json() == invalid(representative=[DEPRECATED_REPRESENTATIVE])
        assert accepted.status_code == 201, accepted.json()
        assert accepted.json()["delegates"] == []


@pytest.mark.usefixtures("shipped_class")
class TestShippedQuestions:
    """Questions the March 2025 coalition meetings answer, each as one request."""

    def test_which_participants_were_heads_of_government_on_15_march(self, api, db):
        response = api.get(URL, {"meeting": LEADERS_CALL, "delegate_level": "head_of_government"})

        # Japan's Prime Minister took part by a written message.
        assert sorted(participants(response)) == ["AU", "CA", "GB", "IT", "JP", "NZ"]

    def test_which_participants_of_the_call_were_not_nato_members_leaves_out_nato_itself(self, api, db):
        response = api.get(URL, {"meeting": LEADERS_CALL, "organization": "nato", "member": "false"})

        assert sorted(participants(response)) == ["AT", "AU", "IE", "JP", "NZ", "UA"]

    def test_the_organizations_that_took_part_in_the_call(self, api, db):
        response = api.get(URL, {"meeting": LEADERS_CALL, "participant": "nato,eu"})

        assert [(item["participant"], item["nation"]) for item in results(response)] == [
            ({"kind": "organization", "key": "eu", "name": "EU"}, None),
            ({"kind": "organization", "key": "nato", "name": "NATO"}, None),
        ]

    def test_who_took_part_by_a_written_message(self, api, db):
        [japan] = results(api.get(URL, {"meeting": LEADERS_CALL, "attendance": "written"}))

        assert japan["participant"]["key"] == "JP"
        assert [(d["person"]["name"], d["level"], d["attendance_mode"]) for d in japan["delegates"]] == [
            ("Shigeru Ishiba", "head_of_government", "written")
        ]


class TestParticipationPermissions:
    def test_a_user_allowed_only_to_add_can_create_but_not_change_or_delete(self, summit):
        user = User.objects.create_user("adder")
        user.user_permissions.add(Permission.objects.get(codename="add_participation"))
        adder = token_client(user)

        created = adder.post(URL, payload(), format="json")
        assert created.status_code == 201, created.json()
        detail = f"{URL}{created.json()['id']}/"

        changed = adder.patch(detail, {"notes": "changed"}, format="json")
        deleted = adder.delete(detail)

        assert (changed.status_code, deleted.status_code) == (403, 403)
        assert changed.json() == deleted.json() == FORBIDDEN
        assert Participation.objects.get().notes == "Co-chaired."
