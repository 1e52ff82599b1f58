"""How a typed name finds nations: one ranking for the admin's pickers, the API's `search` and the importer.

A typed text is compared with each nation's codes, ISO names and aliases (events/data/nation_aliases.yaml) after
`normalized()`. The ranks, best first: an exact code, name or alias; a name or alias that starts with the text; one
that contains it. The text is one phrase, not separate words: "United States" does not find the United Mexican
States.
"""

import functools
import re
import unicodedata
from pathlib import Path

import yaml

__all__ = ["EXACT", "PREFIX", "CONTAINS", "aliases", "ambiguous_names", "normalized", "ranks"]

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "nation_aliases.yaml"

EXACT, PREFIX, CONTAINS = range(3)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@functools.lru_cache(maxsize=8192)
def normalized(text):
    """The text as names are compared: case, accents, dots, hyphens, extra spaces and a leading "the" ignored."""
    text = unicodedata.normalize("NFKD", str(text or "")).translate(_APOSTROPHES)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = re.sub(r"[\s\-–]+", " ", text.replace(".", "").replace("&", " and ")).strip()
    return re.sub(r"^the ", "", text)


@functools.cache
def _data():
    with ALIASES_FILE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


@functools.cache
def aliases():
    """{normalized alias: alpha-2 code}. An alias written for two nations is an error in the data, not a choice."""
    found = {}
    for code, names in _data()["aliases"].items():
        for name in names:
            key = normalized(name)
            if found.setdefault(key, code) != code:
                raise ValueError(f"Nation alias {name!r} is given for both {found[key]} and {code}.")
    return found


@functools.cache
def ambiguous_names():
    """{normalized name: frozenset of alpha-2 codes} for names that mean several nations."""
    return {normalized(name): frozenset(codes) for name, codes in _data()["ambiguous"].items()}


@functools.cache
def _names_by_code():
    names = {}
    for alias, code in aliases().items():
        names.setdefault(code, set()).add(alias)
    for name, codes in ambiguous_names().items():
        for code in codes:
            names.setdefault(code, set()).add(name)
    return names


def ranks(text, nations):
    """{pk: rank} of the nations that `text` finds, for `nations` as (pk, code, alpha3, numeric, *names) rows."""
    value = normalized(text)
    if not value:
        return {}
    extra_names = _names_by_code()
    found = {}
    for pk, code, alpha3, numeric, *names in nations:
        keys = {normalized(name) for name in names if name} | extra_names.get(code, set())
        if value in {code.casefold(), alpha3.casefold(), numeric} or value in keys:
            found[pk] = EXACT
        elif any(key.startswith(value) for key in keys):
            found[pk] = PREFIX
        elif any(value in key for key in keys):
            found[pk] = CONTAINS
    return found
