"""Loads the reference data every installation needs: the ISO 3166-1 nations (from pycountry) and the base roles."""

from django.db import migrations

from events.services import nations_sync

BASE_ROLES = [
    ("lead", "Lead", "Leads or co-leads the meeting or the effort it serves."),
    ("host", "Host", "Hosts the meeting without leading it."),
    ("participant", "Participant", "Takes part as a full participant."),
    ("observer", "Observer", "Attends without taking part in decisions."),
]


def load_reference_data(apps, schema_editor):
    nations_sync(nation_model=apps.get_model("events", "Nation"))
    role_model = apps.get_model("events", "ParticipationRole")
    for code, name, description in BASE_ROLES:
        role_model.objects.get_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
