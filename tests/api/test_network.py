"""`network/`: nodes and weighted edges of who meets whom, as JSON and as GraphML."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.bodies import invalid, rule_violated, unknown, unknown_reference
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipationFactory,
    SeriesFactory,
    nation,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NETWORK = "/api/v1/network/"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def network(api, **params):
    response = api.get(NETWORK, params)
    assert response.status_code == 200, response.json()
    return response.json()


def nodes(body):
    return {node["participant"]["key"]: node["meetings"] for node in body["nodes"]}


def edges(body):
    return [(edge["source"], edge["target"], edge["meetings"]) for edge in body["edges"]]


@pytest.fixture
def built(db):
    """Three meetings: FR, DE and an organization in the first; FR, DE and PL (declined) in the second, which with
    the first is a series; FR and PL in the third. A club whose members are FR, and DE from 2024-05-01."""
    series = SeriesFactory(slug="talks")
    first = MeetingFactory(slug="first", start_date=D(2024, 1, 10), series=series)
    second = MeetingFactory(slug="second", start_date=D(2024, 6, 1), series=series, level="ministers")
    third = MeetingFactory(slug="third", start_date=D(2025, 1, 1))
    alliance = OrganizationFactory(slug="alliance", name="The Alliance", short_name="Alliance")
    club = OrganizationFactory(slug="club")
    MembershipFactory(organization=club, nation=nation("FR"), start_date=D(2000, 1, 1))
    MembershipFactory(organization=club, nation=nation("DE"), start_date=D(2024, 5, 1))
    for meeting, code in [(first, "FR"), (first, "DE"), (second, "FR"), (second, "DE"), (third, "FR"), (third, "PL")]:
        ParticipationFactory(meeting=meeting, nation=nation(code))
    ParticipationFactory(meeting=first, nation=None, organization=alliance)
    ParticipationFactory(meeting=second, nation=nation("PL"), status="declined", attendance_mode=None)


class TestJSON:
    def test_nodes_and_edges(self, built, api):
        body = network(api)
        assert body["nodes"] == [
            {"participant": {"kind": "nation", "key": "FR", "name": "France"}, "meetings": 3},
            {"participant": {"kind": "nation", "key": "DE", "name": "Germany"}, "meetings": 2},
            {"participant": {"kind": "nation", "key": "PL", "name": "Poland"}, "meetings": 2},
            {"participant": {"kind": "organization", "key": "alliance", "name": "Alliance"}, "meetings": 1},
        ]
        assert body["edges"] == [
            {"source": "DE", "target": "FR", "meetings": 2},
            {"source": "FR", "target": "PL", "meetings": 2},
            {"source": "DE", "target": "PL", "meetings": 1},
            {"source": "DE", "target": "alliance", "meetings": 1},
            {"source": "FR", "target": "alliance", "meetings": 1},
        ]

    def test_series(self, built, api):
        body = network(api, series="talks")
        assert nodes(body) == {"DE": 2, "FR": 2, "PL": 1, "alliance": 1}
        assert edges(body) == [
            ("DE", "FR", 2),
            ("DE", "PL", 1),
            ("DE", "alliance", 1),
            ("FR", "PL", 1),
            ("FR", "alliance", 1),
        ]

    def test_status_applies_to_both_participations(self, built, api):
        body = network(api, status="attended")
        assert nodes(body) == {"FR": 3, "DE": 2, "PL": 1, "alliance": 1}
        assert edges(body) == [("DE", "FR", 2), ("DE", "alliance", 1), ("FR", "PL", 1), ("FR", "alliance", 1)]

    def test_date_range_and_level(self, built, api):
        assert edges(network(api, date_from="2024-06-01")) == [("FR", "PL", 2), ("DE", "FR", 1), ("DE", "PL", 1)]
        assert edges(network(api, date_to="2024-01-10")) == [
            ("DE", "FR", 1),
            ("DE", "alliance", 1),
            ("FR", "alliance", 1),
        ]
        assert edges(network(api, level="ministers")) == [("DE", "FR", 1), ("DE", "PL", 1), ("FR", "PL", 1)]

    def test_organization_keeps_its_members_on_each_meetings_first_day(self, built, api):
        """Germany joined the club between the first and the second meeting; Poland never did."""
        body = network(api, organization="club")
        assert nodes(body) == {"FR": 3, "DE": 1}
        assert edges(body) == [("DE", "FR", 1)]

    def test_nothing_matches(self, built, api):
        assert network(api, date_from="2030-01-01") == {"nodes": [], "edges": []}

    def test_shipped_data(self, shipped, api):
        body = network(api)
        assert len(body["nodes"]) == 36  # the leaders' call's 32 participants, and CY, KR, ME and US from Paris
        assert body["nodes"][:2] == [  # the two in all three meetings, by key
            {"participant": {"kind": "nation", "key": "AU", "name": "Australia"}, "meetings": 3},
            {"participant": {"kind": "nation", "key": "GB", "name": "United Kingdom"}, "meetings": 3},
        ]
        assert body["edges"][0] == {"source": "AU", "target": "GB", "meetings": 3}
        # The leaders' call's 32 × 31 / 2 pairs, and Paris's 13 × 12 / 2 less the 9 × 8 / 2 among its participants
        # that were on the call too; Northwood's six were all on the call.
        assert len(body["edges"]) == 496 + 78 - 36
        nato = network(api, organization="nato", series="coalition-of-the-willing")
        assert {"AU", "JP", "UA", "nato", "eu"}.isdisjoint(nodes(nato))
        assert nodes(nato)["GB"] == 3 and nodes(nato)["US"] == 1


class TestGraphML:
    @pytest.mark.parametrize("how", ["accept", "format"])
    def test_is_a_graphml_document(self, built, api, how):
        if how == "accept":
            response = api.get(NETWORK, HTTP_ACCEPT="application/graphml+xml")
        else:
            response = api.get(NETWORK, {"format": "graphml"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/graphml+xml; charset=utf-8"
        root = ElementTree.fromstring(response.content)
        assert root.tag == f"{GRAPHML}graphml"
        keys = {key.get("id"): (key.get("for"), key.get("attr.type")) for key in root.iter(f"{GRAPHML}key")}
        assert keys == {
            "kind": ("node", "string"),
            "name": ("node", "string"),
            "meetings": ("node", "int"),
            "weight": ("edge", "int"),
        }
        graph = root.find(f"{GRAPHML}graph")
        assert graph.get("edgedefault") == "undirected"
        read = {node.get("id"): {data.get("key"): data.text for data in node} for node in graph.iter(f"{GRAPHML}node")}
        assert read["alliance"] == {"kind": "organization", "name": "Alliance", "meetings": "1"}
        assert read["FR"] == {"kind": "nation", "name": "France", "meetings": "3"}
        weights = [
            (edge.get("source"), edge.get("target"), int(edge.find(f"{GRAPHML}data").text))
            for edge in graph.iter(f"{GRAPHML}edge")
        ]
        assert weights == edges(network(api))
        assert {source for source, *_ in weights} | {target for _, target, _ in weights} <= set(read)

    def test_errors_are_json(self, built, api):
        response = api.get(NETWORK, {"format": "graphml", "series": "nope"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json() == unknown_reference(series=[unknown("series", "nope")])


class TestRefusals:
    @pytest.mark.parametrize(
        "params, body",
        [
            (
                {"date_from": "2025-03-12", "date_to": "2025-03-11"},
                rule_violated(date_to=["Must not be earlier than `date_from`."]),
            ),
            ({"organization": "nope"}, unknown_reference(organization=[unknown("organization", "nope")])),
            ({"date_to": "2025-3-1"}, invalid(date_to=["Enter a valid date."])),
        ],
    )
    def test_bad_parameters(self, db, api, params, body):
        response = api.get(NETWORK, params)
        assert (response.status_code, response.json()) == (400, body)

    def test_not_paged(self, db, api):
        response = api.get(NETWORK, {"limit": 10})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["limit"]


def test_queries_do_not_grow_with_the_network(db, api):
    """The series, the self-join, and the nodes' nations and organizations."""
    series = SeriesFactory(slug="talks")
    organization = OrganizationFactory(slug="alliance")
    codes = ["DE", "PL", "IT", "ES", "NL", "BE", "AT", "PT", "SE", "FI", "DK", "IE"]
    for size in (1, 4, 12):
        for code in codes[:size]:
            meeting = MeetingFactory(series=series)
            ParticipationFactory(meeting=meeting, nation=nation("FR"))
            ParticipationFactory(meeting=meeting, nation=nation(code))
            ParticipationFactory(meeting=meeting, nation=None, organization=organization)
        with CaptureQueriesContext(connection) as queries:
            body = network(api, series="talks")
        assert len(body["nodes"]) == size + 2
        assert len(queries) == 4, [query["sql"] for query in queries]
