"""Loads the reference data every installation needs: the ISO 3166-1 nations (from pycountry) and the base roles.

A migration is history: it keeps its own copy of the nation fields rather than importing events.services, whose
code will move on. `manage.py sync_nations` updates nations after a pycountry upgrade.
"""

import pycountry
from django.db import migrations

BASE_ROLES = [
    ("lead", "Lead", "Leads or co-leads the meeting or the effort it serves."),
    ("host", "Host", "Hosts the meeting without leading it."),
    ("participant", "Participant", "Takes part as a full participant."),
    ("observer", "Observer", "Attends without taking part in decisions."),
]


def load_reference_data(apps, schema_editor):
    nation_model = apps.get_model("events", "Nation")
    nation_model.objects.bulk_create(
        nation_model(
            code=country.alpha_2,
            alpha3=country.alpha_3,
            numeric=country.numeric,
            name=getattr(country, "common_name", None) or country.name,
            iso_name=country.name,
            official_name=getattr(country, "official_name", ""),
        )
        for country in pycountry.countries
    )
    role_model = apps.get_model("events", "ParticipationRole")
    for code, name, description in BASE_ROLES:
        role_model.objects.get_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
