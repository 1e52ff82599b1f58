"""Bookkeeping of the write path: the change clock, the record of deletions, and stored idempotent responses."""

from django.conf import settings
from django.db import models

from events.models.choices import Resource

__all__ = ["ChangeClock", "Deletion", "IdempotencyKey"]


class ChangeClock(models.Model):
    """One row: the time of the last change. Each change locks it first, which serializes writes (see
    `events.changes`)."""

    last = models.DateTimeField(help_text="Time of the last change.")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="changeclock_single_row")]

    def __str__(self):
        return self.last.isoformat()


class Deletion(models.Model):
    """An object of the API that was deleted, for mirrors that follow the change feed."""

    resource = models.CharField(
        max_length=30, choices=Resource.choices, help_text="The collection the object was in (e.g. meetings)."
    )
    key = models.CharField(max_length=100, help_text="The object's key in its collection (slug, code or id).")
    deleted_at = models.DateTimeField(db_index=True, help_text="Time of the change that deleted it.")

    class Meta:
        ordering = ["deleted_at", "id"]
        indexes = [models.Index(fields=["resource", "deleted_at"])]

    def __str__(self):
        return f"{self.resource}/{self.key} at {self.deleted_at.isoformat()}"


class IdempotencyKey(models.Model):
    """The response to a POST sent with an `Idempotency-Key`, replayed when the same user retries it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255, help_text="The client's key.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body of the request.")
    status = models.PositiveSmallIntegerField(help_text="Status of the stored response.")
    # Text rather than JSON: PostgreSQL's jsonb would reorder the keys, and a replay must be the same answer.
    body = models.TextField(help_text="Body of the stored response, as JSON text.")
    location = models.CharField(max_length=500, blank=True, help_text="Location header of the stored response.")
    created_at = models.DateTimeField(db_index=True, help_text="When the first request was answered.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotencykey_unique_per_user")]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
