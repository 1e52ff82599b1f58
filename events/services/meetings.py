"""Meetings, their sessions, reported counts and relations, and the series they belong to."""

from events.models import Meeting, MeetingRelation, ReportedCount, Series, Session
from events.services.base import create_object, delete_object, update_object

__all__ = [
    "meeting_create",
    "meeting_delete",
    "meeting_relation_create",
    "meeting_relation_delete",
    "meeting_relation_update",
    "meeting_update",
    "reported_count_create",
    "reported_count_delete",
    "reported_count_update",
    "series_create",
    "series_delete",
    "series_update",
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


def reported_count_create(*, data, user, via="api") -> ReportedCount:
    return create_object(ReportedCount, data=data, user=user, via=via)


def reported_count_update(*, reported_count, data, user, via="api", precondition=None) -> ReportedCount:
    return update_object(reported_count, data=data, user=user, via=via, precondition=precondition)


def reported_count_delete(*, reported_count, user, via="api", precondition=None) -> None:
    delete_object(reported_count, user=user, via=via, precondition=precondition)


def meeting_relation_create(*, data, user, via="api") -> MeetingRelation:
    return create_object(MeetingRelation, data=data, user=user, via=via)


def meeting_relation_update(*, meeting_relation, data, user, via="api", precondition=None) -> MeetingRelation:
    return update_object(meeting_relation, data=data, user=user, via=via, precondition=precondition)


def meeting_relation_delete(*, meeting_relation, user, via="api", precondition=None) -> None:
    delete_object(meeting_relation, user=user, via=via, precondition=precondition)


def series_create(*, data, user, via="api") -> Series:
    return create_object(Series, data=data, user=user, via=via)


def series_update(*, series, data, user, via="api", precondition=None) -> Series:
    return update_object(series, data=data, user=user, via=via, precondition=precondition)


def series_delete(*, series, user, via="api", precondition=None) -> None:
    """The series' meetings stay, in no series."""
    delete_object(series, user=user, via=via, precondition=precondition)
