"""The openapi-generator Python client (build/contract/clients/python, package `eventapi_oag`) against a live server.

    EVENTAPI_URL=... EVENTAPI_TOKEN=... python contract/clients/oag_python.py

1. Writes through the client: creates a meeting, four participations in it (a lead, a host, a remote participant and
   a nation that declined, without attendance mode), reads them back (the meeting with its participations, the
   participations filtered by the meeting), deletes the meeting and checks that the meeting and its participations
   are gone (404, which the client raises as NotFoundException).
2. Reads every list of contract/clients/resources.json, following `next` links to the end, one object of each
   resource and that object's history, each deserialized by the client into its models.

Every failure (an exception from the client, a response it cannot deserialize, a value that is not what was written)
is printed with the operation and the exact message; the exit status is 1 if there was any.
"""

import datetime
import json
import os
import sys
import traceback
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, os.environ.get("CONTRACT_OAG_PYTHON_DIR", str(REPO / "build/contract/clients/python")))

import eventapi_oag  # noqa: E402
from eventapi_oag.exceptions import ApiException, NotFoundException  # noqa: E402
from eventapi_oag.models import (  # noqa: E402
    AttendanceModeEnum,
    CountQualifierEnum,
    MeetingFormatEnum,
    MeetingRequest,
    MeetingStatusEnum,
    ParticipationRequest,
    ParticipationStatusEnum,
)

RESOURCES = json.loads((Path(__file__).parent / "resources.json").read_text())
failures = []
counts = {}


def attempt(label, function, *args, **kwargs):
    """Runs one client call; a failure is recorded (with the exception's own message) and None returned."""
    try:
        return function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - every failure is a finding
        if isinstance(error, ApiException):  # the status and body, not the headers the exception's text starts with
            message = f"{type(error).__module__}.{type(error).__name__}: {error.status} {error.body}"
        else:
            message = " ".join(f"{type(error).__module__}.{type(error).__name__}: {error}".split())
        if len(message) > 900:
            message = message[:900] + " ..."
        frame = traceback.extract_tb(error.__traceback__)[-1]
        failures.append(f"{label}: {message}\n      (raised at {frame.filename}:{frame.lineno})")
        return None


def expect(label, condition, message):
    if not condition:
        failures.append(f"{label}: {message}")


def operation_prefix(resource):
    """`meeting-relations` in addresses is `meeting_relations` in operation ids."""
    return resource.replace("-", "_")


def api_of(client, resource):
    class_name = "".join(part.capitalize() for part in operation_prefix(resource).split("_")) + "Api"
    return getattr(eventapi_oag, class_name)(client)


def read_all(label, method, *args, **kwargs):
    """Every page of a list, following `next` (its `cursor` or `offset`); the items, or None on a failure."""
    items, page_kwargs = [], {}
    for _ in range(1000):
        page = attempt(f"{label} {page_kwargs or ''}".strip(), method, *args, **kwargs, **page_kwargs)
        if page is None:
            return None
        items += page.results
        expect(label, page.count >= len(items), f"count {page.count} is less than the {len(items)} items read")
        if page.next is None:
            return items
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.next).query)
        page_kwargs = {name: query[name][0] for name in ("cursor",) if name in query}
        page_kwargs |= {name: int(query[name][0]) for name in ("offset", "limit") if name in query}
    failures.append(f"{label}: more than 1000 pages")
    return None


