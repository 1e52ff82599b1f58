import datetime

import pytest

from tests.api.bodies import PARIS_BRIEF
from tests.conftest import PARIS
from tests.factories import MeetingFactory


@pytest.fixture
def paris(db):
    """The Paris talks meeting alone (hybrid, as in the seed), without anything the seed nests in it."""
    return MeetingFactory(
        slug=PARIS, title=PARIS_BRIEF["title"], start_date=datetime.date(2025, 3, 11), format="hybrid"
    )
