"""The admin as the data-entry tool: every page loads, and broken rules come back as form errors, not server errors."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.admin.widgets import AutocompleteMixin
from django.contrib.auth.models import Group
from django.urls import reverse
from knox.models import AuthToken

from events import models
from tests import factories
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def an_object(model, admin_user):
    """One object of `model` for its change page: the seed's, or one made here for the models it has none of."""
    if model is Group:
        return Group.objects.create(name="Editors")
    if model is AuthToken:
        AuthToken.objects.create(admin_user)
    return model.objects.order_by("pk").first()


def form_data(response):
    """What a browser would post back from the admin form in `response`: every field's current value, with the
    inline management forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def add_inline(data, prefix, **values):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})


def inline_index(data, prefix, field, value):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return next(i for i in range(total) if str(data.get(f"{prefix}-{i}-{field}")) == str(value))


def errors(response):
    """The error messages the admin page lists at its top, form and inline errors together."""
    assert response.status_code == 200, response.status_code
    messages = []
    for item in response.context["errors"]:
        messages += [item] if isinstance(item, str) else list(item)
    return messages


def paris():
    return models.Meeting.objects.get(slug=PARIS)


def nation_pk(code):
    return factories.nation(code).pk


def role_pk(code):
    return factories.role(code).pk


class TestPagesLoad:
    """Every registered model's pages, checked together so that the seed is loaded once per kind of page."""

    def test_changelists(self, admin_client, seed):
        statuses = {model._meta.label: admin_client.get(url(model, "changelist")).status_code for model in REGISTERED}
        assert statuses == dict.fromkeys(statuses, 200)

    def test_add_pages(self, admin_client, db):
        statuses = {model._meta.label: admin_client.get(url(model, "add")).status_code for model in REGISTERED}
        # Nations come from ISO data, and django-axes' records from login attempts: neither is added by hand.
        read_only = {"events.Nation", "axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"}
        assert statuses == {**dict.fromkeys(statuses, 200), **dict.fromkeys(read_only, 403)}

    def test_change_pages(self, admin_client, admin_user, seed):
        statuses = {}
        for model in REGISTERED:
            if model._meta.app_label == "axes":
                continue  # records of login attempts, which this test makes none of
            obj = an_object(model, admin_user)
            response = admin_client.get(url(model, "change", quote(obj.pk)))
            statuses[model._meta.label] = response.status_code
            assert response.context["original"] == obj
        assert statuses == dict.fromkeys(statuses, 200)

    def test_every_events_model_is_registered(self):
        assert {model._meta.label for model in REGISTERED if model._meta.app_label == "events"} == {
            "events.Citation",
            "events.Contribution",
            "events.Meeting",
            "events.Membership",
            "events.Nation",
            "events.Organization",
            "events.Participation",
            "events.ParticipationRole",
            "events.Session",
            "events.Source",
        }

    def test_nations_are_read_only(self, admin_client, db):
        france = factories.nation("FR")
        response = admin_client.get(url(models.Nation, "change", france.pk))
        assert response.status_code == 200
        assert list(response.context["adminform"].form.fields) == []
        assert admin_client.post(url(models.Nation, "delete", france.pk)).status_code == 403
        assert admin_client.post(url(models.Nation, "add"), {"code": "XX"}).status_code == 403

    def test_meeting_page_has_its_inlines_with_autocomplete(self, admin_client, seed):
        response = admin_client.get(url(models.Meeting, "change", paris().pk))
        inlines = response.context["inline_admin_formsets"]
        assert [(inline.formset.prefix, len(inline.formset.forms)) for inline in inlines] == [
            ("sessions", 2),
            ("participations", 13),
            ("contributions", 3),
        ]
        participation_fields = inlines[1].formset.form.base_fields
        for name in ("nation", "role", "sources"):
            assert isinstance(participation_fields[name].widget.widget, AutocompleteMixin), name

    def test_meeting_filters_and_date_hierarchy(self, admin_client, seed):
        factories.MeetingFactory(slug="old", start_date=datetime.date(2019, 1, 1), status="cancelled", format="virtual")
        queries = ["status__exact=held", "format__exact=hybrid", "level__exact=military", "start_date__year=2025"]
        found = {}
        for query in queries:
            response = admin_client.get(f"{url(models.Meeting, 'changelist')}?{query}")
            found[query] = [meeting.slug for meeting in response.context["cl"].result_list]
        assert found == dict.fromkeys(queries, [PARIS])


