"""The Python client that `make sdk` generates, against a real server: reads, writes with a token, and 4xx answers as
typed `Error` models. Only the generated client talks to the server here, never raw HTTP."""

import datetime
import os
import subprocess
import sys
from http import HTTPStatus

import pytest

from tests.api.bodies import AUTHENTICATION_FAILED, NOT_AUTHENTICATED
from tests.conftest import LEADERS_CALL, PARIS, REPO

SDK_PATH = REPO / "build" / "sdk" / "python"
SCHEMA = REPO / "schema" / "openapi.yaml"
GENERATED_FROM = REPO / "build" / "sdk" / "openapi.yaml"  # the copy `make sdk` keeps of the schema it generated from
README = REPO / "README.md"
TYPESCRIPT_EXAMPLE = REPO / "sdk" / "typescript" / "example.ts"
PYTHON_EXAMPLE = REPO / "sdk" / "python" / "example.py"
SLUG = "sdk-test-reykjavik-2025"
README_SLUG = "rome-follow-up-2025"

sys.path.insert(0, str(SDK_PATH))
try:
    from eventapi_client import AuthenticatedClient, Client
    from eventapi_client.api.delegates import delegates_create
    from eventapi_client.api.meetings import meetings_create, meetings_destroy, meetings_list, meetings_retrieve
    from eventapi_client.api.nations import nations_list
    from eventapi_client.api.participations import (
        participations_create,
        participations_destroy,
        participations_retrieve,
    )
    from eventapi_client.models import (
        AttendanceModeEnum,
        CountQualifierEnum,
        Delegate,
        DelegateLevelEnum,
        DelegateRequest,
        Error,
        Meeting,
        MeetingFormatEnum,
        MeetingLevelEnum,
        MeetingOrderingEnum,
        MeetingRequest,
        MeetingStatusEnum,
        PaginatedMeetingList,
        PaginatedNationList,
        Participation,
        ParticipationRequest,
        ParticipationStatusEnum,
    )
except ImportError as error:
    IMPORT_ERROR = error
else:
    IMPORT_ERROR = None


@pytest.fixture(autouse=True, scope="module")
def generated_client():
    package = SDK_PATH / "eventapi_client" / "__init__.py"
    if not package.exists():
        pytest.fail(f"The generated Python client is missing ({package.parent}): run `make sdk`.", pytrace=False)
    if not GENERATED_FROM.exists() or GENERATED_FROM.read_bytes() != SCHEMA.read_bytes():
        pytest.fail("The generated SDK is not from the current schema/openapi.yaml: run `make sdk`.", pytrace=False)
    if IMPORT_ERROR is not None:
        pytest.fail(f"The generated Python client does not import ({IMPORT_ERROR}): run `make sdk`.", pytrace=False)


@pytest.fixture(scope="module")
def client(live_server_process):
    with AuthenticatedClient(
        base_url=live_server_process.url,
        token=live_server_process.token,
        prefix="Bearer",
        raise_on_unexpected_status=True,
    ) as client:
        yield client


@pytest.fixture
def made(client):
    """Deletes the meeting the test makes (its participations go with it), even when the test fails half-way."""
    yield
    meetings_destroy.sync_detailed(SLUG, client=client)


def create_meeting(client):
    meeting = meetings_create.sync(
        client=client,
        body=MeetingRequest(
            slug=SLUG,
            title="SDK test talks in Reykjavik",
            start_date=datetime.date(2025, 4, 2),
            city="Reykjavik",
            host_country="IS",
            format_=MeetingFormatEnum.HYBRID,
            status=MeetingStatusEnum.SCHEDULED,
            level=MeetingLevelEnum.MINISTERS,
        ),
    )
    assert isinstance(meeting, Meeting), meeting
    return meeting


def create_participation(client, nation, role="participant", **fields):
    participation = participations_create.sync(
        client=client, body=ParticipationRequest(meeting=SLUG, nation=nation, role=role, **fields)
    )
    assert isinstance(participation, Participation), participation
    return participation


def error_body(error):
    assert isinstance(error, Error), error
    return error.to_dict()


