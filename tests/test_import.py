"""The `import_events` command: idempotent, all-or-nothing per file, and naming the bad record."""

import datetime
import io
import textwrap

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from events import models
from tests import factories
from tests.conftest import PARIS, SEED_FILES

pytestmark = pytest.mark.django_db


def run(*paths):
    out = io.StringIO()
    call_command("import_events", *paths, stdout=out)
    return out.getvalue()


def refused(*paths):
    with pytest.raises(CommandError) as caught:
        run(*paths)
    return str(caught.value)


def write(directory, name, text):
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def table_counts():
    """Rows in every table of the app, many-to-many tables included."""
    counts = {}
    for model in apps.get_app_config("events").get_models():
        counts[model._meta.db_table] = model.objects.count()
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            counts[through._meta.db_table] = through.objects.count()
    return counts


def is_bookkeeping(table):
    """History records and the change clock, which every write touches."""
    return "historical" in table or table == "events_changeclock"


def timestamps():
    return {
        model._meta.label: dict(model.objects.values_list("pk", "updated_at"))
        for model in (models.Meeting, models.Participation, models.Contribution, models.Source)
    }


class TestSeedImport:
    def test_first_run_creates_every_record(self, db):
        organizations, paris = SEED_FILES
        assert run(*SEED_FILES) == (
            f"{organizations}: 62 created, 0 updated, 0 unchanged.\n{paris}: 23 created, 0 updated, 0 unchanged.\n"
        )

    def test_second_run_changes_nothing(self, seed):
        counts, stamps = table_counts(), timestamps()
        organizations, paris = SEED_FILES
        assert run(*SEED_FILES) == (
            f"{organizations}: 0 created, 0 updated, 62 unchanged.\n{paris}: 0 created, 0 updated, 23 unchanged.\n"
        )
        assert table_counts() == counts
        assert timestamps() == stamps


VALID_FILE = """\
organizations:
  - slug: coalition-of-the-willing
    name: Coalition of the willing
    kind: coalition
    memberships:
      - start_date: 2025-03-02
        nations: [FR, GB]
sources:
  - ref: wire
    outlet: Test Wire
    title: Follow-up talks
    citations:
      - quote: We will meet again.
        speaker: A diplomat
        meeting: {citation_meeting}
meetings:
  - slug: existing
    title: Existing meeting, retitled
    start_date: 2025-03-01
  - slug: london-follow-up-2025
    title: London follow-up
    start_date: {start_date}
    sources: [wire]
    participations:
      - {{nation: GB, role: lead, status: attended, attendance_mode: in_person, sources: [wire]}}
      - {second}
"""
GOOD_SECOND = "{nation: FR, role: participant, status: attended, attendance_mode: remote, sources: [wire]}"
LONDON = "meetings[1]"


def bad_file(**changes):
    values = {"citation_meeting": "london-follow-up-2025", "start_date": "2025-03-15", "second": GOOD_SECOND} | changes
    return VALID_FILE.format(**values)


