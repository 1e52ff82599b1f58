import datetime

import pytest

from events.models import Citation, Meeting, MeetingRelation, Participation, ReportedCount, Session
from tests.api.bodies import (
    BRITAIN,
    FRANCE,
    GERMANY,
    PAGING_ERRORS,
    POLAND,
    bad_limit,
    duplicate,
    invalid,
    not_a_choice,
    results,
    rule_violated,
    slugs,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import LEADERS_CALL, NORTHWOOD, PARIS
from tests.factories import (
    CitationFactory,
    DelegateFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    ReportedCountFactory,
    SeriesFactory,
    SessionFactory,
    SourceFactory,
    nation,
    role,
)

URL = "/api/v1/meetings/"
D = datetime.date

pytestmark = pytest.mark.django_db

NATO = {"slug": "nato", "name": "North Atlantic Treaty Organization", "short_name": "NATO"}
# The messages of a write that sends a deprecated field with another value than the one it shows.
DEPRECATED_COUNT = (
    "Deprecated and read-only: add reported counts (reported-counts/), each with its qualifier and sources."
)
DEPRECATED_QUALIFIER = "Deprecated and read-only: add reported counts (reported-counts/)."
VIRTUAL_HAS_NO_IN_PERSON = (
    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
)


@pytest.fixture
def summit(db):
    """A meeting with every field set: in a series, part of a larger meeting, following up one meeting and followed
    up by another; a nation that attended with a named delegate, a nation that declined and an organization that
    joined remotely; two sessions (one dated, with times), a reported count and a source."""
    series = SeriesFactory(slug="berlin-process", name="Berlin process")
    parent = MeetingFactory(slug="berlin-conference", title="Berlin conference", start_date=D(2025, 1, 1))
    talks = MeetingFactory(slug="berlin-talks", title="Berlin talks", start_date=D(2025, 4, 1))
    review = MeetingFactory(slug="berlin-review", title="Berlin review", start_date=D(2025, 6, 1))
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
        series=series,
        parent=parent,
        participants_complete=True,
    )
    meeting.sources.set([source])
    ReportedCountFactory(meeting=meeting, count=12, qualifier="about", basis="inferred", basis_note="Twelve flags.")
    MeetingRelation.objects.create(from_meeting=meeting, to_meeting=talks, kind="follows_up", basis="inferred")
    MeetingRelation.objects.create(from_meeting=review, to_meeting=meeting, kind="follows_up")
    ParticipationFactory(
        meeting=meeting,
        nation=nation("PL"),
        role=role("participant"),
        status="declined",
        attendance_mode=None,
        notes="Declined.",
    )
    germany = ParticipationFactory(meeting=meeting, nation=nation("DE"), role=role("host"), attendance_mode="in_person")
    ParticipationFactory(
        meeting=meeting,
        nation=None,
        organization=OrganizationFactory(**NATO),
        role=role("observer"),
        attendance_mode="remote",
        basis="disputed",
    )
    pledges = SessionFactory(
        meeting=meeting,
        order=2,
        title="Pledges",
        description="Who gives what.",
        date=D(2025, 5, 7),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
    )
    SessionFactory(meeting=meeting, order=1, title="Opening")
    chancellor = DelegateFactory(
        participation=germany,
        person=PersonFactory(name="Olaf Scholz", wikidata_id="Q61053"),
        office="Chancellor",
        level="head_of_government",
        attendance_mode="in_person",
    )
    chancellor.sessions.set([pledges])
    return meeting


