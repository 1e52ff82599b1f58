"""Schemathesis against a live eventapi server: every check, every phase, anonymous and then with the write token.

    EVENTAPI_URL=... EVENTAPI_TOKEN=... python contract/run_schemathesis.py [--examples 50] [--seed 20250311]

Run it with the contract virtualenv's Python (`make contract-schemathesis` starts a server of its own with
contract/live_server.py and does so). Configuration is contract/schemathesis.toml; hooks are contract/hooks.py.

The schema fuzzed is schema/openapi.yaml; its OpenAPI links (events/api/schema.py `add_links`) drive the stateful
phase.

Two runs, one after the other, against the same server (whose database nobody else uses):
  anonymous  reads as anybody; every write must be refused with 401 (Schemathesis checks that too)
  token      `Authorization: Bearer $EVENTAPI_TOKEN`, a user allowed every write: creates, rewrites and deletes
Reports (JUnit XML) go to build/contract/schemathesis/<run>/, and contract/summarize_failures.py lists their failures.
Exits non-zero if either run fails.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=int(os.environ.get("CONTRACT_EXAMPLES", "50")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CONTRACT_SEED", "20250311")))
    # One worker: with two, Python 3.11.7's ast module sometimes fails inside Hypothesis when two threads parse at
    # once ("SystemError: AST constructor recursion depth mismatch", CPython gh-106905), which Schemathesis reports as
    # an error of the operation.
    parser.add_argument("--workers", default=os.environ.get("CONTRACT_WORKERS", "1"))
    parser.add_argument("--schema", default=str(REPO / "schema/openapi.yaml"))
    parser.add_argument("--out", default=str(REPO / "build/contract/schemathesis"))
    parser.add_argument("--runs", default="anonymous,token", help="which runs, comma-separated")
    parser.add_argument("extra", nargs="*", help="more arguments for `schemathesis run` (after --)")
    arguments = parser.parse_args()
    url, token = os.environ["EVENTAPI_URL"], os.environ["EVENTAPI_TOKEN"]

    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    schema = Path(arguments.schema).resolve()
    schemathesis = str(Path(sys.executable).parent / "schemathesis")
    results = {}
    for run in arguments.runs.split(","):
        report_dir = out / run
        report_dir.mkdir(parents=True, exist_ok=True)
        accepted_log = report_dir / "accepted-refusals.json"
        command = [
            schemathesis, "--config-file", str(HERE / "schemathesis.toml"), "--no-color",
            "run", str(schema),
            "--url", url,
            "--seed", str(arguments.seed),
            "--max-examples", str(arguments.examples),
            "--workers", str(arguments.workers),
            "--report", "junit",
            "--report-junit-path", str(report_dir / "junit.xml"),
            *(["--header", f"Authorization: Bearer {token}"] if run == "token" else []),
            *arguments.extra,
        ]  # fmt: skip
        print(f"\n=== Schemathesis, {run}: {arguments.examples} examples per operation, seed {arguments.seed} ===")
        print(" ".join(part if token not in part else "--header 'Authorization: Bearer ***'" for part in command))
        sys.stdout.flush()
        started = time.monotonic()
        status = subprocess.run(
            command, cwd=REPO, env={**os.environ, "CONTRACT_ACCEPTED_LOG": str(accepted_log)}
        ).returncode
        elapsed = time.monotonic() - started
        accepted = json.loads(accepted_log.read_text()) if accepted_log.exists() else {}
        results[run] = (status, elapsed, accepted)

    reports = [str(out / run / "junit.xml") for run in results if (out / run / "junit.xml").exists()]
    if reports:
        print("\n=== Schemathesis failures, one line each (details: build/contract/schemathesis/failures.md) ===")
        sys.stdout.flush()
        subprocess.run(
            [sys.executable, str(HERE / "summarize_failures.py"), *reports, "--markdown", str(out / "failures.md")]
        )
    print("\n=== Schemathesis summary ===")
    for run, (status, elapsed, accepted) in results.items():
        print(
            f"{run}: exit {status}, {elapsed:.0f} s; refusals accepted by contract/hooks.py: {sum(accepted.values())}"
        )
        for key, count in accepted.items():
            print(f"    {count:6d}  {key}")
    return 0 if all(status == 0 for status, _, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
