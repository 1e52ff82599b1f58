"""README.md's write-path script ("Writing safely"), run with bash against a real server, checked line by line."""

import json
import os
import re
import subprocess

import httpx

from tests.conftest import REPO

README_API = "http://127.0.0.1:8000/api/v1"
END = "--end-of-command--"


def script_lines():
    readme = (REPO / "README.md").read_text()
    section = re.search(r"^### Writing safely.*?\n(.*?)(?=^#{2,3} )", readme, re.S | re.M).group(1)
    [block] = re.findall(r"^```sh\n(.*?)^```", section, re.S | re.M)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def run_script(live_server_process):
    """Runs the script in one bash (its variables carry over); returns each command's output."""
    lines = script_lines()
    script = "set -euo pipefail\n" + "".join(f'{line}\necho "{END}"\n' for line in lines)
    result = subprocess.run(
        ["bash", "-c", script.replace(README_API, f"{live_server_process.url}/api/v1")],
        cwd=REPO,
        env={**os.environ, "TOKEN": live_server_process.token},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    outputs = [output.strip() for output in result.stdout.split(END)[:-1]]
    return dict(zip(lines, outputs, strict=True))


def test_the_script_does_what_the_readme_says(live_server_process):
    try:
        outputs = list(run_script(live_server_process).values())
    finally:
        httpx.delete(
            f"{live_server_process.url}/api/v1/meetings/rome-2025/",
            headers={"Authorization": f"Token {live_server_process.token}"},
        )
    (
        _api,
        _auth,
        _json,
        created,
        replayed,
        _etag,
        not_modified,
        patched,
        stale,
        history,
        deleted,
        changed,
        deletions,
        dry_run,
    ) = outputs

    assert json.loads(created)["slug"] == "rome-2025"
    assert replayed.lower() == "idempotent-replayed: true"
    assert (not_modified, patched) == ("304", "200")
    assert json.loads(stale)["code"] == "precondition_failed"
    entries = json.loads(history)["results"]
    assert [(entry["type"], entry["user"], entry["via"]) for entry in entries] == [
        ("created", "sdk-writer", "api"),
        ("updated", "sdk-writer", "api"),
    ]
    assert entries[1]["changes"] == [{"field": "venue", "old": "", "new": "Palazzo Chigi"}]
    assert deleted == ""
    stamps = [meeting["updated_at"] for meeting in json.loads(changed)["results"]]
    assert stamps and stamps == sorted(stamps)
    assert {"resource": "meetings", "key": "rome-2025"}.items() <= json.loads(deletions)["results"][-1].items()
    report = json.loads(dry_run)
    assert (report["dry_run"], report["created"], report["updated"], report["unchanged"]) == (True, 0, 0, 26)
