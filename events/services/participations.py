"""Participations and the vocabulary of their roles."""

from events.models import Participation, ParticipationRole
from events.services.base import create_object, delete_object, update_object

__all__ = [
    "participation_create",
    "participation_delete",
    "participation_update",
    "role_create",
    "role_delete",
    "role_update",
]


def participation_create(*, data, user, via="api") -> Participation:
    return create_object(Participation, data=data, user=user, via=via)


def participation_update(*, participation, data, user, via="api", precondition=None) -> Participation:
    return update_object(participation, data=data, user=user, via=via, precondition=precondition)


def participation_delete(*, participation, user, via="api", precondition=None) -> None:
    delete_object(participation, user=user, via=via, precondition=precondition)


def role_create(*, data, user, via="api") -> ParticipationRole:
    return create_object(ParticipationRole, data=data, user=user, via=via)


def role_update(*, role, data, user, via="api", precondition=None) -> ParticipationRole:
    return update_object(role, data=data, user=user, via=via, precondition=precondition)


def role_delete(*, role, user, via="api", precondition=None) -> None:
    """A role still used by a participation cannot be deleted (a 409)."""
    delete_object(role, user=user, via=via, precondition=precondition)
