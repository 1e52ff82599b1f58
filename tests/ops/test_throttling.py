"""Rate limits per anonymous address, per token user and for writes: 429 with Retry-After and RateLimit headers."""

import pytest
from django.core.cache import cache

from events.api.throttling import RateThrottle
from tests.api.bodies import error
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings, monkeypatch):
    settings.THROTTLE_RATES = {"anon": "3/min", "user": "5/min", "write": "2/min"}
    # Counts are per minute: the clock stands still 30 s into one, so no test straddles two.
    monkeypatch.setattr(RateThrottle, "timer", lambda self: 1_800_000_030.0)
    cache.clear()
    yield
    cache.clear()


def statuses(client, count, path="/api/v1/roles/", **headers):
    return [client.get(path, **headers).status_code for _ in range(count)]


class TestAnonymous:
    def test_the_fourth_request_in_a_minute_is_a_429(self, api):
        assert statuses(api, 4) == [200, 200, 200, 429]

    def test_429_says_when_to_come_back(self, api):
        statuses(api, 3)

        response = api.get("/api/v1/roles/")

        assert response.status_code == 429
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "30"  # the end of the current minute
        assert response.json() == error(
            429, "throttled", f"Request was throttled. Expected available in {response['Retry-After']} seconds."
        )
        assert (response["RateLimit-Limit"], response["RateLimit-Remaining"]) == ("3", "0")
        assert response["RateLimit-Reset"] == response["Retry-After"]

    def test_every_response_says_how_much_is_left(self, api):
        remaining = [api.get("/api/v1/roles/")["RateLimit-Remaining"] for _ in range(3)]

        assert remaining == ["2", "1", "0"]

    def test_off_turns_a_scope_off(self, api, settings):
        settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "anon": None}

        assert statuses(api, 10) == [200] * 10

    def test_a_forged_forwarded_for_does_not_make_a_new_client(self, api):
        assert statuses(api, 3, HTTP_X_FORWARDED_FOR="1.1.1.1") == [200] * 3
        assert statuses(api, 1, HTTP_X_FORWARDED_FOR="2.2.2.2") == [429]


class TestBehindProxies:
    @pytest.fixture(autouse=True)
    def one_proxy(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1

    def test_clients_behind_the_proxy_have_buckets_of_their_own(self, api):
        assert statuses(api, 3, HTTP_X_FORWARDED_FOR="203.0.113.1") == [200] * 3
        assert statuses(api, 1, HTTP_X_FORWARDED_FOR="203.0.113.1") == [429]
        assert statuses(api, 1, HTTP_X_FORWARDED_FOR="203.0.113.2") == [200]

    def test_what_a_client_claims_left_of_the_proxys_entry_is_ignored(self, api):
        statuses(api, 3, HTTP_X_FORWARDED_FOR="203.0.113.1")

        forged = statuses(api, 1, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.1")

        assert forged == [429]


class TestUsersAndWrites:
    def test_a_token_user_has_the_user_limit_not_the_address_one(self, editor):
        assert statuses(editor, 6) == [200] * 5 + [429]

    def test_writes_have_a_tighter_limit_of_their_own(self, editor):
        MeetingFactory(slug="summit")

        codes = [
            editor.patch("/api/v1/meetings/summit/", {"title": f"T{n}"}, format="json").status_code for n in range(3)
        ]

        assert codes == [200, 200, 429]
