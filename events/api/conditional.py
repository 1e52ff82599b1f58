"""Conditional requests (RFC 9110, section 13): ETag and Last-Modified on objects, 304 for reads, 412 for writes.

An object's `updated_at` is its version: it moves whenever any byte of its representation would (see
`events.changes`), so the ETag is computed from it without rendering the body, and a 304 is never stale. The ETag
also covers the media type and the API version, since those change the bytes too.
"""

import hashlib

from django.conf import settings
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework import status
from rest_framework.exceptions import APIException

from events.services import PreconditionFailed

API_VERSION = settings.SPECTACULAR_SETTINGS["VERSION"]
WRITE_METHODS = ("PUT", "PATCH", "DELETE")


class PreconditionFailedError(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The object changed since the version your request is based on (If-Match / If-Unmodified-Since): "
        "read it again and retry."
    )
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "This server requires If-Match on writes: send the ETag of the version you are changing."
    default_code = "precondition_required"


def etag(instance, media_type):
    text = f"{instance._meta.label}:{instance.pk}:{instance.updated_at.isoformat()}:{media_type}:{API_VERSION}"
    return f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


def last_modified(instance):
    return int(instance.updated_at.timestamp())


def set_validators(response, instance, media_type):
    response["ETag"] = etag(instance, media_type)
    response["Last-Modified"] = http_date(last_modified(instance))


def evaluate(request, instance, media_types):
    """The status a conditional request gets from the object's current version, or None to go on.

    `media_types`: the representations whose ETags match (for a read, the one it asks for; for a write, any the
    resource has: the client may hold the ETag of any of them)."""
    tags = {etag(instance, media_type) for media_type in media_types}
    modified = last_modified(instance)
    if_match = request.headers.get("If-Match")
    if if_match is not None:
        if not _matches(if_match, tags, weak=False):
            return status.HTTP_412_PRECONDITION_FAILED
    elif (since := _date(request, "If-Unmodified-Since")) is not None and modified > since:
        return status.HTTP_412_PRECONDITION_FAILED
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        if _matches(if_none_match, tags, weak=True):
            return status.HTTP_304_NOT_MODIFIED if request.method in ("GET", "HEAD") else 412
    elif request.method in ("GET", "HEAD") and (since := _date(request, "If-Modified-Since")) is not None:
        if modified <= since:
            return status.HTTP_304_NOT_MODIFIED
    return None


def write_precondition(request, media_types):
    """For a write: the check the service runs on the locked, current object (None when the request sets no
    condition). Raises PreconditionRequired when the server demands If-Match and the request has none."""
    if settings.WRITES_REQUIRE_IF_MATCH and "If-Match" not in request.headers:
        raise PreconditionRequired
    if not any(name in request.headers for name in ("If-Match", "If-Unmodified-Since", "If-None-Match")):
        return None

    def precondition(current):
        if evaluate(request, current, media_types) is not None:
            raise PreconditionFailed

    return precondition


def _matches(header, tags, weak):
    if header.strip() == "*":
        return True
    for candidate in parse_etags(header):
        if candidate.startswith("W/"):
            if weak:
                candidate = candidate[2:]
            else:
                continue
        if candidate in tags:
            return True
    return False


def _date(request, name):
    value = request.headers.get(name)
    return parse_http_date_safe(value) if value else None
