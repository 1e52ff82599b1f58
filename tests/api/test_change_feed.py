"""The change feed: `updated_since` and `ordering=updated_at` on every list, `deletions/`, and `updated_at` that moves
whenever any byte of a representation does (which is also what makes ETags and 304s safe)."""

import os

import pytest

from events.models import Resource
from events.services import update_object
from tests.api.bodies import invalid, results
from tests.factories import DelegateFactory, MeetingFactory, ParticipationFactory, nation
from tests.feed import RESOURCES, Mirror, RandomWriter, full_read, read_all

pytestmark = pytest.mark.django_db


def api_call(client):
    def call(method, path, body):
        if method == "get":
            response = client.get(path, body)
        else:
            response = getattr(client, method)(path, body, format="json")
        return response.status_code, response.json() if response.content else None

    return call


def api_get(client):
    def get(path, params):
        response = client.get(path, params)
        assert response.status_code == 200, response.json()
        return response.json()

    return get


class TestUpdatedSince:
    @pytest.mark.parametrize("resource", RESOURCES)
    def test_every_list_takes_it(self, api, resource):
        response = api.get(f"/api/v1/{resource}/", {"updated_since": "2100-01-01T00:00:00Z", "ordering": "updated_at"})

        assert response.status_code == 200
        assert response.json()["results"] == []

    def test_only_what_changed_since_in_the_order_of_change(self, api, editor):
        for slug in ["a", "b", "c"]:
            MeetingFactory(slug=slug)
        since = editor.patch("/api/v1/meetings/b/", {"title": "B"}, format="json").json()["updated_at"]
        editor.patch("/api/v1/meetings/a/", {"title": "A"}, format="json")

        response = api.get("/api/v1/meetings/", {"updated_since": since, "ordering": "updated_at"})

        assert [meeting["slug"] for meeting in results(response)] == ["b", "a"]

    @pytest.mark.parametrize("value", ["yesterday", "2025-13-01T00:00:00Z", "1741651200"])
    def test_a_bad_time_is_a_400(self, api, db, value):
        response = api.get("/api/v1/meetings/", {"updated_since": value})

        assert response.status_code == 400
        assert response.json() == invalid(updated_since=["Enter a valid date/time."])

    def test_a_change_to_a_nested_object_bumps_its_container(self, api, editor):
        MeetingFactory(slug="summit")
        since = api.get("/api/v1/meetings/summit/").json()["updated_at"]
        update_object(nation("FR"), data={"name": "French Republic"}, user=None, via="sync")
        editor.post(
            "/api/v1/participations/",
            {"meeting": "summit", "nation": "FR", "role": "participant", "status": "invited"},
            format="json",
        )

        changed = results(api.get("/api/v1/meetings/", {"updated_since": since}))

        assert [meeting["participations"][0]["nation"]["name"] for meeting in changed] == ["French Republic"]

    def test_renaming_a_delegates_person_bumps_every_representation_that_shows_it(self, api, editor):
        """The person is shown in the delegate, the delegate in its participation, and that in its meeting."""
        delegate = DelegateFactory(participation=ParticipationFactory(meeting=MeetingFactory(slug="summit")))
        DelegateFactory(participation=ParticipationFactory(meeting=MeetingFactory(slug="other")))
        since = max(item["updated_at"] for item in results(api.get("/api/v1/meetings/")))

        renamed = editor.patch(f"/api/v1/people/{delegate.person.pk}/", {"name": "Keir Starmer"}, format="json")
        assert renamed.status_code == 200, renamed.json()

        after = renamed.json()["updated_at"]
        assert after > since
        meetings = results(api.get("/api/v1/meetings/", {"updated_since": after}))
        participations = results(api.get("/api/v1/participations/", {"updated_since": after}))
        delegates = results(api.get("/api/v1/delegates/", {"updated_since": after}))
        assert [meeting["slug"] for meeting in meetings] == ["summit"]
        assert [item["id"] for item in participations] == [delegate.participation.pk]
        assert [item["id"] for item in delegates] == [delegate.pk]
        assert meetings[0]["participations"][0]["delegates"][0]["person"]["name"] == "Keir Starmer"
        assert participations[0]["representative"] == "Keir Starmer"
        assert delegates[0]["person"]["name"] == "Keir Starmer"

    def test_a_reported_count_bumps_its_meeting(self, api, editor):
        MeetingFactory(slug="summit")
        MeetingFactory(slug="other")
        since = max(item["updated_at"] for item in results(api.get("/api/v1/meetings/")))

        created = editor.post(
            "/api/v1/reported-counts/", {"meeting": "summit", "count": 26, "qualifier": "exact"}, format="json"
        )
        assert created.status_code == 201, created.json()

        changed = results(api.get("/api/v1/meetings/", {"updated_since": created.json()["updated_at"]}))
        assert changed[0]["updated_at"] > since
        assert [(item["slug"], item["reported_counts"][0]["count"]) for item in changed] == [("summit", 26)]


