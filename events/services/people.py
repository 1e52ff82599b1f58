"""People, and the delegates who represented participants at meetings."""

from events.changes import recording
from events.models import Delegate, Person
from events.services.base import create_object, delete_object, update_object

__all__ = [
    "delegate_create",
    "delegate_delete",
    "delegate_update",
    "person_create",
    "person_delete",
    "person_update",
]


def person_create(*, data, user, via="api") -> Person:
    return create_object(Person, data=data, user=user, via=via)


def person_update(*, person, data, user, via="api", precondition=None) -> Person:
    return update_object(person, data=data, user=user, via=via, precondition=precondition)


def person_delete(*, person, user, via="api", precondition=None) -> None:
    """A person who is a delegate or a quoted speaker cannot be deleted (a 409): remove those records first."""
    delete_object(person, user=user, via=via, precondition=precondition)


def delegate_create(*, data, user, via="api") -> Delegate:
    with recording(user=user, via=via):
        Delegate(participation=data["participation"]).check_sessions(data.get("sessions", []))
        return create_object(Delegate, data=data, user=user, via=via)


def delegate_update(*, delegate, data, user, via="api", precondition=None) -> Delegate:
    with recording(user=user, via=via):
        participation = data.get("participation", delegate.participation)
        sessions = data["sessions"] if "sessions" in data else delegate.sessions.all()
        Delegate(participation=participation).check_sessions(sessions)
        return update_object(delegate, data=data, user=user, via=via, precondition=precondition)


def delegate_delete(*, delegate, user, via="api", precondition=None) -> None:
    delete_object(delegate, user=user, via=via, precondition=precondition)
