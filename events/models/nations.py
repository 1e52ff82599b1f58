from django.db import models

from events.models.base import TrackedModel, bounded_text, record_history
from events.querysets import NationQuerySet

__all__ = ["Nation"]


@bounded_text
class Nation(TrackedModel):
    """A country of ISO 3166-1, loaded from pycountry (`manage.py sync_nations`), never typed by hand."""

    code = models.CharField(
        max_length=2, unique=True, help_text="ISO 3166-1 alpha-2 code, the public key of a nation (e.g. FR)."
    )
    alpha3 = models.CharField(max_length=3, unique=True, help_text="ISO 3166-1 alpha-3 code (e.g. FRA).")
    numeric = models.CharField(max_length=3, unique=True, help_text="ISO 3166-1 numeric code, zero-padded (e.g. 250).")
    name = models.CharField(max_length=100, help_text="Everyday English name (e.g. South Korea).")
    iso_name = models.CharField(max_length=100, help_text="ISO 3166-1 short name (e.g. Korea, Republic of).")
    official_name = models.CharField(
        max_length=150, blank=True, help_text="ISO 3166-1 official name, where ISO gives one (e.g. French Republic)."
    )

    objects = NationQuerySet.as_manager()
    history = record_history()

    class Meta:
        ordering = ["name", "code"]

    def __str__(self):
        return f"{self.name} ({self.code})"
