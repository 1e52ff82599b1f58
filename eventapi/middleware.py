"""Request-level concerns of the whole site: request ids and the access log, body size limits, rate-limit headers."""

import contextvars
import logging
import re
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import JsonResponse

from eventapi.network import client_ip

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Query parameters whose values never reach the logs.
_SECRET_PARAMETERS = re.compile(r"token|key|secret|password|passwd|auth|session|signature", re.IGNORECASE)

request_id = contextvars.ContextVar("request_id", default="")
access_log = logging.getLogger("eventapi.requests")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (empty outside requests)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


def redacted_query(query_string):
    """The query string with the values of secret-looking parameters replaced, as it may go to a log."""
    if not query_string:
        return ""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode([(name, "[redacted]" if _SECRET_PARAMETERS.search(name) else value) for name, value in pairs])


class RequestLogMiddleware:
    """Gives each request an id (the client's `X-Request-ID` when it is a sane one, else a new UUID), echoes it in the
    response, and writes one JSON access-log line per request, with secrets in the query string redacted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        token = request_id.set(given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id.get()
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "query": redacted_query(request.META.get("QUERY_STRING", "")),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "client": client_ip(request.META),
                    "user": getattr(getattr(request, "user", None), "username", "") or "",
                },
            )
            return response
        finally:
            request_id.reset(token)


class BodySizeLimitMiddleware:
    """Answers 413 before reading a body larger than the limit of its address (`MAX_BODY_BYTES`, or
    `MAX_IMPORT_BODY_BYTES` for bulk imports), so that a large body never holds a worker."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = self.limit_for(request.path)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return JsonResponse(
                {
                    "status": 413,
                    "code": "request_too_large",
                    "detail": f"The request body is {length} bytes; this address takes at most {limit} bytes.",
                    "errors": {},
                },
                status=413,
            )
        return self.get_response(request)

    @staticmethod
    def limit_for(path):
        if path.startswith("/api/v1/imports/"):
            return settings.MAX_IMPORT_BODY_BYTES
        return settings.MAX_BODY_BYTES


class RateLimitHeadersMiddleware:
    """`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` from the tightest throttle the request passed
    through (see `events.api.throttling`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "rate_limit", None)
        if state is not None:
            limit, remaining, reset = state
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        return response
