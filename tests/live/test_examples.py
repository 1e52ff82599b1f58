"""Every write operation's request example in the OpenAPI document succeeds when sent, as the docs' "Try it out"
would send it, to a server holding the shipped data (and only that: a server of this module's own)."""

import httpx
import pytest
import yaml

from tests.conftest import REPO
from tests.live.conftest import seeded_server

DOCUMENT = yaml.safe_load((REPO / "schema" / "openapi.yaml").read_text())
ORDER = {"post": 0, "put": 1, "patch": 2}


def write_examples():
    """(method, address, body) of every write operation with a request example: creates first, then changes."""
    found = []
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if method not in ORDER:
                continue
            content = operation["requestBody"]["content"]["application/json"]
            [example] = content["examples"].values()
            address = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    address = address.replace(f"{{{parameter['name']}}}", str(parameter["example"]))
            found.append((method, address, example["value"]))
    return sorted(found, key=lambda found_example: ORDER[found_example[0]])


EXAMPLES = write_examples()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with seeded_server(tmp_path_factory.mktemp("examples")) as server:
        yield server


def test_every_write_operation_has_an_example():
    writes = [(path, method) for path, item in DOCUMENT["paths"].items() for method in item if method in ORDER]
    assert len(EXAMPLES) == len(writes) == 43


def test_the_examples_succeed_on_the_shipped_data(server):
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
        outcomes = [
            (method, address, client.request(method.upper(), address, json=body)) for method, address, body in EXAMPLES
        ]

    failures = [
        f"{method.upper()} {address} -> {response.status_code} {response.text[:300]}"
        for method, address, response in outcomes
        if response.status_code not in (200, 201)
    ]
    assert failures == []
