"""The `import_events` command: idempotent, all-or-nothing per file, and naming the bad record."""

import datetime
import io
import textwrap
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from events import models
from tests import factories
from tests.api.bodies import rule_violated
from tests.conftest import PARIS, SEED_FILES, SHIPPED_FILES

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
        for model in (
            models.Meeting,
            models.Session,
            models.Participation,
            models.Delegate,
            models.Person,
            models.Series,
            models.ReportedCount,
            models.MeetingRelation,
            models.Contribution,
            models.Source,
            models.Citation,
        )
    }


class TestSeedImport:
    def test_first_run_creates_every_record(self, db):
        organizations, paris, coalition = SHIPPED_FILES
        assert run(*SHIPPED_FILES) == (
            f"{organizations}: 62 created, 0 updated, 0 unchanged.\n"
            f"{paris}: 26 created, 0 updated, 0 unchanged.\n"
            f"{coalition}: 88 created, 0 updated, 0 unchanged.\n"
        )

    def test_second_run_changes_nothing(self, shipped):
        counts, stamps = table_counts(), timestamps()
        organizations, paris, coalition = SHIPPED_FILES
        assert run(*SHIPPED_FILES) == (
            f"{organizations}: 0 created, 0 updated, 62 unchanged.\n"
            f"{paris}: 0 created, 0 updated, 26 unchanged.\n"
            f"{coalition}: 0 created, 0 updated, 88 unchanged.\n"
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
                f"{LONDON}.participations[1].attendance_mode: A participant that declined or was reported absent "
                "has no attendance mode.",
            ),
            (
                {"second": "{nation: FR, status: attended, mode: remote}"},
                f"{LONDON}.participations[1].mode: Unknown field (allowed: attendance_mode, basis, basis_note, "
                "delegates, nation, notes, organization, role, sources, status).",
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
            f"{path}: nothing imported. meeting: Unknown field (allowed: contributions, meetings, organizations, "
            "people, series, sources)."
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
                participants_complete: true
                reported_counts:
                  - {count: 26, qualifier: about, sources: [wire]}
                sources: [wire]
                sessions:
                  - {order: 1, title: Opening}
                participations:
                  - {nation: United Kingdom, role: host, status: attended, attendance_mode: remote}
                  - {nation: fra, role: lead, status: attended, attendance_mode: remote}
                  - {nation: South Korea, role: observer, status: confirmed}
                  - {nation: Federal Republic of Germany, status: invited}
                contributions:
                  - {nation: "826", categories: [troops], description: Ground troops, quantity: 10000, unit: troops,
                     status: pledged}
            """,
        )
        assert run(path) == f"{path}: 10 created, 0 updated, 0 unchanged.\n"

        london = models.Meeting.objects.select_related("parent", "host_country").get(slug="london-2025")
        assert (
            london.parent.slug,
            london.host_country.code,
            london.end_date,
            london.start_time,
            london.participants_complete,
        ) == (PARIS, "GB", datetime.date(2025, 3, 15), datetime.time(10), True)
        count = london.reported_counts.get()
        assert (count.count, count.qualifier, [source.title for source in count.sources.all()]) == (
            26,
            "about",
            ["Coalition meets in London"],
        )
        assert list(london.participations.order_by("nation__code").values_list("nation__code", "role__code")) == [
            ("DE", "participant"),
            ("FR", "lead"),
            ("GB", "host"),
            ("KR", "observer"),
        ]
        contribution = london.contributions.get()
        assert (contribution.nation.code, contribution.categories, contribution.quantity, contribution.status) == (
            "GB",
            ["troops"],
            10000,
            "pledged",
        )
        assert models.Source.objects.get(title="Coalition meets in London").published_date == datetime.date(2025, 3, 16)
        assert models.Citation.objects.get(quote="Progress was made.").speaker_nation.code == "GB"

        new_counts = table_counts()
        added = {table: new_counts[table] - counts[table] for table in counts if new_counts[table] != counts[table]}
        assert {table: count for table, count in added.items() if not is_bookkeeping(table)} == {
            "events_meeting": 1,
            "events_meeting_sources": 1,
            "events_reportedcount": 1,
            "events_reportedcount_sources": 1,
            "events_session": 1,
            "events_participation": 4,
            "events_contribution": 1,
            "events_source": 1,
            "events_citation": 1,
        }
        paris_stamps = timestamps()
        for label, rows in stamps.items():
            assert {pk: paris_stamps[label][pk] for pk in rows} == rows
        assert run(path) == f"{path}: 0 created, 0 updated, 10 unchanged.\n"

    def test_a_corrected_file_updates_the_record(self, tmp_path, seed):
        """South Korea attended in person after all, and the level of Ukraine's delegate is struck out: a field left
        out of a record is reset to its default."""
        paris_file = SEED_FILES[1]
        text = paris_file.read_text(encoding="utf-8")
        corrected = text.replace(
            "{nation: KR, role: participant, status: attended, attendance_mode: remote,",
            "{nation: KR, role: participant, status: attended, attendance_mode: in_person,",
        ).replace("            level: official\n", "")
        assert corrected.count("in_person") == 1 and "level: official" not in corrected
        path = write(tmp_path, "paris.yaml", corrected)
        before = dict(models.Participation.objects.values_list("nation__code", "updated_at"))
        delegate_before = models.Delegate.objects.get(participation__nation__code="UA")

        assert run(path) == f"{path}: 0 created, 2 updated, 24 unchanged.\n"

        korea = models.Participation.objects.get(meeting__slug=PARIS, nation__code="KR")
        delegate = models.Delegate.objects.get(participation__meeting__slug=PARIS, participation__nation__code="UA")
        assert (korea.attendance_mode, delegate.pk, delegate.description, delegate.level) == (
            "in_person",
            delegate_before.pk,
            "official of the National Security and Defense Council",
            None,
        )
        assert delegate.updated_at > delegate_before.updated_at
        # Ukraine's participation shows its delegates: its representation changed with the delegate.
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


REPORTING_FILE = """\
organizations:
  - slug: nato
    name: North Atlantic Treaty Organization
    short_name: NATO
    kind: alliance
    memberships:
      - start_date: 1949-08-24
        nations: [CA, FR, GB]
series:
  - slug: coalition-of-the-willing
    name: Coalition of the willing
people:
  - {{ref: starmer, name: Keir Starmer, wikidata_id: Q6383729}}
  - {{ref: rutte, name: Mark Rutte, notes: Secretary General of NATO}}
sources:
  - ref: govuk
    outlet: GOV.UK
    title: GOV.UK press release on the call
    url: https://www.gov.uk/government/news/the-call
    published_date: 2025-03-15
    citations:
      - {{quote: The ball is in Russia's court., speaker: Keir Starmer, speaker_person: starmer, speaker_nation: GB,
         meeting: leaders-call}}
  - ref: wire
    outlet: Test Wire
    title: Leaders meet by video
meetings:
  - slug: leaders-call
    title: Leaders' call
    start_date: 2025-03-15
    format: {call_format}
    status: held
    level: leaders
    series: coalition-of-the-willing
    sources: [govuk, wire]
    sessions:
      - {{order: 1, title: Opening, date: 2025-03-15}}
      - {{order: 2, title: Round table, date: 2025-03-15, start_time: "11:00", end_time: "12:30"}}
    reported_counts:
      - {{count: 25, qualifier: about, basis: disputed, basis_note: The wire says 26., sources: [govuk]}}
      - {{count: 26, sources: [wire]}}
    relations:
      - {{kind: prepares, meeting: planners-meeting, basis: inferred, basis_note: Announced on the call.,
         sources: [wire]}}
    participations:
      - nation: GB
        role: lead
        status: attended
        attendance_mode: {gb_mode}
        sources: [govuk]
        delegates:
          - {{person: starmer, office: Prime Minister, level: head_of_government, sessions: [1, 2], sources: [govuk]}}
      - organization: nato
        status: attended
        attendance_mode: remote
        basis: inferred
        delegates:
          - {{person: rutte, office: Secretary General, level: official, sessions: [2], sources: [wire]}}
      - nation: JP
        status: attended
        attendance_mode: written
        delegates:
          - {{description: a senior official, level: official, attendance_mode: written}}
      - {{nation: HU, status: absent, basis: disputed, basis_note: Named absent by one source only., sources: [wire]}}
    contributions:
      - {{nation: GB, categories: [funding, military_aid], description: Export finance for air defence.,
         amount: 1600000000, currency: GBP, recipient: UA, announced_on: 2025-03-15, status: pledged}}
  - slug: planners-meeting
    title: Planners' meeting
    start_date: 2025-03-20
    format: in_person
    status: held
    level: military
    series: coalition-of-the-willing
    participations:
      - nation: GB
        role: lead
        status: attended
        attendance_mode: in_person
        delegates:
          - {{person: starmer, office: Prime Minister, level: head_of_government, attendance_mode: in_person}}
contributions:
  - {{nation: FR, recipient: UA, categories: [military_aid], description: A EUR 2bn military aid package.,
     amount: "2000000000.00", currency: EUR, announced_on: 2025-03-19, status: pledged, basis: stated,
     sources: [wire]}}
  - {last}
"""
GOOD_LAST = "{organization: nato, categories: [training], description: Training of Ukrainian forces., status: proposed}"
VIRTUAL_HAS_NO_IN_PERSON = (
    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
)


def reporting_file(**changes):
    return REPORTING_FILE.format(**({"call_format": "virtual", "gb_mode": "remote", "last": GOOD_LAST} | changes))


class TestReportingSections:
    """Series, people, organizations as participants, delegates, reported counts, relations and contributions of no
    meeting: each read back as the document states it."""

    @pytest.fixture
    def imported(self, tmp_path, db):
        path = write(tmp_path, "reporting.yaml", reporting_file())
        assert run(path) == f"{path}: 29 created, 0 updated, 0 unchanged.\n"
        return path

    def test_series_and_people(self, imported):
        series = models.Series.objects.get(slug="coalition-of-the-willing")
        assert list(series.meetings.order_by("start_date").values_list("slug", flat=True)) == [
            "leaders-call",
            "planners-meeting",
        ]
        assert list(models.Person.objects.values_list("name", "wikidata_id", "notes")) == [
            ("Keir Starmer", "Q6383729", ""),
            ("Mark Rutte", "", "Secretary General of NATO"),
        ]
        citation = models.Citation.objects.get()
        assert (citation.speaker_person.name, citation.speaker_nation.code, citation.meeting.slug) == (
            "Keir Starmer",
            "GB",
            "leaders-call",
        )

    def test_participants_and_their_delegates(self, imported):
        call = models.Meeting.objects.get(slug="leaders-call")
        rows = call.participations.order_by("id").values_list(
            "nation__code", "organization__slug", "status", "attendance_mode", "basis", "basis_note"
        )
        assert list(rows) == [
            ("GB", None, "attended", "remote", "stated", ""),
            (None, "nato", "attended", "remote", "inferred", ""),
            ("JP", None, "attended", "written", "stated", ""),
            ("HU", None, "absent", None, "disputed", "Named absent by one source only."),
        ]
        delegates = {
            str(delegate.participation.participant): (
                delegate.person.name if delegate.person else delegate.description,
                delegate.office,
                delegate.level,
                delegate.attendance_mode,
                [session.order for session in delegate.sessions.order_by("order")],
                [source.outlet for source in delegate.sources.all()],
            )
            for delegate in models.Delegate.objects.filter(participation__meeting=call)
        }
        assert delegates == {
            "United Kingdom (GB)": ("Keir Starmer", "Prime Minister", "head_of_government", None, [1, 2], ["GOV.UK"]),
            "NATO": ("Mark Rutte", "Secretary General", "official", None, [2], ["Test Wire"]),
            "Japan (JP)": ("a senior official", "", "official", "written", [], []),
        }
        starmer = models.Person.objects.get(name="Keir Starmer")
        assert sorted(starmer.delegations.values_list("participation__meeting__slug", "attendance_mode")) == [
            ("leaders-call", None),
            ("planners-meeting", "in_person"),
        ]

    def test_sessions_counts_and_relations(self, imported):
        call = models.Meeting.objects.get(slug="leaders-call")
        assert list(call.sessions.values_list("order", "date", "start_time", "end_time")) == [
            (1, datetime.date(2025, 3, 15), None, None),
            (2, datetime.date(2025, 3, 15), datetime.time(11), datetime.time(12, 30)),
        ]
        counts = [
            (count.count, count.qualifier, count.basis, count.basis_note, [s.outlet for s in count.sources.all()])
            for count in call.reported_counts.all()
        ]
        assert counts == [
            (25, "about", "disputed", "The wire says 26.", ["GOV.UK"]),
            (26, "exact", "stated", "", ["Test Wire"]),
        ]
        relation = models.MeetingRelation.objects.get()
        assert (relation.from_meeting.slug, relation.kind, relation.to_meeting.slug, relation.basis) == (
            "leaders-call",
            "prepares",
            "planners-meeting",
            "inferred",
        )

    def test_contributions_with_money_and_of_no_meeting(self, imported):
        rows = models.Contribution.objects.order_by("id").values_list(
            "meeting__slug",
            "organization__slug",
            "nation__code",
            "recipient__code",
            "categories",
            "amount",
            "currency",
            "announced_on",
            "status",
        )
        assert list(rows) == [
            (
                "leaders-call",
                None,
                "GB",
                "UA",
                ["funding", "military_aid"],
                Decimal("1600000000.00"),
                "GBP",
                datetime.date(2025, 3, 15),
                "pledged",
            ),
            (
                None,
                None,
                "FR",
                "UA",
                ["military_aid"],
                Decimal("2000000000.00"),
                "EUR",
                datetime.date(2025, 3, 19),
                "pledged",
            ),
            (None, "nato", None, None, ["training"], None, None, None, "proposed"),
        ]

    def test_a_second_import_changes_nothing(self, imported):
        counts, stamps = table_counts(), timestamps()
        assert run(imported) == f"{imported}: 0 created, 0 updated, 29 unchanged.\n"
        assert table_counts() == counts
        assert timestamps() == stamps

    def test_a_corrected_document_updates_only_what_changed(self, tmp_path, imported):
        """The Prime Minister attended the opening only; the contribution is valued in euros."""
        corrected = reporting_file().replace("sessions: [1, 2]", "sessions: [1]")
        corrected = corrected.replace("amount: 1600000000, currency: GBP", "amount: 1900000000, currency: EUR")
        path = write(tmp_path, "corrected.yaml", corrected)
        assert run(path) == f"{path}: 0 created, 2 updated, 27 unchanged.\n"
        delegate = models.Delegate.objects.get(person__name="Keir Starmer", participation__meeting__slug="leaders-call")
        assert list(delegate.sessions.values_list("order", flat=True)) == [1]
        assert models.Contribution.objects.filter(amount=Decimal("1900000000"), currency="EUR").count() == 1

    def test_a_person_is_matched_on_their_wikidata_item(self, tmp_path, imported):
        renamed = reporting_file().replace("name: Keir Starmer,", "name: Sir Keir Starmer,")
        path = write(tmp_path, "renamed.yaml", renamed)
        assert run(path) == f"{path}: 0 created, 1 updated, 28 unchanged.\n"
        assert list(models.Person.objects.values_list("name", flat=True)) == ["Mark Rutte", "Sir Keir Starmer"]

    def test_a_person_without_an_item_is_matched_on_their_name(self, tmp_path, imported):
        person = models.Person.objects.get(name="Mark Rutte")
        person.notes = "Changed by hand."
        person.save()
        assert run(imported) == f"{imported}: 0 created, 1 updated, 28 unchanged.\n"
        person.refresh_from_db()
        assert (models.Person.objects.count(), person.notes) == (2, "Secretary General of NATO")

    def test_a_name_that_several_people_share_needs_their_item(self, tmp_path, db):
        factories.PersonFactory(name="Mark Rutte")
        factories.PersonFactory(name="Mark Rutte")
        path = write(tmp_path, "reporting.yaml", reporting_file())
        assert (
            refused(path)
            == f"{path}: nothing imported. people[1]: Several people have this name: give their wikidata_id."
        )


class TestReportingFileImportsNothingWhenOneRecordIsBad:
    @pytest.fixture
    def counts(self, db):
        """An earlier import that the bad file would change: none of it may change either."""
        factories.MeetingFactory(slug="leaders-call", title="Leaders' call, first version", format="hybrid")
        return table_counts(), timestamps()

    @pytest.mark.parametrize(
        ("last", "error"),
        [
            (
                "{nation: DE, categories: [funding], description: Money., amount: 100, status: pledged}",
                "contributions[1].currency: An amount needs its currency, and a currency an amount.",
            ),
            (
                "{nation: DE, categories: [funding], description: Money., currency: EUR, status: pledged}",
                "contributions[1].amount: An amount needs its currency, and a currency an amount.",
            ),
            (
                "{nation: DE, categories: [funding], description: Money., amount: 100, currency: XYZ, status: pledged}",
                'contributions[1].currency: "XYZ" is not an ISO 4217 currency code (e.g. EUR, GBP, USD).',
            ),
            (
                "{nation: DE, recipient: Ruritania, categories: [funding], description: Money.}",
                "contributions[1].recipient: Unknown nation 'Ruritania' (give an ISO code such as FR or FRA, or a "
                "name).",
            ),
            (
                "{categories: [funding], description: Money nobody offers to no effort.}",
                "contributions[1].nation: A contribution names its nation, or the meeting or organization whose "
                "effort calls for it (or both).",
            ),
            (
                "{nation: DE, categories: [], description: Money.}",
                "contributions[1].categories: This field cannot be blank.",
            ),
            (
                "{nation: DE, meeting: leaders-call, organization: nato, categories: [funding], description: Money.}",
                "contributions[1].organization: A contribution serves a meeting's effort or an organization's, not "
                "both.",
            ),
            (
                "{nation: FR, recipient: UA, categories: [funding], description: A EUR 2bn military aid package.}",
                "contributions[1]: Repeats a record given earlier in this document.",
            ),
        ],
        ids=[
            "amount-without-currency",
            "currency-without-amount",
            "unknown-currency",
            "unknown-recipient",
            "nobody-for-nothing",
            "no-category",
            "meeting-and-organization",
            "repeated",
        ],
    )
    def test_an_error_in_the_last_record(self, tmp_path, counts, last, error):
        path = write(tmp_path, "bad.yaml", reporting_file(last=last))
        assert refused(path) == f"{path}: nothing imported. {error}"
        assert (table_counts(), timestamps()) == counts
        assert models.Meeting.objects.get().title == "Leaders' call, first version"

    @pytest.mark.parametrize(
        ("old", "new", "error"),
        [
            (
                "person: rutte,",
                "person: stoltenberg,",
                "meetings[0].participations[1].delegates[0].person: No person with ref 'stoltenberg' in this document.",
            ),
            (
                "sessions: [2],",
                "sessions: [3],",
                "meetings[0].participations[1].delegates[0].sessions[0]: No session with order 3 in this meeting.",
            ),
            (
                "{description: a senior official, level: official,",
                "{level: official,",
                "meetings[0].participations[2].delegates[0].description: A delegate is a person, or an unnamed "
                "official described as the source does.",
            ),
            (
                "level: official, sessions: [2]",
                "level: secretary_general, sessions: [2]",
                "meetings[0].participations[1].delegates[0].level: Value 'secretary_general' is not a valid choice.",
            ),
            (
                "      - organization: nato\n",
                "      - organization: nato\n        nation: NL\n",
                "meetings[0].participations[1]: Give the participant: a nation or an organization (one of them).",
            ),
            (
                "      - organization: nato\n",
                "      - organization: otan\n",
                "meetings[0].participations[1].organization: Unknown organization 'otan'.",
            ),
            (
                "{nation: HU, status: absent,",
                "{nation: HU, status: absent, attendance_mode: remote,",
                "meetings[0].participations[3].attendance_mode: A participant that declined or was reported absent "
                "has no attendance mode.",
            ),
            (
                "- {count: 26, sources: [wire]}",
                "- {count: 25, qualifier: about, sources: [wire]}",
                "meetings[0].reported_counts[1]: Repeats a record given earlier in this document.",
            ),
            (
                "kind: prepares, meeting: planners-meeting",
                "kind: prepares, meeting: leaders-call",
                "meetings[0].relations[0].to_meeting: A meeting cannot relate to itself.",
            ),
            (
                "kind: prepares, meeting: planners-meeting",
                "kind: precedes, meeting: planners-meeting",
                "meetings[0].relations[0].kind: Value 'precedes' is not a valid choice.",
            ),
            (
                "series: coalition-of-the-willing\n    participations",
                "series: coalition-of-the-unwilling\n    participations",
                "meetings[1].series: Unknown series 'coalition-of-the-unwilling'.",
            ),
            (
                "wikidata_id: Q6383729",
                "wikidata_id: 6383729",
                "people[0].wikidata_id: A Wikidata item id: Q and a number, such as Q42.",
            ),
            (
                "{ref: rutte,",
                "{ref: starmer,",
                "people[1].ref: The ref 'starmer' is already used in this document.",
            ),
        ],
        ids=[
            "unknown-person",
            "unknown-session",
            "nobody",
            "unknown-level",
            "nation-and-organization",
            "unknown-organization",
            "absent-with-mode",
            "repeated-count",
            "relation-to-itself",
            "unknown-relation-kind",
            "unknown-series",
            "bad-wikidata-id",
            "repeated-person-ref",
        ],
    )
    def test_an_error_elsewhere(self, tmp_path, counts, old, new, error):
        text = reporting_file()
        assert text.count(old) == 1, old
        path = write(tmp_path, "bad.yaml", text.replace(old, new))
        assert refused(path) == f"{path}: nothing imported. {error}"
        assert (table_counts(), timestamps()) == counts


class TestVirtualMeetings:
    """A virtual meeting has no in-person participant: the importer says so as the API does."""

    def test_an_in_person_participant_of_a_virtual_meeting_is_refused_as_the_api_refuses_it(self, tmp_path, editor, db):
        path = write(tmp_path, "bad.yaml", reporting_file(gb_mode="in_person"))
        assert refused(path) == (
            f"{path}: nothing imported. meetings[0].participations[0].attendance_mode: {VIRTUAL_HAS_NO_IN_PERSON}"
        )
        assert not models.Meeting.objects.exists()

        factories.MeetingFactory(slug="call", format="virtual")
        response = editor.post(
            "/api/v1/participations/",
            {"meeting": "call", "nation": "GB", "role": "lead", "status": "attended", "attendance_mode": "in_person"},
            format="json",
        )
        assert response.json() == rule_violated(attendance_mode=[VIRTUAL_HAS_NO_IN_PERSON])

    def test_an_in_person_delegate_of_a_virtual_meeting_is_refused(self, tmp_path, db):
        text = reporting_file().replace(
            "level: official, attendance_mode: written}", "level: official, attendance_mode: in_person}"
        )
        path = write(tmp_path, "bad.yaml", text)
        assert refused(path) == (
            f"{path}: nothing imported. meetings[0].participations[2].delegates[0].attendance_mode: "
            f"{VIRTUAL_HAS_NO_IN_PERSON}"
        )

    def test_a_meeting_with_in_person_participants_cannot_become_virtual(self, tmp_path, db):
        run(write(tmp_path, "hybrid.yaml", reporting_file(call_format="hybrid", gb_mode="in_person")))
        counts, stamps = table_counts(), timestamps()
        path = write(tmp_path, "virtual.yaml", reporting_file(call_format="virtual", gb_mode="in_person"))
        assert refused(path) == f"{path}: nothing imported. meetings[0].format: {VIRTUAL_HAS_NO_IN_PERSON}"
        assert (table_counts(), timestamps()) == (counts, stamps)

    def test_a_corrected_document_may_make_a_meeting_virtual_with_its_participants_remote(self, tmp_path, db):
        """The document as a whole holds the rule: the meeting is virtual and everyone took part remotely. The
        order the importer writes the records in must not refuse it."""
        run(write(tmp_path, "hybrid.yaml", reporting_file(call_format="hybrid", gb_mode="in_person")))
        path = write(tmp_path, "virtual.yaml", reporting_file(call_format="virtual", gb_mode="remote"))
        assert run(path) == f"{path}: 0 created, 2 updated, 27 unchanged.\n"
        call = models.Meeting.objects.get(slug="leaders-call")
        assert (call.format, call.participations.get(nation__code="GB").attendance_mode) == ("virtual", "remote")
