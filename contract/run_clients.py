"""Run the three generated clients against a live server (after contract/generate_clients.py).

    EVENTAPI_URL=... EVENTAPI_TOKEN=... python contract/run_clients.py    (the contract virtualenv's Python)

In this order, so that the readers also see a deleted meeting in `deletions/`:
  1. contract/clients/oag_python.py      openapi-generator Python client: writes a meeting with participations,
                                          deletes it; reads every list, one object of each resource, histories
  2. contract/clients/oag_typescript.ts  openapi-generator typescript-fetch client (compiled), the same reads
  3. contract/clients/datamodel_read.py  httpx + datamodel-code-generator's pydantic models, the same reads
Exits 1 if any of them failed.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMPILED = "build/contract/clients/typescript-test"  # where contract/generate_clients.py has tsc put the test


def main():
    node = os.environ.get("NODE", "node")
    programs = [
        ("openapi-generator python", [sys.executable, "contract/clients/oag_python.py"]),
        ("openapi-generator typescript-fetch", [node, f"{COMPILED}/contract/clients/oag_typescript.js"]),
        ("datamodel-code-generator", [sys.executable, "contract/clients/datamodel_read.py"]),
    ]  # fmt: skip
    results = []
    for name, command in programs:
        print(f"\n=== {name} ===", flush=True)
        started = time.monotonic()
        status = subprocess.run(command, cwd=REPO).returncode
        results.append((name, status, time.monotonic() - started))
    print("\n=== Clients summary ===")
    for name, status, elapsed in results:
        print(f"{name}: {'ok' if status == 0 else f'FAILED (exit {status})'}, {elapsed:.1f} s")
    return 1 if any(status for _, status, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
