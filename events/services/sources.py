"""Sources and the statements they quote."""

from events.models import Citation, Source
from events.services.base import create_object, delete_object, update_object

__all__ = [
    "citation_create",
    "citation_delete",
    "citation_update",
    "source_create",
    "source_delete",
    "source_update",
]


def source_create(*, data, user, via="api") -> Source:
    return create_object(Source, data=data, user=user, via=via)


def source_update(*, source, data, user, via="api", precondition=None) -> Source:
    return update_object(source, data=data, user=user, via=via, precondition=precondition)


def source_delete(*, source, user, via="api", precondition=None) -> None:
    """Deletes the source with its citations; the records it supported lose it from their sources."""
    delete_object(source, user=user, via=via, precondition=precondition)


def citation_create(*, data, user, via="api") -> Citation:
    return create_object(Citation, data=data, user=user, via=via)


def citation_update(*, citation, data, user, via="api", precondition=None) -> Citation:
    return update_object(citation, data=data, user=user, via=via, precondition=precondition)


def citation_delete(*, citation, user, via="api", precondition=None) -> None:
    delete_object(citation, user=user, via=via, precondition=precondition)
