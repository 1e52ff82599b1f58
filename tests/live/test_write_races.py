"""Writes racing each other over real HTTP, on both databases: an update never brings back what a delete removed,
and a mirror that follows the change feed while writers race ends equal to a full read."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.feed import Mirror, RandomWriter, full_read

ROUNDS = 20


@pytest.fixture
def client(live_server_process):
    with httpx.Client(
        base_url=live_server_process.url,
        headers={"Authorization": f"Token {live_server_process.token}"},
        timeout=60,
    ) as client:
        yield client


def together(url, token, requests):
    """Sends (method, path, body) requests at the same instant, each from its own thread and connection."""
    barrier = threading.Barrier(len(requests))

    def send(request):
        method, path, body = request
        with httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}, timeout=60) as http:
            http.get("/api/v1/roles/participant/")  # open the connection before the start
            barrier.wait(timeout=30)
            return http.request(method, path, json=body)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


def new_meeting(client):
    slug = f"race-{uuid.uuid4().hex[:12]}"
    body = {"title": "Race", "slug": slug, "start_date": "2031-06-01", "city": "Geneva"}
    assert client.post("/api/v1/meetings/", json=body).status_code == 201
    return slug


class TestNoResurrection:
    @pytest.mark.parametrize("method", ["PATCH", "PUT"])
    def test_a_meeting_deleted_while_it_is_updated_stays_deleted(self, live_server_process, client, method):
        outcomes = []
        for _ in range(ROUNDS):
            slug = new_meeting(client)
            path = f"/api/v1/meetings/{slug}/"
            update = {"slug": slug, "title": "Updated", "start_date": "2031-06-01"}
            deleted, updated = together(
                live_server_process.url, live_server_process.token, [("DELETE", path, None), (method, path, update)]
            )

            outcomes.append((deleted.status_code, updated.status_code))
            assert deleted.status_code == 204, deleted.text
            assert updated.status_code in (200, 404), updated.text
            assert client.get(path).status_code == 404
        print("DELETE/update statuses per round:", outcomes)

    def test_a_participation_deleted_while_it_is_patched_stays_deleted(self, live_server_process, client):
        slug = new_meeting(client)
        for round_ in range(ROUNDS):
            body = {"meeting": slug, "nation": "DE", "role": "participant", "status": "invited"}
            created = client.post("/api/v1/participations/", json=body)
            assert created.status_code == 201, created.text
            path = f"/api/v1/participations/{created.json()['id']}/"

            deleted, patched = together(
                live_server_process.url,
                live_server_process.token,
                [("DELETE", path, None), ("PATCH", path, {"notes": f"round {round_}"})],
            )

            assert deleted.status_code == 204, deleted.text
            assert patched.status_code in (200, 404), patched.text
            assert client.get(path).status_code == 404
            assert client.get(f"/api/v1/meetings/{slug}/").json()["participations"] == []


class TestConcurrentUpdates:
    def test_with_if_match_exactly_one_of_many_stale_writers_wins(self, live_server_process, client):
        slug = new_meeting(client)
        path = f"/api/v1/meetings/{slug}/"
        etag = client.get(path).headers["ETag"]

        barrier = threading.Barrier(8)

        def patch(index):
            with httpx.Client(
                base_url=live_server_process.url,
                headers={"Authorization": f"Token {live_server_process.token}", "If-Match": etag},
                timeout=60,
            ) as http:
                barrier.wait(timeout=30)
                return http.patch(path, json={"title": f"Writer {index}"})

        with ThreadPoolExecutor(max_workers=8) as pool:
            responses = list(pool.map(patch, range(8)))

        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200] + [412] * 7, statuses
        winner = next(response.json()["title"] for response in responses if response.status_code == 200)
        assert client.get(path).json()["title"] == winner


class TestMirrorUnderConcurrentWrites:
    def test_the_mirror_ends_equal_to_a_full_read(self, live_server_process, client):
        def call_with(http):
            def call(method, path, body):
                if method == "get":
                    response = http.get(path, params=body)
                else:
                    response = http.request(method.upper(), path, json=body)
                return response.status_code, response.json() if response.content else None

            return call

        def get(path, params):
            response = client.get(path, params=params)
            assert response.status_code == 200, response.text
            return response.json()

        def write(seed):
            with httpx.Client(
                base_url=live_server_process.url,
                headers={"Authorization": f"Token {live_server_process.token}"},
                timeout=60,
            ) as http:
                writer = RandomWriter(call_with(http), seed=seed, prefix=f"live{seed}-{uuid.uuid4().hex[:6]}")
                for _ in range(40):
                    writer.step()

        mirror = Mirror()
        with ThreadPoolExecutor(max_workers=3) as pool:
            writers = [pool.submit(write, seed) for seed in (11, 12, 13)]
            while not all(future.done() for future in writers):
                mirror.sync(get)
            for future in writers:
                future.result()
        mirror.sync(get)

        assert mirror.data == full_read(get)