@pytest.fixture
def meeting(db):
    """A small meeting like the Paris talks: quicker to render and post than the seed's."""
    meeting = factories.MeetingFactory(slug="talks", title="Talks", format="hybrid")
    factories.SessionFactory(meeting=meeting, order=1, title="Blueprint")
    factories.SessionFactory(meeting=meeting, order=2, title="Contributions")
    factories.ParticipationFactory(meeting=meeting, nation=factories.nation("FR"), role=factories.role("lead"))
    factories.ParticipationFactory(meeting=meeting, nation=factories.nation("KR"), attendance_mode="remote")
    factories.ParticipationFactory(
        meeting=meeting, nation=factories.nation("US"), status="declined", attendance_mode=None
    )
    factories.ContributionFactory(
        meeting=meeting, nation=None, category="stockpiles", description="Stockpiles", status="proposed"
    )
    return meeting


class TestSavingMeetings:
    def test_an_unchanged_form_saves(self, admin_client, meeting):
        """The posted data below is what the admin itself renders, so the error tests fail only for their reason."""
        before = dict(models.Participation.objects.values_list("pk", "updated_at"))
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        index = inline_index(data, "participations", "nation", nation_pk("KR"))
        data[f"participations-{index}-attendance_mode"] = "in_person"
        response = admin_client.post(page, data)
        assert (response.status_code, response["Location"]) == (302, url(models.Meeting, "changelist"))
        korea = models.Participation.objects.get(meeting=meeting, nation__code="KR")
        assert korea.attendance_mode == "in_person"
        after = dict(models.Participation.objects.values_list("pk", "updated_at"))
        assert [pk for pk in after if after[pk] != before[pk]] == [korea.pk]

    def test_add_with_a_duplicate_nation_is_a_form_error(self, admin_client, db):
        page = url(models.Meeting, "add")
        data = form_data(admin_client.get(page))
        data.update(title="Berlin talks", slug="berlin-talks", start_date="2025-04-01", format="in_person")
        data.update(status="scheduled")
        for role in ("lead", "participant"):
            add_inline(data, "participations", nation=nation_pk("DE"), role=role_pk(role), status="invited")
        response = admin_client.post(page, data)
        assert errors(response) == [
            "Please correct the duplicate data for nation.",
            "Please correct the duplicate values below.",
        ]
        assert "Please correct the duplicate data for nation." in response.content.decode()
        assert not models.Meeting.objects.exists()
        assert not models.Participation.objects.exists()

    def test_add_then_the_same_form_saves_without_the_duplicate(self, admin_client, db):
        page = url(models.Meeting, "add")
        data = form_data(admin_client.get(page))
        data.update(title="Berlin talks", slug="berlin-talks", start_date="2025-04-01", format="in_person")
        data.update(status="scheduled")
        add_inline(data, "participations", nation=nation_pk("DE"), role=role_pk("lead"), status="invited")
        add_inline(data, "sessions", order="1", title="Opening")
        assert admin_client.post(page, data).status_code == 302
        meeting = models.Meeting.objects.get(slug="berlin-talks")
        assert meeting.end_date == meeting.start_date
        assert list(meeting.participations.values_list("nation__code", "role__code")) == [("DE", "lead")]

    def test_change_with_a_duplicate_nation_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "participations", nation=nation_pk("FR"), role=role_pk("observer"), status="invited")
        count = models.Participation.objects.count()
        response = admin_client.post(page, data)
        assert errors(response) == ["This nation already takes part in this meeting."]
        assert "This nation already takes part in this meeting." in response.content.decode()
        assert models.Participation.objects.count() == count

    def test_declined_with_an_attendance_mode_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        index = inline_index(data, "participations", "nation", nation_pk("US"))
        data[f"participations-{index}-attendance_mode"] = "remote"
        response = admin_client.post(page, data)
        assert errors(response) == ["A nation that declined has no attendance mode."]
        participations = response.context["inline_admin_formsets"][1].formset
        assert participations.forms[index].errors == {
            "attendance_mode": ["A nation that declined has no attendance mode."]
        }
        united_states = models.Participation.objects.get(meeting=meeting, nation__code="US")
        assert (united_states.status, united_states.attendance_mode) == ("declined", None)

    def test_duplicate_session_position_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "sessions", order="2", title="Closing")
        response = admin_client.post(page, data)
        assert errors(response) == [
            "Please correct the duplicate data for order.",
            "Please correct the duplicate values below.",
        ]
        assert models.Session.objects.filter(meeting=meeting).count() == 2

    def test_meeting_ending_before_it_starts_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        data["end_date"] = "2025-03-10"
        response = admin_client.post(page, data)
        assert errors(response) == ["A meeting cannot end before it starts."]
        assert response.context["adminform"].form.errors == {"end_date": ["A meeting cannot end before it starts."]}
        meeting.refresh_from_db()
        assert meeting.end_date == datetime.date(2025, 3, 11)

    def test_pledged_component_without_nation_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        index = inline_index(data, "contributions", "category", "stockpiles")
        data[f"contributions-{index}-status"] = "pledged"
        response = admin_client.post(page, data)
        assert errors(response) == ["A component nobody has pledged can only be proposed."]
        assert set(models.Contribution.objects.values_list("status", flat=True)) == {"proposed"}


