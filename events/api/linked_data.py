"""Meetings as schema.org `Event`s in JSON-LD (`Accept: application/ld+json` or `?format=jsonld`).

Built from the meeting's JSON representation, so it shows what the JSON shows and shares its version: the ETag
of a meeting's JSON-LD changes whenever its JSON does (it differs from it by media type). Participants are
`Organization`s, as schema.org's `organizer` and `attendee` take them: a nation as its government
(`GovernmentOrganization` serving the `Country`), an international organization as itself; delegates are
`Person`s affiliated with them. The context is schema.org's (`events/data/schema-org-context.jsonld` is the part
of it these documents use, for processing them offline).
"""

import datetime
import zoneinfo

from django.urls import reverse
from rest_framework import renderers

from events.models import Meeting, MeetingFormat, MeetingStatus, ParticipantKind, ParticipationStatus

CONTEXT = "https://schema.org"
SCHEMA = "https://schema.org/"

EVENT_STATUS = {
    MeetingStatus.SCHEDULED: "EventScheduled",
    MeetingStatus.HELD: "EventScheduled",  # schema.org has no "took place": a past event that was not changed
    MeetingStatus.POSTPONED: "EventPostponed",
    MeetingStatus.CANCELLED: "EventCancelled",
}
ATTENDANCE_MODE = {
    MeetingFormat.IN_PERSON: "OfflineEventAttendanceMode",
    MeetingFormat.VIRTUAL: "OnlineEventAttendanceMode",
    MeetingFormat.HYBRID: "MixedEventAttendanceMode",
}
# Roles whose participants organize the meeting; those that take part (or have confirmed) attend it.
ORGANIZING_ROLES = ("lead", "host")
ATTENDING = (ParticipationStatus.ATTENDED, ParticipationStatus.CONFIRMED)


