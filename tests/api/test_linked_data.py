"""Meetings as schema.org Events in JSON-LD, expanded offline with pyld against the bundled schema.org context."""

import datetime
import json

import pytest
from pyld import jsonld

from tests.conftest import REPO
from tests.factories import (
    DelegateFactory,
    MeetingFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    SourceFactory,
    nation,
    role,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/summit/"
LD = "application/ld+json"
CONTEXT = json.loads((REPO / "events/data/schema-org-context.jsonld").read_text())


def offline_loader(url, options=None):
    """Serves the bundled schema.org context and fetches nothing."""
    if url.rstrip("/") != "https://schema.org":
        raise ValueError(f"Nothing is fetched in tests: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def expanded(document):
    return jsonld.expand(document, {"documentLoader": offline_loader})


def terms(node):
    """Every property IRI and type IRI of an expanded document."""
    if isinstance(node, list):
        for item in node:
            yield from terms(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                yield from value
            elif not key.startswith("@"):
                yield key
            yield from terms(value)


@pytest.fixture
def summit(db):
    series_meeting = MeetingFactory(slug="parent", title="Parent", start_date=datetime.date(2025, 3, 1))
    meeting = MeetingFactory(
        slug="summit",
        title="Summit",
        summary="Leaders met.",
        start_date=datetime.date(2025, 3, 11),
        start_time=datetime.time(10),
        timezone="Europe/Paris",
        city="Paris",
        host_country=nation("FR"),
        format="hybrid",
        parent=series_meeting,
    )
    france = ParticipationFactory(meeting=meeting, nation=nation("FR"), role=role("lead"))
    DelegateFactory(participation=france, person=PersonFactory(name="Emmanuel Macron", wikidata_id="Q3052772"))
    ParticipationFactory(meeting=meeting, nation=nation("US"), status="declined", attendance_mode=None)
    ParticipationFactory(meeting=meeting, nation=None, organization=OrganizationFactory(slug="nato", short_name="NATO"))
    SessionFactory(meeting=meeting, order=1, title="Opening")
    meeting.sources.add(SourceFactory(title="Report", outlet="Wire", url="https://example.org/report"))
    return meeting


class TestMeeting:
    def test_a_meeting_is_a_schema_org_event(self, api, summit):
        response = api.get(URL, HTTP_ACCEPT=LD)

        assert response.status_code == 200
        assert response["Content-Type"] == LD
        event = response.json()
        assert event["@context"] == "https://schema.org"
        assert (event["@type"], event["@id"], event["name"]) == ("Event", "http://testserver" + URL, "Summit")
        assert event["startDate"] == "2025-03-11T10:00:00+01:00"
        assert event["endDate"] == "2025-03-11"
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
        assert event["location"] == {
            "@type": "Place",
            "name": "Paris",
            "address": {"@type": "PostalAddress", "addressLocality": "Paris", "addressCountry": "FR"},
        }
        france = {
            "@type": "GovernmentOrganization",
            "@id": "http://testserver/api/v1/nations/FR/",
            "name": "Government of France",
            "areaServed": {"@type": "Country", "name": "France", "identifier": "FR"},
        }
        assert event["organizer"] == [france]
        assert event["attendee"] == [
            france,
            {
                "@type": "Person",
                "name": "Emmanuel Macron",
                "affiliation": {"@id": france["@id"]},
                "sameAs": "https://www.wikidata.org/wiki/Q3052772",
            },
            {
                "@type": "Organization",
                "@id": "http://testserver/api/v1/organizations/nato/",
                "name": "NATO",
                "identifier": "nato",
            },
        ]  # the United States declined: not an attendee
        assert event["superEvent"] == [
            {
                "@type": "Event",
                "@id": "http://testserver/api/v1/meetings/parent/",
                "name": "Parent",
                "startDate": "2025-03-01",
            }
        ]
        assert event["subEvent"] == [{"@type": "Event", "name": "Opening", "position": 1}]
        assert event["citation"] == [
            {
                "@type": "CreativeWork",
                "name": "Report",
                "url": "https://example.org/report",
                "publisher": {"@type": "Organization", "name": "Wire"},
            }
        ]

    def test_it_expands_offline_to_schema_org_terms(self, api, summit):
        document = api.get(URL, {"format": "jsonld"}).json()

        [event] = expanded(document)

        assert event["@type"] == ["https://schema.org/Event"]
        assert event["https://schema.org/eventStatus"] == [{"@id": "https://schema.org/EventScheduled"}]
        assert set(terms(event)) >= {
            "https://schema.org/GovernmentOrganization",
            "https://schema.org/Country",
            "https://schema.org/Person",
            "https://schema.org/areaServed",
            "https://schema.org/attendee",
            "https://schema.org/organizer",
            "https://schema.org/citation",
        }
        assert all(term.startswith("https://schema.org/") for term in terms(event))

    def test_the_loader_fetches_nothing_else(self):
        with pytest.raises(jsonld.JsonLdError):
            expanded({"@context": "https://example.org/context", "name": "x"})

    def test_conditional_get_has_its_own_etag(self, api, summit):
        linked = api.get(URL, HTTP_ACCEPT=LD)
        assert linked["ETag"] != api.get(URL)["ETag"]

        not_modified = api.get(URL, HTTP_ACCEPT=LD, HTTP_IF_NONE_MATCH=linked["ETag"])

        assert not_modified.status_code == 304
        assert not_modified["ETag"] == linked["ETag"]
        assert api.get(URL, HTTP_IF_NONE_MATCH=linked["ETag"]).status_code == 200  # the JSON is another body


class TestList:
    def test_the_page_is_a_graph_of_events(self, api, summit):
        response = api.get("/api/v1/meetings/", {"format": "jsonld", "limit": 1})

        document = response.json()
        assert document["@context"] == "https://schema.org"
        assert [event["@id"] for event in document["@graph"]] == ["http://testserver" + URL]
        link = response["Link"]
        assert link.startswith("<http://testserver/api/v1/meetings/?") and link.endswith('>; rel="next"')
        assert "cursor=" in link
        assert [node["@type"] for node in expanded(document)] == [["https://schema.org/Event"]]

    def test_only_meetings_are_linked_data(self, api, summit):
        assert api.get("/api/v1/participations/", HTTP_ACCEPT=LD).status_code == 406
        assert api.get("/api/v1/participations/", {"format": "jsonld"}).status_code == 400
