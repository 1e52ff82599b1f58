"""Rate limits counted in Redis, shared by the server's two worker processes: a client gets exactly its limit, however
its requests are spread over the workers, and the 429 says when to come back."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.live.conftest import seeded_server


@pytest.fixture(scope="module")
def throttled_server(tmp_path_factory):
    settings = {
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # parallel test runs share the Redis, never a count
        "THROTTLE_ANON": "10/min",
        "SERVE_WORKERS": "2",
    }
    with seeded_server(tmp_path_factory.mktemp("throttled"), **settings) as server:
        yield server


def get_on_a_new_connection(url):
    with httpx.Client(base_url=url, timeout=30) as client:
        return client.get("/api/v1/roles/")


def test_two_workers_share_one_count(throttled_server):
    while time.time() % 60 > 45:  # counts are per minute: send the burst well inside one
        time.sleep(1)
    with ThreadPoolExecutor(max_workers=5) as pool:
        responses = list(pool.map(get_on_a_new_connection, [throttled_server.url] * 15))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 10 + [429] * 5
    refused = next(response for response in responses if response.status_code == 429)
    assert refused.headers["content-type"] == "application/json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert (refused.headers["RateLimit-Limit"], refused.headers["RateLimit-Remaining"]) == ("10", "0")
    assert refused.json()["code"] == "throttled"


def test_a_token_user_is_counted_apart_from_the_address(throttled_server):
    headers = {"Authorization": f"Bearer {throttled_server.token}"}
    with httpx.Client(base_url=throttled_server.url, headers=headers, timeout=30) as client:
        assert client.get("/api/v1/roles/").status_code == 200
