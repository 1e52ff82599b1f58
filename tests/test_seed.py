"""The shipped data read back from the database: every fact of the Newslooks article, and NATO and EU memberships."""

import datetime

import pytest

from events import models, reporting
from events.services import dataset_import, parse_yaml
from tests.conftest import LEADERS_CALL, NORTHWOOD, PARIS, SHIPPED_FILES

pytestmark = pytest.mark.django_db

ARTICLE_TITLE = "30+ Nations Discuss Military Support for Ukraine in Paris"


def participations(**filters):
    rows = models.Participation.objects.filter(meeting__slug=PARIS, **filters).order_by("nation__code")
    return list(rows.values_list("nation__code", "role__code", "status", "attendance_mode"))


def joined(rows, organization):
    """Nation codes by the day they joined `organization`."""
    days = {}
    for slug, code, start, _ in rows:
        if slug == organization:
            days.setdefault(start.isoformat(), []).append(code)
    return days


class TestReferenceData:
    def test_every_iso_country_is_a_nation(self, db):
        assert models.Nation.objects.count() == 249
        assert models.Nation.objects.filter(code="UA", alpha3="UKR", numeric="804", name="Ukraine").exists()

    def test_roles(self, db):
        assert set(models.ParticipationRole.objects.values_list("code", flat=True)) >= {
            "lead",
            "host",
            "participant",
            "observer",
        }


class TestParisMeeting:
    def test_meeting(self, seed_class, db):
        meeting = models.Meeting.objects.select_related("host_country").get(slug=PARIS)
        assert {
            "title": meeting.title,
            "start_date": meeting.start_date,
            "end_date": meeting.end_date,
            "start_time": meeting.start_time,
            "timezone": meeting.timezone,
            "city": meeting.city,
            "host_country": meeting.host_country.code,
            "format": meeting.format,
            "status": meeting.status,
            "level": meeting.level,
            "reported_nation_count": meeting.reported_nation_count,
            "reported_nation_count_qualifier": meeting.reported_nation_count_qualifier,
            "parent": meeting.parent,
        } == {
            "title": "Paris talks on an international security force for Ukraine",
            "start_date": datetime.date(2025, 3, 11),
            "end_date": datetime.date(2025, 3, 11),
            "start_time": None,
            "timezone": "",
            "city": "Paris",
            "host_country": "FR",
            "format": "hybrid",
            "status": "held",
            "level": "military",
            "reported_nation_count": 30,
            "reported_nation_count_qualifier": "more_than",
            "parent": None,
        }
        assert "security force for Ukraine" in meeting.summary
        assert "ceasefire" in meeting.purpose

    def test_sessions_in_order(self, seed_class, db):
        sessions = models.Session.objects.filter(meeting__slug=PARIS).order_by("order")
        assert list(sessions.values_list("order", "title")) == [
            (1, "France and Britain present their security blueprint"),
            (2, "Nations declare their military contributions"),
        ]

    def test_series_counts_and_completeness(self, seed_class, db):
        meeting = models.Meeting.objects.select_related("series").get(slug=PARIS)
        assert (meeting.series.slug, meeting.series.name, meeting.participants_complete) == (
            "coalition-of-the-willing",
            "Coalition of the willing",
            False,
        )
        counts = meeting.reported_counts.all()
        assert [(count.count, count.qualifier, count.basis) for count in counts] == [(30, "more_than", "stated")]
        assert [source.outlet for source in counts[0].sources.all()] == ["Newslooks"]
        assert (meeting.named_nation_count, meeting.count_conflict) == (10, False)

    def test_participations(self, seed_class, db):
        """Thirteen named nations of the more than 30 reported."""
        assert participations() == [
            ("AT", "participant", "attended", "unspecified"),
            ("AU", "participant", "attended", "remote"),
            ("CY", "participant", "attended", "unspecified"),
            ("FR", "lead", "attended", "unspecified"),
            ("GB", "lead", "attended", "unspecified"),
            ("HR", "participant", "declined", None),
            ("IE", "participant", "attended", "unspecified"),
            ("JP", "participant", "attended", "remote"),
            ("KR", "participant", "attended", "remote"),
            ("ME", "participant", "declined", None),
            ("NZ", "participant", "attended", "remote"),
            ("UA", "participant", "attended", "unspecified"),
            ("US", "participant", "declined", None),
        ]
        assert not models.Participation.objects.filter(meeting__slug=PARIS, organization__isnull=False).exists()

    def test_the_ukrainian_representative_is_an_unnamed_delegate(self, seed_class, db):
        delegates = models.Delegate.objects.filter(participation__meeting__slug=PARIS)
        assert list(delegates.values_list("participation__nation__code", "person", "description", "level")) == [
            ("UA", None, "official of the National Security and Defense Council", "official")
        ]
        ukraine = models.Participation.objects.get(meeting__slug=PARIS, nation__code="UA")
        assert ukraine.representative == "official of the National Security and Defense Council"

    def test_leads_remote_and_declined(self, seed_class, db):
        assert [row[0] for row in participations(role__code="lead")] == ["FR", "GB"]
        assert [row[0] for row in participations(attendance_mode="remote")] == ["AU", "JP", "KR", "NZ"]
        assert [row[0] for row in participations(attendance_mode="unspecified")] == ["AT", "CY", "FR", "GB", "IE", "UA"]
        assert [row[0] for row in participations(status="declined", attendance_mode__isnull=True)] == ["HR", "ME", "US"]
        assert models.Participation.objects.filter(meeting__slug=PARIS, status="declined").count() == 3

    def test_unpledged_components(self, seed_class, db):
        contributions = models.Contribution.objects.filter(meeting__slug=PARIS).order_by("categories")
        assert list(
            contributions.values_list("categories", "nation", "organization", "status", "quantity", "amount")
        ) == [
            (["heavy_weaponry"], None, None, "proposed", None, None),
            (["rapid_response"], None, None, "proposed", None, None),
            (["stockpiles"], None, None, "proposed", None, None),
        ]
        stockpiles = contributions.get(categories=["stockpiles"])
        assert "rushed into Ukraine within hours or days" in stockpiles.description


