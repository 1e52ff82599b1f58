"""Management commands other than the importer (tests/test_import.py)."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from events.models import Nation

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


class TestSyncNations:
    def test_a_fresh_database_already_has_every_nation(self):
        assert run("sync_nations") == "Nations: 0 created, 0 updated."
        assert Nation.objects.count() == 249

    def test_restores_a_missing_nation_and_a_changed_name(self):
        Nation.objects.filter(code="AQ").delete()
        Nation.objects.filter(code="FR").update(name="Gaul")

        assert run("sync_nations") == "Nations: 1 created, 1 updated."
        assert Nation.objects.get(code="FR").name == "France"
        assert Nation.objects.get(code="AQ").alpha3 == "ATA"


class TestIssueToken:
    def test_creates_the_user_grants_writes_and_prints_a_stable_token(self):
        key = run("issue_token", "alice", "--create", "--grant-write")

        user = User.objects.get(username="alice")
        assert Token.objects.get(user=user).key == key
        assert user.has_perm("events.add_meeting") and user.has_perm("events.delete_participation")
        assert not user.has_perm("events.view_meeting")  # reads need no permission
        assert run("issue_token", "alice") == key

    def test_refuses_an_unknown_user_without_create(self):
        with pytest.raises(CommandError, match="No user 'bob'; pass --create"):
            run("issue_token", "bob")
        assert not User.objects.filter(username="bob").exists()
