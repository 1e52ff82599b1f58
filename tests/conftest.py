import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from knox.models import AuthToken

REPO = Path(__file__).resolve().parent.parent
SEED_FILES = [REPO / "events/data/organizations.yaml", REPO / "events/data/paris-talks-2025.yaml"]
SHIPPED_FILES = [*SEED_FILES, REPO / "events/data/coalition-2025-03.yaml"]
PARIS = "paris-ukraine-security-force-2025"
LEADERS_CALL = "coalition-leaders-call-2025-03-15"
NORTHWOOD = "northwood-military-planners-2025-03-20"


@pytest.fixture(scope="session", autouse=True)
def schema_validator():
    """Builds the OpenAPI validator of tests/contract.py before any test opens a transaction: on a loaded machine it
    takes longer than PostgreSQL's idle-in-transaction timeout."""
    from tests.contract import openapi

    openapi()


@pytest.fixture
def seed(db):
    """The shipped data: NATO and EU memberships and the Paris talks."""
    call_command("import_events", *SEED_FILES, stdout=io.StringIO())


@pytest.fixture
def shipped(db):
    """Every shipped data file, as `make run` imports them: the seed and the March 2025 coalition meetings."""
    call_command("import_events", *SHIPPED_FILES, stdout=io.StringIO())


@pytest.fixture
def api():
    from tests.contract import ContractClient

    return ContractClient()


def token_client(user):
    from tests.contract import ContractClient

    client = ContractClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")
    return client


@pytest.fixture
def editor(db):
    """A token client whose user may add, change and delete all event data."""
    user = User.objects.create_user("editor")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="events"))
    return token_client(user)


@pytest.fixture
def reader(db):
    """A token client whose user has no model permission."""
    return token_client(User.objects.create_user("reader"))
