"""Every API response a test receives is checked against the committed OpenAPI document with a strict validator
(openapi-core): its status must be documented for the operation, its body must match the documented schema (no
property missing that the schema requires, none it does not list), and its declared headers too. So every API test
is a contract test, and the schema cannot drift from what the server does."""

import functools
from urllib.parse import urlsplit

import yaml
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.http.request import RawPostDataException
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.deserializing.media_types.util import json_loads, plain_loads
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from rest_framework.test import APIClient

from tests.conftest import REPO

# Served by the API but not described by it: the document itself and the pages that render it.
UNDESCRIBED = ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/")


def is_uri(value):
    """A format applies to strings only (JSON Schema), so null passes."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


@functools.cache
def document():
    """The committed OpenAPI document, as parsed YAML (by libyaml: the pure-Python parser takes seconds on it)."""
    return yaml.load((REPO / "schema" / "openapi.yaml").read_text(), Loader=yaml.CSafeLoader)


@functools.cache
def openapi():
    # A property the schema does not list is an error even where the schema does not say so; which properties
    # must be present is the schema's own `required`, as generated clients read it.
    # The document itself is validated once, by test_schema.py's test_is_valid_openapi: not again here, where it
    # would cost every test run a quarter of a minute.
    config = Config(
        spec_validator_cls=None,
        additional_properties_default_policy="forbid",
        extra_format_validators={"uri": is_uri},
        # Bodies that are not JSON are checked as text (CSV, NDJSON, iCalendar, GraphML); JSON-LD is JSON.
        extra_media_type_deserializers={
            "text/csv": plain_loads,
            "application/x-ndjson": plain_loads,
            "text/calendar": plain_loads,
            "application/graphml+xml": plain_loads,
            "application/ld+json": json_loads,
        },
    )
    return OpenAPI.from_dict(document(), config=config)


class RequestWithoutBody(DjangoOpenAPIRequest):
    """The request as the response validation needs it: its body may already have been read as a stream."""

    @property
    def body(self):
        try:
            return super().body
        except RawPostDataException:
            return b""


def check(response):
    request = response.wsgi_request
    if not request.path.startswith("/api/v1/") or request.path.startswith(UNDESCRIBED):
        return
    if response.get("Content-Type", "").startswith("text/html"):
        return  # the browsable API, a page for people
    if response.status_code == 405:
        # A method the address does not take. `PUT participations/summary/` is matched by the document's
        # `participations/{id}/` template, whose PUT does not list a 405: nothing described applies.
        return
    try:
        openapi().validate_response(RequestWithoutBody(request), DjangoOpenAPIResponse(response))
    except (PathNotFound, OperationNotFound):
        return  # an address or method the API does not have (a 404 or 405): nothing is described to check
    except (DisallowedHost, TooManyFieldsSent, RequestDataTooBig):
        return  # refused before the API was reached (the response is still the JSON error)
    except Exception as error:  # noqa: BLE001 - every kind of mismatch is reported the same way
        raise AssertionError(
            f"{request.method} {request.get_full_path()} -> {response.status_code} breaks the OpenAPI document: "
            f"{describe(error)}\n{response.content[:1000]!r}"
        ) from error


def describe(error):
    details, cause = [], error
    while cause is not None:
        for schema_error in getattr(cause, "schema_errors", None) or []:
            details.append(f"{'/'.join(map(str, schema_error.absolute_path))}: {schema_error.message[:300]}")
        cause = cause.__cause__
    return f"{type(error).__name__}: {error}" + "".join(f"\n  {detail}" for detail in details[:5])


class ContractClient(APIClient):
    """An APIClient whose every API response is checked against the OpenAPI document."""

    def request(self, **kwargs):
        response = super().request(**kwargs)
        check(response)
        return response
