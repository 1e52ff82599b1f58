"""Every item of a list, page after page, following the `next` links the server gives (cursor links by default), so
it keeps working however the server pages. `make sdk` copies this module into the generated client as
`eventapi_client.pages`.

    from eventapi_client.pages import every
    from eventapi_client.api.nations import nations_list

    for nation in every(nations_list.sync(client=client, limit=100), client=client):
        print(nation.code)
"""

from collections.abc import Iterator
from typing import Any, Protocol, Self, TypeVar

from .client import AuthenticatedClient, Client
from .models import Error

Item = TypeVar("Item")


class Page(Protocol[Item]):
    """A `Paginated...List` of the client."""

    @property
    def next_(self) -> str | None: ...

    @property
    def results(self) -> list[Item]: ...

    @classmethod
    def from_dict(cls, src_dict: Any) -> Self: ...


class PageError(Exception):
    """A page was answered with an error (`.error`: the typed `Error`, or None for an undocumented answer)."""

    def __init__(self, error: Error | None) -> None:
        super().__init__(error.detail if error is not None else "unexpected answer")
        self.error = error


def every(first: Page[Item] | Error | None, *, client: AuthenticatedClient | Client) -> Iterator[Item]:
    """The items of `first` (what a `..._list.sync()` call answered) and of every page after it."""
    if first is None or isinstance(first, Error):
        raise PageError(first)
    page = first
    while True:
        yield from page.results
        if page.next_ is None:
            return
        answer = client.get_httpx_client().get(page.next_)
        if answer.status_code != 200:
            raise PageError(Error.from_dict(answer.json()))
        page = page.from_dict(answer.json())
