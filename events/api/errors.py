"""One JSON error shape for every error of the API (the `Error` schema component)."""

import sys

from django.conf import settings
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponse, JsonResponse
from django.views import defaults
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from events.api.authentication import HOW_TO_AUTHENTICATE
from events.api.conditional import PreconditionFailedError
from events.services import DatasetError, ObjectGone, PreconditionFailed

NON_FIELD = "non_field_errors"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


@extend_schema_field(
    {"type": "object", "title": "FieldErrors", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
)
class FieldErrorsField(serializers.DictField):
    """The title names this map's class in generated SDKs (`FieldErrors` rather than `ErrorErrors`)."""


class ErrorSerializer(serializers.Serializer):
    """Body of every 4xx response."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated for convenience.")
    code = serializers.CharField(
        help_text="Machine-readable kind of error: invalid (the request does not match the schema), "
        "unknown_reference (it names an object that does not exist, and may break a rule too), rule_violated "
        "(its values break a rule the schema cannot state, such as an end before a start), duplicate (a key "
        "already taken, with 409), invalid_cursor, invalid_document (a bulk import the importer refuses), "
        "not_found, not_authenticated, authentication_failed, "
        "permission_denied, conflict, method_not_allowed, unsupported_media_type, parse_error, not_acceptable, "
        "precondition_failed, precondition_required, idempotency_key_reused, request_too_large, throttled, "
        "service_unavailable, "
        "bad_request (a request refused before it reached the API: too many parameters, an unknown host)."
    )
    detail = serializers.CharField(help_text="A sentence for humans.")
    errors = FieldErrorsField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per request field or query parameter (`non_field_errors` for the request as a whole); "
        "empty unless the input was invalid.",
    )

    class Meta:
        ref_name = "Error"


def error_body(status_code, code, detail, errors=None):
    return {"status": status_code, "code": code, "detail": detail, "errors": errors or {}}


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        status_code, code = invalid_kind(exc)
        response.status_code = status_code
        response.data = error_body(status_code, code, INVALID_DETAILS[code], flatten_errors(exc.detail))
    elif isinstance(exc, exceptions.NotAuthenticated):
        response.data = error_body(response.status_code, exc.get_codes(), f"{exc.detail} {HOW_TO_AUTHENTICATE}")
    else:
        response.data = error_body(response.status_code, exc.get_codes(), str(exc.detail))
    if isinstance(exc, Unavailable):
        response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    # Errors are JSON whatever representation was asked for (the schema's YAML, the browsable API's HTML).
    context["request"].accepted_renderer = JSONRenderer()
    context["request"].accepted_media_type = JSONRenderer.media_type
    return response


# The kinds of invalid request, by the codes of their errors. Only `invalid` is a request the schema itself refuses;
# the others are well-formed requests refused for what they name or for a rule the schema cannot state.
DUPLICATE_CODES = {"unique", "unique_together", "duplicate"}
INVALID_DETAILS = {
    "invalid": "Invalid input.",
    "duplicate": "A key in the request is already taken.",
    "unknown_reference": "The request names an object that does not exist.",
    "rule_violated": "The request breaks a rule about how its values fit together.",
    "invalid_cursor": "The cursor is not one of this list's.",
    "invalid_document": "The document cannot be imported.",
}


def invalid_kind(exc):
    """(status, code) of a ValidationError, from the codes of its errors."""
    codes = set(_leaf_codes(exc.get_codes()))
    if codes and codes <= DUPLICATE_CODES:
        return status.HTTP_409_CONFLICT, "duplicate"
    if getattr(exc, "kind", None):
        return status.HTTP_400_BAD_REQUEST, exc.kind
    if codes and codes <= {"does_not_exist", "rule", *DUPLICATE_CODES}:  # well-formed; an unknown name comes first
        return status.HTTP_400_BAD_REQUEST, "unknown_reference" if "does_not_exist" in codes else "rule_violated"
    if codes == {"invalid_cursor"}:
        return status.HTTP_400_BAD_REQUEST, "invalid_cursor"
    return status.HTTP_400_BAD_REQUEST, "invalid"


def _leaf_codes(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            yield from _leaf_codes(value)
    elif isinstance(codes, list):
        for value in codes:
            yield from _leaf_codes(value)
    else:
        yield codes


def _kind(exc, kind):
    exc.kind = kind
    return exc


class Unavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is unreachable or too slow right now; retry after the time in Retry-After."
    default_code = "service_unavailable"


def is_unavailability(exc):
    """A database that is down, unreachable, or too slow (a connect, statement or lock timeout)."""
    return isinstance(exc, (OperationalError, InterfaceError))


def _as_api_exception(exc):
    if is_unavailability(exc):
        return Unavailable()
    if isinstance(exc, (Http404, ObjectGone)):
        return exceptions.NotFound()
    if isinstance(exc, PreconditionFailed):
        return PreconditionFailedError()
    if isinstance(exc, DjangoValidationError):
        # Raised by the model's rules in a service: the request was well-formed, its values do not fit together
        # (unless what it names is already taken, a duplicate).
        error = ValidationError(serializers.as_serializer_error(exc))
        codes = set(_leaf_codes(error.get_codes()))
        return error if codes and codes <= DUPLICATE_CODES else _kind(error, "rule_violated")
    if isinstance(exc, DatasetError):
        return _kind(ValidationError(exc.errors), "invalid_document")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, ProtectedError):
        return _still_referred_to(exc.protected_objects)
    if isinstance(exc, RestrictedError):
        return _still_referred_to(exc.restricted_objects)
    if isinstance(exc, IntegrityError):
        # Every write is validated first, so this is a concurrent request that won a race for the same row.
        return Conflict("Another request changed the same data at the same time; read it again and retry.")
    return exc


def _still_referred_to(objects):
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in objects})
    return Conflict(f"This object is still referred to by {', '.join(kinds)}; change or delete those first.")


def flatten_errors(detail, prefix=""):
    """DRF's nested error detail as {"field" or "field.0.sub": [messages]}."""
    flat = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = NON_FIELD if key in ("non_field_errors", "__all__") else str(key)
            for field, messages in flatten_errors(value, f"{prefix}.{name}" if prefix else name).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        for index, item in enumerate(detail):
            for field, messages in flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)).items():
                flat.setdefault(field, []).extend(messages)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        flat[prefix or NON_FIELD] = [str(message) for message in messages]
    return flat


