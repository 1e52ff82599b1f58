"""Reading with no account, writing with a token, paging, and a typed error, through the generated Python client."""

import datetime
import os

from eventapi_client import AuthenticatedClient, Client
from eventapi_client.api.meetings import meetings_create, meetings_destroy, meetings_list, meetings_retrieve
from eventapi_client.api.nations import nations_list
from eventapi_client.api.participations import participations_create
from eventapi_client.models import (
    AttendanceModeEnum,
    Error,
    MeetingRequest,
    ParticipationRequest,
    ParticipationStatusEnum,
)
from eventapi_client.pages import every

BASE_URL = os.environ.get("EVENTAPI_URL", "http://127.0.0.1:8000")

# Reading needs no account: a plain Client.
reader = Client(base_url=BASE_URL, raise_on_unexpected_status=True)
page = meetings_list.sync(client=reader, nation=["UA"])
assert not isinstance(page, Error) and page is not None
for meeting in page.results:
    print(meeting.start_date, meeting.slug)
paris = meetings_retrieve.sync("paris-ukraine-security-force-2025", client=reader)
assert not isinstance(paris, Error) and paris is not None
leads = [taking_part.participant.key for taking_part in paris.participations if taking_part.role.code == "lead"]
print("led by", leads)

# Every nation, following the `next` links page after page.
print(len(list(every(nations_list.sync(client=reader, limit=100), client=reader))), "nations")

# Writing needs a token, sent as `Authorization: Bearer <token>`.
writer = AuthenticatedClient(base_url=BASE_URL, token=os.environ["EVENTAPI_TOKEN"], raise_on_unexpected_status=True)
rome = meetings_create.sync(
    client=writer,
    body=MeetingRequest(
        slug="rome-follow-up-2025", title="Follow-up talks in Rome", start_date=datetime.date(2025, 4, 2), city="Rome"
    ),
)
assert not isinstance(rome, Error) and rome is not None
italy = ParticipationRequest(
    meeting=rome.slug,
    nation="IT",
    role="host",
    status=ParticipationStatusEnum.CONFIRMED,
    attendance_mode=AttendanceModeEnum.IN_PERSON,
)
added = participations_create.sync(client=writer, body=italy)
assert not isinstance(added, Error) and added is not None
print("added", added.participant.name)

# An error is a typed `Error`: a duplicate is a 409 naming the field.
error = participations_create.sync(client=writer, body=italy)
assert isinstance(error, Error)
print(error.status, error.code, error.errors["nation"])
meetings_destroy.sync_detailed(rome.slug, client=writer)
gone = meetings_retrieve.sync(rome.slug, client=reader)
assert isinstance(gone, Error)
print(gone.status, gone.code)
