"""Real responses parsed into the pydantic models that datamodel-code-generator made from schema/openapi.yaml.

    EVENTAPI_URL=... python contract/clients/datamodel_read.py

Reads (with httpx, no client library) every list of contract/clients/resources.json page by page, following `next`
links, one object of each resource and that object's history. Each response body is parsed with
`Model.model_validate_json` into the model the schema names for that operation's 200 response (found in
schema/openapi.yaml, so nothing here repeats the schema). The models forbid extra fields (contract/datamodel/
pyproject.toml), so a field the schema does not name fails too. Every failure is printed with the operation, the
address and pydantic's message; the exit status is 1 if there was any.
"""

import json
import os
import sys
from pathlib import Path

import httpx
import pydantic
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, os.environ.get("CONTRACT_DATAMODEL_DIR", str(REPO / "build/contract/clients/datamodel")))
import models  # noqa: E402  (build/contract/clients/datamodel/models.py)

RESOURCES = json.loads((Path(__file__).parent / "resources.json").read_text())
SCHEMA = yaml.safe_load((REPO / "schema/openapi.yaml").read_text())
failures = []
counts = {}


def operation_prefix(resource):
    """`meeting-relations` in addresses is `meeting_relations` in operation ids."""
    return resource.replace("-", "_")


def model_of_component(name):
    """The model of a schema component. The generator names a list's constrained items after the field (`sources`
    gives `Source`, an ID), and a component it then meets under a taken name gets `Model` appended."""
    model = getattr(models, name)
    if issubclass(model, pydantic.RootModel) and hasattr(models, f"{name}Model"):
        return getattr(models, f"{name}Model")
    return model


def response_model(operation_id):
    for item in SCHEMA["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                return model_of_component(reference.rsplit("/", 1)[1])
    raise LookupError(operation_id)


def parse(label, http, url, model):
    """The parsed model, or None (with the failure recorded)."""
    try:
        response = http.get(url)
    except httpx.HTTPError as error:
        failures.append(f"{label} GET {url}: {type(error).__name__}: {error}")
        return None
    if response.status_code != 200:
        failures.append(f"{label} GET {url}: status {response.status_code}: {response.text[:500]}")
        return None
    try:
        return model.model_validate_json(response.content, strict=True)
    except pydantic.ValidationError as error:
        failures.append(f"{label} GET {url}: {model.__name__}: {error}")
        return None


def read_all(label, http, url, model):
    """Every page: the items, or None on a failure."""
    items = []
    for _ in range(1000):
        page = parse(label, http, url, model)
        if page is None:
            return None
        items += page.results
        if page.next is None:
            return items
        url = str(page.next)
    failures.append(f"{label}: more than 1000 pages")
    return None


def main():
    base = os.environ["EVENTAPI_URL"] + "/api/v1"
    with httpx.Client(timeout=30) as http:
        for resource in RESOURCES["lists"]:
            items = read_all(
                f"{resource}_list", http, f"{base}/{resource}/", response_model(f"{operation_prefix(resource)}_list")
            )
            if items is not None:
                counts[f"{resource}_list"] = len(items)
        for resource, key in RESOURCES["objects"].items():
            first = http.get(f"{base}/{resource}/?limit=1").json()["results"]
            if not first:
                failures.append(f"{resource}_retrieve: the list is empty, no object to read")
                continue
            value = first[0][key]
            item = parse(
                f"{resource}_retrieve",
                http,
                f"{base}/{resource}/{value}/",
                response_model(f"{operation_prefix(resource)}_retrieve"),
            )
            if item is not None:
                counts[f"{resource}_retrieve"] = 1
            if resource in RESOURCES["history"]:
                model = response_model(f"{operation_prefix(resource)}_history_list")
                entries = read_all(f"{resource}_history_list", http, f"{base}/{resource}/{value}/history/", model)
                if entries is not None:
                    counts[f"{resource}_history_list"] = len(entries)
    print("datamodel-code-generator models:", json.dumps(counts))
    for failure in failures:
        print(f"  FAILED {failure}")
    print(f"datamodel-code-generator models: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
