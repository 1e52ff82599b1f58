"""Synthetic meetings for the benchmark (bench/run.py): many, fast, deterministic for a seed, and valid.

Rows are written as plain tuples (COPY on PostgreSQL, a multi-row INSERT on SQLite): a million model instances and
`bulk_create` take ten times longer. Nothing calls `clean()` or sends signals (no history records, no bumps): every
value is therefore chosen so that the models' constraints and `clean()` rules hold by construction, and
tests/test_generate_synthetic.py checks a sample with `full_clean()`. All rows get the time of one change.
"""

import datetime
import itertools
import random

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection
from django.utils.text import slugify

from events import changes
from events.models import (
    Contribution,
    Delegate,
    Meeting,
    Nation,
    Organization,
    Participation,
    ParticipationRole,
    Person,
    ReportedCount,
    Series,
    Session,
    Source,
)
from events.models.base import digest
from events.models.choices import (
    AttendanceMode,
    ContributionCategory,
    ContributionStatus,
    CountQualifier,
    DelegateLevel,
    MeetingFormat,
    MeetingLevel,
    MeetingStatus,
    ParticipationStatus,
)

# Nations that take part most often come first; the others follow in an order drawn from the seed.
PROMINENT = ["US", "GB", "FR", "DE", "UA", "IT", "CA", "PL", "JP", "NL", "ES", "TR", "AU", "SE", "NO", "FI", "DK"]
TOPICS = [
    "Maritime Security", "Air Defence", "Energy Security", "Reconstruction", "Cyber Defence", "Humanitarian Aid",
    "Border Management", "Sanctions", "Grain Corridor", "Demining", "Arms Control", "Nuclear Safety", "Logistics",
    "Training Mission", "Space Security", "Financial Support", "Refugee Support", "Critical Infrastructure",
    "Defence Industry", "Peace Framework",
]  # fmt: skip
KINDS = ["Summit", "Ministerial", "Conference", "Working Group", "Talks", "Contact Group", "Roundtable", "Forum"]
CITIES = [
    ("Paris", "FR", "Europe/Paris"), ("London", "GB", "Europe/London"), ("Berlin", "DE", "Europe/Berlin"),
    ("Brussels", "BE", "Europe/Brussels"), ("Washington", "US", "America/New_York"), ("Kyiv", "UA", "Europe/Kyiv"),
    ("Rome", "IT", "Europe/Rome"), ("Warsaw", "PL", "Europe/Warsaw"), ("Ottawa", "CA", "America/Toronto"),
    ("Tokyo", "JP", "Asia/Tokyo"), ("Madrid", "ES", "Europe/Madrid"), ("Ankara", "TR", "Europe/Istanbul"),
    ("The Hague", "NL", "Europe/Amsterdam"), ("Stockholm", "SE", "Europe/Stockholm"), ("Oslo", "NO", "Europe/Oslo"),
    ("Helsinki", "FI", "Europe/Helsinki"), ("Geneva", "CH", "Europe/Zurich"), ("Vienna", "AT", "Europe/Vienna"),
    ("Ramstein", "DE", "Europe/Berlin"), ("Lisbon", "PT", "Europe/Lisbon"),
]  # fmt: skip
OUTLETS = ["Reuters", "Associated Press", "AFP", "BBC News", "Le Monde", "Der Spiegel", "Kyiv Independent"]
FIRST_DAY = datetime.date(1995, 1, 1)
DAYS = (datetime.date(2026, 12, 31) - FIRST_DAY).days
TODAY = datetime.date(2026, 1, 1)  # fixed, so that the statuses do not depend on when the command runs