def _is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    """JSON 400 for requests Django refuses before any view runs (SuspiciousOperation: too many parameters, a Host
    header not in ALLOWED_HOSTS); Django's page everywhere else."""
    if _is_api(request):
        return JsonResponse(error_body(400, "bad_request", _bad_request_detail(exception)), status=400)
    return defaults.bad_request(request, exception)


def _bad_request_detail(exception):
    if isinstance(exception, TooManyFieldsSent):
        return f"Too many query or form parameters: at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}."
    if isinstance(exception, DisallowedHost):
        return "This server does not serve the host named in the request."
    return "Bad request."


def permission_denied(request, exception=None):
    """JSON 403 for API paths refused outside DRF's own permission checks; Django's page everywhere else."""
    if _is_api(request):
        return JsonResponse(
            error_body(403, "permission_denied", str(exceptions.PermissionDenied.default_detail)), status=403
        )
    return defaults.permission_denied(request, exception)


def not_found(request, exception=None):
    """JSON 404 for unknown API paths; Django's page everywhere else."""
    if _is_api(request):
        return JsonResponse(error_body(404, "not_found", "No API resource at this address."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A 503 with Retry-After when the database is unavailable (wherever it was found out: a view, a middleware),
    a 500 otherwise; JSON for API paths."""
    if is_unavailability(sys.exc_info()[1]):
        response = JsonResponse(
            error_body(503, Unavailable.default_code, str(Unavailable.default_detail)),
            status=503,
            headers={"Retry-After": str(settings.RETRY_AFTER_SECONDS)},
        )
        if not _is_api(request):
            response = HttpResponse(str(Unavailable.default_detail), content_type="text/plain", status=503)
            response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
        return response
    if _is_api(request):
        return JsonResponse(error_body(500, "server_error", "Internal server error."), status=500)
    return defaults.server_error(request)