class TestReading:
    def test_meetings_filtered_by_nation(self, client):
        page = meetings_list.sync(client=client, nation=["UA"], ordering=[MeetingOrderingEnum.START_DATE_DESC])
        assert isinstance(page, PaginatedMeetingList)
        assert (page.count, [meeting.slug for meeting in page.results]) == (2, [LEADERS_CALL, PARIS])

        declined = meetings_list.sync(
            client=client, nation=["US"], participation_status=[ParticipationStatusEnum.DECLINED]
        )
        assert [meeting.slug for meeting in declined.results] == [PARIS]
        attended = meetings_list.sync(
            client=client, nation=["US"], participation_status=[ParticipationStatusEnum.ATTENDED]
        )
        assert (attended.count, attended.results) == (0, [])
        assert meetings_list.sync(client=client, nation=["RU"]).count == 0

    def test_paris_talks_with_their_participations(self, client):
        meeting = meetings_retrieve.sync(PARIS, client=client)
        assert isinstance(meeting, Meeting)
        assert (
            meeting.title,
            meeting.start_date,
            meeting.end_date,
            meeting.city,
            meeting.host_country.code,
            meeting.format_,
            meeting.status,
            meeting.level,
            meeting.reported_nation_count,
            meeting.reported_nation_count_qualifier,
        ) == (
            "Paris talks on an international security force for Ukraine",
            datetime.date(2025, 3, 11),
            datetime.date(2025, 3, 11),
            "Paris",
            "FR",
            MeetingFormatEnum.HYBRID,
            MeetingStatusEnum.HELD,
            MeetingLevelEnum.MILITARY,
            30,
            CountQualifierEnum.MORE_THAN,
        )
        attended, declined = ParticipationStatusEnum.ATTENDED, ParticipationStatusEnum.DECLINED
        remote, unspecified = AttendanceModeEnum.REMOTE, AttendanceModeEnum.UNSPECIFIED
        assert [
            (p.nation.code, p.nation.name, p.role.code, p.status, p.attendance_mode) for p in meeting.participations
        ] == [
            ("AU", "Australia", "participant", attended, remote),
            ("AT", "Austria", "participant", attended, unspecified),
            ("HR", "Croatia", "participant", declined, None),
            ("CY", "Cyprus", "participant", attended, unspecified),
            ("FR", "France", "lead", attended, unspecified),
            ("IE", "Ireland", "participant", attended, unspecified),
            ("JP", "Japan", "participant", attended, remote),
            ("ME", "Montenegro", "participant", declined, None),
            ("NZ", "New Zealand", "participant", attended, remote),
            ("KR", "South Korea", "participant", attended, remote),
            ("UA", "Ukraine", "participant", attended, unspecified),
            ("GB", "United Kingdom", "lead", attended, unspecified),
            ("US", "United States", "participant", declined, None),
        ]
        ukraine = next(participation for participation in meeting.participations if participation.nation.code == "UA")
        assert [(delegate.person, delegate.description, delegate.level) for delegate in ukraine.delegates] == [
            (None, "official of the National Security and Defense Council", DelegateLevelEnum.OFFICIAL)
        ]
        assert ukraine.representative == "official of the National Security and Defense Council"  # deprecated
        assert [session.title for session in meeting.sessions] == [
            "France and Britain present their security blueprint",
            "Nations declare their military contributions",
        ]

    def test_paging_through_nations_sees_each_once(self, client):
        codes, pages = [], []
        while True:
            page = nations_list.sync(client=client, limit=100, offset=len(codes))
            assert isinstance(page, PaginatedNationList)
            pages.append((page.count, len(page.results), page.next_ is not None, page.previous is not None))
            codes += [nation.code for nation in page.results]
            if not page.next_:
                break
        assert pages == [(249, 100, True, False), (249, 100, True, True), (249, 49, False, True)]
        assert len(set(codes)) == 249
        assert {"FR", "UA", "KR", "US"} <= set(codes)