class TestInvalidFileImportsNothing:
    @pytest.fixture
    def existing(self, db):
        return factories.MeetingFactory(slug="existing", title="Existing meeting")

    def test_the_valid_file_imports(self, tmp_path, existing):
        path = write(tmp_path, "good.yaml", bad_file())
        assert run(path) == f"{path}: 8 created, 1 updated, 0 unchanged.\n"
        assert models.Meeting.objects.get(slug="existing").title == "Existing meeting, retitled"
        london = models.Meeting.objects.get(slug="london-follow-up-2025")
        assert list(london.participations.values_list("nation__code", "attendance_mode")) == [
            ("FR", "remote"),
            ("GB", "in_person"),
        ]
        assert models.Citation.objects.get().meeting == london

    @pytest.mark.parametrize(
        ("changes", "error"),
        [
            (
                {"second": "{nation: ZZ, status: invited}"},
                f"{LONDON}.participations[1].nation: Unknown nation 'ZZ' "
                "(give an ISO code such as FR or FRA, or a name).",
            ),
            (
                {"start_date": "2025-02-30"},
                f"{LONDON}.start_date: “2025-02-30” value has the correct format (YYYY-MM-DD) "
                "but it is an invalid date.",
            ),
            (
                {"start_date": "next week"},
                f"{LONDON}.start_date: “next week” value has an invalid date format. It must be in YYYY-MM-DD format.",
            ),
            (
                {"second": "{nation: FR, status: declined, attendance_mode: remote}"},
                f"{LONDON}.participations[1].attendance_mode: A nation that declined has no attendance mode.",
            ),
            (
                {"second": "{nation: FR, status: attended, mode: remote}"},
                f"{LONDON}.participations[1].mode: Unknown field (allowed: attendance_mode, nation, "
                "notes, representative, role, sources, status).",
            ),
            (
                {"second": "{nation: FR, role: chair, status: invited}"},
                f"{LONDON}.participations[1].role: Unknown role 'chair'.",
            ),
            (
                {"second": "{nation: FR, status: invited, sources: [newslooks]}"},
                f"{LONDON}.participations[1].sources[0]: No source with ref 'newslooks' in this document.",
            ),
            (
                {"second": "{nation: gbr, status: declined}"},
                f"{LONDON}.participations[1]: Repeats a record given earlier in this document.",
            ),
            ({"second": "FR"}, f"{LONDON}.participations[1]: Expected a mapping of fields, not 'FR'."),
            (
                {"citation_meeting": "berlin-2025"},
                "sources[0].citations[0].meeting: Unknown meeting 'berlin-2025'.",
            ),
        ],
        ids=[
            "unknown-nation",
            "impossible-date",
            "bad-date",
            "declined-with-mode",
            "unknown-field",
            "unknown-role",
            "unknown-source-ref",
            "duplicate-nation",
            "not-a-mapping",
            "citation-of-unknown-meeting",
        ],
    )
    def test_one_bad_record(self, tmp_path, existing, changes, error):
        """The records before the bad one (an organization, a source, an update, a meeting) are not written either."""
        path = write(tmp_path, "bad.yaml", bad_file(**changes))
        counts, stamps = table_counts(), timestamps()
        assert refused(path) == f"{path}: nothing imported. {error}"
        assert table_counts() == counts
        assert timestamps() == stamps
        assert models.Meeting.objects.get(slug="existing").title == "Existing meeting"

    def test_unknown_section(self, tmp_path, db):
        path = write(tmp_path, "bad.yaml", "meeting:\n  - slug: x\n")
        assert refused(path) == (
            f"{path}: nothing imported. meeting: Unknown field (allowed: meetings, organizations, sources)."
        )

    @pytest.mark.parametrize("text", ["- slug: x\n", "just text\n"], ids=["list", "scalar"])
    def test_not_a_mapping(self, tmp_path, db, text):
        path = write(tmp_path, "bad.yaml", text)
        assert refused(path) == f"{path}: nothing imported. document: Expected a mapping of fields."

    def test_files_are_imported_one_by_one(self, tmp_path, existing):
        """Each file is all or nothing: a good file before a bad one stays imported, and the error names the file."""
        good = write(tmp_path, "good.yaml", "organizations:\n  - {slug: au, name: African Union, kind: union}\n")
        bad = write(tmp_path, "bad.yaml", bad_file(second="{nation: ZZ}"))
        with pytest.raises(CommandError) as caught:
            run(good, bad)
        assert str(caught.value).startswith(f"{bad}: nothing imported. {LONDON}.participations[1].nation: Unknown")
        assert list(models.Organization.objects.values_list("slug", flat=True)) == ["au"]
        assert not models.Meeting.objects.filter(slug="london-follow-up-2025").exists()