class TestParisSource:
    def test_source(self, seed_class, db):
        source = models.Source.objects.get()
        assert {
            "outlet": source.outlet,
            "title": source.title,
            "author": source.author,
            "programme": source.programme,
            "dateline": source.dateline,
            "url": source.url,
            "published_date": source.published_date,
        } == {
            "outlet": "Newslooks",
            "title": ARTICLE_TITLE,
            "author": "J. Mansour",
            "programme": "Morning Edition",
            "dateline": "WASHINGTON",
            "url": "",
            "published_date": None,
        }

    def test_citations(self, seed_class, db):
        citations = models.Citation.objects.filter(source__title=ARTICLE_TITLE).order_by("id")
        assert list(
            citations.values_list("quote", "speaker", "speaker_is_anonymous", "speaker_nation__code", "meeting__slug")
        ) == [
            (
                "This coalition will consist of nations ‘able and willing’ to safeguard Ukraine",
                "French military official",
                True,
                "FR",
                PARIS,
            ),
            (
                "This is not about demanding contributions—it’s about seeing what each country can bring",
                "French military official",
                True,
                "FR",
                PARIS,
            ),
            (
                "Final participation decisions will be made at the political level",
                "French military official",
                True,
                "FR",
                PARIS,
            ),
        ]

    def test_every_fact_cites_the_article(self, seed_class, db):
        source = models.Source.objects.get(title=ARTICLE_TITLE)
        meeting = models.Meeting.objects.get(slug=PARIS)
        assert list(meeting.sources.all()) == [source]
        for participation in meeting.participations.all():
            assert list(participation.sources.all()) == [source], participation
        for contribution in meeting.contributions.all():
            assert list(contribution.sources.all()) == [source], contribution
        for delegate in models.Delegate.objects.filter(participation__meeting=meeting):
            assert list(delegate.sources.all()) == [source], delegate
        for count in meeting.reported_counts.all():
            assert list(count.sources.all()) == [source], count


