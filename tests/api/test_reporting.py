"""Series, reported counts, relations between meetings and the absentees report, through the API; and the two analyst
questions the March 2025 coalition data was shipped to answer."""

import datetime

import pytest
import yaml

from events.models import Meeting, MeetingRelation, ReportedCount, Series
from tests.api.bodies import (
    duplicate,
    ids,
    invalid,
    not_a_choice,
    results,
    rule_violated,
    slugs,
    source_brief,
    timestamps,
    unknown,
    unknown_reference,
)
from tests.conftest import LEADERS_CALL, NORTHWOOD, PARIS, REPO
from tests.factories import (
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ParticipationFactory,
    ReportedCountFactory,
    SeriesFactory,
    SourceFactory,
    nation,
)

D = datetime.date
SERIES = "/api/v1/series/"
COUNTS = "/api/v1/reported-counts/"
RELATIONS = "/api/v1/meeting-relations/"
MEETINGS = "/api/v1/meetings/"
PARTICIPATIONS = "/api/v1/participations/"

pytestmark = pytest.mark.django_db


def brief(meeting):
    return {"slug": meeting.slug, "title": meeting.title, "start_date": meeting.start_date.isoformat()}


def meeting_body(client, slug):
    response = client.get(f"{MEETINGS}{slug}/")
    assert response.status_code == 200, response.json()
    return response.json()


def read_data(name):
    return yaml.safe_load((REPO / "events" / "data" / name).read_text())


def shipped_meeting(slug):
    """The meeting as the data file coalition-2025-03.yaml records it."""
    [meeting] = [item for item in read_data("coalition-2025-03.yaml")["meetings"] if item["slug"] == slug]
    return meeting


# Series.


@pytest.fixture
def coalition(db):
    """A series with three meetings created out of date order (two on the same day), and a meeting in no series."""
    series = SeriesFactory(slug="coalition", name="Coalition", description="Meetings of the coalition.")
    meetings = {
        "late": MeetingFactory(slug="late", title="Late", start_date=D(2025, 3, 27), series=series),
        "early": MeetingFactory(slug="early", title="Early", start_date=D(2025, 3, 2), series=series),
        "b-same-day": MeetingFactory(slug="b-same-day", title="B same day", start_date=D(2025, 3, 15), series=series),
        "a-same-day": MeetingFactory(slug="a-same-day", title="A same day", start_date=D(2025, 3, 15), series=series),
        "alone": MeetingFactory(slug="alone", title="Alone", start_date=D(2025, 3, 20)),
    }
    return series, meetings


class TestSeriesRead:
    def test_full_body_lists_the_meetings_in_date_order(self, api, coalition):
        series, meetings = coalition

        response = api.get(f"{SERIES}coalition/")

        assert response.status_code == 200
        assert response.json() == {
            "slug": "coalition",
            "name": "Coalition",
            "description": "Meetings of the coalition.",
            "meetings": [brief(meetings[key]) for key in ("early", "a-same-day", "b-same-day", "late")],
            **timestamps(series),
        }

    def test_list_by_name(self, api, coalition):
        SeriesFactory(slug="astana", name="Astana format")

        assert slugs(api.get(SERIES)) == ["astana", "coalition"]

    @pytest.mark.parametrize(("text", "expected"), [("astana", ["astana"]), ("FORMAT", ["astana"]), ("x", [])])
    def test_search_in_name_and_slug(self, api, db, text, expected):
        SeriesFactory(slug="astana", name="Astana format")
        SeriesFactory(slug="other", name="Other talks")

        assert slugs(api.get(SERIES, {"search": text})) == expected

    def test_the_shipped_series_holds_the_three_march_meetings_in_date_order(self, api, shipped):
        [series] = results(api.get(SERIES))

        assert series["slug"] == "coalition-of-the-willing"
        assert [(item["slug"], item["start_date"]) for item in series["meetings"]] == [
            (PARIS, "2025-03-11"),
            (LEADERS_CALL, "2025-03-15"),
            (NORTHWOOD, "2025-03-20"),
        ]


