"""`Idempotency-Key` on POST: a retry of the same request by the same user gets the first answer and creates nothing.

The key is looked up and stored inside the change that performs the create, and changes are serialized (see
`events.changes`), so two identical requests racing with one key create one row: the second waits for the first to
commit, then finds its stored answer. Only successful answers are stored; a request that failed may be retried with
the same key and runs again. Keys expire after `IDEMPOTENCY_KEY_TTL`.
"""

import hashlib
import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from events.changes import change_time, recording
from events.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = (
        "This Idempotency-Key was already used for a different request (another body or address); "
        "use a new key for a new request."
    )
    default_code = "idempotency_key_reused"


def idempotent(request, respond):
    """`respond()` once per key: its answer, or the stored answer of an earlier request with the same key."""
    key = request.headers.get(HEADER)
    if key is None:
        return respond()
    if not 1 <= len(key) <= MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationError({HEADER: [f"Must be 1 to {MAX_LENGTH} printable ASCII characters."]})
    fingerprint = _fingerprint(request)
    with recording(user=request.user, via="api"):
        cutoff = change_time() - settings.IDEMPOTENCY_KEY_TTL
        stored = IdempotencyKey.objects.filter(user=request.user, key=key, created_at__gte=cutoff).first()
        if stored is not None:
            if stored.fingerprint != fingerprint:
                raise IdempotencyKeyReused
            headers = {"Idempotent-Replayed": "true"}
            if stored.location:
                headers["Location"] = stored.location
            return Response(json.loads(stored.body), status=stored.status, headers=headers)
        response = respond()
        IdempotencyKey.objects.filter(user=request.user, created_at__lt=cutoff).delete()
        IdempotencyKey.objects.create(
            user=request.user,
            key=key,
            fingerprint=fingerprint,
            status=response.status_code,
            body=json.dumps(response.data, cls=JSONEncoder),
            location=response.get("Location", ""),
            created_at=change_time(),
        )
        return response


def _fingerprint(request):
    """The request as the server understood it: equal JSON bodies match whatever their spacing or key order."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()