def summit_body(meeting):
    germany, poland, nato = (
        meeting.participations.get(nation__code="DE"),
        meeting.participations.get(nation__code="PL"),
        meeting.participations.get(organization__slug="nato"),
    )
    sessions = {s.order: s.pk for s in meeting.sessions.all()}
    chancellor = germany.delegates.get()
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
        "series": {"slug": "berlin-process", "name": "Berlin process"},
        "parent": {"slug": "berlin-conference", "title": "Berlin conference", "start_date": "2025-01-01"},
        "participants_complete": True,
        "reported_counts": [
            {
                "id": meeting.reported_counts.get().pk,
                "count": 12,
                "qualifier": "about",
                "basis": "inferred",
                "basis_note": "Twelve flags.",
                "sources": [],
            }
        ],
        # Germany attended; Poland declined, and NATO is not a nation.
        "named_nation_count": 1,
        "count_conflict": False,
        "reported_nation_count": 12,
        "reported_nation_count_qualifier": "about",
        "relations": [
            {
                "id": meeting.relations.get().pk,
                "kind": "follows_up",
                "meeting": {"slug": "berlin-talks", "title": "Berlin talks", "start_date": "2025-04-01"},
                "basis": "inferred",
            }
        ],
        "related_from": [
            {
                "id": meeting.related_from.get().pk,
                "kind": "follows_up",
                "meeting": {"slug": "berlin-review", "title": "Berlin review", "start_date": "2025-06-01"},
                "basis": "stated",
            }
        ],
        "sources": [
            {
                "id": meeting.sources.get().pk,
                "outlet": "Test Wire",
                "title": "Leaders meet in Berlin",
                "url": "https://example.org/berlin",
            }
        ],
        # Nations by name, then organizations.
        "participations": [
            {
                "id": germany.pk,
                "participant": {"kind": "nation", "key": "DE", "name": "Germany"},
                "nation": GERMANY,
                "organization": None,
                "role": {"code": "host", "name": "Host"},
                "status": "attended",
                "attendance_mode": "in_person",
                "basis": "stated",
                "notes": "",
                "delegates": [
                    {
                        "id": chancellor.pk,
                        "person": {"id": chancellor.person.pk, "name": "Olaf Scholz", "wikidata_id": "Q61053"},
                        "description": "",
                        "office": "Chancellor",
                        "level": "head_of_government",
                        "attendance_mode": "in_person",
                        "sessions": [{"id": sessions[2], "order": 2, "title": "Pledges"}],
                        "basis": "stated",
                    }
                ],
                "representative": "Olaf Scholz, Chancellor",
            },
            {
                "id": poland.pk,
                "participant": {"kind": "nation", "key": "PL", "name": "Poland"},
                "nation": POLAND,
                "organization": None,
                "role": {"code": "participant", "name": "Participant"},
                "status": "declined",
                "attendance_mode": None,
                "basis": "stated",
                "notes": "Declined.",
                "delegates": [],
                "representative": "",
            },
            {
                "id": nato.pk,
                "participant": {"kind": "organization", "key": "nato", "name": "NATO"},
                "nation": None,
                "organization": NATO,
                "role": {"code": "observer", "name": "Observer"},
                "status": "attended",
                "attendance_mode": "remote",
                "basis": "disputed",
                "notes": "",
                "delegates": [],
                "representative": "",
            },
        ],
        "sessions": [
            {
                "id": sessions[1],
                "order": 1,
                "title": "Opening",
                "description": "",
                "date": None,
                "start_time": None,
                "end_time": None,
            },
            {
                "id": sessions[2],
                "order": 2,
                "title": "Pledges",
                "description": "Who gives what.",
                "date": "2025-05-07",
                "start_time": "14:00:00",
                "end_time": "16:30:00",
            },
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
        ParticipationFactory(meeting=MeetingFactory(slug="absent"), status="absent", attendance_mode=None)

        assert slugs(api.get(URL, {"participation_status": "declined"})) == ["declined"]
        assert sorted(slugs(api.get(URL, {"participation_status": "declined,invited"}))) == ["declined", "invited"]
        assert slugs(api.get(URL, {"participation_status": "absent"})) == ["absent"]

    def test_attendance(self, api):
        ParticipationFactory(meeting=MeetingFactory(slug="remote"), attendance_mode="remote")
        ParticipationFactory(meeting=MeetingFactory(slug="in-person"), attendance_mode="in_person")
        ParticipationFactory(meeting=MeetingFactory(slug="unstated"), attendance_mode="unspecified")
        ParticipationFactory(meeting=MeetingFactory(slug="written"), attendance_mode="written")

        assert slugs(api.get(URL, {"attendance": "remote"})) == ["remote"]
        assert slugs(api.get(URL, {"attendance": "written"})) == ["written"]
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

    def test_participant_is_any_of_nations_by_upper_case_code_and_organizations_by_slug(self, api):
        nato = OrganizationFactory(slug="nato")
        ParticipationFactory(meeting=MeetingFactory(slug="french"), nation=nation("FR"))
        ParticipationFactory(meeting=MeetingFactory(slug="nato-only"), nation=None, organization=nato)
        ParticipationFactory(meeting=MeetingFactory(slug="german"), nation=nation("DE"))
        MeetingFactory(slug="nobody")

        assert slugs(api.get(URL, {"participant": "FR"})) == ["french"]
        assert slugs(api.get(URL, {"participant": "nato"})) == ["nato-only"]
        assert sorted(slugs(api.get(URL, {"participant": "FR,nato"}))) == ["french", "nato-only"]
        assert sorted(slugs(api.get(f"{URL}?participant=nato&participant=DE"))) == ["german", "nato-only"]

    def test_upper_case_is_a_nations_code_and_lower_case_an_organizations_slug(self, api):
        """An organization may have a slug that reads like a nation's code (`gb`): case tells them apart."""
        ParticipationFactory(meeting=MeetingFactory(slug="by-nation"), nation=nation("GB"))
        lookalike = OrganizationFactory(slug="gb", name="Great Board")
        ParticipationFactory(meeting=MeetingFactory(slug="by-organization"), nation=None, organization=lookalike)

        assert slugs(api.get(URL, {"participant": "GB"})) == ["by-nation"]
        assert slugs(api.get(URL, {"participant": "gb"})) == ["by-organization"]
        # `nation` takes nations only, in any case.
        assert slugs(api.get(URL, {"nation": "gb"})) == ["by-nation"]
        assert slugs(api.get(URL, {"nation": "GB"})) == ["by-nation"]

    def test_participant_describes_the_same_participation_as_the_other_parameters(self, api):
        nato = OrganizationFactory(slug="nato")
        nato_declined = MeetingFactory(slug="nato-declined")
        ParticipationFactory(
            meeting=nato_declined, nation=None, organization=nato, status="declined", attendance_mode=None
        )
        ParticipationFactory(meeting=nato_declined, nation=nation("FR"))
        nato_attended = MeetingFactory(slug="nato-attended")
        ParticipationFactory(meeting=nato_attended, nation=None, organization=nato, attendance_mode="remote")
        ParticipationFactory(meeting=nato_attended, nation=nation("FR"), status="declined", attendance_mode=None)

        assert slugs(api.get(URL, {"participant": "nato", "participation_status": "declined"})) == ["nato-declined"]
        assert slugs(api.get(URL, {"participant": "FR", "participation_status": "declined"})) == ["nato-attended"]
        assert slugs(api.get(URL, {"participant": "nato", "attendance": "remote"})) == ["nato-attended"]

    def test_organization_considers_nation_participants_only(self, api):
        """`organization=nato` means a NATO member nation took part: NATO itself taking part is not one."""
        nato = OrganizationFactory(slug="nato")
        MembershipFactory(organization=nato, nation=nation("FR"), start_date=D(1949, 8, 24))
        ParticipationFactory(meeting=MeetingFactory(slug="nato-itself"), nation=None, organization=nato)
        ParticipationFactory(meeting=MeetingFactory(slug="a-member"), nation=nation("FR"))
        ParticipationFactory(meeting=MeetingFactory(slug="no-member"), nation=nation("AT"))

        assert slugs(api.get(URL, {"organization": "nato"})) == ["a-member"]
        assert slugs(api.get(URL, {"participant": "nato"})) == ["nato-itself"]

    @pytest.fixture
    def delegations(self, db):
        """`heads`: FR by its head of state; `ministers`: DE by a minister; `mixed`: GB by its head of government
        and PL by a minister. The people's IDs by name."""
        people = {name: PersonFactory(name=name) for name in ("Macron", "Pistorius", "Starmer", "Kosiniak-Kamysz")}
        for slug, delegates in {
            "heads": [("FR", "Macron", "head_of_state")],
            "ministers": [("DE", "Pistorius", "minister")],
            "mixed": [("GB", "Starmer", "head_of_government"), ("PL", "Kosiniak-Kamysz", "minister")],
        }.items():
            meeting = MeetingFactory(slug=slug, level="leaders")
            for code, name, level in delegates:
                participation = ParticipationFactory(meeting=meeting, nation=nation(code))
                DelegateFactory(participation=participation, person=people[name], level=level)
        MeetingFactory(slug="nobody-named", level="leaders")
        return {name: person.pk for name, person in people.items()}

    def test_delegate_level(self, api, delegations):
        assert slugs(api.get(URL, {"delegate_level": "head_of_state"})) == ["heads"]
        assert sorted(slugs(api.get(URL, {"delegate_level": "minister"}))) == ["ministers", "mixed"]
        assert sorted(slugs(api.get(URL, {"delegate_level": "head_of_state,head_of_government"}))) == [
            "heads",
            "mixed",
        ]
        assert slugs(api.get(URL, {"delegate_level": "ambassador"})) == []
        # The meeting's own level is another thing: all four are leaders' meetings.
        assert len(slugs(api.get(URL, {"level": "leaders"}))) == 4

    def test_person(self, api, delegations):
        assert slugs(api.get(URL, {"person": delegations["Macron"]})) == ["heads"]
        assert sorted(slugs(api.get(f"{URL}?person={delegations['Macron']}&person={delegations['Starmer']}"))) == [
            "heads",
            "mixed",
        ]

    def test_delegate_level_and_person_describe_one_and_the_same_delegate_of_that_participation(self, api, delegations):
        starmer, polish_minister = delegations["Starmer"], delegations["Kosiniak-Kamysz"]

        assert slugs(api.get(URL, {"person": starmer, "delegate_level": "head_of_government"})) == ["mixed"]
        # Starmer was not a minister there, and Britain's delegate was not one; Poland's was.
        assert slugs(api.get(URL, {"person": starmer, "delegate_level": "minister"})) == []
        assert slugs(api.get(URL, {"nation": "GB", "delegate_level": "minister"})) == []
        assert slugs(api.get(URL, {"nation": "PL", "person": polish_minister})) == ["mixed"]

    def test_city_is_exact_in_any_case(self, api):
        MeetingFactory(slug="paris", city="Paris")
        MeetingFactory(slug="saclay", city="Paris-Saclay")
        MeetingFactory(slug="northwood", city="Northwood", summary="The step after the talks in Paris.")

        assert slugs(api.get(URL, {"city": "paris"})) == ["paris"]
        assert slugs(api.get(URL, {"city": "PARIS"})) == ["paris"]
        assert slugs(api.get(URL, {"city": "Paris-Saclay"})) == ["saclay"]
        assert slugs(api.get(URL, {"city": "Par"})) == []
        # Unlike `search`, which finds the text anywhere.
        assert sorted(slugs(api.get(URL, {"search": "paris"}))) == ["northwood", "paris", "saclay"]

    def test_city_is_in_any_case_beyond_ascii_letters(self, api):
        MeetingFactory(slug="zurich", city="Zürich")
        MeetingFactory(slug="reykjavik", city="Reykjavík")

        assert slugs(api.get(URL, {"city": "ZÜRICH"})) == ["zurich"]
        assert slugs(api.get(URL, {"city": "REYKJAVÍK"})) == ["reykjavik"]

    def test_level(self, api):
        MeetingFactory(slug="leaders", level="leaders")
        MeetingFactory(slug="ministers", level="ministers")
        MeetingFactory(slug="military", level="military")
        MeetingFactory(slug="unstated", level=None)

        assert slugs(api.get(URL, {"level": "military"})) == ["military"]
        assert sorted(slugs(api.get(URL, {"level": "leaders,ministers"}))) == ["leaders", "ministers"]

    def test_series(self, api):
        coalition = SeriesFactory(slug="coalition")
        ramstein = SeriesFactory(slug="ramstein")
        MeetingFactory(slug="first", series=coalition, start_date=D(2025, 3, 1))
        MeetingFactory(slug="second", series=coalition, start_date=D(2025, 3, 15))
        MeetingFactory(slug="contact-group", series=ramstein)
        MeetingFactory(slug="alone", series=None)

        assert slugs(api.get(URL, {"series": "coalition"})) == ["second", "first"]
        assert slugs(api.get(URL, {"series": "ramstein"})) == ["contact-group"]

    def test_parent_gives_the_meetings_directly_under_it(self, api):
        summit = MeetingFactory(slug="summit")
        group = MeetingFactory(slug="working-group", parent=summit)
        MeetingFactory(slug="sub-group", parent=group)
        MeetingFactory(slug="side-event", parent=summit)
        MeetingFactory(slug="elsewhere")

        assert sorted(slugs(api.get(URL, {"parent": "summit"}))) == ["side-event", "working-group"]
        assert slugs(api.get(URL, {"parent": "working-group"})) == ["sub-group"]
        assert slugs(api.get(URL, {"parent": "elsewhere"})) == []


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
            # A participant is a nation's code in upper case or an organization's slug (lower case).
            (
                "participant=NATO",
                invalid(
                    participant=[
                        "'NATO' is neither a nation's code in upper case (FR) nor an organization's slug (nato)."
                    ]
                ),
            ),
            (
                "participant=Fr",
                invalid(
                    participant=[
                        "'Fr' is neither a nation's code in upper case (FR) nor an organization's slug (nato)."
                    ]
                ),
            ),
            (
                "participant=fr",
                unknown_reference(participant=["Unknown participant 'fr' (a nation's code is in upper case)."]),
            ),
            ("participant=FR,nope", unknown_reference(participant=["Unknown participant 'nope'."])),
            # Already upper case: no hint.
            ("participant=ZZ", unknown_reference(participant=["Unknown participant 'ZZ'."])),
            ("nation=nato", invalid(nation=["Give the code of a nation: two letters, such as FR."])),
            ("delegate_level=king", invalid(delegate_level=[not_a_choice("king")])),
            ("level=heads", invalid(level=[not_a_choice("heads")])),
            ("person=abc", invalid(person=["Give the ID of a person (a number)."])),
            ("person=999999", unknown_reference(person=[unknown("person", "999999")])),
            ("series=nope", unknown_reference(series=[unknown("series", "nope")])),
            ("parent=nope", unknown_reference(parent=[unknown("meeting", "nope")])),
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
        "series": None,
        "parent": None,
        "participants_complete": True,
        "sources": [],
    }
    return {**payload, **changes}


