"""Meetings as iCalendar feeds (RFC 5545), for calendar applications to subscribe to.

`meetings.ics` takes the filters of the meetings list; `nations/{code}/meetings.ics` is the same feed of the meetings
a nation takes part in. One VEVENT per meeting: timed in the meeting's time zone when its times are known, all-day
otherwise; its UID is built from the slug, so that a calendar updates an event rather than adding it again.
"""

import datetime
import zoneinfo

import icalendar
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, renderers

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
    """Names the format for content negotiation and the schema; the views stream the calendar themselves."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("Calendars are streamed by their views (`calendar_response`), never rendered.")


END = b"END:VCALENDAR\r\n"


def calendar_response(meetings, request, name):
    """Every meeting of `meetings` (a filtered queryset) as a calendar, written a component at a time as the
    meetings are read, so that the server's memory stays flat whatever their number."""
    zones = (
        meetings.filter(start_time__isnull=False, timezone__isnull=False)
        .exclude(timezone="")
        .order_by("timezone")
        .values_list("timezone", flat=True)
        .distinct()
    )
    return StreamingHttpResponse(
        _calendar(meetings.iterator(chunk_size=1000), list(zones), request, name),
        content_type=f"{ICalendarRenderer.media_type}; charset={ICalendarRenderer.charset}",
    )


def _calendar(meetings, zones, request, name):
    head = icalendar.Calendar()
    head.add("prodid", PRODUCT)
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("x-wr-calname", name)
    yield head.to_ical().removesuffix(END)
    # The time zones the events name (TZID) first, as calendar applications expect them.
    for zone in zones:
        try:
            yield icalendar.Timezone.from_tzid(zone).to_ical()
        except ValueError:  # a zone the icalendar package does not know: the event keeps its TZID
            continue
    for meeting in meetings:
        yield vevent(meeting, request).to_ical()
    yield END


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
        return calendar_response(self.filter_queryset(self.get_queryset()), request, "Meetings")


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
        return calendar_response(self.filter_queryset(taking_part), request, f"Meetings of {nation.name}")
