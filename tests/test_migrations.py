"""Migrations 0010-0012 move API v1's single-value fields into the new shapes, keeping every fact and its sources.

The database is migrated back to 0009, rows are written in the old shapes through the historical models, and the
database is migrated forward again; it is left at the latest state whatever the outcome.
"""

import datetime
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events import models

BEFORE = [("events", "0009_history_without_created_at")]
DAY = datetime.date(2025, 3, 11)
REPRESENTATIVE = "official of the National Security and Defense Council"
SHARED_DESCRIPTION = "Contribution to the force"

# Schema changes on SQLite cannot run inside the transaction that wraps an ordinary test; the reference data (nations,
# roles) that the migrations load is restored from its serialized copy for any later test that needs it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    """Migrate to `targets`; the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield migrate(BEFORE)
    finally:
        migrate(latest)


def old_rows(apps):
    """The Paris talks as API v1 held them, with a second meeting, a second source and an organization."""
    nation = apps.get_model("events", "Nation").objects.get
    role = apps.get_model("events", "ParticipationRole").objects.get
    meeting_model = apps.get_model("events", "Meeting")
    participation_model = apps.get_model("events", "Participation")
    contribution_model = apps.get_model("events", "Contribution")
    source_model = apps.get_model("events", "Source")

    newslooks = source_model.objects.create(outlet="Newslooks", title="30+ Nations Discuss Military Support")
    wire = source_model.objects.create(outlet="Test Wire", title="Britain offers troops and aircraft")
    paris = meeting_model.objects.create(
        title="Paris talks",
        slug="paris",
        start_date=DAY,
        end_date=DAY,
        format="hybrid",
        status="held",
        reported_nation_count=30,
        reported_nation_count_qualifier="more_than",
    )
    paris.sources.set([newslooks, wire])
    meeting_model.objects.create(title="Uncounted talks", slug="uncounted", start_date=DAY, end_date=DAY)

    ukraine = participation_model.objects.create(
        meeting=paris,
        nation=nation(code="UA"),
        role=role(code="participant"),
        status="attended",
        attendance_mode="unspecified",
        representative=REPRESENTATIVE,
    )
    ukraine.sources.set([newslooks])
    participation_model.objects.create(
        meeting=paris, nation=nation(code="FR"), role=role(code="lead"), status="attended", attendance_mode="remote"
    )

    def contribution(sources, **values):
        row = contribution_model.objects.create(
            description_digest=hashlib.sha256(values["description"].encode()).hexdigest(), **values
        )
        row.sources.set(sources)
        return row

    britain = nation(code="GB")
    # Two records that differed only in their category: one record with both categories after the migration.
    troops = contribution(
        [newslooks],
        meeting=paris,
        nation=britain,
        category="troops",
        description=SHARED_DESCRIPTION,
        quantity=10000,
        unit="troops",
        status="pledged",
    )
    aircraft = contribution(
        [wire], meeting=paris, nation=britain, category="air", description=SHARED_DESCRIPTION, status="pledged"
    )
    stockpiles = contribution(
        [newslooks], meeting=paris, nation=None, category="stockpiles", description="Stockpiles", status="proposed"
    )
    organization = apps.get_model("events", "Organization").objects.create(slug="coalition", name="Coalition")
    training = contribution(
        [], organization=organization, nation=nation(code="FR"), category="training", description="Training"
    )
    return {
        "ukraine": ukraine.pk,
        "troops": troops.pk,
        "aircraft": aircraft.pk,
        "stockpiles": stockpiles.pk,
        "training": training.pk,
        "paris_updated_at": paris.updated_at,
    }


def test_old_shapes_move_to_the_new_ones(old_apps):
    """(One test rather than several: each migrates the database back and forth, which takes most of a minute.)"""
    old = old_rows(old_apps)

    apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    delegate_model = apps.get_model("events", "Delegate")
    count_model = apps.get_model("events", "ReportedCount")
    contribution_model = apps.get_model("events", "Contribution")

    # The representative is an unnamed delegate described by the old text, on the participation's sources.
    [delegate] = delegate_model.objects.all()
    assert (delegate.participation_id, delegate.person_id, delegate.description, delegate.level, delegate.office) == (
        old["ukraine"],
        None,
        REPRESENTATIVE,
        None,
        "",
    )
    assert [source.outlet for source in delegate.sources.all()] == ["Newslooks"]

    # The reported number is the meeting's one reported count, on the meeting's sources; no number, no count.
    [count] = count_model.objects.all()
    assert (count.meeting.slug, count.count, count.qualifier, count.basis) == ("paris", 30, "more_than", "stated")
    assert sorted(source.outlet for source in count.sources.all()) == ["Newslooks", "Test Wire"]

    # Each category is a list; the two records that are now the same record are one, with everything of both.
    rows = {row.pk: row for row in contribution_model.objects.all()}
    assert sorted(rows) == sorted([old["troops"], old["stockpiles"], old["training"]])
    merged = rows[old["troops"]]
    assert (merged.categories, merged.quantity, merged.unit, merged.status) == (
        ["troops", "air"],
        10000,
        "troops",
        "pledged",
    )
    assert sorted(source.outlet for source in merged.sources.all()) == ["Newslooks", "Test Wire"]
    assert rows[old["stockpiles"]].categories == ["stockpiles"]
    assert (rows[old["training"]].categories, rows[old["training"]].meeting_id) == (["training"], None)

    # The current models read the moved data through the deprecated v1 fields too.
    paris = models.Meeting.objects.get(slug="paris")
    ukraine = models.Participation.objects.get(pk=old["ukraine"])
    assert (paris.reported_nation_count, paris.reported_nation_count_qualifier, ukraine.representative) == (
        30,
        "more_than",
        REPRESENTATIVE,
    )
    assert models.Contribution.objects.get(pk=old["troops"]).first_category == "troops"
    assert models.Meeting.objects.get(slug="uncounted").reported_counts.count() == 0

    # One change: the rows whose representation changed, and the new rows, carry its time, after everything before.
    clock = models.ChangeClock.objects.get().last
    assert paris.updated_at == ukraine.updated_at == delegate.created_at == count.updated_at == clock
    assert clock > old["paris_updated_at"]

    # A mirror that follows the change feed learns that the second record of the merged pair is gone.
    assert not models.Contribution.objects.filter(pk=old["aircraft"]).exists()
    assert list(models.Deletion.objects.values_list("resource", "key")) == [("contributions", str(old["aircraft"]))]
