"""Management commands other than the importer (tests/test_import.py)."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from events.models import Nation

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def authenticates(token, scheme="Bearer"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {token}")
    return client.get("/api/v1/roles/").status_code == 200


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
    def test_creates_the_user_grants_writes_and_prints_a_token_stored_only_as_a_hash(self):
        token = run("issue_token", "alice", "--create", "--grant-write")

        user = User.objects.get(username="alice")
        stored = AuthToken.objects.get(user=user)
        assert stored.digest == hash_token(token) and token not in stored.digest
        assert user.has_perm("events.add_meeting") and user.has_perm("events.delete_participation")
        assert not user.has_perm("events.view_meeting")  # reads need no permission
        assert authenticates(token, "Bearer") and authenticates(token, "Token")

    def test_each_run_issues_another_token_and_rotate_revokes_the_others(self):
        first = run("issue_token", "alice", "--create")
        second = run("issue_token", "alice")
        assert first != second and authenticates(first) and authenticates(second)

        third = run("issue_token", "alice", "--rotate")

        assert not authenticates(first) and not authenticates(second) and authenticates(third)
        run("issue_token", "alice", "--revoke")
        assert not authenticates(third)

    def test_tokens_expire(self):
        token = run("issue_token", "alice", "--create", "--days", "1")
        assert authenticates(token)

        AuthToken.objects.update(expiry="2000-01-01T00:00:00Z")

        assert not authenticates(token)
        assert not AuthToken.objects.exists()  # an expired token is deleted when used

    def test_refuses_an_unknown_user_without_create(self):
        with pytest.raises(CommandError, match="No user 'bob'; pass --create"):
            run("issue_token", "bob")
        assert not User.objects.filter(username="bob").exists()