class TestWriting:
    def test_create_a_meeting_and_two_participations(self, client, made):
        meeting = create_meeting(client)
        assert (
            meeting.slug,
            meeting.start_date,
            meeting.end_date,
            meeting.host_country.to_dict(),
            meeting.format_,
            meeting.status,
            meeting.level,
            meeting.participations,
            meeting.sessions,
        ) == (
            SLUG,
            datetime.date(2025, 4, 2),
            datetime.date(2025, 4, 2),
            {"code": "IS", "alpha3": "ISL", "name": "Iceland"},
            MeetingFormatEnum.HYBRID,
            MeetingStatusEnum.SCHEDULED,
            MeetingLevelEnum.MINISTERS,
            [],
            [],
        )

        host = create_participation(
            client,
            "IS",
            role="host",
            status=ParticipationStatusEnum.CONFIRMED,
            attendance_mode=AttendanceModeEnum.IN_PERSON,
        )
        minister = delegates_create.sync(
            client=client,
            body=DelegateRequest(
                participation=host.id, description="Minister for Foreign Affairs", level=DelegateLevelEnum.MINISTER
            ),
        )
        assert isinstance(minister, Delegate), minister
        assert (minister.participation.id, minister.level) == (host.id, DelegateLevelEnum.MINISTER)
        guest = create_participation(client, "no", status=ParticipationStatusEnum.INVITED)
        assert (host.meeting.slug, host.nation.code, host.role.code, host.status, host.attendance_mode) == (
            SLUG,
            "IS",
            "host",
            ParticipationStatusEnum.CONFIRMED,
            AttendanceModeEnum.IN_PERSON,
        )
        assert (guest.nation.to_dict(), guest.role.to_dict(), guest.status, guest.attendance_mode) == (
            {"code": "NO", "alpha3": "NOR", "name": "Norway"},
            {"code": "participant", "name": "Participant"},
            ParticipationStatusEnum.INVITED,
            None,
        )

        stored = meetings_retrieve.sync(SLUG, client=client)
        assert [
            (participation.id, participation.participant.key, [delegate.id for delegate in participation.delegates])
            for participation in stored.participations
        ] == [(host.id, "IS", [minister.id]), (guest.id, "NO", [])]
        assert [meeting.slug for meeting in meetings_list.sync(client=client, nation=["NO"]).results] == [SLUG]

    def test_a_duplicate_participation_is_a_typed_conflict(self, client, made):
        create_meeting(client)
        create_participation(client, "IS", status=ParticipationStatusEnum.CONFIRMED)

        response = participations_create.sync_detailed(
            client=client,
            body=ParticipationRequest(meeting=SLUG, nation="is", role="observer"),
        )
        assert response.status_code == HTTPStatus.CONFLICT
        assert isinstance(response.parsed, Error)
        assert response.parsed.errors["nation"] == ["This nation already takes part in this meeting."]
        assert error_body(response.parsed) == {
            "status": 409,
            "code": "duplicate",
            "detail": "A key in the request is already taken.",
            "errors": {"nation": ["This nation already takes part in this meeting."]},
        }
        assert len(meetings_retrieve.sync(SLUG, client=client).participations) == 1

    def test_field_errors_of_a_meeting_are_typed(self, client, made):
        error = meetings_create.sync(
            client=client,
            body=MeetingRequest(
                slug=SLUG, title="Unknown host", start_date=datetime.date(2025, 4, 2), host_country="ZZ"
            ),
        )
        assert error_body(error) == {
            "status": 400,
            "code": "unknown_reference",
            "detail": "The request names an object that does not exist.",
            "errors": {"host_country": ["Unknown nation 'ZZ'."]},
        }
        assert error_body(meetings_retrieve.sync(SLUG, client=client))["status"] == 404

    def test_delete_what_it_made(self, client, made):
        create_meeting(client)
        host = create_participation(client, "IS", status=ParticipationStatusEnum.CONFIRMED)
        guest = create_participation(client, "NO")

        response = participations_destroy.sync_detailed(guest.id, client=client)
        assert (response.status_code, response.content, response.parsed) == (HTTPStatus.NO_CONTENT, b"", None)
        assert error_body(participations_retrieve.sync(guest.id, client=client))["status"] == 404

        response = meetings_destroy.sync_detailed(SLUG, client=client)
        assert (response.status_code, response.parsed) == (HTTPStatus.NO_CONTENT, None)
        assert error_body(meetings_retrieve.sync(SLUG, client=client))["code"] == "not_found"
        assert error_body(participations_retrieve.sync(host.id, client=client))["code"] == "not_found"
        assert meetings_list.sync(client=client, nation=["IS"]).count == 0

    def test_a_write_without_a_token_is_a_typed_401(self, live_server_process):
        with Client(base_url=live_server_process.url, raise_on_unexpected_status=True) as anonymous:
            error = meetings_create.sync(
                client=anonymous,
                body=MeetingRequest(slug=SLUG, title="Anonymous", start_date=datetime.date(2025, 4, 2)),
            )
            assert error_body(error) == {
                "status": 401,
                "code": "not_authenticated",
                "detail": NOT_AUTHENTICATED["detail"],
                "errors": {},
            }
            # Reading needs no token.
            assert meetings_list.sync(client=anonymous, nation=["UA"]).count == 2