class TestOrganizations:
    def test_nato_and_eu(self, seed_class, db):
        assert list(models.Organization.objects.order_by("slug").values_list("slug", "short_name", "kind")) == [
            ("eu", "EU", "union"),
            ("nato", "NATO", "alliance"),
        ]

    def test_members_today(self, seed_class, db):
        today = datetime.date.today()
        nato, eu = models.Organization.objects.get(slug="nato"), models.Organization.objects.get(slug="eu")
        assert models.Nation.objects.members_of(nato, today).count() == 32
        assert models.Nation.objects.members_of(eu, today).count() == 27

    def test_membership_periods(self, seed_class, db):
        periods = models.Membership.objects.order_by("organization__slug", "start_date", "nation__code")
        rows = list(periods.values_list("organization__slug", "nation__code", "start_date", "end_date"))
        assert len(rows) == 32 + 28
        assert [row for row in rows if row[3] is not None] == [
            ("eu", "GB", datetime.date(1973, 1, 1), datetime.date(2020, 1, 31))
        ]
        assert joined(rows, "nato") == {
            "1949-08-24": ["BE", "CA", "DK", "FR", "GB", "IS", "IT", "LU", "NL", "NO", "PT", "US"],
            "1952-02-18": ["GR", "TR"],
            "1955-05-06": ["DE"],
            "1982-05-30": ["ES"],
            "1999-03-12": ["CZ", "HU", "PL"],
            "2004-03-29": ["BG", "EE", "LT", "LV", "RO", "SI", "SK"],
            "2009-04-01": ["AL", "HR"],
            "2017-06-05": ["ME"],
            "2020-03-27": ["MK"],
            "2023-04-04": ["FI"],
            "2024-03-07": ["SE"],
        }
        assert joined(rows, "eu") == {
            "1958-01-01": ["BE", "DE", "FR", "IT", "LU", "NL"],
            "1973-01-01": ["DK", "GB", "IE"],
            "1981-01-01": ["GR"],
            "1986-01-01": ["ES", "PT"],
            "1995-01-01": ["AT", "FI", "SE"],
            "2004-05-01": ["CY", "CZ", "EE", "HU", "LT", "LV", "MT", "PL", "SI", "SK"],
            "2007-01-01": ["BG", "RO"],
            "2013-07-01": ["HR"],
        }


NATO_ON_20_MARCH_2025 = (
    "AL BE BG CA CZ DE DK EE ES FI FR GB GR HR HU IS IT LT LU LV ME MK NL NO PL PT RO SE SI SK TR US".split()
)


