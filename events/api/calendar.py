"""Meetings as iCalendar feeds (RFC 5545), for calendar applications to subscribe to.

`meetings.ics` takes the filters of the meetings list; `nations/{code}/meetings.ics` is the same feed of the meetings
a nation takes part in. One VEVENT per meeting: timed in the meeting's time zone when its times are known, all-day
otherwise; its UID is built from the slug, so that a calendar updates an event rather than adding it again.
"""

import datetime
import zoneinfo

import icalendar
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, renderers
from rest_framework.response import Response

from events.api import filters
from events.api.renderers import JSONRenderer
from events.api.viewsets import MethodCheckedFirst
from events.models import Meeting, MeetingStatus, Nation, Participation

UID_DOMAIN = "eventapi"
PRODUCT = "-//eventapi//Meetings//EN"
STATUS = {
    MeetingStatus.SCHEDULED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",  # the meeting will happen, its date is not known
    MeetingStatus.CANCELLED: "CANCELLED",
}
FEED = (
    "An iCalendar (RFC 5545) feed, one VEVENT per meeting: SUMMARY the title, DTSTART/DTEND in the meeting's time "
    "zone (TZID, with its VTIMEZONE) when its times are known, else all-day dates (DTEND the day after the last), "
    "LOCATION, STATUS (CONFIRMED for scheduled and held meetings, TENTATIVE when postponed, CANCELLED), UID "
    f"`<slug>@{UID_DOMAIN}`, LAST-MODIFIED and URL (the meeting in this API). Every matching meeting, no pages."
)


class ICalendarRenderer(renderers.BaseRenderer):
    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.to_ical()


def calendar(meetings, request, name):
    feed = icalendar.Calendar()
    feed.add("prodid", PRODUCT)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    for meeting in meetings:
        feed.add_component(vevent(meeting, request))
    feed.add_missing_timezones()
    return feed


def vevent(meeting, request):
    event = icalendar.Event()
    event.add("uid", f"{meeting.slug}@{UID_DOMAIN}")
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("summary", meeting.title)
    if meeting.summary or meeting.purpose:
        event.add("description", meeting.summary or meeting.purpose)
    zone = zoneinfo.ZoneInfo(meeting.timezone) if meeting.timezone else None
    if meeting.start_time and zone:
        event.add("dtstart", datetime.datetime.combine(meeting.start_date, meeting.start_time, zone))
        if meeting.end_time:
            event.add("dtend", datetime.datetime.combine(meeting.end_date, meeting.end_time, zone))
    else:
        event.add("dtstart", meeting.start_date)
        event.add("dtend", meeting.end_date + datetime.timedelta(days=1))  # exclusive: the day after the last
    location = ", ".join(part for part in (meeting.venue, meeting.city, _country(meeting)) if part)
    if location:
        event.add("location", location)
    event.add("status", STATUS[meeting.status])
    event.add("url", request.build_absolute_uri(reverse("meeting-detail", kwargs={"slug": meeting.slug})))
    return event


def _country(meeting):
    return meeting.host_country.name if meeting.host_country else ""


class CalendarFilterSet(filters.MeetingFilterSet):
    """The meetings list's filters; a calendar has no order."""

    ordering = None


class MeetingCalendarView(MethodCheckedFirst, generics.GenericAPIView):
    """The meetings list's filters, answered as a calendar."""

    queryset = Meeting.objects.select_related("host_country")
    filterset_class = CalendarFilterSet
    renderer_classes = [ICalendarRenderer]
    pagination_class = None
    action = "list"  # filtered as the meetings list is (the filter backend filters lists only)

    def get_renderers(self):
        if self.request.method == "OPTIONS":  # the address's description, in JSON as every address gives it
            return [JSONRenderer()]
        return super().get_renderers()

    @extend_schema(
        operation_id="meetings_calendar",
        tags=["meetings"],
        summary="Meetings as a calendar",
        description=f"{FEED} Takes the filters of the meetings list, e.g. `?nation=FR&date_from=2025-01-01`.",
        responses={200: OpenApiResponse(str, description="The calendar.")},
        filters=True,
    )
    def get(self, request):
        meetings = self.filter_queryset(self.get_queryset()).iterator(chunk_size=1000)
        return Response(calendar(meetings, request, "Meetings"))


class NationCalendarView(MeetingCalendarView):
    """One nation's meetings."""

    @extend_schema(
        operation_id="nations_meetings_calendar",
        tags=["nations"],
        summary="A nation's meetings as a calendar",
        description=f"{FEED} The meetings the nation takes part in (as `meetings.ics?nation={{code}}`), with the "
        "other filters of the meetings list.",
        responses={200: OpenApiResponse(str, description="The calendar.")},
        filters=True,
    )
    def get(self, request, code):
        nation = get_object_or_404(Nation, code=code.upper())
        taking_part = self.get_queryset().with_participants(Participation.objects.filter(nation=nation))
        meetings = self.filter_queryset(taking_part).iterator(chunk_size=1000)
        return Response(calendar(meetings, request, f"Meetings of {nation.name}"))
