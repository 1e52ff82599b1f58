"""`POST /api/v1/imports/`: the importer's documents over HTTP, all or nothing, with a dry run."""

from collections import Counter
from decimal import Decimal

import pytest
import yaml
from django.contrib.auth.models import Permission, User

from events.models import Contribution, Delegate, Meeting, Organization, Participation, Person, ReportedCount
from tests.api.bodies import EMPTY, REPEATED, invalid, invalid_document
from tests.conftest import PARIS, SEED_FILES, SHIPPED_FILES, token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/"
DOCUMENT = {
    "sources": [{"ref": "wire", "outlet": "Test Wire", "title": "Talks in Rome"}],
    "meetings": [
        {
            "slug": "rome-2025",
            "title": "Rome talks",
            "start_date": "2025-04-02",
            "sources": ["wire"],
            "participations": [
                {"nation": "IT", "role": "host", "status": "attended", "attendance_mode": "in_person"},
                {"nation": "FR", "status": "invited"},
            ],
        }
    ],
}


def report(created=0, updated=0, unchanged=0, records=(), dry_run=False):
    return {
        "dry_run": dry_run,
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "records": list(records),
    }


def record(path, model, key, outcome):
    return {"path": path, "model": model, "key": key, "outcome": outcome}


def created_records():
    source = Meeting.objects.get(slug="rome-2025").sources.get()
    italy, france = (
        Participation.objects.get(meeting__slug="rome-2025", nation__code=code).pk for code in ("IT", "FR")
    )
    return [
        record("sources[0]", "source", str(source.pk), "created"),
        record("meetings[0]", "meeting", "rome-2025", "created"),
        record("meetings[0].participations[0]", "participation", str(italy), "created"),
        record("meetings[0].participations[1]", "participation", str(france), "created"),
    ]


