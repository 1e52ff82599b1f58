"""The admin login locks out repeated failures, per username and per address; an operator can unlock."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("clerk", password="correct horse battery", is_staff=True)


def attempt(client, username, password, address="198.51.100.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address).status_code


class TestLockout:
    def test_five_failures_lock_the_username_even_with_the_right_password(self, client, staff):
        # The form again with an error, until the fifth failure, which is answered with the lockout.
        assert [attempt(client, "clerk", f"wrong {n}") for n in range(5)] == [200] * 4 + [429]

        assert attempt(client, "clerk", "correct horse battery") == 429
        assert attempt(client, "clerk", "correct horse battery", address="203.0.113.5") == 429

    def test_failures_from_one_address_lock_it_for_every_username(self, client, staff):
        for n in range(5):
            attempt(client, f"guess{n}", "wrong")

        assert attempt(client, "clerk", "correct horse battery") == 429
        assert attempt(client, "clerk", "correct horse battery", address="203.0.113.5") == 302

    def test_a_success_before_the_limit_resets_the_count(self, client, staff):
        for n in range(4):
            attempt(client, "clerk", f"wrong {n}")
        assert attempt(client, "clerk", "correct horse battery") == 302
        client.logout()

        assert [attempt(client, "clerk", f"wrong again {n}") for n in range(4)] == [200] * 4

    def test_the_operator_unlocks_a_username(self, client, staff):
        for n in range(5):
            attempt(client, "clerk", f"wrong {n}", address=f"198.51.100.{n}")
        assert attempt(client, "clerk", "correct horse battery", address="192.0.2.1") == 429

        call_command("axes_reset_username", "clerk", stdout=io.StringIO())

        assert attempt(client, "clerk", "correct horse battery", address="192.0.2.1") == 302