class TestSeriesWrite:
    def test_create(self, editor, db):
        payload = {"slug": "ramstein", "name": "Ramstein group", "description": "Defence contact group."}

        response = editor.post(SERIES, payload, format="json")

        assert response.status_code == 201, response.json()
        series = Series.objects.get(slug="ramstein")
        assert response.json() == {**payload, "meetings": [], **timestamps(series)}
        assert response["Location"] == "http://testserver/api/v1/series/ramstein/"

    def test_a_meeting_joins_a_series_by_its_slug_and_is_listed_in_it(self, editor, coalition):
        response = editor.patch(f"{MEETINGS}alone/", {"series": "coalition"}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json()["series"] == {"slug": "coalition", "name": "Coalition"}
        listed = editor.get(f"{SERIES}coalition/").json()["meetings"]
        assert [item["slug"] for item in listed] == ["early", "a-same-day", "b-same-day", "alone", "late"]

    def test_a_meeting_leaves_its_series(self, editor, coalition):
        response = editor.patch(f"{MEETINGS}late/", {"series": None}, format="json")

        assert response.status_code == 200, response.json()
        assert response.json()["series"] is None
        assert [item["slug"] for item in editor.get(f"{SERIES}coalition/").json()["meetings"]] == [
            "early",
            "a-same-day",
            "b-same-day",
        ]

    def test_an_unknown_series_in_a_meeting_is_an_unknown_reference(self, editor, coalition):
        response = editor.patch(f"{MEETINGS}alone/", {"series": "nope"}, format="json")

        assert response.status_code == 400
        assert response.json() == unknown_reference(series=[unknown("series", "nope")])
        assert Meeting.objects.get(slug="alone").series is None

    def test_put_and_patch(self, editor, coalition):
        series = coalition[0]

        put = editor.put(
            f"{SERIES}coalition/", {"slug": "coalition", "name": "Willing", "description": ""}, format="json"
        )
        patch = editor.patch(f"{SERIES}coalition/", {"description": "Renamed."}, format="json")

        assert put.status_code == 200, put.json()
        assert patch.status_code == 200, patch.json()
        series.refresh_from_db()
        assert (series.name, series.description) == ("Willing", "Renamed.")
        assert patch.json()["meetings"] == put.json()["meetings"]
        assert len(patch.json()["meetings"]) == 4

    def test_delete_keeps_the_meetings_in_no_series(self, editor, coalition):
        response = editor.delete(f"{SERIES}coalition/")

        assert response.status_code == 204
        assert not Series.objects.exists()
        assert meeting_body(editor, "early")["series"] is None
        assert sorted(slugs(editor.get(MEETINGS))) == ["a-same-day", "alone", "b-same-day", "early", "late"]

    def test_duplicate_slug_is_a_409(self, editor, coalition):
        response = editor.post(SERIES, {"slug": "coalition", "name": "Again"}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(slug=["series with this slug already exists."])
        assert Series.objects.get().name == "Coalition"

    @pytest.mark.parametrize(
        ("payload", "errors"),
        [
            (
                {"slug": "two words", "name": "X"},
                {"slug": ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.']},
            ),
            ({"slug": "x", "name": ""}, {"name": ["This field may not be blank."]}),
            ({}, {"slug": ["This field is required."], "name": ["This field is required."]}),
            (
                {"slug": "x", "name": "X", "members": ["early"]},
                {"members": ["Unknown field; this resource takes slug, name, description."]},
            ),
        ],
    )
    def test_invalid_is_a_400(self, editor, db, payload, errors):
        response = editor.post(SERIES, payload, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(**errors)
        assert not Series.objects.exists()


class TestMeetingsBySeries:
    def test_filter(self, api, coalition):
        SeriesFactory(slug="empty")

        assert slugs(api.get(MEETINGS, {"series": "coalition"})) == ["late", "a-same-day", "b-same-day", "early"]
        assert slugs(api.get(MEETINGS, {"series": "empty"})) == []

    def test_unknown_series_is_an_unknown_reference(self, api, db):
        response = api.get(MEETINGS, {"series": "nope"})

        assert response.status_code == 400
        assert response.json() == unknown_reference(series=[unknown("series", "nope")])

    def test_malformed_series_is_invalid(self, api, db):
        response = api.get(MEETINGS, {"series": "two words"})

        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert list(response.json()["errors"]) == ["series"]


# Reported counts.


@pytest.fixture
def summit(db):
    return MeetingFactory(slug="summit", title="Summit", start_date=D(2025, 3, 27))


def count_body(count):
    return {
        "id": count.pk,
        "meeting": brief(count.meeting),
        "count": count.count,
        "qualifier": count.qualifier,
        "basis": count.basis,
        "basis_note": count.basis_note,
        "sources": [source_brief(source) for source in count.sources.order_by("pk")],
        **timestamps(count),
    }


class TestReportedCountWrite:
    def test_create_with_sources_and_basis(self, editor, summit):
        bbc = SourceFactory(outlet="BBC", title="More than 20", url="https://example.org/bbc")
        payload = {
            "meeting": "summit",
            "count": 20,
            "qualifier": "more_than",
            "basis": "disputed",
            "basis_note": "Another outlet says over 30.",
            "sources": [bbc.pk],
        }

        response = editor.post(COUNTS, payload, format="json")

        assert response.status_code == 201, response.json()
        count = ReportedCount.objects.get()
        assert (count.meeting, count.count, count.qualifier, count.basis) == (summit, 20, "more_than", "disputed")
        assert list(count.sources.all()) == [bbc]
        assert response.json() == count_body(count)
        assert response.json()["sources"] == [source_brief(bbc)]

    def test_defaults_exact_and_stated(self, editor, summit):
        response = editor.post(COUNTS, {"meeting": "summit", "count": 26}, format="json")

        assert response.status_code == 201, response.json()
        assert (response.json()["qualifier"], response.json()["basis"], response.json()["sources"]) == (
            "exact",
            "stated",
            [],
        )

    def test_the_meeting_shows_every_count_it_keeps(self, editor, summit):
        first = SourceFactory(title="Over 30")
        editor.post(COUNTS, {"meeting": "summit", "count": 30, "qualifier": "more_than"}, format="json")
        editor.post(COUNTS, {"meeting": "summit", "count": 20, "qualifier": "more_than"}, format="json")
        editor.post(
            COUNTS, {"meeting": "summit", "count": 26, "basis": "inferred", "sources": [first.pk]}, format="json"
        )

        shown = meeting_body(editor, "summit")["reported_counts"]

        assert [(item["count"], item["qualifier"], item["basis"]) for item in shown] == [
            (20, "more_than", "stated"),
            (26, "exact", "inferred"),
            (30, "more_than", "stated"),
        ]
        assert shown[1] == {
            "id": ReportedCount.objects.get(count=26).pk,
            "count": 26,
            "qualifier": "exact",
            "basis": "inferred",
            "basis_note": "",
            "sources": [source_brief(first)],
        }

    def test_the_same_count_with_another_qualifier_is_another_report(self, editor, summit):
        ReportedCountFactory(meeting=summit, count=25, qualifier="about")

        response = editor.post(COUNTS, {"meeting": "summit", "count": 25, "qualifier": "exact"}, format="json")

        assert response.status_code == 201, response.json()
        assert ReportedCount.objects.filter(meeting=summit).count() == 2

    def test_the_same_count_in_another_meeting_is_fine(self, editor, summit):
        ReportedCountFactory(meeting=MeetingFactory(slug="other"), count=25, qualifier="about")

        response = editor.post(COUNTS, {"meeting": "summit", "count": 25, "qualifier": "about"}, format="json")

        assert response.status_code == 201, response.json()

    def test_a_repeated_count_is_a_409(self, editor, summit):
        ReportedCountFactory(meeting=summit, count=25, qualifier="about")

        response = editor.post(COUNTS, {"meeting": "summit", "count": 25, "qualifier": "about"}, format="json")

        assert response.status_code == 409
        assert response.json() == duplicate(
            non_field_errors=["This meeting already has this reported count: add the source to it instead."]
        )
        assert ReportedCount.objects.count() == 1

    def test_patching_onto_a_repeated_count_is_a_409(self, editor, summit):
        ReportedCountFactory(meeting=summit, count=25, qualifier="about")
        other = ReportedCountFactory(meeting=summit, count=25, qualifier="exact")

        response = editor.patch(f"{COUNTS}{other.pk}/", {"qualifier": "about"}, format="json")

        assert response.status_code == 409
        assert response.json()["code"] == "duplicate"
        other.refresh_from_db()
        assert other.qualifier == "exact"

    def test_put_replaces_and_patch_adds_a_source(self, editor, summit):
        count = ReportedCountFactory(meeting=summit, count=25, qualifier="about")
        source = SourceFactory()

        put = editor.put(
            f"{COUNTS}{count.pk}/",
            {"meeting": "summit", "count": 26, "qualifier": "exact", "basis": "disputed", "basis_note": "BBC: 26."},
            format="json",
        )
        patch = editor.patch(f"{COUNTS}{count.pk}/", {"sources": [source.pk]}, format="json")

        assert put.status_code == 200, put.json()
        assert patch.status_code == 200, patch.json()
        count.refresh_from_db()
        assert (count.count, count.qualifier, count.basis, count.basis_note) == (26, "exact", "disputed", "BBC: 26.")
        assert patch.json() == count_body(count)
        assert patch.json()["sources"] == [source_brief(source)]

    def test_delete(self, editor, summit):
        count = ReportedCountFactory(meeting=summit)

        response = editor.delete(f"{COUNTS}{count.pk}/")

        assert response.status_code == 204
        assert not ReportedCount.objects.exists()
        assert meeting_body(editor, "summit")["reported_counts"] == []
        assert editor.get(f"{COUNTS}{count.pk}/").status_code == 404

    def test_deleting_the_meeting_deletes_its_counts(self, editor, summit):
        ReportedCountFactory(meeting=summit)

        assert editor.delete(f"{MEETINGS}summit/").status_code == 204
        assert not ReportedCount.objects.exists()

    def test_a_meeting_holds_at_most_twenty_counts(self, editor, summit):
        for count in range(1, 21):
            ReportedCountFactory(meeting=summit, count=count)

        response = editor.post(COUNTS, {"meeting": "summit", "count": 21}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(
            meeting=["This meeting already has 20 reported counts, the most it can hold."]
        )
        assert ReportedCount.objects.count() == 20

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"count": 0}, invalid(count=["Ensure this value is greater than or equal to 1."])),
            ({"count": 1001}, invalid(count=["Ensure this value is less than or equal to 1000."])),
            ({"count": "26"}, invalid(count=["A valid integer is required."])),
            ({"qualifier": "over"}, invalid(qualifier=['"over" is not a valid choice.'])),
            ({"basis": "rumoured"}, invalid(basis=['"rumoured" is not a valid choice.'])),
            ({"meeting": "nowhere"}, unknown_reference(meeting=[unknown("meeting", "nowhere")])),
            ({"sources": [999999]}, unknown_reference(sources=["Unknown source 999999."])),
            ({"meeting": None}, invalid(meeting=["This field may not be null."])),
        ],
    )
    def test_invalid_is_a_400_naming_the_field(self, editor, summit, changes, expected):
        response = editor.post(COUNTS, {"meeting": "summit", "count": 26, **changes}, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not ReportedCount.objects.exists()

    def test_required_fields(self, editor, db):
        response = editor.post(COUNTS, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(meeting=["This field is required."], count=["This field is required."])


class TestReportedCountRead:
    def test_shipped_counts_latest_meeting_first(self, api, shipped):
        body = api.get(COUNTS).json()

        assert [(item["meeting"]["slug"], item["count"], item["qualifier"]) for item in body["results"]] == [
            (NORTHWOOD, 20, "more_than"),
            (NORTHWOOD, 30, "more_than"),
            (LEADERS_CALL, 25, "about"),
            (LEADERS_CALL, 25, "exact"),
            (LEADERS_CALL, 26, "exact"),
            (PARIS, 30, "more_than"),
        ]

    def test_shipped_counts_are_those_of_the_data_file_with_their_sources(self, api, shipped):
        """Every count of a coalition meeting as the data file records it, its sources found by their address."""
        document = read_data("coalition-2025-03.yaml")
        urls = {source["ref"]: source["url"] for source in document["sources"]}
        for meeting in document["meetings"]:
            listed = results(api.get(COUNTS, {"meeting": meeting["slug"]}))
            expected = sorted(
                (item["count"], item["qualifier"], item["basis"], sorted(urls[ref] for ref in item["sources"]))
                for item in meeting["reported_counts"]
            )
            assert (
                sorted(
                    (item["count"], item["qualifier"], item["basis"], sorted(s["url"] for s in item["sources"]))
                    for item in listed
                )
                == expected
            ), meeting["slug"]

    def test_filters(self, api, summit):
        other = MeetingFactory(slug="other", start_date=D(2025, 1, 1))
        stated = ReportedCountFactory(meeting=summit, count=20)
        disputed = ReportedCountFactory(meeting=summit, count=30, basis="disputed")
        elsewhere = ReportedCountFactory(meeting=other, count=12, basis="disputed")

        assert ids(api.get(COUNTS, {"meeting": "summit"})) == [stated.pk, disputed.pk]
        assert ids(api.get(COUNTS, {"basis": "disputed"})) == [disputed.pk, elsewhere.pk]
        assert ids(api.get(COUNTS, {"basis": "stated,inferred"})) == [stated.pk]
        assert ids(api.get(COUNTS, {"meeting": "other", "basis": "stated"})) == []

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"meeting": "nope"}, unknown_reference(meeting=[unknown("meeting", "nope")])),
            ({"basis": "rumoured"}, invalid(basis=[not_a_choice("rumoured")])),
        ],
    )
    def test_bad_filter_is_a_400_naming_it(self, api, db, query, expected):
        response = api.get(COUNTS, query)

        assert response.status_code == 400
        assert response.json() == expected

    def test_full_body(self, api, summit):
        count = ReportedCountFactory(meeting=summit, count=20, qualifier="more_than", basis_note="BBC")
        count.sources.set([SourceFactory()])

        response = api.get(f"{COUNTS}{count.pk}/")

        assert response.status_code == 200
        assert response.json() == count_body(count)


