import datetime

import pytest
from django.contrib.auth.models import Permission, User

from events.models import Participation
from tests.api.bodies import (
    FORBIDDEN,
    GERMANY,
    NOT_A_MEETING_SLUG,
    NOT_A_NATION_CODE,
    NOT_FOUND,
    PAGING_ERRORS,
    REFUSALS,
    UKRAINE,
    duplicate,
    invalid,
    nation_codes,
    not_a_choice,
    results,
    rule_violated,
    status_challenge_body,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import token_client
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipationFactory,
    SourceFactory,
    nation,
    role,
)

URL = "/api/v1/participations/"
D = datetime.date

pytestmark = pytest.mark.django_db


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
        representative="official of the National Security and Defense Council",
        notes="Joined by video.",
    )
    participation.sources.set([source])
    return participation


def ukraine_body(participation, **changes):
    body = {
        "id": participation.pk,
        "meeting": {"slug": "summit", "title": "Summit", "start_date": "2025-05-06"},
        "nation": UKRAINE,
        "role": {"code": "observer", "name": "Observer"},
        "status": "attended",
        "attendance_mode": "remote",
        "representative": "official of the National Security and Defense Council",
        "notes": "Joined by video.",
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

    @pytest.mark.parametrize("key", ["999999", "abc"])
    def test_unknown_id_is_a_json_404(self, api, key):
        response = api.get(f"{URL}{key}/")

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == NOT_FOUND


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

    @pytest.fixture
    def club_history(self, db):
        """DE was a member of `club` from 2020-01-01 to 2022-12-31; PL never was."""
        club = OrganizationFactory(slug="club")
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

    @staticmethod
    def rows(response):
        return [(p["meeting"]["slug"], p["nation"]["code"]) for p in results(response)]

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
        assert self.rows(api.get(URL, {"organization": "club", **params})) == expected

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
        "representative": "Defence minister",
        "notes": "Co-chaired.",
        "sources": [],
        **changes,
    }


def germany_body(participation, **changes):
    body = {
        "id": participation.pk,
        "meeting": {"slug": "summit", "title": "Summit", "start_date": "2025-05-06"},
        "nation": GERMANY,
        "role": {"code": "lead", "name": "Lead"},
        "status": "attended",
        "attendance_mode": "in_person",
        "representative": "Defence minister",
        "notes": "Co-chaired.",
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
            representative="",
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
            representative="",
            notes="",
        )

    def test_patch_is_validated_against_the_stored_fields(self, editor, germany):
        germany.status, germany.attendance_mode = "attended", "remote"
        germany.save()

        response = editor.patch(f"{URL}{germany.pk}/", {"status": "declined"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(attendance_mode=["A nation that declined has no attendance mode."])
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

    def test_delete_unknown_is_a_404(self, editor):
        response = editor.delete(f"{URL}999999/")

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


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
                rule_violated(attendance_mode=["A nation that declined has no attendance mode."]),
            ),
            (
                {"status": "attended", "attendance_mode": None},
                rule_violated(
                    attendance_mode=[
                        "A nation that attended needs an attendance mode (unspecified if the source does not say)."
                    ]
                ),
            ),
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
        response = editor.post(URL, payload(**changes), format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Participation.objects.exists()

    def test_required_fields(self, editor):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            meeting=["This field is required."], nation=["This field is required."], role=["This field is required."]
        )


class TestParticipationPermissions:
    @pytest.mark.parametrize(("client", "expected"), REFUSALS)
    def test_write_is_refused(self, request, summit, client, expected):
        response = request.getfixturevalue(client).post(URL, payload(), format="json")

        assert status_challenge_body(response) == expected
        assert not Participation.objects.exists()

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
