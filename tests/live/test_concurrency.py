"""Requests racing for the same row: writes are serialized, so validation always sees the winner, and every loser
gets the 409 naming the field, never a 500 or a second row.

Real concurrent requests against gunicorn: threads released together by a barrier, each on its own connection."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

REQUESTS = 8
ROUNDS = 4
DUPLICATE = {
    "status": 409,
    "code": "duplicate",
    "detail": "A key in the request is already taken.",
    "errors": {"nation": ["This nation already takes part in this meeting."]},
}


@pytest.fixture
def writer(live_server_process):
    with httpx.Client(
        base_url=live_server_process.url,
        headers={"Authorization": f"Token {live_server_process.token}"},
        timeout=60,
    ) as client:
        yield client


@pytest.fixture
def meetings(writer):
    """Creates meetings through the API, and deletes them afterwards (the live server is shared)."""
    slugs = []

    def create():
        slug = f"race-{uuid.uuid4().hex[:12]}"
        response = writer.post(
            "/api/v1/meetings/",
            json={
                "title": f"Race test {slug}",
                "slug": slug,
                "start_date": "2031-06-01",
                "city": "Geneva",
                "format": "in_person",
                "status": "scheduled",
            },
        )
        assert response.status_code == 201, response.text
        slugs.append(slug)
        return slug

    yield create
    for slug in slugs:
        assert writer.delete(f"/api/v1/meetings/{slug}/").status_code == 204


def post_together(url, token, path, body, count):
    """POSTs `body` `count` times at once, each from its own thread and connection; returns the responses."""
    barrier = threading.Barrier(count)

    def post(_):
        with httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}, timeout=60) as client:
            client.get("/api/v1/roles/participant/")  # open the connection before the start
            barrier.wait(timeout=30)
            return client.post(path, json=body)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(post, range(count)))


class TestConcurrentParticipationCreate:
    def test_one_request_wins_the_others_get_the_409_naming_the_field(self, live_server_process, writer, meetings):
        outcomes = []
        for _ in range(ROUNDS):
            slug = meetings()
            body = {
                "meeting": slug,
                "nation": "DE",
                "role": "participant",
                "status": "attended",
                "attendance_mode": "in_person",
            }
            responses = post_together(
                live_server_process.url, live_server_process.token, "/api/v1/participations/", body, REQUESTS
            )

            statuses = sorted(response.status_code for response in responses)
            outcomes.append(statuses)
            assert statuses == [201] + [409] * (REQUESTS - 1), [response.text for response in responses]
            for response in responses:
                assert response.headers["content-type"] == "application/json"
                if response.status_code == 409:
                    assert response.json() == DUPLICATE
            created = next(response.json() for response in responses if response.status_code == 201)
            assert (created["meeting"]["slug"], created["nation"]["code"]) == (slug, "DE")

            listed = writer.get("/api/v1/participations/", params={"meeting": slug})
            assert listed.status_code == 200
            assert [(item["id"], item["nation"]["code"]) for item in listed.json()["results"]] == [
                (created["id"], "DE")
            ]
            assert [
                item["nation"]["code"] for item in writer.get(f"/api/v1/meetings/{slug}/").json()["participations"]
            ] == ["DE"]
        print("status codes per round:", outcomes)

    def test_a_later_duplicate_is_the_same_409(self, writer, meetings):
        """The sequential case, for comparison: validation sees the row and names the problem."""
        slug = meetings()
        body = {"meeting": slug, "nation": "PL", "role": "participant", "status": "invited"}
        assert writer.post("/api/v1/participations/", json=body).status_code == 201
        response = writer.post("/api/v1/participations/", json=body)
        assert response.status_code == 409
        assert response.json() == DUPLICATE
