"""Every `curl` line of README.md's "Examples with curl" section, run with bash against a real server, in order."""

import json
import os
import re
import subprocess

import httpx
import pytest

from tests.conftest import REPO

README_URL = "http://127.0.0.1:8000"
STATUS_MARK = "\n--http-status--"
EXPECTED_STATUS = {"GET": 200, "POST": 201, "PATCH": 200, "PUT": 200, "DELETE": 204}
README_MEETING = "london-follow-up-2025"


def section_lines():
    """The command lines of the section's shell blocks."""
    readme = (REPO / "README.md").read_text()
    section = re.search(r"^### Examples with curl\n(.*?)(?=^#{1,3} )", readme, re.S | re.M).group(1)
    blocks = re.findall(r"^```sh\n(.*?)^```", section, re.S | re.M)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


LINES = section_lines()
READS = [line for line in LINES if line.startswith("curl") and " -X " not in line]
WRITES = [line for line in LINES if line not in READS]


def run_curl(live_server_process, line):
    """Runs a README line with bash against the live server; returns (HTTP method, status, body)."""
    command = line.replace(README_URL, live_server_process.url) + f" -w '{STATUS_MARK}%{{http_code}}'"
    result = subprocess.run(
        ["bash", "-c", command],
        env={**os.environ, "TOKEN": live_server_process.token},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, ""), line
    body, status = result.stdout.rsplit(STATUS_MARK, 1)
    method = re.search(r" -X (\w+)", line).group(1) if " -X " in line else "GET"
    return method, int(status), body


@pytest.fixture
def no_readme_meeting(live_server_process):
    """The write examples create and delete one meeting; make sure it is gone even when they fail halfway."""
    yield
    httpx.delete(
        f"{live_server_process.url}/api/v1/meetings/{README_MEETING}/",
        headers={"Authorization": f"Token {live_server_process.token}"},
    )


class TestReadmeSection:
    def test_section_holds_only_curl_lines_and_the_token_line(self):
        assert len(READS) >= 10
        assert WRITES[0].startswith("TOKEN=$(") and "issue_token" in WRITES[0]
        assert [line for line in LINES if not line.startswith("curl -s ")] == [WRITES[0]]
        assert all(README_URL in line for line in LINES if line.startswith("curl"))


class TestReadmeReads:
    @pytest.mark.parametrize("line", READS, ids=[f"line{number}" for number in range(1, len(READS) + 1)])
    def test_read_example(self, live_server_process, line):
        method, status, body = run_curl(live_server_process, line)
        assert (method, status) == ("GET", 200), body[:500]
        data = json.loads(body)
        if "results" in data:
            assert data["count"] >= 1, f"the README example finds nothing: {line}"


class TestReadmeWrites:
    def test_write_examples_in_order(self, live_server_process, no_readme_meeting):
        token_line, *curl_lines = WRITES
        assert token_line.startswith("TOKEN=")  # the fixture's token stands in for `issue_token`'s output
        assert [line.split()[3] for line in curl_lines] == ["POST", "POST", "POST", "PATCH", "DELETE"]
        bodies = []
        for line in curl_lines:
            method, status, body = run_curl(live_server_process, line)
            assert status == EXPECTED_STATUS[method], (line, body[:500])
            bodies.append(json.loads(body) if method != "DELETE" else body)

        meeting, participation, count, patched, deleted = bodies
        assert meeting["slug"] == README_MEETING
        assert (participation["meeting"]["slug"], participation["nation"]["code"]) == (README_MEETING, "GB")
        assert (count["meeting"]["slug"], count["count"], count["qualifier"]) == (README_MEETING, 26, "about")
        assert [(item["count"], item["qualifier"]) for item in patched["reported_counts"]] == [(26, "about")]
        assert (patched["reported_nation_count"], patched["reported_nation_count_qualifier"]) == (26, "about")
        assert patched["series"]["slug"] == "coalition-of-the-willing"
        assert [item["participant"]["key"] for item in patched["participations"]] == ["GB"]
        assert deleted == ""
        response = httpx.get(f"{live_server_process.url}/api/v1/meetings/{README_MEETING}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