class TestCountConflict:
    """Named attendees outnumbering an `exact` count are shown, not refused: the flag and both figures."""

    @pytest.mark.parametrize(
        ("counts", "conflict"),
        [
            pytest.param([(2, "exact")], True, id="more-attending-than-an-exact-count"),
            pytest.param([(3, "exact")], False, id="as-many-as-the-exact-count"),
            pytest.param([(4, "exact")], False, id="fewer-than-the-exact-count"),
            pytest.param([(2, "more_than")], False, id="more-than-is-no-conflict"),
            pytest.param([(2, "about")], False, id="about-is-no-conflict"),
            pytest.param([(2, "at_least")], False, id="at-least-is-no-conflict"),
            pytest.param([(5, "exact"), (2, "exact")], True, id="any-exact-count-exceeded"),
            pytest.param([], False, id="no-count"),
        ],
    )
    def test_three_nations_attending(self, editor, summit, counts, conflict):
        for code in ("FR", "DE", "PL"):
            ParticipationFactory(meeting=summit, nation=nation(code))
        for count, qualifier in counts:
            response = editor.post(COUNTS, {"meeting": "summit", "count": count, "qualifier": qualifier}, format="json")
            assert response.status_code == 201, response.json()

        body = meeting_body(editor, "summit")

        assert (body["named_nation_count"], body["count_conflict"]) == (3, conflict)
        assert sorted((item["count"], item["qualifier"]) for item in body["reported_counts"]) == sorted(counts)

    def test_only_nations_recorded_as_attending_are_counted(self, api, summit):
        OrganizationFactory(slug="club")
        ParticipationFactory(meeting=summit, nation=nation("FR"))
        ParticipationFactory(meeting=summit, nation=nation("DE"), attendance_mode="written")
        ParticipationFactory(meeting=summit, nation=nation("PL"), status="declined", attendance_mode=None)
        ParticipationFactory(meeting=summit, nation=nation("IT"), status="absent", attendance_mode=None)
        ParticipationFactory(meeting=summit, nation=nation("ES"), status="invited", attendance_mode=None)
        ParticipationFactory(meeting=summit, nation=None, organization=OrganizationFactory(slug="club"))
        ReportedCountFactory(meeting=summit, count=2, qualifier="exact")

        body = meeting_body(api, "summit")

        assert (body["named_nation_count"], body["count_conflict"]) == (2, False)

    def test_a_conflict_appears_when_an_attendee_is_added_and_the_list_shows_it(self, editor, summit):
        ReportedCountFactory(meeting=summit, count=1, qualifier="exact")
        ParticipationFactory(meeting=summit, nation=nation("FR"))
        assert meeting_body(editor, "summit")["count_conflict"] is False

        response = editor.post(
            PARTICIPATIONS,
            {
                "meeting": "summit",
                "nation": "GB",
                "role": "participant",
                "status": "attended",
                "attendance_mode": "remote",
            },
            format="json",
        )

        assert response.status_code == 201, response.json()
        [listed] = results(editor.get(MEETINGS))
        assert (listed["named_nation_count"], listed["count_conflict"]) == (2, True)
        assert [(item["count"], item["qualifier"]) for item in listed["reported_counts"]] == [(1, "exact")]

    def test_the_leaders_call_shows_its_conflict_with_both_figures(self, api, shipped):
        recorded = shipped_meeting(LEADERS_CALL)
        attending = [p["nation"] for p in recorded["participations"] if "nation" in p and p["status"] == "attended"]
        exact = [item["count"] for item in recorded["reported_counts"] if item["qualifier"] == "exact"]
        assert len(attending) > min(exact)  # the data file's own disagreement

        body = meeting_body(api, LEADERS_CALL)

        assert (body["named_nation_count"], body["count_conflict"]) == (len(attending), True)
        assert sorted((item["count"], item["qualifier"]) for item in body["reported_counts"]) == sorted(
            (item["count"], item["qualifier"]) for item in recorded["reported_counts"]
        )

    def test_northwood_reports_only_lower_bounds_so_no_conflict(self, api, shipped):
        recorded = shipped_meeting(NORTHWOOD)

        body = meeting_body(api, NORTHWOOD)

        assert body["named_nation_count"] == sum(
            1 for p in recorded["participations"] if "nation" in p and p["status"] == "attended"
        )
        assert body["count_conflict"] is False
        assert {item["qualifier"] for item in body["reported_counts"]} == {"more_than"}


