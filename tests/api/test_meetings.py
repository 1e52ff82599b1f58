import datetime

import pytest

from events.models import Citation, Meeting, Participation, Session
from tests.api.bodies import (
    AUTHENTICATION_FAILED,
    BRITAIN,
    FRANCE,
    GERMANY,
    NO_RESOURCE,
    NOT_FOUND,
    PAGING_ERRORS,
    POLAND,
    REFUSALS,
    WRITES,
    bad_limit,
    duplicate,
    invalid,
    not_a_choice,
    rule_violated,
    slugs,
    status_challenge_body,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import PARIS
from tests.factories import (
    CitationFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipationFactory,
    SessionFactory,
    SourceFactory,
    nation,
    role,
)

URL = "/api/v1/meetings/"
D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(db):
    """A meeting with every field set, two participations, two sessions, a source and a parent."""
    series = MeetingFactory(slug="berlin-series", title="Berlin series", start_date=D(2025, 1, 1))
    source = SourceFactory(outlet="Test Wire", title="Leaders meet in Berlin", url="https://example.org/berlin")
    meeting = MeetingFactory(
        slug="berlin-summit",
        title="Berlin summit",
        summary="Leaders met to coordinate support.",
        purpose="Coordinate support",
        start_date=D(2025, 5, 6),
        end_date=D(2025, 5, 7),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
        timezone="Europe/Berlin",
        city="Berlin",
        venue="Chancellery",
        host_country=nation("DE"),
        format="hybrid",
        status="held",
        level="leaders",
        reported_nation_count=12,
        reported_nation_count_qualifier="about",
        parent=series,
    )
    meeting.sources.set([source])
    ParticipationFactory(
        meeting=meeting,
        nation=nation("PL"),
        role=role("participant"),
        status="declined",
        attendance_mode=None,
        notes="Declined.",
    )
    ParticipationFactory(
        meeting=meeting,
        nation=nation("DE"),
        role=role("host"),
        attendance_mode="in_person",
        representative="Chancellor",
    )
    SessionFactory(meeting=meeting, order=2, title="Pledges", description="Who gives what.")
    SessionFactory(meeting=meeting, order=1, title="Opening")
    return meeting


def summit_body(meeting):
    participations = {p.nation.code: p.pk for p in meeting.participations.all()}
    sessions = {s.order: s.pk for s in meeting.sessions.all()}
    return {
        "slug": "berlin-summit",
        "title": "Berlin summit",
        "summary": "Leaders met to coordinate support.",
        "purpose": "Coordinate support",
        "start_date": "2025-05-06",
        "end_date": "2025-05-07",
        "start_time": "09:30:00",
        "end_time": "17:00:00",
        "timezone": "Europe/Berlin",
        "city": "Berlin",
        "venue": "Chancellery",
        "host_country": GERMANY,
        "format": "hybrid",
        "status": "held",
        "level": "leaders",
        "reported_nation_count": 12,
        "reported_nation_count_qualifier": "about",
        "parent": {"slug": "berlin-series", "title": "Berlin series", "start_date": "2025-01-01"},
        "sources": [
            {
                "id": meeting.sources.get().pk,
                "outlet": "Test Wire",
                "title": "Leaders meet in Berlin",
                "url": "https://example.org/berlin",
            }
        ],
        "participations": [
            {
                "id": participations["DE"],
                "nation": GERMANY,
                "role": {"code": "host", "name": "Host"},
                "status": "attended",
                "attendance_mode": "in_person",
                "representative": "Chancellor",
                "notes": "",
            },
            {
                "id": participations["PL"],
                "nation": POLAND,
                "role": {"code": "participant", "name": "Participant"},
                "status": "declined",
                "attendance_mode": None,
                "representative": "",
                "notes": "Declined.",
            },
        ],
        "sessions": [
            {"id": sessions[1], "order": 1, "title": "Opening", "description": ""},
            {"id": sessions[2], "order": 2, "title": "Pledges", "description": "Who gives what."},
        ],
        **timestamps(meeting),
    }


class TestMeetingList:
    def test_results_carry_the_whole_meeting(self, api, summit):
        response = api.get(URL, {"search": "Berlin summit"})

        assert response.status_code == 200
        assert response.json() == {"count": 1, "next": None, "previous": None, "results": [summit_body(summit)]}

    def test_default_order_is_latest_first_then_title(self, api):
        MeetingFactory(slug="old", start_date=D(2024, 1, 1))
        MeetingFactory(slug="b-new", title="B", start_date=D(2025, 1, 1))
        MeetingFactory(slug="a-new", title="A", start_date=D(2025, 1, 1))

        assert slugs(api.get(URL)) == ["a-new", "b-new", "old"]

    def test_pages_link_to_each_other(self, api):
        for day in range(1, 6):
            MeetingFactory(slug=f"day-{day}", start_date=D(2025, 3, day))

        first = api.get(URL, {"limit": 2, "offset": 0}).json()
        middle = api.get(URL, {"limit": 2, "offset": 2}).json()
        last = api.get(URL, {"limit": 2, "offset": 4}).json()

        assert (first["count"], first["next"], first["previous"]) == (
            5,
            "http://testserver/api/v1/meetings/?limit=2&offset=2",
            None,
        )
        assert [m["slug"] for m in first["results"]] == ["day-5", "day-4"]
        assert (middle["next"], middle["previous"]) == (
            "http://testserver/api/v1/meetings/?limit=2&offset=4",
            "http://testserver/api/v1/meetings/?limit=2",
        )
        assert [m["slug"] for m in middle["results"]] == ["day-3", "day-2"]
        assert (last["next"], last["previous"]) == (None, "http://testserver/api/v1/meetings/?limit=2&offset=2")
        assert [m["slug"] for m in last["results"]] == ["day-1"]

    def test_default_page_size_is_50(self, api):
        MeetingFactory.create_batch(51)

        body = api.get(URL).json()

        assert body["count"] == 51
        assert len(body["results"]) == 50
        assert body["next"].startswith("http://testserver/api/v1/meetings/?cursor=")
        assert len(api.get(body["next"]).json()["results"]) == 1

    @pytest.mark.parametrize("limit", [1, 500])
    def test_limit_bounds_are_inclusive(self, api, limit):
        MeetingFactory.create_batch(2)

        body = api.get(URL, {"limit": limit}).json()

        assert len(body["results"]) == min(limit, 2)

    def test_offset_past_the_end_is_an_empty_page(self, api):
        MeetingFactory()

        assert api.get(URL, {"offset": 10}).json()["results"] == []

    def test_format_parameter_chooses_the_renderer_not_the_meeting_format(self, api):
        MeetingFactory(slug="virtual", format="virtual")

        response = api.get(URL, {"format": "json"})

        assert response["Content-Type"] == "application/json"
        assert slugs(response) == ["virtual"]


class TestMeetingDetail:
    def test_full_body(self, api, summit):
        response = api.get(f"{URL}berlin-summit/")

        assert response.status_code == 200
        assert response.json() == summit_body(summit)

    def test_paris_talks_nest_every_participation_session_and_source(self, api, seed):
        body = api.get(f"{URL}{PARIS}/").json()

        assert body["title"] == "Paris talks on an international security force for Ukraine"
        assert body["host_country"] == FRANCE
        assert len(body["participations"]) == 13
        assert [s["title"] for s in body["sessions"]] == [
            "France and Britain present their security blueprint",
            "Nations declare their military contributions",
        ]
        assert [s["outlet"] for s in body["sources"]] == ["Newslooks"]

    def test_unknown_slug_is_a_json_404(self, api):
        response = api.get(f"{URL}nope/")

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == NOT_FOUND

    def test_unknown_path_under_the_api_is_a_json_404(self, api):
        response = api.get("/api/v1/nope/")

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == NO_RESOURCE


class TestMeetingFilters:
    def test_status(self, api):
        MeetingFactory(slug="held", status="held")
        MeetingFactory(slug="scheduled", status="scheduled")
        MeetingFactory(slug="cancelled", status="cancelled")

        assert slugs(api.get(URL, {"status": "scheduled"})) == ["scheduled"]
        assert sorted(slugs(api.get(URL, {"status": "held,cancelled"}))) == ["cancelled", "held"]
        assert sorted(slugs(api.get(f"{URL}?status=held&status=scheduled"))) == ["held", "scheduled"]

    def test_meeting_format(self, api):
        MeetingFactory(slug="in-person", format="in_person")
        MeetingFactory(slug="virtual", format="virtual")
        MeetingFactory(slug="hybrid", format="hybrid")

        assert slugs(api.get(URL, {"meeting_format": "virtual"})) == ["virtual"]
        assert sorted(slugs(api.get(f"{URL}?meeting_format=virtual&meeting_format=hybrid"))) == ["hybrid", "virtual"]

    def test_host_country(self, api):
        MeetingFactory(slug="paris", host_country=nation("FR"))
        MeetingFactory(slug="london", host_country=nation("GB"))
        MeetingFactory(slug="berlin", host_country=nation("DE"))
        MeetingFactory(slug="nowhere", host_country=None)

        assert slugs(api.get(URL, {"host_country": "GB"})) == ["london"]
        assert sorted(slugs(api.get(URL, {"host_country": "fr,de"}))) == ["berlin", "paris"]

    @pytest.mark.parametrize(
        "params, expected",
        [
            ({"date_from": "2025-03-03"}, ["late", "middle", "early"]),  # `early` ends on the 3rd: still in
            ({"date_from": "2025-03-04"}, ["late", "middle"]),
            ({"date_to": "2025-03-10"}, ["middle", "early"]),  # `middle` starts on the 10th: still in
            ({"date_to": "2025-03-09"}, ["early"]),
            ({"date_from": "2025-03-11", "date_to": "2025-03-11"}, ["middle"]),  # a day inside a multi-day meeting
            ({"date_from": "2025-03-04", "date_to": "2025-03-09"}, []),
            ({"date_from": "2025-03-01", "date_to": "2025-03-31"}, ["late", "middle", "early"]),
        ],
    )
    def test_date_from_and_date_to_select_overlapping_meetings(self, api, params, expected):
        MeetingFactory(slug="early", start_date=D(2025, 3, 1), end_date=D(2025, 3, 3))
        MeetingFactory(slug="middle", start_date=D(2025, 3, 10), end_date=D(2025, 3, 12))
        MeetingFactory(slug="late", start_date=D(2025, 3, 20), end_date=D(2025, 3, 20))

        assert slugs(api.get(URL, params)) == expected

    @pytest.mark.parametrize(
        "term, expected",
        [
            ("ceasefire", ["by-title"]),
            ("DRONES", ["by-summary"]),
            ("deterrence", ["by-purpose"]),
            ("lancaster", ["by-venue"]),
            ("vilnius", ["by-city"]),
            ("Japan", ["by-host"]),
        ],
    )
    def test_search(self, api, term, expected):
        MeetingFactory(slug="by-title", title="Ceasefire talks")
        MeetingFactory(slug="by-summary", summary="They discussed drones.")
        MeetingFactory(slug="by-purpose", purpose="Deterrence planning")
        MeetingFactory(slug="by-venue", venue="Lancaster House")
        MeetingFactory(slug="by-city", city="Vilnius")
        MeetingFactory(slug="by-host", host_country=nation("JP"))

        assert slugs(api.get(URL, {"search": term})) == expected

    @pytest.mark.parametrize(
        "ordering, expected",
        [
            ("start_date", ["alpha", "bravo", "charlie"]),
            ("-start_date", ["charlie", "bravo", "alpha"]),
            ("title", ["bravo", "charlie", "alpha"]),
            ("-title", ["alpha", "charlie", "bravo"]),
        ],
    )
    def test_ordering(self, api, ordering, expected):
        MeetingFactory(slug="alpha", title="Zulu", start_date=D(2025, 1, 1))
        MeetingFactory(slug="bravo", title="Alpha", start_date=D(2025, 2, 1))
        MeetingFactory(slug="charlie", title="Mike", start_date=D(2025, 3, 1))

        assert slugs(api.get(URL, {"ordering": ordering})) == expected

    @pytest.mark.parametrize("query", ["ordering=-start_date,title", "ordering=-start_date&ordering=title"])
    def test_ordering_by_two_keys_in_both_list_forms(self, api, query):
        """Generated clients repeat the parameter; people write commas. Both sort by both keys."""
        MeetingFactory(slug="late-b", title="C", start_date=D(2025, 3, 1))
        MeetingFactory(slug="late-a", title="B", start_date=D(2025, 3, 1))
        MeetingFactory(slug="early", title="A", start_date=D(2025, 1, 1))

        assert slugs(api.get(f"{URL}?{query}")) == ["late-a", "late-b", "early"]

    def test_nation_in_both_list_forms(self, api):
        for slug, code in [("french", "FR"), ("british", "GB"), ("german", "DE")]:
            ParticipationFactory(meeting=MeetingFactory(slug=slug), nation=nation(code))

        assert slugs(api.get(URL, {"nation": "GB"})) == ["british"]
        assert sorted(slugs(api.get(URL, {"nation": "FR,GB"}))) == ["british", "french"]
        assert sorted(slugs(api.get(f"{URL}?nation=FR&nation=GB"))) == ["british", "french"]
        assert sorted(slugs(api.get(URL, {"nation": "fr,de"}))) == ["french", "german"]
        assert sorted(slugs(api.get(f"{URL}?nation=FR,GB&nation=DE"))) == ["british", "french", "german"]

    def test_a_meeting_matched_by_several_participations_is_listed_once(self, api):
        meeting = MeetingFactory(slug="both")
        ParticipationFactory(meeting=meeting, nation=nation("FR"))
        ParticipationFactory(meeting=meeting, nation=nation("GB"))

        response = api.get(URL, {"nation": "FR,GB"})

        assert slugs(response) == ["both"]
        assert response.json()["count"] == 1

    def test_role(self, api):
        ParticipationFactory(meeting=MeetingFactory(slug="led"), role=role("lead"))
        ParticipationFactory(meeting=MeetingFactory(slug="observed"), role=role("observer"))
        ParticipationFactory(meeting=MeetingFactory(slug="joined"), role=role("participant"))

        assert slugs(api.get(URL, {"role": "lead"})) == ["led"]
        assert sorted(slugs(api.get(f"{URL}?role=lead&role=observer"))) == ["led", "observed"]

    def test_participation_status(self, api):
        ParticipationFactory(meeting=MeetingFactory(slug="declined"), status="declined", attendance_mode=None)
        ParticipationFactory(meeting=MeetingFactory(slug="invited"), status="invited", attendance_mode=None)
        ParticipationFactory(meeting=MeetingFactory(slug="attended"), status="attended")

        assert slugs(api.get(URL, {"participation_status": "declined"})) == ["declined"]
        assert sorted(slugs(api.get(URL, {"participation_status": "declined,invited"}))) == ["declined", "invited"]

    def test_attendance(self, api):
        ParticipationFactory(meeting=MeetingFactory(slug="remote"), attendance_mode="remote")
        ParticipationFactory(meeting=MeetingFactory(slug="in-person"), attendance_mode="in_person")
        ParticipationFactory(meeting=MeetingFactory(slug="unstated"), attendance_mode="unspecified")

        assert slugs(api.get(URL, {"attendance": "remote"})) == ["remote"]
        assert sorted(slugs(api.get(f"{URL}?attendance=remote&attendance=unspecified"))) == ["remote", "unstated"]

    def test_organization_means_a_member_on_the_meetings_first_day(self, api):
        club = OrganizationFactory(slug="club")
        MembershipFactory(organization=club, nation=nation("DE"), start_date=D(2020, 1, 1), end_date=D(2022, 12, 31))
        meetings = {
            "before": (D(2019, 12, 31), D(2020, 1, 2)),  # membership starts during it, not on its first day
            "first-day": (D(2020, 1, 1), D(2020, 1, 1)),
            "last-day": (D(2022, 12, 31), D(2022, 12, 31)),
            "after": (D(2023, 1, 1), D(2023, 1, 1)),
        }
        for slug, (start, end) in meetings.items():
            ParticipationFactory(meeting=MeetingFactory(slug=slug, start_date=start, end_date=end), nation=nation("DE"))
        ParticipationFactory(meeting=MeetingFactory(slug="no-member", start_date=D(2021, 6, 1)), nation=nation("PL"))

        assert slugs(api.get(URL, {"organization": "club"})) == ["last-day", "first-day"]

    def test_participation_parameters_describe_one_and_the_same_participation(self, api):
        us_declined = MeetingFactory(slug="us-declined")
        ParticipationFactory(meeting=us_declined, nation=nation("US"), status="declined", attendance_mode=None)
        ParticipationFactory(meeting=us_declined, nation=nation("FR"), role=role("lead"))
        fr_declined = MeetingFactory(slug="fr-declined")
        ParticipationFactory(meeting=fr_declined, nation=nation("US"), role=role("lead"))
        ParticipationFactory(meeting=fr_declined, nation=nation("FR"), status="declined", attendance_mode=None)

        assert slugs(api.get(URL, {"nation": "US", "participation_status": "declined"})) == ["us-declined"]
        assert slugs(api.get(URL, {"nation": "FR", "participation_status": "declined"})) == ["fr-declined"]
        assert slugs(api.get(URL, {"nation": "US", "role": "lead"})) == ["fr-declined"]
        assert slugs(api.get(URL, {"nation": "US", "role": "lead", "participation_status": "declined"})) == []

    def test_paris_is_a_meeting_the_us_declined_but_not_one_france_declined(self, api, seed):
        assert slugs(api.get(URL, {"nation": "US", "participation_status": "declined"})) == [PARIS]
        assert slugs(api.get(URL, {"nation": "FR", "participation_status": "declined"})) == []

    def test_organization_and_attendance_describe_the_same_participation(self, api, seed):
        # The remote participants (AU, JP, KR, NZ) are not NATO members; the EU members attended, mode unstated.
        assert slugs(api.get(URL, {"organization": "nato", "attendance": "remote"})) == []
        assert slugs(api.get(URL, {"organization": "eu", "attendance": "unspecified"})) == [PARIS]


class TestMeetingBadQuery:
    @pytest.mark.parametrize(
        "query, expected",
        [
            ("date_from=yesterday", invalid(date_from=["Enter a valid date."])),
            ("date_to=2025-02-30", invalid(date_to=["Enter a valid date."])),
            (
                "date_from=2025-03-12&date_to=2025-03-11",
                rule_violated(date_to=["Must not be earlier than `date_from`."]),
            ),
            ("nation=zz", unknown_reference(nation=["Unknown nation 'ZZ'."])),
            ("role=LEAD", unknown_reference(role=["Unknown participation role 'LEAD'."])),
            ("nation=ZZ", unknown_reference(nation=[unknown("nation", "ZZ")])),
            ("nation=FR,ZZ", unknown_reference(nation=[unknown("nation", "ZZ")])),
            ("host_country=XX", unknown_reference(host_country=[unknown("nation", "XX")])),
            ("role=boss", unknown_reference(role=[unknown("participation role", "boss")])),
            ("status=bogus", invalid(status=[not_a_choice("bogus")])),
            ("meeting_format=zoom", invalid(meeting_format=[not_a_choice("zoom")])),
            ("participation_status=maybe", invalid(participation_status=[not_a_choice("maybe")])),
            ("attendance=hologram", invalid(attendance=[not_a_choice("hologram")])),
            ("organization=nope", unknown_reference(organization=[unknown("organization", "nope")])),
            ("ordering=--x", invalid(ordering=[not_a_choice("--x")])),
            ("ordering=city", invalid(ordering=[not_a_choice("city")])),
            ("limit=-1", invalid(limit=[bad_limit("-1")])),
            ("limit=ten", invalid(limit=[bad_limit("ten")])),
            *PAGING_ERRORS,
        ],
    )
    def test_is_a_400_naming_the_parameter(self, api, query, expected):
        MeetingFactory()

        response = api.get(f"{URL}?{query}")

        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json() == expected

    def test_every_bad_parameter_is_named(self, api):
        response = api.get(URL, {"date_from": "yesterday", "status": "bogus"})

        assert response.status_code == 400
        assert response.json() == invalid(
            status=[not_a_choice("bogus")],
            date_from=["Enter a valid date."],
        )


def meeting_payload(**changes):
    payload = {
        "title": "Follow-up talks in London",
        "slug": "london-follow-up-2025",
        "summary": "Second round.",
        "purpose": "Turn plans into pledges",
        "start_date": "2025-03-15",
        "end_date": "2025-03-16",
        "start_time": "10:00:00",
        "end_time": None,
        "timezone": "Europe/London",
        "city": "London",
        "venue": "Lancaster House",
        "host_country": "GB",
        "format": "hybrid",
        "status": "held",
        "level": "ministers",
        "reported_nation_count": 26,
        "reported_nation_count_qualifier": "about",
        "parent": None,
        "sources": [],
    }
    return {**payload, **changes}


def london_body(meeting, **changes):
    body = {
        **meeting_payload(),
        "host_country": BRITAIN,
        "participations": [],
        "sessions": [],
        **timestamps(meeting),
    }
    return {**body, **changes}


class TestMeetingCreate:
    def test_creates_and_answers_the_meeting(self, editor):
        response = editor.post(URL, meeting_payload(), format="json")

        assert response.status_code == 201, response.json()
        meeting = Meeting.objects.get(slug="london-follow-up-2025")
        assert response.json() == london_body(meeting)
        assert meeting.host_country.code == "GB"

    def test_minimal_meeting_ends_on_its_first_day(self, editor):
        response = editor.post(URL, {"title": "T", "slug": "t", "start_date": "2025-03-15"}, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert (body["end_date"], body["format"], body["status"], body["level"], body["host_country"]) == (
            "2025-03-15",
            "in_person",
            "scheduled",
            None,
            None,
        )

    def test_references_are_given_by_public_keys(self, editor):
        parent = MeetingFactory(slug="series", title="Series", start_date=D(2025, 1, 1))
        source = SourceFactory(title="Report", url="")

        response = editor.post(
            URL, meeting_payload(host_country="gb", parent="series", sources=[source.pk]), format="json"
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["parent"] == {"slug": "series", "title": "Series", "start_date": "2025-01-01"}
        assert body["sources"] == [{"id": source.pk, "outlet": "Test Wire", "title": "Report", "url": ""}]
        assert list(Meeting.objects.get(slug="london-follow-up-2025").sources.all()) == [source]
        assert parent.children.get().slug == "london-follow-up-2025"

    def test_server_set_fields_are_ignored(self, editor):
        payload = meeting_payload(
            created_at="2000-01-01T00:00:00Z",
            updated_at="2000-01-01T00:00:00Z",
            participations=[{"nation": "FR", "role": "lead", "status": "attended", "attendance_mode": "remote"}],
            sessions=[{"order": 1, "title": "Injected"}],
        )

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        meeting = Meeting.objects.get(slug="london-follow-up-2025")
        assert meeting.created_at.year != 2000
        assert not meeting.participations.exists()
        assert not meeting.sessions.exists()
        assert response.json() == london_body(meeting)


class TestMeetingUpdate:
    def test_put_replaces_the_meeting(self, editor):
        meeting = MeetingFactory(slug="london-follow-up-2025", title="Draft", city="Paris")
        participation = ParticipationFactory(meeting=meeting, nation=nation("FR"))

        response = editor.put(f"{URL}london-follow-up-2025/", meeting_payload(), format="json")

        assert response.status_code == 200, response.json()
        meeting.refresh_from_db()
        kept = {
            "id": participation.pk,
            "nation": FRANCE,
            "role": {"code": "participant", "name": "Participant"},
            "status": "attended",
            "attendance_mode": "in_person",
            "representative": "",
            "notes": "",
        }
        assert response.json() == london_body(meeting, participations=[kept])
        assert (meeting.title, meeting.city) == ("Follow-up talks in London", "London")

    def test_put_can_change_the_slug(self, editor):
        MeetingFactory(slug="old-slug")

        response = editor.put(f"{URL}old-slug/", meeting_payload(slug="new-slug"), format="json")

        assert response.status_code == 200, response.json()
        assert list(Meeting.objects.values_list("slug", flat=True)) == ["new-slug"]
        assert editor.get(f"{URL}old-slug/").status_code == 404

    def test_patch_changes_only_the_given_fields(self, editor):
        meeting = MeetingFactory(slug="m", title="Kept", city="Paris")

        response = editor.patch(
            f"{URL}m/", {"reported_nation_count": 26, "reported_nation_count_qualifier": "about"}, format="json"
        )

        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (26, "about")
        assert (body["title"], body["city"]) == ("Kept", "Paris")
        meeting.refresh_from_db()
        assert (meeting.reported_nation_count, meeting.reported_nation_count_qualifier) == (26, "about")

    def test_patch_is_validated_against_the_stored_fields(self, editor):
        MeetingFactory(slug="m", start_date=D(2025, 3, 11))

        response = editor.patch(f"{URL}m/", {"end_date": "2025-03-10"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(end_date=["A meeting cannot end before it starts."])
        assert Meeting.objects.get().end_date == D(2025, 3, 11)

    def test_unknown_meeting_is_a_404(self, editor):
        assert editor.patch(f"{URL}nope/", {"title": "x"}, format="json").json() == NOT_FOUND


class TestMeetingDelete:
    def test_deletes_the_meeting_with_its_participations_and_sessions(self, editor):
        meeting = MeetingFactory(slug="m")
        ParticipationFactory(meeting=meeting)
        SessionFactory(meeting=meeting)
        citation = CitationFactory(meeting=meeting)

        response = editor.delete(f"{URL}m/")

        assert response.status_code == 204
        assert response.content == b""
        assert not Meeting.objects.exists()
        assert not Participation.objects.exists()
        assert not Session.objects.exists()
        assert Citation.objects.get(pk=citation.pk).meeting is None  # the quote stays in its source

    def test_unknown_meeting_is_a_404(self, editor):
        response = editor.delete(f"{URL}nope/")

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


class TestMeetingValidation:
    @pytest.mark.parametrize(
        "changes, expected",
        [
            ({"end_date": "2025-03-14"}, rule_violated(end_date=["A meeting cannot end before it starts."])),
            (
                {"reported_nation_count_qualifier": None},
                rule_violated(
                    reported_nation_count_qualifier=[
                        "A reported number of nations needs its qualifier, and a qualifier its number."
                    ]
                ),
            ),
            (
                {"reported_nation_count": None},
                rule_violated(
                    reported_nation_count=[
                        "A reported number of nations needs its qualifier, and a qualifier its number."
                    ]
                ),
            ),
            ({"host_country": "ZZ"}, unknown_reference(host_country=["Unknown nation 'ZZ'."])),
            ({"parent": "nope"}, unknown_reference(parent=["Unknown meeting 'nope'."])),
            ({"timezone": ""}, rule_violated(timezone=["A meeting time needs a time zone."])),
            (
                {"timezone": "Mars/Olympus"},
                invalid(timezone=['"Mars/Olympus" is not an IANA time zone name (e.g. Europe/Paris).']),
            ),
            ({"format": "zoom"}, invalid(format=['"zoom" is not a valid choice.'])),
            ({"level": ""}, invalid(level=['"" is not a valid choice.'])),
            (
                {"reported_nation_count_qualifier": ""},
                invalid(reported_nation_count_qualifier=['"" is not a valid choice.']),
            ),
            (
                {"start_date": "soon"},
                invalid(start_date=["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]),
            ),
        ],
    )
    def test_invalid_meeting_is_a_400_with_field_errors(self, editor, changes, expected):
        response = editor.post(URL, meeting_payload(**changes), format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not Meeting.objects.exists()

    def test_required_fields(self, editor):
        response = editor.post(URL, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            title=["This field is required."],
            slug=["This field is required."],
            start_date=["This field is required."],
        )

    def test_duplicate_slug_is_a_409(self, editor):
        MeetingFactory(slug="london-follow-up-2025")

        response = editor.post(URL, meeting_payload(), format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(slug=["meeting with this slug already exists."])


class TestMeetingPermissions:
    @pytest.mark.parametrize(("method", "path"), WRITES)
    @pytest.mark.parametrize(("client", "expected"), REFUSALS)
    def test_write_is_refused(self, request, client, expected, method, path):
        MeetingFactory(slug="m", title="Unchanged")

        response = getattr(request.getfixturevalue(client), method)(
            URL + path.format(pk="m"), meeting_payload(), format="json"
        )

        assert status_challenge_body(response) == expected
        assert list(Meeting.objects.values_list("title", flat=True)) == ["Unchanged"]

    def test_user_without_the_model_permission_still_reads(self, reader):
        MeetingFactory(slug="m")

        assert slugs(reader.get(URL)) == ["m"]

    def test_unknown_token_is_a_401(self, api):
        api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

        response = api.get(URL)

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
        assert response.json() == AUTHENTICATION_FAILED