class Command(BaseCommand):
    help = (
        "Add N synthetic meetings (about 10 participations each, some sessions, delegates, sources, contributions) "
        "for the benchmark. Deterministic for a seed; import events/data/organizations.yaml first so that "
        "membership filters find members. Refuses a seed already generated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, required=True, help="How many meetings to add.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices (default 1).")

    def handle(self, *args, meetings, seed, **options):
        if meetings < 1:
            raise CommandError("--meetings must be at least 1.")
        generator = Generator(seed=seed)
        if Meeting.objects.filter(slug__endswith=generator.slug_suffix(0)).exists():
            raise CommandError(f"Seed {seed} has been generated in this database already.")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the settings' timeouts are for requests, not for a bulk load
                cursor.execute("SET statement_timeout = 0")
                cursor.execute("SET idle_in_transaction_session_timeout = 0")
        with changes.recording(via="sync"):
            counts = generator.generate(meetings)
        if connection.vendor == "postgresql":
            # Autovacuum may be off: the planner needs statistics, and index-only scans a visibility map. VACUUM
            # cannot run inside a transaction (a test's): there, statistics only.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(self.style.SUCCESS(", ".join(f"{count} {name}" for name, count in counts.items()) + "."))


class Table:
    """Rows of one model as tuples of its columns, with ids given here (so that children can name their parent
    before it is written), each column's default where a row leaves it out, and the change's time."""

    def __init__(self, model, now):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.defaults = {field.attname: field.get_default() for field in self.fields}
        if "updated_at" in self.defaults:
            self.defaults["created_at"] = self.defaults["updated_at"] = now
        self.next_id = (model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.rows = []
        self.written = 0

    def add(self, **values):
        row_id, self.next_id = self.next_id, self.next_id + 1
        row = {**self.defaults, "id": row_id, **values}
        self.rows.append(tuple(row[field.attname] for field in self.fields))
        return row_id

    def flush(self):
        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                rows = [
                    [field.get_db_prep_save(value, connection) for field, value in zip(self.fields, row, strict=True)]
                    for row in self.rows
                ]
                placeholders = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
        self.written += len(self.rows)
        self.rows = []

    def finish(self):
        """The id sequence continues after the ids given here."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)


class Generator:
    """Chooses the rows and writes them, a chunk of meetings at a time so that memory stays bounded."""

    CHUNK = 5000

    def __init__(self, *, seed):
        self.seed = seed
        self.rng = random.Random(seed)

    def slug_suffix(self, index):
        return f"-{self.seed}-{index}"

    def generate(self, total):
        now = changes.change_time()
        self._load_references()
        self._create_pools(now)
        self.tables = {
            name: Table(model, now)
            for name, model in [
                ("meetings", Meeting),
                ("participations", Participation),
                ("delegates", Delegate),
                ("sessions", Session),
                ("contributions", Contribution),
                ("reported counts", ReportedCount),
                ("meeting sources", Meeting.sources.through),
            ]
        }
        for start in range(0, total, self.CHUNK):
            for index in range(start, min(start + self.CHUNK, total)):
                self._add_meeting(index)
            for table in self.tables.values():  # parents first: the foreign keys are checked at each statement
                table.flush()
        for table in self.tables.values():
            table.finish()
        return {"sources": len(self.sources)} | {name: table.written for name, table in self.tables.items()}

    def _load_references(self):
        nations = list(Nation.objects.order_by("code").values_list("code", "pk"))
        if not nations:
            raise CommandError("No nations: run the migrations first.")
        self.nation_ids = dict(nations)
        first = [code for code in PROMINENT if code in self.nation_ids]
        rest = [code for code, _ in nations if code not in PROMINENT]
        self.rng.shuffle(rest)
        self.ranked_nations = [self.nation_ids[code] for code in first + rest]
        # Zipf: the k-th nation takes part about 1/k as often as the first.
        self.nation_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.ranked_nations))))
        self.roles = dict(ParticipationRole.objects.values_list("code", "pk"))
        if not {"lead", "host", "participant", "observer"} <= self.roles.keys():
            raise CommandError("The participation roles are missing: run the migrations first.")
        self.organization_ids = list(Organization.objects.order_by("slug").values_list("pk", flat=True))

    def _create_pools(self, now):
        """Series, people and sources that the meetings share: few enough for bulk_create."""
        tag = f"synthetic {self.seed}"
        stamp = {"created_at": now, "updated_at": now}
        series = [
            Series(slug=f"synthetic-{slugify(topic)}-{self.seed}", name=f"{topic} series ({tag})", **stamp)
            for topic in TOPICS[:5]
        ]
        self.series_ids = [row.pk for row in Series.objects.bulk_create(series)]
        people = [Person(name=f"Delegate {index} ({tag})", **stamp) for index in range(500)]
        self.person_ids = [row.pk for row in Person.objects.bulk_create(people)]
        sources = [
            Source(
                outlet=OUTLETS[index % len(OUTLETS)],
                title=f"Report {index} ({tag})",
                url=f"https://news.example.com/synthetic/{self.seed}/{index}",
                published_date=FIRST_DAY + datetime.timedelta(days=self.rng.randrange(DAYS)),
                **stamp,
            )
            for index in range(1000)
        ]
        self.sources = [row.pk for row in Source.objects.bulk_create(sources)]

    def _add_meeting(self, index):
        rng = self.rng
        topic, kind = rng.choice(TOPICS), rng.choice(KINDS)
        city, country, timezone = rng.choice(CITIES)
        start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        end = start + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2]))
        title = f"{topic} {kind} in {city}"
        timed = rng.random() < 0.2
        if start >= TODAY:
            status = rng.choice([MeetingStatus.SCHEDULED] * 8 + [MeetingStatus.POSTPONED])
        else:
            status = rng.choice([MeetingStatus.HELD] * 18 + [MeetingStatus.CANCELLED, MeetingStatus.POSTPONED])
        meeting_format = rng.choice(
            [MeetingFormat.IN_PERSON] * 6 + [MeetingFormat.HYBRID] * 3 + [MeetingFormat.VIRTUAL]
        )
        meeting = self.tables["meetings"].add(
            title=title,
            slug=f"{slugify(title)}{self.slug_suffix(index)}",
            summary=f"Delegations discussed {topic.lower()} at a {kind.lower()} in {city}.",
            purpose=topic,
            start_date=start,
            end_date=end,
            start_time=datetime.time(9, 0) if timed else None,
            end_time=datetime.time(17, 30) if timed else None,
            timezone=timezone if timed else "",
            city=city,
            host_country_id=self.nation_ids.get(country),
            format=meeting_format,
            status=status,
            level=rng.choice([*MeetingLevel.values, None]),
            series_id=rng.choice(self.series_ids) if rng.random() < 0.05 else None,
            participants_complete=rng.random() < 0.3,
        )
        for participation, attendance_mode in self._add_participations(meeting, status, meeting_format):
            if attendance_mode and rng.random() < 0.05:
                self._add_delegate(participation, attendance_mode)
        if rng.random() < 0.1:
            for order in range(1, rng.randint(1, 3) + 1):
                self.tables["sessions"].add(
                    meeting_id=meeting,
                    order=order,
                    title=f"Session {order}: {topic}",
                    date=start + datetime.timedelta(days=rng.randint(0, (end - start).days)),
                )
        if rng.random() < 0.05:
            self._add_contribution(meeting, topic, start)
        if status == MeetingStatus.HELD and rng.random() < 0.1:
            self.tables["reported counts"].add(
                meeting_id=meeting, count=rng.randint(5, 40), qualifier=rng.choice(CountQualifier.values)
            )
        for source in rng.sample(self.sources, rng.choice([0, 1, 1, 2])):
            self.tables["meeting sources"].add(meeting_id=meeting, source_id=source)

    def _add_participations(self, meeting, meeting_status, meeting_format):
        """About ten distinct nations drawn by their weight, sometimes an organization too; yields (id, mode)."""
        rng = self.rng
        size = max(1, min(len(self.ranked_nations), int(rng.gauss(9.5, 4))))
        chosen = set()
        while len(chosen) < size:
            chosen.add(rng.choices(range(len(self.ranked_nations)), cum_weights=self.nation_weights)[0])
        participants = [(self.ranked_nations[rank], None) for rank in sorted(chosen)]
        if self.organization_ids and rng.random() < 0.15:
            participants.append((None, rng.choice(self.organization_ids)))
        for position, (nation, organization) in enumerate(participants):
            status = self._status(meeting_status)
            mode = self._mode(meeting_format, status)
            role = (
                "host"
                if position == 0 and rng.random() < 0.3
                else rng.choice(["participant"] * 8 + ["lead", "observer"])
            )
            participation = self.tables["participations"].add(
                meeting_id=meeting,
                nation_id=nation,
                organization_id=organization,
                role_id=self.roles[role],
                status=status,
                attendance_mode=mode,
            )
            yield participation, mode

    def _status(self, meeting_status):
        if meeting_status == MeetingStatus.HELD:
            options = [ParticipationStatus.ATTENDED] * 16 + [ParticipationStatus.DECLINED, ParticipationStatus.ABSENT]
        elif meeting_status == MeetingStatus.CANCELLED:
            options = [ParticipationStatus.INVITED, ParticipationStatus.DECLINED]
        else:
            options = (
                [ParticipationStatus.INVITED] * 2 + [ParticipationStatus.CONFIRMED] * 3 + [ParticipationStatus.DECLINED]
            )
        return self.rng.choice(options)

    def _mode(self, meeting_format, status):
        """No mode unless attending (or confirmed, sometimes); never in person at a virtual meeting."""
        if status in (ParticipationStatus.DECLINED, ParticipationStatus.ABSENT, ParticipationStatus.INVITED):
            return None
        if status == ParticipationStatus.CONFIRMED and self.rng.random() < 0.5:
            return None
        if meeting_format == MeetingFormat.VIRTUAL:
            return self.rng.choice([AttendanceMode.REMOTE, AttendanceMode.WRITTEN])
        return self.rng.choice(
            [AttendanceMode.IN_PERSON] * 6 + [AttendanceMode.REMOTE, AttendanceMode.WRITTEN, AttendanceMode.UNSPECIFIED]
        )

    def _add_delegate(self, participation, attendance_mode):
        """One delegate per participation at most, so neither uniqueness rule can be broken; its mode is the
        participation's, never in person at a virtual meeting."""
        rng = self.rng
        named = rng.random() < 0.7
        self.tables["delegates"].add(
            participation_id=participation,
            person_id=rng.choice(self.person_ids) if named else None,
            description="" if named else "a senior official",
            office=rng.choice(["Minister of Defence", "Foreign Minister", "Prime Minister", "Ambassador", ""]),
            level=rng.choice([*DelegateLevel.values, None]),
            attendance_mode=attendance_mode,
        )

    def _add_contribution(self, meeting, topic, start):
        """One per meeting at most, so the natural key is unique."""
        rng = self.rng
        description = f"{rng.choice(ContributionCategory.labels)} for {topic.lower()}"
        amount = rng.choice([None, rng.randint(1, 5000) * 100_000])
        self.tables["contributions"].add(
            meeting_id=meeting,
            nation_id=self.ranked_nations[rng.randrange(20)],
            recipient_id=self.nation_ids.get("UA"),
            categories=",".join(rng.sample(ContributionCategory.values, rng.randint(1, 2))),
            description=description,
            description_digest=digest(description),
            amount=amount,
            currency="EUR" if amount else None,
            announced_on=start,
            status=rng.choice([ContributionStatus.PLEDGED, ContributionStatus.DELIVERED, ContributionStatus.PROPOSED]),
        )