class TestDeprecatedReportedNationCount:
    """`reported_nation_count` is the meeting's one reported count (null with none or several, as the schema says)."""

    def test_no_count_is_null(self, api, summit):
        body = meeting_body(api, "summit")

        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (None, None)

    def test_the_one_count(self, api, summit):
        ReportedCountFactory(meeting=summit, count=30, qualifier="more_than")

        body = meeting_body(api, "summit")

        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (30, "more_than")

    def test_several_counts_are_null(self, api, summit):
        ReportedCountFactory(meeting=summit, count=30, qualifier="more_than")
        ReportedCountFactory(meeting=summit, count=20, qualifier="more_than")

        body = meeting_body(api, "summit")

        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (None, None)

    def test_the_paris_talks_keep_their_one_count(self, api, seed):
        body = meeting_body(api, PARIS)

        assert (body["reported_nation_count"], body["reported_nation_count_qualifier"]) == (30, "more_than")

    def test_a_write_of_another_value_is_refused(self, editor, summit):
        ReportedCountFactory(meeting=summit, count=30, qualifier="more_than")

        response = editor.patch(f"{MEETINGS}summit/", {"reported_nation_count": 26}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            reported_nation_count=[
                "Deprecated and read-only: add reported counts (reported-counts/), each with its qualifier and sources."
            ]
        )
        assert list(ReportedCount.objects.values_list("count", flat=True)) == [30]

    def test_the_current_value_sent_back_is_ignored(self, editor, summit):
        ReportedCountFactory(meeting=summit, count=30, qualifier="more_than")

        response = editor.patch(
            f"{MEETINGS}summit/",
            {"title": "Renamed", "reported_nation_count": 30, "reported_nation_count_qualifier": "more_than"},
            format="json",
        )

        assert response.status_code == 200, response.json()
        assert response.json()["title"] == "Renamed"
        assert list(ReportedCount.objects.values_list("count", "qualifier")) == [(30, "more_than")]


