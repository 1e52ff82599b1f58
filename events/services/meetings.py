"""Meetings and their sessions."""

from events.models import Meeting, Session
from events.services.base import create_object, delete_object, update_object

__all__ = [
    "meeting_create",
    "meeting_delete",
    "meeting_update",
    "session_create",
    "session_delete",
    "session_update",
]


def meeting_create(*, data, user, via="api") -> Meeting:
    return create_object(Meeting, data=data, user=user, via=via)


def meeting_update(*, meeting, data, user, via="api", precondition=None) -> Meeting:
    return update_object(meeting, data=data, user=user, via=via, precondition=precondition)


def meeting_delete(*, meeting, user, via="api", precondition=None) -> None:
    """Deletes the meeting with its sessions, participations and contributions; citations keep their quote."""
    delete_object(meeting, user=user, via=via, precondition=precondition)


def session_create(*, data, user, via="api") -> Session:
    return create_object(Session, data=data, user=user, via=via)


def session_update(*, session, data, user, via="api", precondition=None) -> Session:
    return update_object(session, data=data, user=user, via=via, precondition=precondition)


def session_delete(*, session, user, via="api", precondition=None) -> None:
    delete_object(session, user=user, via=via, precondition=precondition)
