"""Every create, update and delete is recorded: who, when, through what, and which fields changed from what to what."""

import io

import pytest
from django.core.management import call_command

from events.models import Delegate, Participation
from tests.conftest import PARIS, SEED_FILES
from tests.factories import MeetingFactory, SeriesFactory, SourceFactory

pytestmark = pytest.mark.django_db


def history(api, url):
    response = api.get(f"{url}history/")
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def without_dates(entries):
    for entry in entries:
        assert entry.pop("date").endswith("Z")
    return entries


class TestMeetingHistory:
    def test_create_update_and_delete_through_the_api(self, api, editor):
        source = SourceFactory()
        SeriesFactory(slug="coalition")
        created = editor.post(
            "/api/v1/meetings/",
            {
                "slug": "summit",
                "title": "Summit",
                "start_date": "2025-03-11",
                "host_country": "fr",
                "level": "leaders",
                "series": "coalition",
                "sources": [source.pk],
            },
            format="json",
        )
        assert created.status_code == 201
        editor.patch(
            "/api/v1/meetings/summit/",
            {"title": "Summit II", "host_country": "GB", "participants_complete": True, "series": None},
            format="json",
        )
        editor.delete("/api/v1/meetings/summit/")

        entries = history(api, "/api/v1/meetings/summit/")

        assert without_dates(entries) == [
            {
                "type": "created",
                "user": "editor",
                "via": "api",
                "changes": [
                    {"field": "title", "old": None, "new": "Summit"},
                    {"field": "slug", "old": None, "new": "summit"},
                    {"field": "start_date", "old": None, "new": "2025-03-11"},
                    {"field": "end_date", "old": None, "new": "2025-03-11"},
                    {"field": "host_country", "old": None, "new": "FR"},
                    {"field": "format", "old": None, "new": "in_person"},
                    {"field": "status", "old": None, "new": "scheduled"},
                    {"field": "level", "old": None, "new": "leaders"},
                    {"field": "series", "old": None, "new": "coalition"},
                    {"field": "participants_complete", "old": None, "new": False},
                    {"field": "sources", "old": None, "new": [source.pk]},
                ],
            },
            {
                "type": "updated",
                "user": "editor",
                "via": "api",
                "changes": [
                    {"field": "title", "old": "Summit", "new": "Summit II"},
                    {"field": "host_country", "old": "FR", "new": "GB"},
                    {"field": "series", "old": "coalition", "new": None},
                    {"field": "participants_complete", "old": False, "new": True},
                ],
            },
            {"type": "deleted", "user": "editor", "via": "api", "changes": []},
        ]

    def test_dates_are_the_changes_updated_at(self, api, editor):
        created = editor.post(
            "/api/v1/meetings/", {"slug": "summit", "title": "Summit", "start_date": "2025-03-11"}, format="json"
        ).json()

        assert [entry["date"] for entry in history(api, "/api/v1/meetings/summit/")] == [created["updated_at"]]

    def test_a_reused_slug_shows_the_history_of_the_current_meeting(self, api, editor):
        editor.post("/api/v1/meetings/", {"slug": "s", "title": "First", "start_date": "2025-03-11"}, format="json")
        editor.delete("/api/v1/meetings/s/")
        editor.post("/api/v1/meetings/", {"slug": "s", "title": "Second", "start_date": "2025-03-11"}, format="json")

        entries = history(api, "/api/v1/meetings/s/")

        assert [(entry["type"], entry["changes"][0]["new"]) for entry in entries] == [("created", "Second")]


