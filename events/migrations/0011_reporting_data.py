# Moves v1's single-value fields into the new shapes, keeping every fact and its sources.

import datetime
import hashlib

from django.db import migrations
from django.utils import timezone

# The collections whose representation gains fields here: each of their rows changed, so a mirror following the
# change feed (`updated_since`) fetches it again.
CHANGED_REPRESENTATIONS = ["Meeting", "Session", "Participation", "Contribution", "Source", "Citation"]


def move_to_new_shapes(apps, schema_editor):
    now = _advance_clock(apps)
    _representatives_to_delegates(apps)
    _counts_to_reported_counts(apps)
    _category_to_categories(apps, now)
    for name in CHANGED_REPRESENTATIONS:
        apps.get_model("events", name).objects.update(updated_at=now)
    for name in ("Delegate", "ReportedCount"):  # every one is new; saving dated them by the process clock
        apps.get_model("events", name).objects.update(created_at=now, updated_at=now)


def _advance_clock(apps):
    """The time of this change, after every change before it (see events.changes)."""
    clock_model = apps.get_model("events", "ChangeClock")
    clock, _ = clock_model.objects.get_or_create(pk=1, defaults={"last": timezone.now()})
    clock.last = max(timezone.now(), clock.last + datetime.timedelta(microseconds=1))
    clock.save(update_fields=["last"])
    return clock.last


def _representatives_to_delegates(apps):
    """A participation's `representative` text becomes an unnamed delegate described by it, on the same sources."""
    participation_model = apps.get_model("events", "Participation")
    delegate_model = apps.get_model("events", "Delegate")
    for participation in participation_model.objects.exclude(representative="").prefetch_related("sources"):
        delegate = delegate_model.objects.create(
            participation=participation,
            description=participation.representative,
        )
        delegate.sources.set(participation.sources.all())


def _counts_to_reported_counts(apps):
    """A meeting's reported number of nations becomes its one reported count, on the meeting's sources."""
    meeting_model = apps.get_model("events", "Meeting")
    count_model = apps.get_model("events", "ReportedCount")
    for meeting in meeting_model.objects.filter(reported_nation_count__isnull=False).prefetch_related("sources"):
        count = count_model.objects.create(
            meeting=meeting,
            count=meeting.reported_nation_count,
            qualifier=meeting.reported_nation_count_qualifier,
        )
        count.sources.set(meeting.sources.all())


def _category_to_categories(apps, now):
    """`category` becomes the list `categories`. Contributions that differed only in their category are now one
    record (the natural key no longer holds the category): the first keeps the categories and sources of all."""
    contribution_model = apps.get_model("events", "Contribution")
    deletion_model = apps.get_model("events", "Deletion")
    kept = {}
    for contribution in contribution_model.objects.order_by("pk").prefetch_related("sources"):
        key = (
            contribution.meeting_id,
            contribution.organization_id,
            contribution.nation_id,
            hashlib.sha256(contribution.description.encode()).hexdigest(),
        )
        first = kept.get(key)
        if first is None:
            kept[key] = contribution
            contribution.categories = [contribution.category]
            contribution.save(update_fields=["categories"])
            continue
        if contribution.category not in first.categories:
            first.categories = [*first.categories, contribution.category]
            first.save(update_fields=["categories"])
        first.sources.add(*contribution.sources.all())
        # Mirrors following the change feed learn that this record is gone.
        deletion_model.objects.create(resource="contributions", key=str(contribution.pk), deleted_at=now)
        contribution.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_reporting"),
    ]

    operations = [migrations.RunPython(move_to_new_shapes, migrations.RunPython.noop)]