# Relations between meetings.


@pytest.fixture
def pair(db):
    return (
        MeetingFactory(slug="paris", title="Paris", start_date=D(2025, 3, 11)),
        MeetingFactory(slug="london", title="London", start_date=D(2025, 3, 15)),
    )


def relation_body(relation):
    return {
        "id": relation.pk,
        "from_meeting": brief(relation.from_meeting),
        "kind": relation.kind,
        "to_meeting": brief(relation.to_meeting),
        "basis": relation.basis,
        "basis_note": relation.basis_note,
        "sources": [source_brief(source) for source in relation.sources.order_by("pk")],
        **timestamps(relation),
    }


class TestMeetingRelationWrite:
    @pytest.mark.parametrize("kind", ["follows_up", "prepares"])
    def test_create(self, editor, pair, kind):
        source = SourceFactory()
        payload = {
            "from_meeting": "london",
            "kind": kind,
            "to_meeting": "paris",
            "basis": "inferred",
            "basis_note": "Said to build on it.",
            "sources": [source.pk],
        }

        response = editor.post(RELATIONS, payload, format="json")

        assert response.status_code == 201, response.json()
        relation = MeetingRelation.objects.get()
        assert (relation.from_meeting.slug, relation.kind, relation.to_meeting.slug) == ("london", kind, "paris")
        assert response.json() == relation_body(relation)

    def test_both_meetings_show_the_relation(self, editor, pair):
        relation_id = editor.post(
            RELATIONS, {"from_meeting": "london", "kind": "follows_up", "to_meeting": "paris"}, format="json"
        ).json()["id"]
        paris, london = pair

        from_side = meeting_body(editor, "london")
        to_side = meeting_body(editor, "paris")

        assert (from_side["relations"], from_side["related_from"]) == (
            [{"id": relation_id, "kind": "follows_up", "meeting": brief(paris), "basis": "stated"}],
            [],
        )
        assert (to_side["relations"], to_side["related_from"]) == (
            [],
            [{"id": relation_id, "kind": "follows_up", "meeting": brief(london), "basis": "stated"}],
        )

    def test_not_to_itself(self, editor, pair):
        response = editor.post(
            RELATIONS, {"from_meeting": "paris", "kind": "follows_up", "to_meeting": "paris"}, format="json"
        )

        assert response.status_code == 400
        assert response.json() == rule_violated(to_meeting=["A meeting cannot relate to itself."])
        assert not MeetingRelation.objects.exists()

    def test_patching_onto_itself_is_refused(self, editor, pair):
        relation = MeetingRelation.objects.create(from_meeting=pair[1], to_meeting=pair[0], kind="follows_up")

        response = editor.patch(f"{RELATIONS}{relation.pk}/", {"to_meeting": "london"}, format="json")

        assert response.status_code == 400
        assert response.json() == rule_violated(to_meeting=["A meeting cannot relate to itself."])
        relation.refresh_from_db()
        assert relation.to_meeting == pair[0]

    def test_the_same_relation_twice_is_a_409(self, editor, pair):
        MeetingRelation.objects.create(from_meeting=pair[1], to_meeting=pair[0], kind="follows_up")

        response = editor.post(
            RELATIONS, {"from_meeting": "london", "kind": "follows_up", "to_meeting": "paris"}, format="json"
        )

        assert response.status_code == 409
        assert response.json() == duplicate(non_field_errors=["These meetings are already related this way."])
        assert MeetingRelation.objects.count() == 1

    @pytest.mark.parametrize(
        "payload",
        [
            pytest.param({"from_meeting": "london", "kind": "prepares", "to_meeting": "paris"}, id="another-kind"),
            pytest.param({"from_meeting": "paris", "kind": "follows_up", "to_meeting": "london"}, id="other-way"),
        ],
    )
    def test_another_kind_or_direction_is_another_relation(self, editor, pair, payload):
        MeetingRelation.objects.create(from_meeting=pair[1], to_meeting=pair[0], kind="follows_up")

        response = editor.post(RELATIONS, payload, format="json")

        assert response.status_code == 201, response.json()
        assert MeetingRelation.objects.count() == 2

    def test_put_and_delete(self, editor, pair):
        third = MeetingFactory(slug="northwood", title="Northwood", start_date=D(2025, 3, 20))
        relation = MeetingRelation.objects.create(from_meeting=pair[1], to_meeting=pair[0], kind="follows_up")

        put = editor.put(
            f"{RELATIONS}{relation.pk}/",
            {"from_meeting": "london", "kind": "prepares", "to_meeting": "northwood", "basis": "inferred"},
            format="json",
        )

        assert put.status_code == 200, put.json()
        relation.refresh_from_db()
        assert (relation.kind, relation.to_meeting, relation.basis) == ("prepares", third, "inferred")
        assert put.json() == relation_body(relation)
        assert meeting_body(editor, "paris")["related_from"] == []

        assert editor.delete(f"{RELATIONS}{relation.pk}/").status_code == 204
        assert not MeetingRelation.objects.exists()
        assert meeting_body(editor, "london")["relations"] == []

    @pytest.mark.parametrize("side", ["from_meeting", "to_meeting"])
    def test_deleting_either_meeting_deletes_the_relation(self, editor, pair, side):
        relation = MeetingRelation.objects.create(from_meeting=pair[1], to_meeting=pair[0], kind="follows_up")

        assert editor.delete(f"{MEETINGS}{getattr(relation, side).slug}/").status_code == 204
        assert not MeetingRelation.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"kind": "precedes"}, invalid(kind=['"precedes" is not a valid choice.'])),
            ({"from_meeting": "nowhere"}, unknown_reference(from_meeting=[unknown("meeting", "nowhere")])),
            ({"to_meeting": "nowhere"}, unknown_reference(to_meeting=[unknown("meeting", "nowhere")])),
            ({"sources": [999999]}, unknown_reference(sources=["Unknown source 999999."])),
            ({"basis": "likely"}, invalid(basis=['"likely" is not a valid choice.'])),
        ],
    )
    def test_invalid_is_a_400_naming_the_field(self, editor, pair, changes, expected):
        payload = {"from_meeting": "london", "kind": "follows_up", "to_meeting": "paris", **changes}

        response = editor.post(RELATIONS, payload, format="json")

        assert response.status_code == 400
        assert response.json() == expected
        assert not MeetingRelation.objects.exists()

    def test_required_fields(self, editor, db):
        response = editor.post(RELATIONS, {}, format="json")

        assert response.status_code == 400
        assert response.json() == invalid(
            from_meeting=["This field is required."],
            kind=["This field is required."],
            to_meeting=["This field is required."],
        )


