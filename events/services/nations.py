"""Nations: ISO 3166-1 reference data from pycountry, never typed by hand."""

import pycountry

from events.changes import recording
from events.models import Nation
from events.services.base import create_object, update_object

__all__ = ["iso_nation_records", "nations_sync"]


def iso_nation_records():
    """Every ISO 3166-1 country as field values for Nation, from pycountry (the only source of nation data)."""
    for country in pycountry.countries:
        yield {
            "code": country.alpha_2,
            "alpha3": country.alpha_3,
            "numeric": country.numeric,
            "name": getattr(country, "common_name", None) or country.name,
            "iso_name": country.name,
            "official_name": getattr(country, "official_name", ""),
        }


def nations_sync(*, user=None):
    """Create or update a Nation per ISO country, in one change; returns (created, updated)."""
    with recording(user=user, via="sync"):
        existing = {nation.code: nation for nation in Nation.objects.all()}
        created = updated = 0
        for record in iso_nation_records():
            nation = existing.get(record["code"])
            if nation is None:
                create_object(Nation, data=record, user=user, via="sync")
                created += 1
            elif any(getattr(nation, field) != value for field, value in record.items()):
                update_object(nation, data=record, user=user, via="sync")
                updated += 1
        return created, updated