class TestFurtherFiles:
    def test_a_new_meeting_is_added(self, tmp_path, seed):
        counts, stamps = table_counts(), timestamps()
        path = write(
            tmp_path,
            "london.yaml",
            """\
            sources:
              - ref: wire
                outlet: Test Wire
                title: Coalition meets in London
                published_date: 2025-03-16
                citations:
                  - {quote: Progress was made., speaker: British official, speaker_nation: gbr, meeting: london-2025}
            meetings:
              - slug: london-2025
                title: London follow-up talks
                parent: paris-ukraine-security-force-2025
                start_date: 2025-03-15
                start_time: "10:00"
                timezone: Europe/London
                city: London
                host_country: GBR
                format: virtual
                status: held
                level: leaders
                reported_nation_count: 26
                reported_nation_count_qualifier: about
                sources: [wire]
                sessions:
                  - {order: 1, title: Opening}
                participations:
                  - {nation: United Kingdom, role: host, status: attended, attendance_mode: remote}
                  - {nation: fra, role: lead, status: attended, attendance_mode: remote}
                  - {nation: South Korea, role: observer, status: confirmed}
                  - {nation: Federal Republic of Germany, status: invited}
                contributions:
                  - {nation: "826", category: troops, description: Ground troops, quantity: 10000, unit: troops,
                     status: pledged}
            """,
        )
        assert run(path) == f"{path}: 9 created, 0 updated, 0 unchanged.\n"

        london = models.Meeting.objects.select_related("parent", "host_country").get(slug="london-2025")
        assert (london.parent.slug, london.host_country.code, london.end_date, london.start_time) == (
            PARIS,
            "GB",
            datetime.date(2025, 3, 15),
            datetime.time(10),
        )
        assert list(london.participations.order_by("nation__code").values_list("nation__code", "role__code")) == [
            ("DE", "participant"),
            ("FR", "lead"),
            ("GB", "host"),
            ("KR", "observer"),
        ]
        contribution = london.contributions.get()
        assert (contribution.nation.code, contribution.quantity, contribution.status) == ("GB", 10000, "pledged")
        assert models.Source.objects.get(title="Coalition meets in London").published_date == datetime.date(2025, 3, 16)
        assert models.Citation.objects.get(quote="Progress was made.").speaker_nation.code == "GB"

        new_counts = table_counts()
        added = {table: new_counts[table] - counts[table] for table in counts if new_counts[table] != counts[table]}
        assert {table: count for table, count in added.items() if not is_bookkeeping(table)} == {
            "events_meeting": 1,
            "events_meeting_sources": 1,
            "events_session": 1,
            "events_participation": 4,
            "events_contribution": 1,
            "events_source": 1,
            "events_citation": 1,
        }
        paris_stamps = timestamps()
        for label, rows in stamps.items():
            assert {pk: paris_stamps[label][pk] for pk in rows} == rows
        assert run(path) == f"{path}: 0 created, 0 updated, 9 unchanged.\n"

    def test_a_corrected_file_updates_the_record(self, tmp_path, seed):
        """South Korea attended in person after all, and the representative of Ukraine is struck out: a field left
        out of a record is reset to its default."""
        paris_file = SEED_FILES[1]
        text = paris_file.read_text(encoding="utf-8")
        corrected = text.replace(
            "{nation: KR, role: participant, status: attended, attendance_mode: remote,",
            "{nation: KR, role: participant, status: attended, attendance_mode: in_person,",
        ).replace("        representative: official of the National Security and Defense Council\n", "")
        assert corrected.count("in_person") == 1 and "representative:" not in corrected
        path = write(tmp_path, "paris.yaml", corrected)
        before = dict(models.Participation.objects.values_list("nation__code", "updated_at"))

        assert run(path) == f"{path}: 0 created, 2 updated, 21 unchanged.\n"

        korea = models.Participation.objects.get(meeting__slug=PARIS, nation__code="KR")
        ukraine = models.Participation.objects.get(meeting__slug=PARIS, nation__code="UA")
        assert (korea.attendance_mode, ukraine.representative) == ("in_person", "")
        after = dict(models.Participation.objects.values_list("nation__code", "updated_at"))
        assert sorted(code for code in after if after[code] != before[code]) == ["KR", "UA"]

    def test_nations_by_code_and_name(self, tmp_path, db):
        path = write(
            tmp_path,
            "org.yaml",
            """\
            organizations:
              - slug: test-union
                name: Test union
                memberships:
                  - start_date: 2020-01-01
                    nations: [fr, DEU, ita, Spain, South Korea, "Korea, Democratic People's Republic of", 840, "076"]
            """,
        )
        assert run(path) == f"{path}: 9 created, 0 updated, 0 unchanged.\n"
        assert sorted(models.Membership.objects.values_list("nation__code", flat=True)) == [
            "BR",
            "DE",
            "ES",
            "FR",
            "IT",
            "KP",
            "KR",
            "US",
        ]


class TestUnreadableFiles:
    def test_missing_file(self, tmp_path, db):
        path = tmp_path / "missing.yaml"
        assert refused(path) == f"{path}: cannot read the file (No such file or directory)."

    def test_directory(self, tmp_path, db):
        assert refused(tmp_path) == f"{tmp_path}: cannot read the file (Is a directory)."

    def test_not_utf8(self, tmp_path, db):
        path = tmp_path / "latin1.yaml"
        path.write_bytes("sources:\n  - {outlet: Le Café, title: x}\n".encode("latin-1"))
        assert refused(path) == f"{path}: not UTF-8 text (invalid continuation byte at byte 28)."

    def test_invalid_yaml(self, tmp_path, db):
        path = write(tmp_path, "broken.yaml", "meetings: [\n  - slug: x\n")
        message = refused(path)
        assert message.startswith(f"{path}: nothing imported. document: Not valid YAML: ")
        assert "line 2" in message
        assert not models.Meeting.objects.exists()

    def test_empty_file_imports_nothing(self, tmp_path, db):
        path = write(tmp_path, "empty.yaml", "# nothing yet\n")
        assert run(path) == f"{path}: 0 created, 0 updated, 0 unchanged.\n"
