"""Meetings as iCalendar feeds (RFC 5545), read back with the icalendar package."""

import datetime
import zoneinfo

import icalendar
import pytest

from tests.factories import MeetingFactory, ParticipationFactory, nation

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings.ics"


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    assert (calendar["VERSION"], calendar["PRODID"]) == ("2.0", "-//eventapi//Meetings//EN")
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def summit(db):
    meeting = MeetingFactory(
        slug="summit",
        title="Summit",
        summary="Leaders met.",
        start_date=datetime.date(2025, 3, 11),
        end_date=datetime.date(2025, 3, 12),
        city="Paris",
        venue="Élysée Palace",
        host_country=nation("FR"),
    )
    ParticipationFactory(meeting=meeting, nation=nation("FR"))
    return meeting


class TestFeed:
    def test_an_all_day_meeting(self, api, summit):
        event = events(api.get(URL))["summit@eventapi"]

        assert event["SUMMARY"] == "Summit"
        assert event["DESCRIPTION"] == "Leaders met."
        assert event.decoded("DTSTART") == datetime.date(2025, 3, 11)
        assert event.decoded("DTEND") == datetime.date(2025, 3, 13)  # exclusive: the day after the last
        assert event["LOCATION"] == "Élysée Palace, Paris, France"
        assert event["STATUS"] == "CONFIRMED"
        assert event["URL"] == "http://testserver/api/v1/meetings/summit/"
        summit.refresh_from_db()
        assert event.decoded("LAST-MODIFIED") == summit.updated_at.replace(microsecond=0)

    def test_a_meeting_with_times_is_in_its_time_zone(self, api, summit):
        summit.start_time, summit.end_time, summit.timezone = datetime.time(10), datetime.time(17, 30), "Europe/Paris"
        summit.save()

        response = api.get(URL)

        event = events(response)["summit@eventapi"]
        paris = zoneinfo.ZoneInfo("Europe/Paris")
        assert event.decoded("DTSTART") == datetime.datetime(2025, 3, 11, 10, tzinfo=paris)
        assert event.decoded("DTEND") == datetime.datetime(2025, 3, 12, 17, 30, tzinfo=paris)
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        calendar = icalendar.Calendar.from_ical(b"".join(api.get(URL).streaming_content))
        assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]

    @pytest.mark.parametrize(
        "status, expected",
        [("scheduled", "CONFIRMED"), ("held", "CONFIRMED"), ("postponed", "TENTATIVE"), ("cancelled", "CANCELLED")],
    )
    def test_status(self, api, summit, status, expected):
        summit.status = status
        summit.save()
        assert events(api.get(URL))["summit@eventapi"]["STATUS"] == expected

    def test_the_meetings_filters_apply(self, api, summit):
        ParticipationFactory(meeting=MeetingFactory(slug="earlier", start_date=datetime.date(2024, 5, 1)))
        ParticipationFactory(meeting=MeetingFactory(slug="elsewhere"), nation=nation("GB"))

        assert set(events(api.get(URL))) == {"summit@eventapi", "earlier@eventapi", "elsewhere@eventapi"}
        assert set(events(api.get(URL, {"nation": "FR", "date_from": "2025-01-01"}))) == {"summit@eventapi"}

    def test_a_bad_filter_is_a_json_400(self, api, summit):
        response = api.get(URL, {"date_from": "11/03/2025"})
        assert response.status_code == 400
        assert response.json()["errors"]["date_from"]

    def test_only_a_calendar_is_served(self, api, summit):
        assert api.get(URL, HTTP_ACCEPT="application/json").status_code == 406


class TestNationFeed:
    def test_the_meetings_a_nation_takes_part_in(self, api, summit):
        ParticipationFactory(meeting=MeetingFactory(slug="elsewhere"), nation=nation("GB"))

        assert set(events(api.get("/api/v1/nations/FR/meetings.ics"))) == {"summit@eventapi"}
        assert set(events(api.get("/api/v1/nations/gb/meetings.ics"))) == {"elsewhere@eventapi"}
        assert set(events(api.get("/api/v1/nations/FR/meetings.ics", {"date_to": "2024-12-31"}))) == set()

    def test_an_unknown_nation_is_a_404(self, api, summit):
        assert api.get("/api/v1/nations/XX/meetings.ics").status_code == 404


@pytest.mark.parametrize("path", [URL, "/api/v1/nations/FR/meetings.ics"])
def test_options_describes_the_address_in_json(api, db, path):
    """As every address does (Schemathesis found a 500 here: the calendar renderer was given the description)."""
    response = api.options(path, {"nation": "AA", "date_from": "2000-01-01"})

    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert response.json()["renders"] == ["text/calendar"]