class TestDeletions:
    def test_deleted_objects_are_listed_with_their_key(self, api, editor):
        MeetingFactory(slug="gone")
        role = editor.post("/api/v1/roles/", {"code": "guest", "name": "Guest"}, format="json").json()
        editor.delete("/api/v1/roles/guest/")
        editor.delete("/api/v1/meetings/gone/")

        body = api.get("/api/v1/deletions/").json()

        assert [(item["resource"], item["key"]) for item in body["results"]] == [
            ("roles", "guest"),
            ("meetings", "gone"),
        ]
        assert body["results"][0]["deleted_at"] > role["updated_at"]

    def test_cascaded_deletions_are_listed_too(self, api, editor):
        MeetingFactory(slug="gone")
        participation = editor.post(
            "/api/v1/participations/",
            {"meeting": "gone", "nation": "FR", "role": "participant", "status": "invited"},
            format="json",
        ).json()
        delegate = editor.post(
            "/api/v1/delegates/",
            {"participation": participation["id"], "description": "A defence official", "level": "official"},
            format="json",
        ).json()
        count = editor.post("/api/v1/reported-counts/", {"meeting": "gone", "count": 20}, format="json").json()
        person = editor.post("/api/v1/people/", {"name": "Keir Starmer"}, format="json").json()
        editor.delete("/api/v1/meetings/gone/")
        editor.delete(f"/api/v1/people/{person['id']}/")

        listed = {(item["resource"], item["key"]) for item in results(api.get("/api/v1/deletions/"))}

        assert listed == {
            ("meetings", "gone"),
            ("participations", str(participation["id"])),
            ("delegates", str(delegate["id"])),
            ("reported-counts", str(count["id"])),
            ("people", str(person["id"])),
        }

    def test_since_and_resource(self, api, editor):
        MeetingFactory(slug="early")
        MeetingFactory(slug="late")
        editor.delete("/api/v1/meetings/early/")
        since = api.get("/api/v1/deletions/").json()["results"][0]["deleted_at"]
        editor.delete("/api/v1/meetings/late/")

        assert [item["key"] for item in results(api.get("/api/v1/deletions/", {"since": since}))] == ["early", "late"]
        assert results(api.get("/api/v1/deletions/", {"resource": "roles"})) == []

    def test_an_unknown_resource_is_a_400(self, api, db):
        response = api.get("/api/v1/deletions/", {"resource": "persons"})

        assert response.status_code == 400
        assert response.json() == invalid(
            resource=["Select a valid choice. persons is not one of the available choices."]
        )

    def test_the_resources_are_the_collections_of_the_api(self):
        from events.api.representations import resources

        assert sorted(name for name, _ in resources()) == sorted(Resource.values)


def stripped(item):
    return {name: value for name, value in item.items() if name != "updated_at"}


class TestEveryChangeMovesUpdatedAt:
    """Random writes of every kind; after each, every object whose representation changed in any byte has a new
    `updated_at`, and every object gone is in `deletions/`."""

    @pytest.mark.parametrize("seed", range(1, 1 + int(os.environ.get("RANDOM_WRITE_SEEDS", "1"))))
    def test_random_writes(self, api, editor, seed):
        writer = RandomWriter(api_call(editor), seed=seed, prefix=f"s{seed}")
        get = api_get(api)
        before = full_read(get)
        for step in range(60):
            if step % 15 == 14:
                code = writer.random.choice(RandomWriter.NATIONS)
                update_object(nation(code), data={"name": writer.name("Nation")}, user=None, via="sync")
            else:
                writer.step()
            after = full_read(get)
            deleted = {(item["resource"], item["key"]) for item in read_deletions(get)}
            for resource in RESOURCES:
                for key, item in before[resource].items():
                    now = after[resource].get(key)
                    if now is None:
                        assert (resource, key) in deleted, (step, resource, key)
                    elif stripped(now) != stripped(item):
                        assert now["updated_at"] > item["updated_at"], (step, resource, key, item, now)
            before = after


def read_deletions(get):
    return read_all(get, "/api/v1/deletions/", {})


class TestMirror:
    def test_a_mirror_fed_by_the_feed_equals_a_full_read(self, api, editor):
        writer = RandomWriter(api_call(editor), seed=7, prefix="mirror")
        get = api_get(api)
        mirror = Mirror()
        # Enough steps for the writer, which picks among some thirty kinds of write, to build meetings and what hangs
        # off them, and to delete some of it.
        for step in range(200):
            writer.step()
            if step % 7 == 0:
                mirror.sync(get)
        mirror.sync(get)

        assert mirror.data == full_read(get)
        held = {resource: len(items) for resource, items in mirror.data.items() if resource != "nations" and items}
        assert sum(held.values()) > 10
        assert len(held) >= 8, held


def test_a_change_shown_by_more_objects_than_a_statement_takes_parameters_moves_them_all(db):
    """A rename can touch tens of thousands of representations; PostgreSQL takes at most 65,535 parameters."""
    from events.changes import bump

    shown = MeetingFactory()
    before = shown.updated_at
    missing = set(range(10**9, 10**9 + 70_000))  # keys of no object: only their number matters

    bump({type(shown): missing | {shown.pk}})

    shown.refresh_from_db()
    assert shown.updated_at > before
