"""`Idempotency-Key` on POST: a retry gets the first answer and creates nothing; a key is one request of one user."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User

from events.models import IdempotencyKey, Meeting
from tests.api.bodies import duplicate, error, invalid
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/"
BODY = {"slug": "retry-summit", "title": "Retry summit", "start_date": "2025-03-11"}
REUSED = error(
    422,
    "idempotency_key_reused",
    "This Idempotency-Key was already used for a different request (another body or address); "
    "use a new key for a new request.",
)


def post(client, body=BODY, key="key-1", url=URL):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.fixture
def other_editor(db):
    user = User.objects.create_user("other-editor")
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="events"))
    return token_client(user)


class TestRetries:
    def test_a_retry_gets_the_first_answer_and_creates_nothing(self, editor):
        first = post(editor)
        retry = post(editor)

        assert first.status_code == retry.status_code == 201
        assert retry.json() == first.json()
        assert retry["Location"] == first["Location"]
        assert retry["Idempotent-Replayed"] == "true"
        assert "Idempotent-Replayed" not in first
        assert Meeting.objects.filter(slug="retry-summit").count() == 1

    def test_the_retry_is_answered_even_after_the_object_changed(self, editor):
        """The stored answer is the answer to that request: a later change does not rewrite history."""
        first = post(editor)
        editor.patch(f"{URL}retry-summit/", {"title": "Renamed"}, format="json")

        assert post(editor).json() == first.json()

    def test_equal_json_in_another_spelling_is_the_same_request(self, editor):
        first = post(editor)
        retry = editor.post(
            URL,
            '{"start_date":"2025-03-11",   "title":"Retry summit","slug":"retry-summit"}',
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="key-1",
        )

        assert retry.status_code == 201
        assert retry.json() == first.json()

    def test_the_same_key_with_another_body_is_a_422(self, editor):
        post(editor)

        response = post(editor, {**BODY, "title": "Something else"})

        assert response.status_code == 422
        assert response.json() == REUSED
        assert Meeting.objects.get(slug="retry-summit").title == "Retry summit"

    def test_the_same_key_on_another_collection_is_a_422(self, editor):
        post(editor)

        response = post(editor, {"code": "guest", "name": "Guest"}, url="/api/v1/roles/")

        assert response.status_code == 422

    def test_keys_belong_to_their_user(self, editor, other_editor):
        """Two users' equal keys never meet: the second user's request runs (and here finds the slug taken)."""
        assert post(editor).status_code == 201

        response = post(other_editor)

        assert response.status_code == 409
        assert response.json() == duplicate(slug=["meeting with this slug already exists."])
        assert "Idempotent-Replayed" not in response

    def test_a_failed_request_is_not_stored_and_may_be_retried(self, editor):
        bad = post(editor, {**BODY, "start_date": "2025-02-30"})
        assert bad.status_code == 400

        good = post(editor)

        assert good.status_code == 201
        assert "Idempotent-Replayed" not in good

    def test_keys_expire_after_a_day(self, editor):
        first = post(editor)
        IdempotencyKey.objects.update(created_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
        editor.delete(f"{URL}retry-summit/")

        again = post(editor)

        assert again.status_code == 201
        assert "Idempotent-Replayed" not in again
        assert again.json()["created_at"] != first.json()["created_at"]
        assert IdempotencyKey.objects.count() == 1

    def test_without_a_key_every_post_runs(self, editor):
        assert editor.post(URL, BODY, format="json").status_code == 201
        assert editor.post(URL, BODY, format="json").status_code == 409  # the slug is taken
        assert not IdempotencyKey.objects.exists()

    @pytest.mark.parametrize("key", ["", "x" * 256, "naïve", "tab\there"])
    def test_a_malformed_key_is_a_400(self, editor, key):
        response = post(editor, key=key)

        assert response.status_code == 400
        assert response.json() == invalid(**{"Idempotency-Key": ["Must be 1 to 255 printable ASCII characters."]})
        assert not Meeting.objects.exists()

    def test_an_anonymous_post_is_refused_before_the_key_is_looked_at(self, api, db):
        assert post(api).status_code == 401