def write_meeting(client):
    meetings, participations = api_of(client, "meetings"), api_of(client, "participations")
    slug = f"contract-client-{uuid.uuid4().hex[:8]}"
    meeting = attempt(
        "meetings_create",
        meetings.meetings_create,
        MeetingRequest(
            slug=slug,
            title="Contract stage: follow-up talks in Rome",
            start_date=datetime.date(2025, 4, 2),
            end_date=datetime.date(2025, 4, 3),
            city="Rome",
            host_country="IT",
            format=MeetingFormatEnum.HYBRID,
            status=MeetingStatusEnum.HELD,
            reported_nation_count=4,
            reported_nation_count_qualifier=CountQualifierEnum.AT_LEAST,
        ),
    )
    if meeting is None:
        return
    expect("meetings_create", meeting.slug == slug and meeting.participations == [], f"unexpected meeting {meeting}")
    wanted = [
        ("FR", "lead", ParticipationStatusEnum.ATTENDED, AttendanceModeEnum.IN_PERSON),
        ("IT", "host", ParticipationStatusEnum.ATTENDED, AttendanceModeEnum.IN_PERSON),
        ("JP", "participant", ParticipationStatusEnum.ATTENDED, AttendanceModeEnum.REMOTE),
        ("US", "participant", ParticipationStatusEnum.DECLINED, None),
    ]
    created = []
    for nation, role, status, mode in wanted:
        request = ParticipationRequest(meeting=slug, nation=nation, role=role, status=status, attendance_mode=mode)
        participation = attempt(f"participations_create {nation}", participations.participations_create, request)
        if participation is not None:
            created.append(participation)
            expect(
                f"participations_create {nation}",
                (
                    participation.nation.code,
                    participation.role.code,
                    participation.status,
                    participation.attendance_mode,
                )
                == (nation, role, status, mode),
                f"read back {participation.nation.code} {participation.role.code} {participation.status} "
                f"{participation.attendance_mode}",
            )
    again = attempt("meetings_retrieve (after participations)", meetings.meetings_retrieve, slug)
    if again is not None:
        codes = sorted(participation.nation.code for participation in again.participations)
        expect("meetings_retrieve", codes == ["FR", "IT", "JP", "US"], f"participations {codes}")
    listed = read_all("participations_list meeting=...", participations.participations_list, meeting=slug)
    if listed is not None:
        expect("participations_list", len(listed) == 4, f"{len(listed)} participations listed, not 4")
    attempt("meetings_destroy", meetings.meetings_destroy_with_http_info, slug)
    for label, call in [("meetings_retrieve (deleted)", lambda: meetings.meetings_retrieve(slug))] + [
        (f"participations_retrieve {p.id} (deleted)", lambda p=p: participations.participations_retrieve(p.id))
        for p in created
    ]:
        try:
            call()
            failures.append(f"{label}: still there after the meeting's DELETE")
        except NotFoundException:
            pass
        except Exception as error:  # noqa: BLE001
            failures.append(f"{label}: {type(error).__name__}: {error}")
    counts["written"] = f"meeting {slug} with {len(created)} participations, then deleted"


def first_keys():
    """The key of the first object of each list, read without the client, so that a list the client cannot read
    does not keep its objects from being read one by one."""
    keys = {}
    for resource, key in RESOURCES["objects"].items():
        with urllib.request.urlopen(f"{os.environ['EVENTAPI_URL']}/api/v1/{resource}/?limit=1", timeout=30) as response:
            results = json.load(response)["results"]
        if results:
            keys[resource] = results[0][key]
    return keys


def read_everything(client):
    for resource in RESOURCES["lists"]:
        prefix = operation_prefix(resource)
        api = api_of(client, resource)
        items = read_all(f"{prefix}_list", getattr(api, f"{prefix}_list"))
        if items is not None:
            counts[f"{prefix}_list"] = len(items)
    keys = first_keys()
    for resource, key in RESOURCES["objects"].items():
        prefix = operation_prefix(resource)
        if resource not in keys:
            failures.append(f"{prefix}_retrieve: the list is empty, no object to read")
            continue
        api = api_of(client, resource)
        value = keys[resource]
        item = attempt(f"{prefix}_retrieve {value}", getattr(api, f"{prefix}_retrieve"), value)
        if item is not None:
            counts[f"{prefix}_retrieve"] = 1
            expect(f"{prefix}_retrieve", getattr(item, key) == value, f"{key} {getattr(item, key)!r} != {value!r}")
        if resource in RESOURCES["history"]:
            entries = read_all(f"{prefix}_history_list {value}", getattr(api, f"{prefix}_history_list"), value)
            if entries is not None:
                counts[f"{prefix}_history_list"] = len(entries)


def main():
    configuration = eventapi_oag.Configuration(
        host=os.environ["EVENTAPI_URL"], access_token=os.environ["EVENTAPI_TOKEN"]
    )
    with eventapi_oag.ApiClient(configuration) as client:
        write_meeting(client)
        read_everything(client)
    print("openapi-generator python client:", json.dumps(counts))
    for failure in failures:
        print(f"  FAILED {failure}")
    print(f"openapi-generator python client: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
