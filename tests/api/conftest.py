import datetime

import pytest

from tests.api.bodies import PARIS_BRIEF
from tests.conftest import PARIS
from tests.contract import ContractClient
from tests.factories import MeetingFactory


@pytest.fixture
def paris(db):
    """The Paris talks meeting alone (hybrid, as in the seed), without anything the seed nests in it."""
    return MeetingFactory(
        slug=PARIS, title=PARIS_BRIEF["title"], start_date=datetime.date(2025, 3, 11), format="hybrid"
    )


@pytest.fixture
def stranger():
    """A client sending a token that no user has."""
    client = ContractClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    return client