class TestImport:
    def test_json_document(self, editor):
        response = editor.post(URL, DOCUMENT, format="json")

        assert response.status_code == 200, response.json()
        assert response.json() == report(created=4, records=created_records())
        assert sorted(Participation.objects.values_list("nation__code", flat=True)) == ["FR", "IT"]

    def test_yaml_document(self, editor):
        response = editor.post(URL, yaml.safe_dump(DOCUMENT), content_type="application/yaml")

        assert response.status_code == 200, response.json()
        assert response.json()["created"] == 4

    def test_the_seed_files_over_http_are_idempotent(self, editor):
        for path in SEED_FILES:
            response = editor.post(URL, path.read_text(encoding="utf-8"), content_type="application/yaml")
            assert response.status_code == 200, response.json()
        again = editor.post(URL, SEED_FILES[1].read_text(encoding="utf-8"), content_type="application/yaml")

        body = again.json()
        assert (body["created"], body["updated"]) == (0, 0)
        assert Counter(item["model"] for item in body["records"] if item["outcome"] == "unchanged") == {
            "series": 1,
            "source": 1,
            "citation": 3,
            "meeting": 1,
            "session": 2,
            "reportedcount": 1,
            "participation": 13,
            "delegate": 1,
            "contribution": 3,
        }
        assert body["unchanged"] == len(body["records"])
        assert Meeting.objects.get(slug=PARIS).participations.count() == 13

    def test_every_shipped_file_over_http_is_idempotent(self, editor):
        first = [
            editor.post(URL, path.read_text(encoding="utf-8"), content_type="application/yaml")
            for path in SHIPPED_FILES
        ]
        assert [response.status_code for response in first] == [200] * len(SHIPPED_FILES)
        counts = (Person.objects.count(), Delegate.objects.count(), ReportedCount.objects.count())

        again = [
            editor.post(URL, path.read_text(encoding="utf-8"), content_type="application/yaml").json()
            for path in SHIPPED_FILES
        ]

        assert [(body["created"], body["updated"]) for body in again] == [(0, 0)] * len(SHIPPED_FILES)
        assert [body["unchanged"] for body in again] == [response.json()["created"] for response in first]
        assert (Person.objects.count(), Delegate.objects.count(), ReportedCount.objects.count()) == counts
        assert min(counts) > 0

    def test_dry_run_reports_and_writes_nothing(self, editor):
        response = editor.post(f"{URL}?dry_run=true", DOCUMENT, format="json")

        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["dry_run"], body["created"]) == (True, 4)
        assert [item["outcome"] for item in body["records"]] == ["created"] * 4
        assert not Meeting.objects.exists()

    def test_dry_run_of_a_change(self, editor):
        editor.post(URL, DOCUMENT, format="json")
        changed = {**DOCUMENT, "meetings": [{**DOCUMENT["meetings"][0], "title": "Rome talks, renamed"}]}

        body = editor.post(f"{URL}?dry_run=true", changed, format="json").json()

        assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 3)
        assert Meeting.objects.get(slug="rome-2025").title == "Rome talks"

    def test_one_bad_record_writes_nothing_and_names_it(self, editor):
        meeting = DOCUMENT["meetings"][0]
        bad = {**DOCUMENT, "meetings": [{**meeting, "participations": [*meeting["participations"], {"nation": "ZZ"}]}]}

        response = editor.post(URL, bad, format="json")

        assert response.status_code == 400
        assert response.json() == invalid_document(
            **{
                "meetings[0].participations[2].nation": [
                    "Unknown nation 'ZZ' (give an ISO code such as FR or FRA, or a name)."
                ]
            }
        )
        assert not Meeting.objects.exists()

    def test_a_model_rule_names_the_field(self, editor):
        bad = {"meetings": [{"slug": "x", "title": "X", "start_date": "2025-04-02", "end_date": "2025-04-01"}]}

        response = editor.post(URL, bad, format="json")

        assert response.status_code == 400
        assert response.json() == invalid_document(
            **{"meetings[0].end_date": ["A meeting cannot end before it starts."]}
        )

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("dry_run=maybe", "Must be true or false; got 'maybe'."),
            ("dry_run=", EMPTY),
            ("dry_run=true&dry_run=false", REPEATED),
        ],
        ids=["not-a-flag", "empty", "repeated"],
    )
    def test_a_bad_dry_run_flag_is_a_400(self, editor, query, message):
        response = editor.post(f"{URL}?{query}", DOCUMENT, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(dry_run=[message])
        assert not Meeting.objects.exists()

    def test_an_unknown_parameter_is_a_400(self, editor):
        response = editor.post(f"{URL}?dryrun=true", DOCUMENT, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(dryrun=["Unknown parameter; this operation takes dry_run, format."])
        assert not Meeting.objects.exists()


REPORTING = {
    "organizations": [{"slug": "nato", "name": "North Atlantic Treaty Organization", "short_name": "NATO"}],
    "people": [{"ref": "rutte", "name": "Mark Rutte", "wikidata_id": "Q57792"}],
    "sources": [{"ref": "wire", "outlet": "Test Wire", "title": "Leaders call", "url": "https://example.com/call"}],
    "meetings": [
        {
            "slug": "call-2025",
            "title": "Leaders' call",
            "start_date": "2025-03-15",
            "format": "virtual",
            "sources": ["wire"],
            "sessions": [{"order": 1, "title": "Call", "date": "2025-03-15", "start_time": "10:00"}],
            "reported_counts": [
                {"count": 25, "qualifier": "about", "sources": ["wire"]},
                {"count": 26, "qualifier": "exact", "basis": "disputed", "basis_note": "Another says 25."},
            ],
            "participations": [
                {
                    "organization": "nato",
                    "status": "attended",
                    "attendance_mode": "remote",
                    "delegates": [
                        {
                            "person": "rutte",
                            "office": "Secretary General",
                            "level": "official",
                            "sessions": [1],
                            "sources": ["wire"],
                        }
                    ],
                },
                {"nation": "JP", "status": "attended", "attendance_mode": "written", "basis": "stated"},
                {"nation": "HU", "status": "absent"},
            ],
            "contributions": [
                {
                    "nation": "FR",
                    "recipient": "UA",
                    "categories": ["military_aid", "funding"],
                    "description": "A package.",
                    "amount": "2000000000.00",
                    "currency": "EUR",
                    "announced_on": "2025-03-12",
                    "status": "pledged",
                }
            ],
        }
    ],
    "contributions": [
        {
            "nation": "GB",
            "recipient": "UA",
            "categories": ["funding"],
            "description": "A loan, announced on its own.",
            "amount": "2260000000.00",
            "currency": "GBP",
            "status": "pledged",
        }
    ],
}


class TestReportingDocument:
    def test_participants_delegates_counts_and_money(self, editor):
        response = editor.post(URL, REPORTING, format="json")

        assert response.status_code == 200, response.json()
        assert Counter(item["model"] for item in response.json()["records"]) == {
            "organization": 1,
            "person": 1,
            "source": 1,
            "meeting": 1,
            "session": 1,
            "reportedcount": 2,
            "participation": 3,
            "delegate": 1,
            "contribution": 2,
        }
        meeting = editor.get("/api/v1/meetings/call-2025/").json()
        assert [(p["participant"]["key"], p["status"], p["attendance_mode"]) for p in meeting["participations"]] == [
            ("HU", "absent", None),
            ("JP", "attended", "written"),
            ("nato", "attended", "remote"),
        ]
        [delegate] = meeting["participations"][2]["delegates"]
        assert (delegate["person"]["name"], delegate["office"], delegate["level"], len(delegate["sessions"])) == (
            "Mark Rutte",
            "Secretary General",
            "official",
            1,
        )
        assert [(c["count"], c["qualifier"], c["basis"]) for c in meeting["reported_counts"]] == [
            (25, "about", "stated"),
            (26, "exact", "disputed"),
        ]
        assert (meeting["named_nation_count"], meeting["reported_nation_count"]) == (1, None)
        money = {
            c.nation.code: (c.meeting_id is not None, c.amount, c.currency, c.recipient.code)
            for c in Contribution.objects.all()
        }
        assert money == {
            "FR": (True, Decimal("2000000000.00"), "EUR", "UA"),
            "GB": (False, Decimal("2260000000.00"), "GBP", "UA"),
        }

    def test_again_changes_nothing(self, editor):
        editor.post(URL, REPORTING, format="json")

        again = editor.post(URL, REPORTING, format="json").json()

        assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 13)

    @pytest.mark.parametrize(
        ("change", "where", "message"),
        [
            (
                {"currency": "XYZ"},
                "meetings[0].contributions[0].currency",
                '"XYZ" is not an ISO 4217 currency code (e.g. EUR, GBP, USD).',
            ),
            (
                {"currency": None},
                "meetings[0].contributions[0].currency",
                "An amount needs its currency, and a currency an amount.",
            ),
            (
                {"categories": ["tanks"]},
                "meetings[0].contributions[0].categories",
                "'tanks' is not one of the choices.",
            ),
        ],
    )
    def test_a_bad_contribution_writes_nothing_and_names_its_field(self, editor, change, where, message):
        meeting = REPORTING["meetings"][0]
        bad = {
            **REPORTING,
            "meetings": [{**meeting, "contributions": [{**meeting["contributions"][0], **change}]}],
        }

        response = editor.post(URL, bad, format="json")

        assert response.status_code == 400
        assert response.json() == invalid_document(**{where: [message]})
        assert not Meeting.objects.exists()
        assert not Person.objects.exists()

    def test_an_in_person_participant_of_a_virtual_meeting_is_refused(self, editor):
        meeting = REPORTING["meetings"][0]
        participations = [{**meeting["participations"][1], "attendance_mode": "in_person"}]
        bad = {**REPORTING, "meetings": [{**meeting, "participations": participations}]}

        response = editor.post(URL, bad, format="json")

        assert response.status_code == 400
        assert response.json() == invalid_document(
            **{
                "meetings[0].participations[0].attendance_mode": [
                    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
                ]
            }
        )
        assert not Meeting.objects.exists()


class TestBounds:
    def test_yaml_aliases_are_refused(self, editor):
        bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b]\n'

        response = editor.post(URL, bomb, content_type="application/yaml")

        assert response.status_code == 400
        assert response.json() == invalid_document(
            document=["YAML aliases (*name) are not accepted; write the value out (line 2)."]
        )

    def test_deep_yaml_is_refused(self, editor):
        response = editor.post(URL, "meetings: " + "[" * 30 + "]" * 30, content_type="application/yaml")

        assert response.status_code == 400
        assert response.json() == invalid_document(document=["Nested more than 10 levels deep."])

    @pytest.mark.parametrize(
        ("meeting", "where", "message"),
        [
            ({"slug": "x", "title": ["a", "b"]}, "title", "Expected a single value, not a list."),
            ({"slug": "x", "title": {"a": 1}}, "title", "Expected a single value, not a mapping."),
            ({"slug": "x", "title": "a\x00b"}, "title", "Null characters are not allowed."),
            ({"slug": "x\x00", "title": "a"}, "slug", "Null characters are not allowed."),
        ],
        ids=["list", "mapping", "nul", "nul-in-key"],
    )
    def test_what_is_not_a_single_clean_value_is_refused(self, editor, meeting, where, message):
        response = editor.post(URL, {"meetings": [{**meeting, "start_date": "2025-04-02"}]}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid_document(**{f"meetings[0].{where}": [message]})


class TestPermissions:
    def test_it_needs_the_permissions_of_every_kind_of_record_in_the_document(self, db):
        user = User.objects.create_user("meetings-only")
        # Every kind of record the `meetings` section holds.
        models = ("meeting", "session", "reportedcount", "meetingrelation", "participation", "delegate", "contribution")
        codenames = [f"{action}_{model}" for action in ("add", "change") for model in models]
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        client = token_client(user)

        refused = client.post(URL, DOCUMENT, format="json")  # it has sources
        with_people = client.post(
            URL,
            {
                "people": [{"ref": "rutte", "name": "Mark Rutte"}],
                "meetings": [{"slug": "p", "title": "P", "start_date": "2025-01-01"}],
            },
            format="json",
        )
        meetings_only = client.post(
            URL, {"meetings": [{"slug": "m", "title": "M", "start_date": "2025-01-01"}]}, format="json"
        )

        assert (refused.status_code, with_people.status_code) == (403, 403)
        assert not Meeting.objects.filter(slug__in=["rome-2025", "p"]).exists()
        assert not Person.objects.exists()
        assert meetings_only.status_code == 200, meetings_only.json()
        assert not Organization.objects.exists()