class TestErrors:
    def test_an_unknown_meeting_is_a_typed_404(self, client):
        response = meetings_retrieve.sync_detailed("no-such-meeting", client=client)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert error_body(response.parsed) == {
            "status": 404,
            "code": "not_found",
            "detail": "Not found.",
            "errors": {},
        }

    def test_a_bad_query_parameter_is_a_typed_400(self, client):
        error = nations_list.sync(client=client, limit=501)
        assert error_body(error) == {
            "status": 400,
            "code": "invalid",
            "detail": "Invalid input.",
            "errors": {"limit": ["Must be a whole number from 1 to 500; got '501'."]},
        }

    def test_a_read_with_a_wrong_token_is_a_typed_401(self, live_server_process):
        """Reads need no token, but a token that is sent must be valid."""
        with AuthenticatedClient(base_url=live_server_process.url, token="wrong", prefix="Token") as wrong:
            error = nations_list.sync(client=wrong)
        assert error_body(error) == AUTHENTICATION_FAILED

    def test_a_request_refused_before_the_api_is_still_a_typed_error(self, live_server_process):
        """A Host header the server does not serve (a misconfigured proxy) is refused before the API is reached; the
        400 is documented for every operation, so the client gets the typed Error rather than an exception."""
        headers = {"Host": "evil.example"}
        with Client(base_url=live_server_process.url, headers=headers, raise_on_unexpected_status=True) as misrouted:
            error = meetings_retrieve.sync(PARIS, client=misrouted)
        assert error_body(error) == {
            "status": 400,
            "code": "bad_request",
            "detail": "This server does not serve the host named in the request.",
            "errors": {},
        }


def readme_blocks(section):
    """(info string, code) of each fenced block in the README section headed `### section`."""
    lines = README.read_text().splitlines(keepends=True)
    assert f"### {section}\n" in lines, f"README has no section {section!r}"
    blocks, fence = [], None
    for line in lines[lines.index(f"### {section}\n") + 1 :]:
        if fence is None and line.startswith("#"):
            break
        if fence is None and line.startswith("```"):
            fence = (line[3:].strip(), [])
        elif fence is not None and line == "```\n":
            blocks.append((fence[0], "".join(fence[1])))
            fence = None
        elif fence is not None:
            fence[1].append(line)
    return blocks


class TestReadme:
    @pytest.fixture
    def readme_meeting(self, client):
        """Deletes the README's meeting should its code fail half-way."""
        yield
        meetings_destroy.sync_detailed(README_SLUG, client=client)

    def test_the_python_example_prints_what_the_readme_shows(self, client, live_server_process, readme_meeting):
        blocks = readme_blocks("Use from Python")
        assert [info for info, _ in blocks] == ["python", ""]
        assert blocks[0][1] == PYTHON_EXAMPLE.read_text()
        env = {
            **os.environ,
            "EVENTAPI_URL": live_server_process.url,
            "EVENTAPI_TOKEN": live_server_process.token,
            "PYTHONPATH": str(SDK_PATH),
        }
        result = subprocess.run([sys.executable, PYTHON_EXAMPLE], env=env, capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stderr) == (0, "")
        assert result.stdout == (
            "2025-03-15 coalition-leaders-call-2025-03-15\n"
            "2025-03-11 paris-ukraine-security-force-2025\n"
            "led by ['FR', 'GB']\n"
            "249 nations\n"
            "added Italy\n"
            "409 duplicate ['This nation already takes part in this meeting.']\n"
            "404 not_found\n"
        )
        assert result.stdout == blocks[1][1]
        assert error_body(meetings_retrieve.sync(README_SLUG, client=client))["code"] == "not_found"

    def test_the_typescript_example_runs_against_the_server(self, live_server_process):
        compiled = REPO / "build" / "sdk" / "typescript" / "out" / "sdk" / "typescript" / "example.js"
        env = {**os.environ, "EVENTAPI_URL": live_server_process.url}
        result = subprocess.run(["node", compiled], env=env, capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stderr) == (0, "")
        lines = result.stdout.splitlines()
        assert lines[0].startswith("2025-03-15 Virtual leaders' meeting of the coalition of the willing ")
        assert set(lines[0].split()[-2:]) == {"eu", "nato"}  # organizations take part by their slugs
        assert lines[1].startswith("2025-03-11 Paris talks on an international security force for Ukraine ")
        assert set(lines[1].split()[-13:]) >= {"FR", "GB", "UA", "US"}
        assert lines[2:] == [
            "249 nations",
            '400 unknown_reference {"nation":["Unknown nation \'ZZ\'."]}',
        ]

    def test_the_typescript_block_is_the_type_checked_example(self):
        assert readme_blocks("Use from TypeScript") == [("ts", TYPESCRIPT_EXAMPLE.read_text())]