class TestMeetingRelationRead:
    def test_filters(self, api, pair):
        paris, london = pair
        northwood = MeetingFactory(slug="northwood", start_date=D(2025, 3, 20))
        london_paris = MeetingRelation.objects.create(from_meeting=london, to_meeting=paris, kind="follows_up")
        northwood_london = MeetingRelation.objects.create(from_meeting=northwood, to_meeting=london, kind="follows_up")
        paris_northwood = MeetingRelation.objects.create(from_meeting=paris, to_meeting=northwood, kind="prepares")

        assert sorted(ids(api.get(RELATIONS, {"meeting": "london"}))) == sorted([london_paris.pk, northwood_london.pk])
        assert ids(api.get(RELATIONS, {"kind": "prepares"})) == [paris_northwood.pk]
        assert ids(api.get(RELATIONS, {"meeting": "paris", "kind": "follows_up"})) == [london_paris.pk]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"meeting": "nope"}, unknown_reference(meeting=[unknown("meeting", "nope")])),
            ({"kind": "precedes"}, invalid(kind=[not_a_choice("precedes")])),
        ],
    )
    def test_bad_filter_is_a_400_naming_it(self, api, db, query, expected):
        response = api.get(RELATIONS, query)

        assert response.status_code == 400
        assert response.json() == expected

    def test_northwood_follows_up_the_paris_talks_and_the_leaders_call(self, api, shipped):
        recorded = shipped_meeting(NORTHWOOD)["relations"]

        body = meeting_body(api, NORTHWOOD)

        assert sorted((item["kind"], item["meeting"]["slug"], item["basis"]) for item in body["relations"]) == sorted(
            (item["kind"], item["meeting"], item["basis"]) for item in recorded
        )
        paris = meeting_body(api, PARIS)
        assert sorted(item["meeting"]["slug"] for item in paris["related_from"]) == [LEADERS_CALL, NORTHWOOD]
        assert paris["relations"] == []


# Absentees.

ABSENTEES = "/api/v1/meetings/{}/absentees/"