class TestSavingOtherModels:
    @pytest.fixture
    def organization(self, db):
        organization = factories.OrganizationFactory(slug="alliance")
        factories.MembershipFactory(organization=organization, nation=factories.nation("HR"), start_date="2009-04-01")
        return organization

    def test_participation_page_refuses_a_duplicate_nation(self, admin_client, meeting):
        page = url(models.Participation, "add")
        data = form_data(admin_client.get(page))
        data.update(meeting=meeting.pk, nation=nation_pk("FR"), role=role_pk("observer"), status="invited")
        response = admin_client.post(page, data)
        assert errors(response) == ["This nation already takes part in this meeting."]
        assert meeting.participations.count() == 3

    def test_overlapping_memberships_in_one_form_are_refused(self, admin_client, organization):
        """Two new periods in the same form overlap each other though neither overlaps what is saved."""
        page = url(models.Organization, "change", organization.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "memberships", nation=nation_pk("UA"), start_date="2030-01-01")
        add_inline(data, "memberships", nation=nation_pk("UA"), start_date="2031-01-01", end_date="2032-01-01")
        response = admin_client.post(page, data)
        assert errors(response) == ["Ukraine (UA) has overlapping memberships in this form."]
        assert list(models.Membership.objects.values_list("nation__code", flat=True)) == ["HR"]

    def test_consecutive_memberships_in_one_form_are_saved(self, admin_client, organization):
        page = url(models.Organization, "change", organization.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "memberships", nation=nation_pk("UA"), start_date="2030-01-01", end_date="2030-12-31")
        add_inline(data, "memberships", nation=nation_pk("UA"), start_date="2031-01-01")
        add_inline(data, "memberships", nation=nation_pk("FR"), start_date="2030-06-01")
        assert admin_client.post(page, data).status_code == 302
        assert sorted(models.Membership.objects.values_list("nation__code", "start_date", "end_date")) == [
            ("FR", datetime.date(2030, 6, 1), None),
            ("HR", datetime.date(2009, 4, 1), None),
            ("UA", datetime.date(2030, 1, 1), datetime.date(2030, 12, 31)),
            ("UA", datetime.date(2031, 1, 1), None),
        ]

    def test_overlapping_membership_on_its_own_page_is_refused(self, admin_client, organization):
        page = url(models.Membership, "add")
        data = form_data(admin_client.get(page))
        data.update(organization=organization.pk, nation=nation_pk("HR"), start_date="2020-01-01")
        response = admin_client.post(page, data)
        assert errors(response) == ["This nation already has a membership of this organization in that period."]
        assert models.Membership.objects.count() == 1