class JSONLDRenderer(renderers.JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"

    @classmethod
    def serves(cls, view):
        queryset = getattr(view, "queryset", None)
        model = getattr(queryset, "model", None)
        return model is Meeting and getattr(view, "action", None) in ("list", "retrieve")

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is not None:
            request = renderer_context["request"]
            if "results" in data:
                response = renderer_context["response"]
                if data["next"]:
                    response["Link"] = f'<{data["next"]}>; rel="next"'
                data = {"@context": CONTEXT, "@graph": [event(item, request) for item in data["results"]]}
            else:
                data = {"@context": CONTEXT, **event(data, request)}
        return super().render(data, accepted_media_type, renderer_context)

    @classmethod
    def openapi_content(cls, view):
        item = "one schema.org `Event`" if view.action == "retrieve" else "the page's `Event`s in `@graph`"
        more = "" if view.action == "retrieve" else ' The next page is in the `Link` header (`rel="next"`).'
        return {
            "schema": {
                "type": "object",
                "description": f"JSON-LD with the schema.org context: {item}, with `eventStatus`, "
                "`eventAttendanceMode` (from `format`), `location` (a `Place` with its address country), "
                "`organizer` and `attendee` (governments as `GovernmentOrganization` serving their `Country`, "
                "international organizations as `Organization`, delegates as `Person`), `superEvent` (the series "
                f"and the parent meeting), `subEvent` (the sessions) and `citation` (the sources).{more}",
                "properties": {"@context": {"const": CONTEXT}},
                "required": ["@context"],
                "additionalProperties": True,  # schema.org's vocabulary, which this document does not restate
            }
        }


def event(meeting, request):
    """The schema.org Event of a meeting's JSON representation."""
    url = _url(request, "meeting-detail", slug=meeting["slug"])
    node = {
        "@type": "Event",
        "@id": url,
        "url": url,
        "identifier": meeting["slug"],
        "name": meeting["title"],
        "description": meeting["summary"] or meeting["purpose"] or None,
        "startDate": _when(meeting["start_date"], meeting["start_time"], meeting["timezone"]),
        "endDate": _when(meeting["end_date"], meeting["end_time"], meeting["timezone"]),
        "eventStatus": SCHEMA + EVENT_STATUS[meeting["status"]],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[meeting["format"]],
        "location": _place(meeting),
        "organizer": [],
        "attendee": [],
        "superEvent": _super_events(meeting, request),
        "subEvent": [_session(session, meeting) for session in meeting["sessions"]],
        "citation": [_citation(source) for source in meeting["sources"]],
    }
    for participation in meeting["participations"]:
        participant = _participant(participation["participant"], request)
        if participation["role"]["code"] in ORGANIZING_ROLES:
            node["organizer"].append(participant)
        if participation["status"] in ATTENDING:
            node["attendee"].append(participant)
            node["attendee"] += [_person(delegate, participant) for delegate in participation["delegates"]]
    return {key: value for key, value in node.items() if value not in (None, "", [])}


def _url(request, name, **kwargs):
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def _when(date, time, timezone):
    """A date-time with its offset when the time and zone are known, else the (local) date."""
    if not time or not timezone:
        return date
    moment = datetime.datetime.combine(
        datetime.date.fromisoformat(date), datetime.time.fromisoformat(time), zoneinfo.ZoneInfo(timezone)
    )
    return moment.isoformat()


def _place(meeting):
    country = meeting["host_country"]
    if not (meeting["city"] or meeting["venue"] or country):
        return None
    address = {"@type": "PostalAddress", "addressLocality": meeting["city"] or None}
    if country:
        address["addressCountry"] = country["code"]
    place = {
        "@type": "Place",
        "name": meeting["venue"] or meeting["city"] or country["name"],
        "address": {key: value for key, value in address.items() if value},
    }
    return place


def _participant(participant, request):
    if participant["kind"] == ParticipantKind.NATION:
        return {
            "@type": "GovernmentOrganization",
            "@id": _url(request, "nation-detail", code=participant["key"]),
            "name": f"Government of {participant['name']}",
            "areaServed": {"@type": "Country", "name": participant["name"], "identifier": participant["key"]},
        }
    return {
        "@type": "Organization",
        "@id": _url(request, "organization-detail", slug=participant["key"]),
        "name": participant["name"],
        "identifier": participant["key"],
    }


def _person(delegate, participant):
    """A delegate as a Person; an unnamed official ("a senior official") is a Person with that description."""
    person = delegate["person"] or {}
    node = {
        "@type": "Person",
        "name": person.get("name") or None,
        "description": delegate["description"] or None,
        "jobTitle": delegate["office"] or None,
        "affiliation": {"@id": participant["@id"]},
        "sameAs": f"https://www.wikidata.org/wiki/{person['wikidata_id']}" if person.get("wikidata_id") else None,
    }
    return {key: value for key, value in node.items() if value is not None}


def _super_events(meeting, request):
    events = []
    if meeting["series"]:
        series = meeting["series"]
        events.append(
            {
                "@type": "EventSeries",
                "@id": _url(request, "series-detail", slug=series["slug"]),
                "name": series["name"],
                "identifier": series["slug"],
            }
        )
    if meeting["parent"]:
        parent = meeting["parent"]
        events.append(
            {
                "@type": "Event",
                "@id": _url(request, "meeting-detail", slug=parent["slug"]),
                "name": parent["title"],
                "startDate": parent["start_date"],
            }
        )
    return events


def _session(session, meeting):
    node = {
        "@type": "Event",
        "name": session["title"],
        "description": session["description"] or None,
        "position": session["order"],
    }
    if session["date"]:
        node["startDate"] = _when(session["date"], session["start_time"], meeting["timezone"])
        node["endDate"] = _when(session["date"], session["end_time"], meeting["timezone"])
    return {key: value for key, value in node.items() if value is not None}


def _citation(source):
    node = {
        "@type": "CreativeWork",
        "name": source["title"] or None,
        "url": source["url"] or None,
        "publisher": {"@type": "Organization", "name": source["outlet"]} if source["outlet"] else None,
    }
    return {key: value for key, value in node.items() if value is not None}