@pytest.fixture
def club(db):
    """An organization with members FR, DE, PL, GB from 2000; SE joins on 12 March 2025; IT left on 10 March 2025;
    ES left on 11 March 2025 (its last day as a member)."""
    organization = OrganizationFactory(slug="club", name="The Club", short_name="CLUB")
    for code in ("FR", "DE", "PL", "GB"):
        MembershipFactory(organization=organization, nation=nation(code))
    MembershipFactory(organization=organization, nation=nation("SE"), start_date=D(2025, 3, 12))
    MembershipFactory(organization=organization, nation=nation("IT"), end_date=D(2025, 3, 10))
    MembershipFactory(organization=organization, nation=nation("ES"), end_date=D(2025, 3, 11))
    return organization


@pytest.fixture
def talks(club):
    """A three-day meeting from 11 March 2025: France attended, Germany declined (disputed), Poland was reported
    absent, Sweden (a member from the second day) and the Club itself attended; GB and ES are not named."""
    meeting = MeetingFactory(slug="talks", title="Talks", start_date=D(2025, 3, 11), end_date=D(2025, 3, 13))
    participations = {
        "FR": ParticipationFactory(meeting=meeting, nation=nation("FR")),
        "DE": ParticipationFactory(
            meeting=meeting, nation=nation("DE"), status="declined", attendance_mode=None, basis="disputed"
        ),
        "PL": ParticipationFactory(meeting=meeting, nation=nation("PL"), status="absent", attendance_mode=None),
        "SE": ParticipationFactory(meeting=meeting, nation=nation("SE")),
        "club": ParticipationFactory(meeting=meeting, nation=None, organization=club),
    }
    return meeting, participations


def nation_brief(code):
    item = nation(code)
    return {"code": item.code, "alpha3": item.alpha3, "name": item.name}


def absentees(client, slug, **params):
    response = client.get(ABSENTEES.format(slug), {"organization": "club", **params})
    assert response.status_code == 200, response.json()
    return response.json()


class TestAbsentees:
    def test_partial_list_members_without_participation_are_unknown_not_absent(self, api, talks):
        meeting, participations = talks

        body = absentees(api, "talks")

        assert {name: body[name] for name in ("meeting", "organization", "on", "participants_complete")} == {
            "meeting": brief(meeting),
            "organization": {"slug": "club", "name": "The Club", "short_name": "CLUB"},
            "on": "2025-03-11",
            "participants_complete": False,
        }
        assert body["absentees"] == [
            {
                "nation": nation_brief("DE"),
                "status": "declined",
                "participation": participations["DE"].pk,
                "basis": "disputed",
            },
            {
                "nation": nation_brief("PL"),
                "status": "absent",
                "participation": participations["PL"].pk,
                "basis": "stated",
            },
        ]
        assert body["unknown"] == [nation_brief("ES"), nation_brief("GB")]
        assert "partial" in body["statement"] and "unknown" in body["statement"]

    def test_complete_list_members_without_participation_are_not_listed_absentees(self, editor, talks):
        meeting, participations = talks
        assert editor.patch(f"{MEETINGS}talks/", {"participants_complete": True}, format="json").status_code == 200

        body = absentees(editor, "talks")

        assert body["participants_complete"] is True
        assert body["absentees"] == [
            {
                "nation": nation_brief("DE"),
                "status": "declined",
                "participation": participations["DE"].pk,
                "basis": "disputed",
            },
            {
                "nation": nation_brief("PL"),
                "status": "absent",
                "participation": participations["PL"].pk,
                "basis": "stated",
            },
            {"nation": nation_brief("ES"), "status": "not_listed", "participation": None, "basis": None},
            {"nation": nation_brief("GB"), "status": "not_listed", "participation": None, "basis": None},
        ]
        assert body["unknown"] == []
        assert "complete" in body["statement"] and "partial" not in body["statement"]

    def test_membership_is_taken_on_the_first_day(self, api, talks):
        """Sweden joined on the second day and Italy left the day before: neither is a member; Spain's last day as
        a member is the first day, so it is one."""
        body = absentees(api, "talks")

        listed = {item["nation"]["code"] for item in body["absentees"]} | {item["code"] for item in body["unknown"]}
        assert "ES" in listed
        assert not {"SE", "IT"} & listed

    def test_a_member_that_joined_later_is_no_absentee_of_a_complete_list(self, api, club):
        MeetingFactory(slug="early", start_date=D(2025, 3, 11), participants_complete=True)

        body = absentees(api, "early")

        assert [item["nation"]["code"] for item in body["absentees"]] == ["FR", "DE", "PL", "ES", "GB"]
        assert all(item["status"] == "not_listed" for item in body["absentees"])

    def test_the_day_a_nation_joins_it_is_a_member(self, api, club):
        MeetingFactory(slug="on-the-day", start_date=D(2025, 3, 12), participants_complete=True)

        body = absentees(api, "on-the-day")

        assert "SE" in [item["nation"]["code"] for item in body["absentees"]]
        assert "ES" not in [item["nation"]["code"] for item in body["absentees"]]

    def test_attending_members_and_the_organization_itself_are_neither(self, api, talks):
        body = absentees(api, "talks")

        named = [item["nation"]["code"] for item in body["absentees"]] + [item["code"] for item in body["unknown"]]
        assert "FR" not in named
        assert len(named) == len(set(named))

    def test_another_organization_has_other_members(self, api, talks):
        other = OrganizationFactory(slug="other")
        MembershipFactory(organization=other, nation=nation("PL"))
        MembershipFactory(organization=other, nation=nation("US"))

        body = absentees(api, "talks", organization="other")

        assert [item["nation"]["code"] for item in body["absentees"]] == ["PL"]
        assert body["unknown"] == [nation_brief("US")]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", invalid(organization=["This field is required."])),
            ("?organization=nope", unknown_reference(organization=[unknown("organization", "nope")])),
            (
                "?organization=two%20words",
                invalid(organization=["Give the slug of an organization: letters, digits, hyphens and underscores."]),
            ),
            ("?organization=", invalid(organization=["Must not be empty: leave the parameter out instead."])),
            (
                "?organization=club&organization=club",
                invalid(organization=["Given more than once; this parameter takes one value."]),
            ),
            (
                "?organization=club&on=2025-03-12",
                invalid(on=["Unknown parameter; this operation takes format, organization."]),
            ),
        ],
    )
    def test_a_bad_organization_is_a_400_naming_the_parameter(self, api, talks, query, expected):
        response = api.get(ABSENTEES.format("talks") + query)

        assert response.status_code == 400
        assert response.json() == expected


