"""Request bodies: JSON that is unambiguous and bounded, and YAML documents for the importer."""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, JSONParser

from events.services import parse_yaml


class StrictJSONParser(JSONParser):
    """JSON with no duplicate keys (which would otherwise silently keep the last), no NaN or Infinity, and no deeper
    nesting than `MAX_BODY_DEPTH`."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
            data = json.loads(text, object_pairs_hook=_without_duplicates, parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested more than {settings.MAX_BODY_DEPTH} levels deep.") from None
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(f"JSON parse error - {error}") from error
        check_shape(data)
        return data


def _without_duplicates(pairs):
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"duplicate key {duplicates[0]!r} in an object")
    return dict(pairs)


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def check_shape(data, kind="JSON"):
    """Refuse a document nested deeper than MAX_BODY_DEPTH, with a list longer than MAX_BODY_LIST_ITEMS, or with text
    that is not Unicode (a lone surrogate such as "\\ud800", which JSON can escape but UTF-8 cannot encode), without
    recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value, kind)
        elif isinstance(value, (dict, list)):
            if depth > settings.MAX_BODY_DEPTH:
                raise ParseError(f"{kind} parse error - nested more than {settings.MAX_BODY_DEPTH} levels deep.")
            if isinstance(value, list) and len(value) > settings.MAX_BODY_LIST_ITEMS:
                raise ParseError(f"{kind} parse error - a list holds more than {settings.MAX_BODY_LIST_ITEMS} items.")
            if isinstance(value, dict):
                for key in value:
                    if isinstance(key, str):
                        _check_text(key, kind)
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)


def _check_text(text, kind):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ParseError(
            f"{kind} parse error - text holds a lone surrogate (\\ud800-\\udfff), which is not Unicode."
        ) from None


class YAMLParser(BaseParser):
    """A YAML document, as the importer reads it (no aliases, bounded nesting). Text that is not a YAML document is
    an `invalid_document` like any document the importer refuses; bytes that are not UTF-8 are not text at all."""

    media_type = "application/yaml"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = parse_yaml(stream.read().decode(settings.DEFAULT_CHARSET) if stream is not None else "")
        except UnicodeDecodeError as error:
            raise ParseError(f"YAML parse error - not UTF-8 text ({error.reason} at byte {error.start}).") from error
        check_shape(data, kind="YAML")
        return data