class TestOtherResources:
    def test_participation_cascaded_with_its_meeting(self, api, editor):
        MeetingFactory(slug="summit")
        created = editor.post(
            "/api/v1/participations/",
            {
                "meeting": "summit",
                "nation": "UA",
                "role": "observer",
                "status": "attended",
                "attendance_mode": "remote",
            },
            format="json",
        ).json()
        editor.delete("/api/v1/meetings/summit/")

        entries = history(api, f"/api/v1/participations/{created['id']}/")

        assert [(entry["type"], entry["user"], entry["via"]) for entry in entries] == [
            ("created", "editor", "api"),
            ("deleted", "editor", "api"),
        ]
        assert {"field": "nation", "old": None, "new": "UA"} in entries[0]["changes"]
        assert {"field": "role", "old": None, "new": "observer"} in entries[0]["changes"]

    @pytest.mark.parametrize(
        "resource", ["contributions", "sources", "citations", "participations", "delegates", "reported-counts"]
    )
    def test_the_seed_import_is_recorded(self, api, resource):
        call_command("import_events", *SEED_FILES, stdout=io.StringIO())
        first = api.get(f"/api/v1/{resource}/").json()["results"][0]

        entries = history(api, f"/api/v1/{resource}/{first['id']}/")

        assert [(entry["type"], entry["user"], entry["via"]) for entry in entries] == [("created", None, "import")]

    @pytest.mark.parametrize("resource", ["people", "meeting-relations"])
    def test_the_shipped_import_is_recorded(self, api, shipped, resource):
        first = api.get(f"/api/v1/{resource}/").json()["results"][0]

        entries = history(api, f"/api/v1/{resource}/{first['id']}/")

        assert [(entry["type"], entry["user"], entry["via"]) for entry in entries] == [("created", None, "import")]

    def test_a_changed_import_is_recorded_as_an_update(self, api, seed, tmp_path):
        """The Ukrainian participation's mode and its delegate's level, corrected in the file."""
        ukraine = Participation.objects.get(meeting__slug=PARIS, nation__code="UA")
        delegate = Delegate.objects.get(participation=ukraine)
        original = SEED_FILES[1].read_text(encoding="utf-8")
        text = original.replace(
            "attendance_mode: unspecified\n        sources: [newslooks]\n        delegates:",
            "attendance_mode: remote\n        sources: [newslooks]\n        delegates:",
        ).replace(
            "description: official of the National Security and Defense Council\n            level: official",
            "description: official of the National Security and Defense Council\n            level: expert",
        )
        assert text.count("remote") == original.count("remote") + 1
        assert text.count("level: expert") == 1
        changed = tmp_path / "paris.yaml"
        changed.write_text(text, encoding="utf-8")
        call_command("import_events", changed, stdout=io.StringIO())

        participation_entries = history(api, f"/api/v1/participations/{ukraine.pk}/")
        delegate_entries = history(api, f"/api/v1/delegates/{delegate.pk}/")

        assert [(entry["type"], entry["via"]) for entry in participation_entries] == [
            ("created", "import"),
            ("updated", "import"),
        ]
        assert participation_entries[-1]["changes"] == [
            {"field": "attendance_mode", "old": "unspecified", "new": "remote"}
        ]
        assert [(entry["type"], entry["via"]) for entry in delegate_entries] == [
            ("created", "import"),
            ("updated", "import"),
        ]
        assert delegate_entries[-1]["changes"] == [{"field": "level", "old": "official", "new": "expert"}]


class TestContributionHistory:
    def test_categories_and_money_as_the_resource_shows_them(self, api, editor):
        """A list is shown as a list, and an amount as the decimal string the contribution itself shows (never a
        JSON number, which would lose cents)."""
        created = editor.post(
            "/api/v1/contributions/",
            {
                "nation": "FR",
                "recipient": "UA",
                "categories": ["funding", "training"],
                "description": "Military aid package.",
                "amount": "2000000000.10",
                "currency": "EUR",
                "announced_on": "2025-03-12",
                "status": "pledged",
            },
            format="json",
        ).json()
        url = f"/api/v1/contributions/{created['id']}/"
        updated = editor.patch(url, {"categories": ["training"], "amount": "12.30", "currency": "GBP"}, format="json")
        assert updated.status_code == 200, updated.json()

        entries = history(api, url)

        created_changes = {change["field"]: (change["old"], change["new"]) for change in entries[0]["changes"]}
        assert {name: created_changes.get(name) for name in ("categories", "amount", "currency", "recipient")} == {
            "categories": (None, ["funding", "training"]),
            "amount": (None, created["amount"]),
            "currency": (None, "EUR"),
            "recipient": (None, "UA"),
        }
        assert entries[1]["changes"] == [
            {"field": "categories", "old": ["funding", "training"], "new": ["training"]},
            {"field": "amount", "old": "2000000000.10", "new": updated.json()["amount"]},
            {"field": "currency", "old": "EUR", "new": "GBP"},
        ]