# The analyst questions, on the shipped data.


def nato_members_on(day):
    """Codes of NATO's members on `day`, as the data file organizations.yaml records them."""
    [nato] = [item for item in read_data("organizations.yaml")["organizations"] if item["slug"] == "nato"]
    codes = set()
    for membership in nato["memberships"]:
        if membership["start_date"] <= day and (membership.get("end_date") is None or day <= membership["end_date"]):
            codes.update(membership["nations"])
    assert all(len(code) == 2 and code.isupper() for code in codes)  # the file gives alpha-2 codes
    return codes


@pytest.mark.usefixtures("shipped_class")
class TestWhichNatoMembersDidNotTakePartAtNorthwood:
    def test_the_answer_is_honest_about_a_partial_list(self, api, db):
        recorded = shipped_meeting(NORTHWOOD)
        assert recorded["participants_complete"] is False
        named = {item["nation"] for item in recorded["participations"] if "nation" in item}
        members = nato_members_on(recorded["start_date"])

        response = api.get(ABSENTEES.format(NORTHWOOD), {"organization": "nato"})

        assert response.status_code == 200, response.json()
        body = response.json()
        assert (body["on"], body["participants_complete"], body["organization"]["slug"]) == (
            "2025-03-20",
            False,
            "nato",
        )
        assert body["absentees"] == []  # no absentee asserted
        unknown_codes = [item["code"] for item in body["unknown"]]
        assert set(unknown_codes) == members - named
        assert len(unknown_codes) == len(members - named)
        assert [item["name"] for item in body["unknown"]] == sorted(item["name"] for item in body["unknown"])
        assert "partial" in body["statement"]
        assert str(len(unknown_codes)) in body["statement"]

    def test_the_named_members_are_those_that_took_part(self, api, db):
        recorded = shipped_meeting(NORTHWOOD)
        members = nato_members_on(recorded["start_date"])
        attended = {
            item["nation"] for item in recorded["participations"] if "nation" in item and item["status"] == "attended"
        }

        response = api.get(PARTICIPATIONS, {"meeting": NORTHWOOD, "organization": "nato"})

        assert {item["nation"]["code"] for item in results(response)} == attended & members
        assert {item["status"] for item in results(response)} == {"attended"}


@pytest.mark.usefixtures("shipped_class")
class TestWhichParticipantsWereHeadsOfGovernmentOn15March:
    def expected(self):
        """Participants with a delegate at head_of_government level, as the data file records them."""
        recorded = shipped_meeting(LEADERS_CALL)
        return sorted(
            item.get("nation") or item["organization"]
            for item in recorded["participations"]
            if any(delegate.get("level") == "head_of_government" for delegate in item.get("delegates", []))
        )

    def test_by_participations(self, api, db):
        assert self.expected() == ["AU", "CA", "GB", "IT", "JP", "NZ"]

        response = api.get(PARTICIPATIONS, {"meeting": LEADERS_CALL, "delegate_level": "head_of_government"})

        body = response.json()
        assert body["count"] == len(body["results"])
        assert sorted(item["participant"]["key"] for item in results(response)) == self.expected()
        for item in body["results"]:
            assert "head_of_government" in [delegate["level"] for delegate in item["delegates"]]

    def test_heads_of_state_are_not_heads_of_government(self, api, db):
        response = api.get(PARTICIPATIONS, {"meeting": LEADERS_CALL, "delegate_level": "head_of_state"})

        assert sorted(item["participant"]["key"] for item in results(response)) == sorted(
            item["nation"]
            for item in shipped_meeting(LEADERS_CALL)["participations"]
            if any(delegate.get("level") == "head_of_state" for delegate in item.get("delegates", []))
        )
        assert not set(self.expected()) & {item["participant"]["key"] for item in results(response)}

    def test_meetings_with_a_head_of_government(self, api, db):
        recorded = read_data("coalition-2025-03.yaml")["meetings"]
        expected = [
            meeting["slug"]
            for meeting in sorted(recorded, key=lambda item: item["start_date"], reverse=True)
            if any(
                delegate.get("level") == "head_of_government"
                for participation in meeting["participations"]
                for delegate in participation.get("delegates", [])
            )
        ]

        assert (
            slugs(api.get(MEETINGS, {"delegate_level": "head_of_government"})) == expected == [NORTHWOOD, LEADERS_CALL]
        )

    def test_by_delegates_with_their_names(self, api, db):
        response = api.get("/api/v1/delegates/", {"meeting": LEADERS_CALL, "level": "head_of_government", "limit": 100})

        people = {item["participation"]["participant"]["key"]: item["person"]["name"] for item in results(response)}
        assert sorted(people) == self.expected()
        assert people["GB"] == "Keir Starmer"
