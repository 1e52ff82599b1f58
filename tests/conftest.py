import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.db import connection, transaction
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


def kept_for_the_scope(django_db_blocker, build):
    """Yields what `build()` returns, having run it in a transaction kept open for the fixture's scope and rolled
    back at its end, as Django's TestCase does for `setUpTestData`. Each test's own transaction (pytest-django's
    `db`) nests in it as a savepoint, so a test still undoes its own writes and the next one finds the data as built.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        if connection.vendor == "postgresql":
            # The server ends a transaction idle for longer than the timeout (settings.py); between tests this one
            # is idle by design, for as long as a loaded machine takes to get to the next test.
            connection.cursor().execute("SET LOCAL idle_in_transaction_session_timeout = 0")
        built = build()
        with django_db_blocker.block():  # tests reach the database only through `db`, as everywhere else
            yield built
        transaction.set_rollback(True)


def imported_for_the_scope(django_db_blocker, files):
    def build():
        call_command("import_events", *files, stdout=io.StringIO())

    yield from kept_for_the_scope(django_db_blocker, build)


@pytest.fixture(scope="module")
def seed_module(django_db_setup, django_db_blocker):
    """The data of `seed`, imported once for the module, for a module whose every test works on it (a test's own
    writes are undone after it). Each test still asks for `db`; not for modules with transactional tests."""
    yield from imported_for_the_scope(django_db_blocker, SEED_FILES)


@pytest.fixture(scope="module")
def shipped_module(django_db_setup, django_db_blocker):
    """The data of `shipped`, imported once for the module, as `seed_module`."""
    yield from imported_for_the_scope(django_db_blocker, SHIPPED_FILES)


@pytest.fixture(scope="class")
def seed_class(django_db_setup, django_db_blocker):
    """The data of `seed`, imported once for a test class whose every test works on it, in a module whose other
    tests build their own data."""
    yield from imported_for_the_scope(django_db_blocker, SEED_FILES)


@pytest.fixture(scope="class")
def shipped_class(django_db_setup, django_db_blocker):
    """The data of `shipped`, imported once for a test class, as `seed_class`."""
    yield from imported_for_the_scope(django_db_blocker, SHIPPED_FILES)


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