class TestCoalitionMeetings:
    """The March 2025 coalition meetings (coalition-2025-03.yaml) answer the analysts' questions, and say honestly
    what the sources do not."""

    def test_which_nato_members_did_not_take_part_at_northwood(self, shipped_class, db):
        """The list of participants is partial: no member is asserted absent, and for the members not named the
        answer is "unknown", not "did not take part"."""
        meeting = models.Meeting.objects.get(slug=NORTHWOOD)
        answer = reporting.absentees(meeting, models.Organization.objects.get(slug="nato"))

        assert (answer.on, answer.participants_complete, answer.absentees) == (datetime.date(2025, 3, 20), False, [])
        named = {"CA", "GB", "NL", "PL", "RO"}  # the NATO members among the six nations named as represented
        assert {nation.code for nation in answer.unknown} == set(NATO_ON_20_MARCH_2025) - named
        names = [nation.name for nation in answer.unknown]
        assert (len(names), names == sorted(names)) == (27, True)
        assert answer.statement == (
            "The list of participants is partial: 0 of NATO's 32 members are reported as not taking part; whether "
            "27 others took part is unknown."
        )
        assert not models.Participation.objects.filter(status__in=["absent", "declined"], meeting=meeting).exists()

    def test_which_participants_were_heads_of_government_on_15_march(self, shipped_class, db):
        participations = models.Participation.objects.filter(meeting__slug=LEADERS_CALL).with_delegates(
            levels=["head_of_government"]
        )
        assert sorted(participations.values_list("nation__code", flat=True)) == ["AU", "CA", "GB", "IT", "JP", "NZ"]
        delegates = models.Delegate.objects.filter(
            participation__meeting__slug=LEADERS_CALL, level="head_of_government"
        )
        assert sorted(delegates.values_list("participation__nation__code", "person__name", "office")) == [
            ("AU", "Anthony Albanese", "Prime Minister"),
            ("CA", "Mark Carney", "Prime Minister"),
            ("GB", "Keir Starmer", "Prime Minister"),
            ("IT", "Giorgia Meloni", "Prime Minister"),
            ("JP", "Shigeru Ishiba", "Prime Minister"),
            ("NZ", "Christopher Luxon", "Prime Minister"),
        ]
        # Heads of state are another level; Japan's Prime Minister took part by a written message.
        heads_of_state = models.Delegate.objects.filter(
            participation__meeting__slug=LEADERS_CALL, level="head_of_state"
        )
        assert sorted(heads_of_state.values_list("participation__nation__code", flat=True)) == ["FR", "UA"]
        assert delegates.get(participation__nation__code="JP").attendance_mode == "written"
        # Five days later the Prime Minister came to Northwood, in the afternoon only.
        northwood = models.Delegate.objects.get(participation__meeting__slug=NORTHWOOD, person__name="Keir Starmer")
        assert (northwood.level, northwood.attendance_mode) == ("head_of_government", "in_person")
        assert [(session.order, session.date) for session in northwood.sessions.all()] == [
            (2, datetime.date(2025, 3, 20))
        ]

    def test_a_virtual_call_with_organizations_and_disagreeing_counts(self, shipped_class, db):
        call = models.Meeting.objects.get(slug=LEADERS_CALL)
        modes = set(call.participations.values_list("attendance_mode", flat=True))
        assert (call.format, call.participants_complete, modes) == ("virtual", False, {"remote", "written"})
        organizations = call.participations.filter(nation__isnull=True).order_by("organization__slug")
        assert list(organizations.values_list("organization__slug", flat=True)) == ["eu", "nato"]
        nato = organizations.get(organization__slug="nato")
        assert [str(delegate) for delegate in nato.delegates.all()] == ["Mark Rutte, Secretary General"]

        assert [(count.count, count.qualifier, count.basis) for count in call.reported_counts.all()] == [
            (25, "about", "disputed"),
            (25, "exact", "disputed"),
            (26, "exact", "disputed"),
        ]
        # 30 nations are named as attending, more than either exact count: both are kept, the conflict shown.
        assert (call.named_nation_count, call.count_conflict) == (30, True)
        assert (call.reported_nation_count, call.reported_nation_count_qualifier) == (None, None)

        northwood = models.Meeting.objects.get(slug=NORTHWOOD)
        assert [(count.count, count.qualifier) for count in northwood.reported_counts.all()] == [
            (20, "more_than"),
            (30, "more_than"),
        ]
        assert (northwood.named_nation_count, northwood.count_conflict) == (6, False)

    def test_series_and_relations(self, shipped_class, db):
        series = models.Series.objects.with_meetings().get(slug="coalition-of-the-willing")
        assert [meeting.slug for meeting in series.meetings.all()] == [PARIS, LEADERS_CALL, NORTHWOOD]
        relations = models.MeetingRelation.objects.order_by("from_meeting__start_date", "to_meeting__start_date")
        assert list(relations.values_list("from_meeting__slug", "kind", "to_meeting__slug", "basis")) == [
            (LEADERS_CALL, "follows_up", PARIS, "inferred"),
            (NORTHWOOD, "follows_up", PARIS, "inferred"),
            (NORTHWOOD, "follows_up", LEADERS_CALL, "inferred"),
        ]

    def test_every_fact_names_its_sources_and_every_source_its_address(self, shipped_class, db):
        meetings = [LEADERS_CALL, NORTHWOOD]
        facts = [
            *models.Participation.objects.filter(meeting__slug__in=meetings),
            *models.Delegate.objects.filter(participation__meeting__slug__in=meetings),
            *models.ReportedCount.objects.filter(meeting__slug__in=meetings),
            *models.MeetingRelation.objects.filter(from_meeting__slug__in=meetings),
            *models.Meeting.objects.filter(slug__in=meetings),
        ]
        assert len(facts) == 38 + 10 + 5 + 3 + 2
        assert [fact for fact in facts if not fact.sources.exists()] == []
        cited = models.Source.objects.filter(meetings__slug__in=meetings).distinct()
        assert cited.count() == 18
        assert list(cited.filter(url="")) == []
        # A disputed fact says why.
        disputed = [fact for fact in facts if getattr(fact, "basis", None) == "disputed"]
        assert disputed and [fact for fact in disputed if not fact.basis_note] == []


class TestImportingTheShippedFilesAgain:
    def test_changes_nothing(self, shipped):
        """Every record is unchanged: no history record, and no `updated_at` moves (a mirror following the change
        feed sees nothing new)."""
        tracked = (models.Meeting, models.Participation, models.Delegate, models.Person, models.Contribution)
        history = {model: model.history.count() for model in tracked}
        stamps = {model: dict(model.objects.values_list("pk", "updated_at")) for model in tracked}

        outcomes = []
        for path in SHIPPED_FILES:
            outcomes += dataset_import(data=parse_yaml(path.read_text(encoding="utf-8")), via="import")

        assert {outcome.outcome for outcome in outcomes} == {"unchanged"}
        assert len(outcomes) == 62 + 26 + 88
        assert {model: model.history.count() for model in tracked} == history
        assert {model: dict(model.objects.values_list("pk", "updated_at")) for model in tracked} == stamps
