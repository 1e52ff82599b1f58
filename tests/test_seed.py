"""The shipped data read back from the database: every fact of the Newslooks article, and NATO and EU memberships."""

import datetime

import pytest

from events import models
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db

ARTICLE_TITLE = "30+ Nations Discuss Military Support for Ukraine in Paris"


def participations(**filters):
    rows = models.Participation.objects.filter(meeting__slug=PARIS, **filters).order_by("nation__code")
    return list(rows.values_list("nation__code", "role__code", "status", "attendance_mode", "representative"))


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
    def test_meeting(self, seed):
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

    def test_sessions_in_order(self, seed):
        sessions = models.Session.objects.filter(meeting__slug=PARIS).order_by("order")
        assert list(sessions.values_list("order", "title")) == [
            (1, "France and Britain present their security blueprint"),
            (2, "Nations declare their military contributions"),
        ]

    def test_participations(self, seed):
        """Thirteen named nations of the more than 30 reported."""
        assert participations() == [
            ("AT", "participant", "attended", "unspecified", ""),
            ("AU", "participant", "attended", "remote", ""),
            ("CY", "participant", "attended", "unspecified", ""),
            ("FR", "lead", "attended", "unspecified", ""),
            ("GB", "lead", "attended", "unspecified", ""),
            ("HR", "participant", "declined", None, ""),
            ("IE", "participant", "attended", "unspecified", ""),
            ("JP", "participant", "attended", "remote", ""),
            ("KR", "participant", "attended", "remote", ""),
            ("ME", "participant", "declined", None, ""),
            ("NZ", "participant", "attended", "remote", ""),
            ("UA", "participant", "attended", "unspecified", "official of the National Security and Defense Council"),
            ("US", "participant", "declined", None, ""),
        ]

    def test_leads_remote_and_declined(self, seed):
        assert [row[0] for row in participations(role__code="lead")] == ["FR", "GB"]
        assert [row[0] for row in participations(attendance_mode="remote")] == ["AU", "JP", "KR", "NZ"]
        assert [row[0] for row in participations(attendance_mode="unspecified")] == ["AT", "CY", "FR", "GB", "IE", "UA"]
        assert [row[0] for row in participations(status="declined", attendance_mode__isnull=True)] == ["HR", "ME", "US"]
        assert models.Participation.objects.filter(meeting__slug=PARIS, status="declined").count() == 3

    def test_unpledged_components(self, seed):
        contributions = models.Contribution.objects.filter(meeting__slug=PARIS).order_by("category")
        assert list(contributions.values_list("category", "nation", "organization", "status", "quantity")) == [
            ("heavy_weaponry", None, None, "proposed", None),
            ("rapid_response", None, None, "proposed", None),
            ("stockpiles", None, None, "proposed", None),
        ]
        stockpiles = contributions.get(category="stockpiles")
        assert "rushed into Ukraine within hours or days" in stockpiles.description


class TestParisSource:
    def test_source(self, seed):
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

    def test_citations(self, seed):
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

    def test_every_fact_cites_the_article(self, seed):
        source = models.Source.objects.get(title=ARTICLE_TITLE)
        meeting = models.Meeting.objects.get(slug=PARIS)
        assert list(meeting.sources.all()) == [source]
        for participation in meeting.participations.all():
            assert list(participation.sources.all()) == [source], participation
        for contribution in meeting.contributions.all():
            assert list(contribution.sources.all()) == [source], contribution


class TestOrganizations:
    def test_nato_and_eu(self, seed):
        assert list(models.Organization.objects.order_by("slug").values_list("slug", "short_name", "kind")) == [
            ("eu", "EU", "union"),
            ("nato", "NATO", "alliance"),
        ]

    def test_members_today(self, seed):
        today = datetime.date.today()
        nato, eu = models.Organization.objects.get(slug="nato"), models.Organization.objects.get(slug="eu")
        assert models.Nation.objects.members_of(nato, today).count() == 32
        assert models.Nation.objects.members_of(eu, today).count() == 27

    def test_membership_periods(self, seed):
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