class TestSearch:
    def test_meetings_by_nation_or_title(self, admin_client, seed):
        other = factories.MeetingFactory(slug="berlin", title="Berlin talks", city="Berlin")
        factories.ParticipationFactory(meeting=other, nation=factories.nation("DE"))
        terms = ["FR", "fra", "France", "Paris talks"]
        found = {}
        for term in terms:
            response = admin_client.get(url(models.Meeting, "changelist"), {"q": term})
            found[term] = [meeting.slug for meeting in response.context["cl"].result_list]
        assert found == dict.fromkeys(terms, [PARIS])

    @pytest.mark.parametrize("term", ["fra", "FRA", "France", "french republic"])
    def test_nations_by_code_or_name(self, admin_client, db, term):
        response = admin_client.get(url(models.Nation, "changelist"), {"q": term})
        assert [nation.code for nation in response.context["cl"].result_list] == ["FR"]

    def test_nations_by_alpha2_code(self, admin_client, db):
        response = admin_client.get(url(models.Nation, "changelist"), {"q": "FR"})
        assert "FR" in [nation.code for nation in response.context["cl"].result_list]

    @pytest.mark.parametrize(("term", "code"), [("fra", "FR"), ("France", "FR"), ("South Korea", "KR")])
    def test_nation_autocomplete(self, admin_client, db, term, code):
        response = admin_client.get(
            "/admin/autocomplete/",
            {"app_label": "events", "model_name": "participation", "field_name": "nation", "term": term},
        )
        assert response.status_code == 200
        nation = factories.nation(code)
        assert response.json() == {
            "results": [{"id": str(nation.pk), "text": str(nation)}],
            "pagination": {"more": False},
        }

    def test_role_autocomplete(self, admin_client, db):
        response = admin_client.get(
            "/admin/autocomplete/",
            {"app_label": "events", "model_name": "participation", "field_name": "role", "term": "lea"},
        )
        assert response.json() == {
            "results": [{"id": str(role_pk("lead")), "text": "Lead"}],
            "pagination": {"more": False},
        }


class TestWritesAreRecorded:
    """The admin writes through the services: each save is one change, in the history with the staff user, and a
    delete is in the change feed."""

    def test_a_saved_inline_row_is_in_the_history_with_its_user(self, admin_client, admin_user, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        index = inline_index(data, "participations", "nation", nation_pk("KR"))
        data[f"participations-{index}-notes"] = "Joined by video."
        data["title"] = "Talks, renamed"

        assert admin_client.post(page, data).status_code == 302

        korea = models.Participation.objects.get(meeting=meeting, nation__code="KR")
        meeting_record = meeting.history.latest()
        korea_record = korea.history.latest()
        assert (meeting_record.history_user, meeting_record.history_change_reason) == (admin_user, "admin")
        assert (korea_record.history_user, korea_record.history_change_reason, korea_record.notes) == (
            admin_user,
            "admin",
            "Joined by video.",
        )
        assert meeting_record.history_date == korea_record.history_date  # one change
        meeting.refresh_from_db()
        assert meeting.updated_at == meeting_record.history_date

    def test_a_deleted_inline_row_is_in_the_change_feed(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        korea = models.Participation.objects.get(meeting=meeting, nation__code="KR")
        data[f"participations-{inline_index(data, 'participations', 'nation', nation_pk('KR'))}-DELETE"] = "on"

        assert admin_client.post(page, data).status_code == 302

        assert not models.Participation.objects.filter(pk=korea.pk).exists()
        assert list(models.Deletion.objects.values_list("resource", "key")) == [("participations", str(korea.pk))]

    def test_the_history_page_lists_the_changes(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        data["title"] = "Talks, renamed"
        admin_client.post(page, data)

        response = admin_client.get(url(models.Meeting, "history", meeting.pk))

        assert response.status_code == 200
        assert "Talks, renamed" in response.content.decode()

    def test_a_form_posted_after_its_record_was_deleted_does_not_bring_it_back(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        data["title"] = "Edited after the delete"
        admin_client.post(url(models.Meeting, "delete", meeting.pk), {"post": "yes"})

        response = admin_client.post(page, data, follow=True)

        assert response.status_code == 200
        assert not models.Meeting.objects.filter(pk=meeting.pk).exists()
        assert not models.Participation.objects.filter(meeting_id=meeting.pk).exists()
