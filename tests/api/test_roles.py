import pytest

from events.models import Participation, ParticipationRole
from tests.api.bodies import (
    PAGING_ERRORS,
    bad_limit,
    codes,
    conflict,
    duplicate,
    invalid,
    timestamps,
)
from tests.factories import ParticipationFactory, RoleFactory, role

URL = "/api/v1/roles/"

pytestmark = pytest.mark.django_db

BASE_ROLES = [
    {"code": "host", "name": "Host", "description": "Hosts the meeting without leading it."},
    {"code": "lead", "name": "Lead", "description": "Leads or co-leads the meeting or the effort it serves."},
    {"code": "observer", "name": "Observer", "description": "Attends without taking part in decisions."},
    {"code": "participant", "name": "Participant", "description": "Takes part as a full participant."},
]
GUEST = {"code": "guest", "name": "Guest", "description": "Invited to one session."}


def stamped(*bodies):
    """The role bodies with the timestamps stored for their roles."""
    return [{**body, **timestamps(role(body["code"]))} for body in bodies]


class TestRoleList:
    def test_base_roles_ordered_by_name(self, api):
        response = api.get(URL)

        assert response.status_code == 200
        assert response.json() == {"count": 4, "next": None, "previous": None, "results": stamped(*BASE_ROLES)}

    def test_pagination(self, api):
        first = api.get(URL, {"limit": 3, "offset": 0}).json()
        second = api.get(URL, {"limit": 3, "offset": 3}).json()

        assert first == {
            "count": 4,
            "next": "http://testserver/api/v1/roles/?limit=3&offset=3",
            "previous": None,
            "results": stamped(*BASE_ROLES[:3]),
        }
        assert second == {
            "count": 4,
            "next": None,
            "previous": "http://testserver/api/v1/roles/?limit=3",
            "results": stamped(*BASE_ROLES[3:]),
        }

    @pytest.mark.parametrize(
        "text, expected",
        [
            ("lea", ["lead"]),  # part of the code and the name
            ("OBSERV", ["observer"]),
            ("vip", ["vip"]),  # in the code only
            ("special", ["vip"]),  # in the name only
            ("  host ", ["host"]),
            ("nobody", []),
        ],
    )
    def test_search_in_code_and_name(self, api, text, expected):
        RoleFactory(code="vip", name="Special guest")

        assert codes(api.get(URL, {"search": text})) == expected

    @pytest.mark.parametrize(
        "query, expected",
        [
            ("limit=-1", invalid(limit=[bad_limit("-1")])),
            (
                "code=lead",
                invalid(
                    code=[
                        "Unknown parameter; this list takes "
                        "cursor, format, limit, offset, ordering, search, updated_since."
                    ]
                ),
            ),
            *PAGING_ERRORS,
        ],
    )
    def test_bad_paging_is_a_400_naming_the_parameter(self, api, query, expected):
        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response.json() == expected


class TestRoleDetail:
    def test_full_body(self, api):
        response = api.get(f"{URL}lead/")

        assert response.status_code == 200
        assert response.json() == stamped(BASE_ROLES[1])[0]


class TestRoleWrite:
    def test_create(self, editor):
        response = editor.post(URL, GUEST, format="json")

        assert response.status_code == 201, response.json()
        assert response.json() == stamped(GUEST)[0]
        assert ParticipationRole.objects.get(code="guest").name == "Guest"

    def test_new_role_can_be_used_by_participations(self, editor):
        editor.post(URL, GUEST, format="json")
        meeting = ParticipationFactory().meeting

        response = editor.post(
            "/api/v1/participations/",
            {"meeting": meeting.slug, "nation": "DE", "role": "guest", "status": "invited"},
            format="json",
        )

        assert response.status_code == 201, response.json()
        assert response.json()["role"] == {"code": "guest", "name": "Guest"}

    def test_put(self, editor):
        RoleFactory(code="guest", name="Visitor", description="")

        response = editor.put(f"{URL}guest/", GUEST, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == stamped(GUEST)[0]
        assert ParticipationRole.objects.get(code="guest").description == "Invited to one session."

    def test_patch(self, editor):
        response = editor.patch(f"{URL}observer/", {"name": "Observer state"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == stamped({**BASE_ROLES[2], "name": "Observer state"})[0]
        assert role("observer").name == "Observer state"

    def test_delete_unused_role(self, editor):
        RoleFactory(code="guest")

        response = editor.delete(f"{URL}guest/")

        assert response.status_code == 204
        assert response.content == b""
        assert not ParticipationRole.objects.filter(code="guest").exists()

    def test_delete_role_in_use_is_a_409_and_deletes_nothing(self, editor):
        participation = ParticipationFactory(role=role("lead"))

        response = editor.delete(f"{URL}lead/")

        assert response.status_code == 409
        assert response.json() == conflict("participations")
        assert ParticipationRole.objects.filter(code="lead").exists()
        assert Participation.objects.get().pk == participation.pk


class TestRoleValidation:
    def test_duplicate_code_is_a_409(self, editor):
        response = editor.post(URL, {**GUEST, "code": "lead"}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(code=["participation role with this code already exists."])
        assert role("lead").name == "Lead"

    @pytest.mark.parametrize(
        "changes, errors",
        [
            (
                {"code": "special guest"},
                {"code": ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.']},
            ),
            ({"code": "x" * 31}, {"code": ["Ensure this field has no more than 30 characters."]}),
            ({"name": ""}, {"name": ["This field may not be blank."]}),
        ],
    )
    def test_invalid_role_is_a_400_with_field_errors(self, editor, changes, errors):
        response = editor.post(URL, {**GUEST, **changes}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(**errors)
        assert ParticipationRole.objects.count() == 4

    def test_required_fields(self, editor):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(code=["This field is required."], name=["This field is required."])
