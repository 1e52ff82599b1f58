"""The exports, calendars, linked data and aggregates over real HTTP, from the server as `make run` serves it, on the
shipped data: what a data journalist's script or a calendar application receives, streamed where it streams."""

import csv
import io
import json
import xml.etree.ElementTree as ElementTree

import httpx
import icalendar
import pytest
from pyld import jsonld

from tests.api.test_linked_data import offline_loader
from tests.conftest import PARIS

TIMEOUT = 60


def get(server, path, **kwargs):
    response = httpx.get(f"{server.url}/api/v1/{path}", timeout=TIMEOUT, **kwargs)
    assert response.status_code == 200, response.text[:500]
    return response


def streamed(server, path):
    """The body as the client receives it, a chunk at a time; and the response's headers."""
    with httpx.stream("GET", f"{server.url}/api/v1/{path}", timeout=TIMEOUT) as response:
        assert response.status_code == 200
        return b"".join(response.iter_bytes()).decode(), response.headers


def json_items(server, path):
    """The JSON list's items (one page of 500: the shipped data holds fewer)."""
    return get(server, path + ("&" if "?" in path else "?") + "limit=500").json()["results"]


class TestExports:
    def test_a_csv_export_holds_the_json_lists_rows_flattened(self, live_server_process):
        body, headers = streamed(live_server_process, f"participations/?format=csv&meeting={PARIS}")

        assert headers["content-type"] == "text/csv; charset=utf-8"
        assert headers["content-disposition"] == 'attachment; filename="participations.csv"'
        rows = list(csv.DictReader(io.StringIO(body)))
        items = json_items(live_server_process, f"participations/?meeting={PARIS}")
        assert [int(row["id"]) for row in rows] == [item["id"] for item in items]
        assert {(row["meeting_slug"], row["meeting_city"], row["meeting_host_country"]) for row in rows} == {
            (PARIS, "Paris", "FR")
        }

    def test_an_ndjson_export_is_the_json_lists_items_one_per_line(self, live_server_process):
        body, headers = streamed(live_server_process, "meetings/?format=ndjson")

        assert headers["content-type"].startswith("application/x-ndjson")
        assert [json.loads(line) for line in body.splitlines()] == json_items(live_server_process, "meetings/")


class TestCalendarAndLinkedData:
    def test_a_nations_calendar_parses_as_icalendar(self, live_server_process):
        calendar = icalendar.Calendar.from_ical(get(live_server_process, "nations/FR/meetings.ics").content)

        uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
        assert f"{PARIS}@eventapi" in uids
        assert len(uids) == len(json_items(live_server_process, "meetings/?nation=FR"))

    def test_a_meeting_as_json_ld_expands_to_a_schema_org_event(self, live_server_process):
        document = get(live_server_process, f"meetings/{PARIS}/", headers={"Accept": "application/ld+json"}).json()

        [event] = jsonld.expand(document, {"documentLoader": offline_loader})
        assert event["@type"] == ["https://schema.org/Event"]
        assert event["https://schema.org/location"][0]["@type"] == ["https://schema.org/Place"]


class TestWhoMeetsWhom:
    def test_partners_count_the_shared_meetings(self, live_server_process):
        """The UK took part in the three shipped meetings, as did Australia; Croatia only declined Paris."""
        partners = {
            item["participant"]["key"]: item["meetings"]
            for item in json_items(live_server_process, "nations/GB/partners/")
        }
        assert partners["AU"] == 3
        assert max(partners.values()) == 3
        assert partners["HR"] == 2

    @pytest.mark.parametrize(
        "how", [{"params": {"format": "graphml"}}, {"headers": {"Accept": "application/graphml+xml"}}]
    )
    def test_the_network_as_graphml_has_the_jsons_nodes_and_edges(self, live_server_process, how):
        network = get(live_server_process, "network/").json()
        graph = ElementTree.fromstring(get(live_server_process, "network/", **how).content)

        namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
        assert {node.get("id") for node in graph.iterfind(".//g:node", namespace)} == {
            node["participant"]["key"] for node in network["nodes"]
        }
        assert len(graph.findall(".//g:edge", namespace)) == len(network["edges"])

    def test_the_summary_counts_every_participation_once(self, live_server_process):
        summary = get(live_server_process, "participations/summary/", params={"group_by": "status"}).json()

        total = get(live_server_process, "participations/", params={"limit": 1}).json()["count"]
        assert summary["totals"]["participations"] == total
        assert sum(group["participations"] for group in summary["groups"]) == total

    def test_blocs_split_the_participants_by_membership(self, live_server_process):
        blocs = get(live_server_process, f"meetings/{PARIS}/blocs/", params={"organization": "nato"}).json()

        participants = json_items(live_server_process, f"participations/?meeting={PARIS}")
        split = [item["participant"]["key"] for item in [*blocs["members"], *blocs["non_members"]]]
        assert sorted(split) == sorted(item["nation"]["code"] for item in participants if item["nation"])
