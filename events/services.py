"""Writes that touch several objects: each is atomic and validates every object with full_clean() before saving it."""

import pycountry
from django.db import transaction

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


@transaction.atomic
def nations_sync(*, nation_model=None):
    """Create or update a Nation per ISO country; returns (created, updated). Takes a historical model in migrations."""
    if nation_model is None:
        from events.models import Nation as nation_model
    existing = {nation.code: nation for nation in nation_model.objects.all()}
    created = updated = 0
    for record in iso_nation_records():
        nation = existing.get(record["code"])
        if nation is None:
            nation_model.objects.create(**record)
            created += 1
        elif any(getattr(nation, field) != value for field, value in record.items()):
            for field, value in record.items():
                setattr(nation, field, value)
            nation.save()
            updated += 1
    return created, updated
