"""Organizations and their memberships over time."""

from events.models import Membership, Organization
from events.services.base import create_object, delete_object, update_object

__all__ = [
    "membership_create",
    "membership_delete",
    "membership_update",
    "organization_create",
    "organization_delete",
    "organization_update",
]


def organization_create(*, data, user, via="api") -> Organization:
    return create_object(Organization, data=data, user=user, via=via)


def organization_update(*, organization, data, user, via="api", precondition=None) -> Organization:
    return update_object(organization, data=data, user=user, via=via, precondition=precondition)


def organization_delete(*, organization, user, via="api", precondition=None) -> None:
    """Deletes the organization with its memberships; one with contributions cannot be deleted (a 409)."""
    delete_object(organization, user=user, via=via, precondition=precondition)


def membership_create(*, data, user, via="api") -> Membership:
    return create_object(Membership, data=data, user=user, via=via)


def membership_update(*, membership, data, user, via="api", precondition=None) -> Membership:
    return update_object(membership, data=data, user=user, via=via, precondition=precondition)


def membership_delete(*, membership, user, via="api", precondition=None) -> None:
    delete_object(membership, user=user, via=via, precondition=precondition)