def london_body(meeting, **changes):
    body = {
        **meeting_payload(),
        "host_country": BRITAIN,
        "reported_counts": [],
        "named_nation_count": 0,
        "count_conflict": False,
        "reported_nation_count": None,
        "reported_nation_count_qualifier": None,
        "relations": [],
        "related_from": [],
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
        assert (meeting.host_country.code, meeting.level, meeting.participants_complete) == ("GB", "ministers", True)

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
        # A list of participants is partial unless the sources say it is complete.
        assert (body["series"], body["participants_complete"], body["reported_counts"]) == (None, False, [])

    def test_references_are_given_by_public_keys(self, editor):
        parent = MeetingFactory(slug="conference", title="Conference", start_date=D(2025, 1, 1))
        series = SeriesFactory(slug="coalition", name="Coalition of the willing")
        source = SourceFactory(title="Report", url="")

        response = editor.post(
            URL,
            meeting_payload(host_country="gb", parent="conference", series="coalition", sources=[source.pk]),
            format="json",
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["parent"] == {"slug": "conference", "title": "Conference", "start_date": "2025-01-01"}
        assert body["series"] == {"slug": "coalition", "name": "Coalition of the willing"}
        assert body["sources"] == [{"id": source.pk, "outlet": "Test Wire", "title": "Report", "url": ""}]
        assert list(Meeting.objects.get(slug="london-follow-up-2025").sources.all()) == [source]
        assert parent.children.get().slug == "london-follow-up-2025"
        assert series.meetings.get().slug == "london-follow-up-2025"

    def test_server_set_fields_are_ignored(self, editor):
        payload = meeting_payload(
            created_at="2000-01-01T00:00:00Z",
            updated_at="2000-01-01T00:00:00Z",
            participations=[{"nation": "FR", "role": "lead", "status": "attended", "attendance_mode": "remote"}],
            sessions=[{"order": 1, "title": "Injected"}],
            reported_counts=[{"count": 40, "qualifier": "exact"}],
            named_nation_count=40,
            count_conflict=True,
            relations=[{"kind": "follows_up", "meeting": "other"}],
            related_from=[],
        )

        response = editor.post(URL, payload, format="json")

        assert response.status_code == 201, response.json()
        meeting = Meeting.objects.get(slug="london-follow-up-2025")
        assert meeting.created_at.year != 2000
        assert not meeting.participations.exists()
        assert not meeting.sessions.exists()
        assert not ReportedCount.objects.exists()
        assert not MeetingRelation.objects.exists()
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
            "participant": {"kind": "nation", "key": "FR", "name": "France"},
            "nation": FRANCE,
            "organization": None,
            "role": {"code": "participant", "name": "Participant"},
            "status": "attended",
            "attendance_mode": "in_person",
            "basis": "stated",
            "notes": "",
            "delegates": [],
            "representative": "",
        }
        assert response.json() == london_body(meeting, participations=[kept], named_nation_count=1)
        assert (meeting.title, meeting.city) == ("Follow-up talks in London", "London")

    def test_put_can_change_the_slug(self, editor):
        MeetingFactory(slug="old-slug")

        response = editor.put(f"{URL}old-slug/", meeting_payload(slug="new-slug"), format="json")

        assert response.status_code == 200, response.json()
        assert list(Meeting.objects.values_list("slug", flat=True)) == ["new-slug"]
        assert editor.get(f"{URL}old-slug/").status_code == 404

    def test_patch_changes_only_the_given_fields(self, editor):
        meeting = MeetingFactory(slug="m", title="Kept", city="Paris", level=None)

        response = editor.patch(f"{URL}m/", {"level": "ministers", "participants_complete": True}, format="json")

        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["level"], body["participants_complete"]) == ("ministers", True)
        assert (body["title"], body["city"]) == ("Kept", "Paris")
        meeting.refresh_from_db()
        assert (meeting.level, meeting.participants_complete, meeting.title) == ("ministers", True, "Kept")

    def test_patch_moves_the_meeting_into_a_series_and_out_again(self, editor):
        meeting = MeetingFactory(slug="m")
        SeriesFactory(slug="coalition", name="Coalition of the willing")

        joined = editor.patch(f"{URL}m/", {"series": "coalition"}, format="json")
        meeting.refresh_from_db()
        in_series = meeting.series.slug
        left = editor.patch(f"{URL}m/", {"series": None}, format="json")

        assert joined.status_code == 200, joined.json()
        assert joined.json()["series"] == {"slug": "coalition", "name": "Coalition of the willing"}
        assert in_series == "coalition"
        assert left.json()["series"] is None
        meeting.refresh_from_db()
        assert meeting.series is None

    def test_patch_is_validated_against_the_stored_fields(self, editor):
        MeetingFactory(slug="m", start_date=D(2025, 3, 11))

        response = editor.patch(f"{URL}m/", {"end_date": "2025-03-10"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(end_date=["A meeting cannot end before it starts."])
        assert Meeting.objects.get().end_date == D(2025, 3, 11)


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


class TestMeetingValidation:
    @pytest.mark.parametrize(
        "changes, expected",
        [
            ({"end_date": "2025-03-14"}, rule_violated(end_date=["A meeting cannot end before it starts."])),
            # Reported counts are objects of their own (reported-counts/); the old fields only show the one there is.
            ({"reported_nation_count": 26}, invalid(reported_nation_count=[DEPRECATED_COUNT])),
            (
                {"reported_nation_count_qualifier": "about"},
                invalid(reported_nation_count_qualifier=[DEPRECATED_QUALIFIER]),
            ),
            ({"host_country": "ZZ"}, unknown_reference(host_country=["Unknown nation 'ZZ'."])),
            ({"parent": "nope"}, unknown_reference(parent=["Unknown meeting 'nope'."])),
            ({"series": "nope"}, unknown_reference(series=["Unknown series 'nope'."])),
            ({"timezone": ""}, rule_violated(timezone=["A meeting time needs a time zone."])),
            (
                {"timezone": "Mars/Olympus"},
                unknown_reference(timezone=['"Mars/Olympus" is not an IANA time zone name (e.g. Europe/Paris).']),
            ),
            ({"format": "zoom"}, invalid(format=['"zoom" is not a valid choice.'])),
            ({"level": ""}, invalid(level=['"" is not a valid choice.'])),
            ({"level": "heads_of_state"}, invalid(level=['"heads_of_state" is not a valid choice.'])),
            ({"participants_complete": "maybe"}, invalid(participants_complete=["Must be a valid boolean."])),
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


class TestDeprecatedReportedCount:
    """`reported_nation_count` and its qualifier show the meeting's one reported count (null with none or several);
    they are read-only: sent back unchanged they are ignored, sent with another value they are refused."""

    @pytest.fixture
    def counted(self, db):
        meeting = MeetingFactory(slug="m", title="Counted")
        ReportedCountFactory(meeting=meeting, count=26, qualifier="about")
        return meeting

    def test_they_show_the_one_reported_count(self, api, counted):
        body = api.get(f"{URL}m/").json()

        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (26, "about")

    def test_with_several_reported_counts_they_are_null(self, api, counted):
        ReportedCountFactory(meeting=counted, count=30, qualifier="more_than")

        body = api.get(f"{URL}m/").json()

        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (None, None)
        assert [(item["count"], item["qualifier"]) for item in body["reported_counts"]] == [
            (26, "about"),
            (30, "more_than"),
        ]

    @pytest.mark.parametrize(
        "changes, expected",
        [
            ({"reported_nation_count": 30}, invalid(reported_nation_count=[DEPRECATED_COUNT])),
            ({"reported_nation_count": None}, invalid(reported_nation_count=[DEPRECATED_COUNT])),
            (
                {"reported_nation_count_qualifier": "exact"},
                invalid(reported_nation_count_qualifier=[DEPRECATED_QUALIFIER]),
            ),
            (
                {"reported_nation_count": 30, "reported_nation_count_qualifier": "more_than", "title": "Changed"},
                invalid(
                    reported_nation_count=[DEPRECATED_COUNT], reported_nation_count_qualifier=[DEPRECATED_QUALIFIER]
                ),
            ),
        ],
    )
    def test_a_changed_value_is_refused_and_nothing_is_written(self, editor, counted, changes, expected):
        response = editor.patch(f"{URL}m/", changes, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        counted.refresh_from_db()
        assert counted.title == "Counted"
        assert list(counted.reported_counts.values_list("count", "qualifier")) == [(26, "about")]

    def test_the_same_values_are_accepted_and_ignored(self, editor, counted):
        response = editor.patch(
            f"{URL}m/",
            {"reported_nation_count": 26, "reported_nation_count_qualifier": "about", "title": "Changed"},
            format="json",
        )

        assert response.status_code == 200, response.json()
        assert (response.json()["title"], response.json()["reported_nation_count"]) == ("Changed", 26)
        assert list(counted.reported_counts.values_list("count", "qualifier")) == [(26, "about")]

    def test_a_get_body_put_back_is_accepted(self, editor, counted):
        body = editor.get(f"{URL}m/").json()
        writable = {name: body[name] for name in meeting_payload() if name not in ("host_country", "parent", "series")}

        response = editor.put(
            f"{URL}m/",
            {
                **writable,
                "host_country": "FR",
                "reported_nation_count": body["reported_nation_count"],
                "reported_nation_count_qualifier": body["reported_nation_count_qualifier"],
                "title": "Changed",
            },
            format="json",
        )

        assert response.status_code == 200, response.json()
        assert response.json()["title"] == "Changed"

    def test_a_new_meeting_may_send_them_empty(self, editor):
        response = editor.post(
            URL, meeting_payload(reported_nation_count=None, reported_nation_count_qualifier=None), format="json"
        )

        assert response.status_code == 201, response.json()
        assert not ReportedCount.objects.exists()


class TestNamedAttendeesAgainstReportedCounts:
    """Sources disagree: a meeting keeps every reported count, and shows where the nations named as attending
    outnumber an exact one rather than refusing either."""

    @pytest.fixture
    def named(self, db):
        """Three nations named as attending; one that declined, one reported absent and NATO, which count for
        nothing: it is not a nation."""
        meeting = MeetingFactory(slug="m")
        for code in ("FR", "GB", "DE"):
            ParticipationFactory(meeting=meeting, nation=nation(code), attendance_mode="remote")
        ParticipationFactory(meeting=meeting, nation=nation("US"), status="declined", attendance_mode=None)
        ParticipationFactory(meeting=meeting, nation=nation("HU"), status="absent", attendance_mode=None)
        ParticipationFactory(meeting=meeting, nation=None, organization=OrganizationFactory(slug="nato"))
        return meeting

    @pytest.mark.parametrize(
        "count, qualifier, conflict",
        [
            (2, "exact", True),
            (3, "exact", False),
            (4, "exact", False),
            (2, "about", False),
            (2, "at_least", False),
            (2, "more_than", False),
        ],
    )
    def test_a_conflict_is_more_named_attendees_than_an_exact_count(self, api, named, count, qualifier, conflict):
        ReportedCountFactory(meeting=named, count=count, qualifier=qualifier)

        body = api.get(f"{URL}m/").json()

        assert (body["named_nation_count"], body["count_conflict"]) == (3, conflict)
        assert [(item["count"], item["qualifier"]) for item in body["reported_counts"]] == [(count, qualifier)]

    def test_one_exact_count_among_several_is_enough_and_every_count_is_kept(self, api, named):
        ReportedCountFactory(meeting=named, count=20, qualifier="more_than")
        ReportedCountFactory(meeting=named, count=2, qualifier="exact", basis="disputed")

        body = api.get(f"{URL}m/").json()
        listed = next(item for item in results(api.get(URL)) if item["slug"] == "m")

        assert (body["named_nation_count"], body["count_conflict"]) == (3, True)
        assert [(item["count"], item["qualifier"], item["basis"]) for item in body["reported_counts"]] == [
            (2, "exact", "disputed"),
            (20, "more_than", "stated"),
        ]
        # The list shows the same figures as the meeting's own address.
        assert (listed["named_nation_count"], listed["count_conflict"]) == (3, True)

    def test_naming_more_attendees_than_an_exact_count_is_accepted_and_shows_the_conflict(self, editor, named):
        ReportedCountFactory(meeting=named, count=3, qualifier="exact")
        assert editor.get(f"{URL}m/").json()["count_conflict"] is False

        response = editor.post(
            "/api/v1/participations/",
            {"meeting": "m", "nation": "PL", "role": "participant", "status": "attended", "attendance_mode": "remote"},
            format="json",
        )

        assert response.status_code == 201, response.json()
        body = editor.get(f"{URL}m/").json()
        assert (body["named_nation_count"], body["count_conflict"]) == (4, True)

    def test_with_no_reported_count_there_is_no_conflict(self, api, named):
        body = api.get(f"{URL}m/").json()

        assert (body["named_nation_count"], body["count_conflict"], body["reported_counts"]) == (3, False, [])


class TestVirtualMeetings:
    """A virtual meeting has no in-person participant, whichever of the two is written last."""

    def test_a_meeting_with_an_in_person_participant_cannot_become_virtual(self, editor):
        meeting = MeetingFactory(slug="m", format="hybrid")
        ParticipationFactory(meeting=meeting, nation=nation("FR"), attendance_mode="in_person")

        response = editor.patch(f"{URL}m/", {"format": "virtual"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(format=[VIRTUAL_HAS_NO_IN_PERSON])
        meeting.refresh_from_db()
        assert meeting.format == "hybrid"

    def test_nor_one_with_a_delegate_in_person(self, editor):
        meeting = MeetingFactory(slug="m", format="hybrid")
        participation = ParticipationFactory(meeting=meeting, nation=nation("GB"), attendance_mode="remote")
        DelegateFactory(participation=participation, attendance_mode="in_person")

        response = editor.patch(f"{URL}m/", {"format": "virtual"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(format=[VIRTUAL_HAS_NO_IN_PERSON])

    def test_a_meeting_whose_participants_took_part_otherwise_can(self, editor):
        meeting = MeetingFactory(slug="m", format="hybrid")
        ParticipationFactory(meeting=meeting, nation=nation("FR"), attendance_mode="remote")
        ParticipationFactory(meeting=meeting, nation=nation("JP"), attendance_mode="written")
        ParticipationFactory(meeting=meeting, nation=nation("US"), status="declined", attendance_mode=None)

        response = editor.patch(f"{URL}m/", {"format": "virtual"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json()["format"] == "virtual"


@pytest.mark.usefixtures("shipped_class")
class TestShippedMeetings:
    """The March 2025 coalition meetings, as `make run` imports them."""

    def test_city_paris_finds_the_paris_talks_and_not_the_meetings_that_mention_paris(self, api, db):
        assert slugs(api.get(URL, {"city": "paris"})) == [PARIS]
        # Northwood's and the leaders' call's summaries mention the Paris talks: `search` finds them too.
        assert slugs(api.get(URL, {"search": "Paris"})) == [NORTHWOOD, LEADERS_CALL, PARIS]

    def test_the_series_holds_the_three_meetings(self, api, db):
        assert slugs(api.get(URL, {"series": "coalition-of-the-willing", "ordering": "start_date"})) == [
            PARIS,
            LEADERS_CALL,
            NORTHWOOD,
        ]
        assert slugs(api.get(URL, {"level": "military"})) == [NORTHWOOD, PARIS]

    def test_the_leaders_call_names_more_nations_than_its_exact_counts(self, api, db):
        body = api.get(f"{URL}{LEADERS_CALL}/").json()

        # 30 nations named as taking part (NATO and the EU besides), against exact reports of 25 and 26.
        assert (body["named_nation_count"], body["count_conflict"]) == (30, True)
        assert [(item["count"], item["qualifier"], item["basis"]) for item in body["reported_counts"]] == [
            (25, "about", "disputed"),
            (25, "exact", "disputed"),
            (26, "exact", "disputed"),
        ]
        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (None, None)
        assert (body["format"], body["participants_complete"]) == ("virtual", False)

    def test_northwood_is_partial_and_its_counts_do_not_conflict(self, api, db):
        body = api.get(f"{URL}{NORTHWOOD}/").json()

        # "More than 20" and "over 30" are both kept; neither is exact, so six named nations conflict with neither.
        assert (body["named_nation_count"], body["count_conflict"], body["participants_complete"]) == (6, False, False)
        assert [(item["count"], item["qualifier"]) for item in body["reported_counts"]] == [
            (20, "more_than"),
            (30, "more_than"),
        ]
        assert sorted((item["kind"], item["meeting"]["slug"]) for item in body["relations"]) == [
            ("follows_up", LEADERS_CALL),
            ("follows_up", PARIS),
        ]
