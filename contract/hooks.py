"""Schemathesis hooks for eventapi's contract stage (loaded through `hooks` in contract/schemathesis.toml).

A schema-valid request can still be refused for a rule that OpenAPI cannot state. The API says which rule with a
distinctive `code` in its JSON error body (see the `Error` component and the schema's description):

    400 unknown_reference   the request names an object that does not exist (a meeting slug, a nation code, ...)
    400 rule_violated       its values break a cross-field rule (end_date before start_date, ...)
    400 invalid_cursor      a `cursor` that is not from a `next` link (only where the request sent a `cursor`)
    400 invalid_document    a bulk import document the importer refuses (only on POST /api/v1/imports/)
    409 duplicate           a key already taken (only on writes: POST, PUT, PATCH)
    409 conflict            an object still referred to (only on DELETE: a person who was a delegate)

Schemathesis's `positive_data_acceptance` check fails such responses ("Schema-valid request rejected"). The
`filter_failure` hook below drops exactly those failures, and nothing else: any other status, any other code, a code
where it cannot apply (an `invalid_cursor` without a cursor, an `invalid_document` outside imports, a `duplicate` on a
read or a delete, a `conflict` on anything but a delete), a body that is not JSON or another check's failure all
still fail. No check and no operation is
excluded. contract/schemathesis.toml takes the bare 409 out of the check's expected statuses, so that a 409 is
accepted only as `duplicate`.

One more refusal depends on the stored data rather than on the request, like a duplicate: a conditional write whose
`If-Match` names another version, or whose `If-Unmodified-Since` is older than the object, is a 412
`precondition_failed` (RFC 9110; the server evaluates it before it reads the body, as the RFC says). A fuzzer cannot
know the current ETag, so such a 412 is accepted, for positive and for negative data (`negative_data_rejection` does
not list 412 among refusals), whenever the request sent one of those headers: an If-Match that names no current
version (whatever it holds: RFC 9110 only asks whether it matches) fails the condition.
The same holds for a POST whose `Idempotency-Key` was already used with another body: 422 `idempotency_key_reused`
(documented for every create). A fuzzer draws short keys, which repeat; such a 422 is accepted only for a POST that
sent a well-formed key (1-255 printable ASCII characters, the schema's description).

And one documented behaviour that Schemathesis's `use_after_free` check cannot know: `GET .../{key}/history/` "also
answers for a deleted object" (README, "History"), so a 200 from a history address after the object's DELETE is not a
use after free. Only that failure, on those operations, is dropped; `use_after_free` still runs on every other read.

Every failure dropped is counted by code and operation, and the counts are written at the end of the run to the file
that CONTRACT_ACCEPTED_LOG names (JSON), so the stage can show how often each rule was met.
"""

import atexit
import json
import os
import re
import threading
from collections import Counter

import schemathesis
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.specs.openapi.checks import RejectedPositiveData, UseAfterFree

RULE_CODES_400 = {"unknown_reference", "rule_violated", "invalid_cursor", "invalid_document"}
WRITE_METHODS = {"POST", "PUT", "PATCH"}
IMPORTS_PATH = "/api/v1/imports/"

IDEMPOTENCY_KEY = re.compile(r"[\x20-\x7e]{1,255}")

_accepted = Counter()
_lock = threading.Lock()


def error_code(response):
    """The `code` of an eventapi error body, or None when the body is not one."""
    if "json" not in (response.headers.get("content-type") or [""])[0]:
        return None
    try:
        body = response.json()
    except Exception:
        return None
    if not isinstance(body, dict) or body.get("status") != response.status_code:
        return None
    code = body.get("code")
    return code if isinstance(code, str) else None


def sent_cursor(case):
    return isinstance(case.query, dict) and "cursor" in case.query


def is_rule_refusal(case, response):
    """Whether this response refuses a schema-valid request for a rule the schema cannot state, as documented."""
    code = error_code(response)
    method = case.method.upper()
    if response.status_code == 400:
        if code == "invalid_cursor":
            return sent_cursor(case)
        if code == "invalid_document":
            return case.operation.path == IMPORTS_PATH and method == "POST"
        return code in RULE_CODES_400 - {"invalid_cursor", "invalid_document"}
    if response.status_code == 409:
        return (code == "duplicate" and method in WRITE_METHODS) or (code == "conflict" and method == "DELETE")
    return False


def header(case, name):
    for key, value in (case.headers or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def is_stale_precondition(case, response):
    """A 412 to a write that sent If-Match or If-Unmodified-Since."""
    if response.status_code != 412 or error_code(response) != "precondition_failed":
        return False
    return header(case, "If-Match") is not None or header(case, "If-Unmodified-Since") is not None


def is_reused_idempotency_key(case, response):
    if response.status_code != 422 or error_code(response) != "idempotency_key_reused":
        return False
    key = header(case, "Idempotency-Key")
    return case.method.upper() == "POST" and isinstance(key, str) and IDEMPOTENCY_KEY.fullmatch(key) is not None


def is_history_after_delete(failure, case):
    return (
        isinstance(failure, UseAfterFree) and failure.usage.startswith("GET ") and failure.usage.endswith("/history/")
    )


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure except the documented refusals of a well-formed request (see the module's docstring)."""
    if is_history_after_delete(failure, case):
        key = f"use_after_free {failure.usage.split(' ', 1)[0]} history after DELETE ({failure.operation})"
    elif (isinstance(failure, RejectedPositiveData) and is_rule_refusal(case, response)) or (
        isinstance(failure, (RejectedPositiveData, AcceptedNegativeData))
        and (is_stale_precondition(case, response) or is_reused_idempotency_key(case, response))
    ):
        key = f"{response.status_code} {error_code(response)} {case.operation.label}"
    else:
        return True
    with _lock:
        _accepted[key] += 1
    return False


def _write_accepted():
    path = os.environ.get("CONTRACT_ACCEPTED_LOG")
    if path:
        with open(path, "w") as file:
            json.dump(dict(sorted(_accepted.items())), file, indent=1)


atexit.register(_write_accepted)
