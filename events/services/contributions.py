"""Contributions: what nations offer to an effort, and components nobody has pledged yet."""

from events.models import Contribution
from events.services.base import create_object, delete_object, update_object

__all__ = ["contribution_create", "contribution_delete", "contribution_update"]


def contribution_create(*, data, user, via="api") -> Contribution:
    return create_object(Contribution, data=data, user=user, via=via)


def contribution_update(*, contribution, data, user, via="api", precondition=None) -> Contribution:
    return update_object(contribution, data=data, user=user, via=via, precondition=precondition)


def contribution_delete(*, contribution, user, via="api", precondition=None) -> None:
    delete_object(contribution, user=user, via=via, precondition=precondition)
