"""The admin as the data-entry tool: every page loads, and broken rules come back as form errors, not server errors."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.admin.widgets import AutocompleteMixin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from knox.models import AuthToken

from events import models
from tests import factories
from tests.conftest import PARIS

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
VIRTUAL_HAS_NO_IN_PERSON = (
    "A virtual meeting has no in-person participant: make the meeting hybrid, or the mode remote."
)


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def an_object(model, admin_user):
    """One object of `model` for its change page: the shipped data's, or one made here for the models it has none of."""
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

    def test_change_pages(self, admin_client, admin_user, shipped):
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
            "events.Delegate",
            "events.Meeting",
            "events.MeetingRelation",
            "events.Membership",
            "events.Nation",
            "events.Organization",
            "events.Participation",
            "events.ParticipationRole",
            "events.Person",
            "events.ReportedCount",
            "events.Series",
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
            ("citations", 3),
            ("reported_counts", 1),
            ("relations", 0),
        ]
        participation_fields = inlines[1].formset.form.base_fields
        for name in ("nation", "organization", "role"):
            assert isinstance(participation_fields[name].widget.widget, AutocompleteMixin), name
        assert isinstance(inlines[5].formset.form.base_fields["to_meeting"].widget.widget, AutocompleteMixin)

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
        meeting=meeting, nation=None, categories=["stockpiles"], description="Stockpiles", status="proposed"
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

    @pytest.mark.parametrize(
        ("participant", "message"),
        [
            ("nation", "This nation already takes part in this meeting."),
            ("organization", "This organization already takes part in this meeting."),
        ],
    )
    def test_add_with_a_duplicate_participant_is_a_form_error(self, admin_client, db, participant, message):
        """Two rows of the form name the same participant: the database has neither yet, so only the form can see
        it."""
        key = nation_pk("DE") if participant == "nation" else factories.OrganizationFactory(slug="nato").pk
        page = url(models.Meeting, "add")
        data = form_data(admin_client.get(page))
        data.update(title="Berlin talks", slug="berlin-talks", start_date="2025-04-01", format="in_person")
        data.update(status="scheduled")
        for role in ("lead", "participant"):
            add_inline(
                data, "participations", **{participant: key}, role=role_pk(role), status="invited", basis="stated"
            )
        response = admin_client.post(page, data)
        assert errors(response) == [message]  # the API's message, on the repeated row
        assert message in response.content.decode()
        assert not models.Meeting.objects.exists()
        assert not models.Participation.objects.exists()

    def test_add_then_the_same_form_saves_without_the_duplicate(self, admin_client, db):
        page = url(models.Meeting, "add")
        data = form_data(admin_client.get(page))
        data.update(title="Berlin talks", slug="berlin-talks", start_date="2025-04-01", format="in_person")
        data.update(status="scheduled")
        add_inline(
            data, "participations", nation=nation_pk("DE"), role=role_pk("lead"), status="invited", basis="stated"
        )
        add_inline(data, "sessions", order="1", title="Opening")
        assert admin_client.post(page, data).status_code == 302
        meeting = models.Meeting.objects.get(slug="berlin-talks")
        assert meeting.end_date == meeting.start_date
        assert list(meeting.participations.values_list("nation__code", "role__code")) == [("DE", "lead")]

    def test_change_with_a_duplicate_nation_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(
            data, "participations", nation=nation_pk("FR"), role=role_pk("observer"), status="invited", basis="stated"
        )
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
        assert errors(response) == ["A participant that declined or was reported absent has no attendance mode."]
        participations = response.context["inline_admin_formsets"][1].formset
        assert participations.forms[index].errors == {
            "attendance_mode": ["A participant that declined or was reported absent has no attendance mode."]
        }
        united_states = models.Participation.objects.get(meeting=meeting, nation__code="US")
        assert (united_states.status, united_states.attendance_mode) == ("declined", None)

    def test_duplicate_session_position_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "sessions", order="2", title="Closing")
        response = admin_client.post(page, data)
        assert errors(response) == [
            "This meeting already has a session at that position.",  # the model's (and the API's) message
            "This row repeats another row of this form.",
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
        index = inline_index(data, "contributions", "description", "Stockpiles")
        data[f"contributions-{index}-status"] = "pledged"
        response = admin_client.post(page, data)
        assert errors(response) == ["A component nobody has pledged can only be proposed."]
        assert set(models.Contribution.objects.values_list("status", flat=True)) == {"proposed"}

    def test_an_organization_takes_part_without_a_nation(self, admin_client, meeting):
        nato = factories.OrganizationFactory(slug="nato")
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(
            data, "participations", organization=nato.pk, role=role_pk("observer"), status="invited", basis="stated"
        )
        assert admin_client.post(page, data).status_code == 302
        assert list(meeting.participations.filter(organization=nato).values_list("nation", "status")) == [
            (None, "invited")
        ]

    @pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
    def test_a_row_names_one_participant(self, admin_client, meeting, both):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        participant = {"nation": nation_pk("DE"), "organization": factories.OrganizationFactory().pk} if both else {}
        add_inline(data, "participations", **participant, role=role_pk("observer"), status="invited", basis="stated")
        count = models.Participation.objects.count()
        response = admin_client.post(page, data)
        assert errors(response) == ["A participation names exactly one participant: a nation or an organization."]
        assert models.Participation.objects.count() == count

    def test_an_in_person_participant_of_a_virtual_meeting_is_a_form_error(self, admin_client, meeting):
        meeting.format = "virtual"
        models.Participation.objects.filter(meeting=meeting, attendance_mode="in_person").update(
            attendance_mode="remote"
        )
        meeting.save()
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        index = inline_index(data, "participations", "nation", nation_pk("FR"))
        data[f"participations-{index}-attendance_mode"] = "in_person"
        response = admin_client.post(page, data)
        assert errors(response) == [VIRTUAL_HAS_NO_IN_PERSON]
        assert not models.Participation.objects.filter(attendance_mode="in_person").exists()

    def test_a_meeting_with_in_person_participants_cannot_become_virtual(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        data["format"] = "virtual"
        response = admin_client.post(page, data)
        assert response.context["adminform"].form.errors == {"format": [VIRTUAL_HAS_NO_IN_PERSON]}
        meeting.refresh_from_db()
        assert meeting.format == "hybrid"

    def test_reported_counts_and_relations_inline(self, admin_client, meeting):
        earlier = factories.MeetingFactory(slug="earlier", start_date=datetime.date(2025, 3, 1))
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "reported_counts", count="30", qualifier="more_than", basis="stated")
        add_inline(data, "reported_counts", count="20", qualifier="more_than", basis="disputed", basis_note="BBC.")
        add_inline(data, "relations", kind="follows_up", to_meeting=earlier.pk, basis="inferred")
        assert admin_client.post(page, data).status_code == 302
        assert list(meeting.reported_counts.values_list("count", "qualifier", "basis", "basis_note")) == [
            (20, "more_than", "disputed", "BBC."),
            (30, "more_than", "stated", ""),
        ]
        assert list(meeting.relations.values_list("kind", "to_meeting__slug")) == [("follows_up", "earlier")]

    def test_a_relation_to_the_meeting_itself_is_a_form_error(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "relations", kind="follows_up", to_meeting=meeting.pk, basis="stated")
        response = admin_client.post(page, data)
        assert errors(response) == ["A meeting cannot relate to itself."]
        assert not models.MeetingRelation.objects.exists()


class TestDelegates:
    """Delegates are entered on their participation's page, or on a page of their own."""

    @pytest.fixture
    def france(self, meeting):
        return models.Participation.objects.get(meeting=meeting, nation__code="FR")

    def test_added_on_the_participation_page_with_their_sessions(self, admin_client, france):
        person = factories.PersonFactory(name="Emmanuel Macron")
        page = url(models.Participation, "change", france.pk)
        data = form_data(admin_client.get(page))
        blueprint = france.meeting.sessions.get(order=1)
        add_inline(
            data,
            "delegates",
            person=person.pk,
            office="President",
            level="head_of_state",
            sessions=[blueprint.pk],
            basis="stated",
        )
        add_inline(data, "delegates", description="a military official", level="official", basis="stated")
        assert admin_client.post(page, data).status_code == 302
        delegates = france.delegates.order_by("id")
        assert [(str(delegate), delegate.level) for delegate in delegates] == [
            ("Emmanuel Macron, President", "head_of_state"),
            ("a military official", "official"),
        ]
        assert list(delegates[0].sessions.all()) == [blueprint]

    def test_only_the_sessions_of_the_participations_meeting_are_offered(self, admin_client, france):
        elsewhere = factories.SessionFactory(order=1)
        page = url(models.Participation, "change", france.pk)
        response = admin_client.get(page)
        offered = response.context["inline_admin_formsets"][0].formset.form.base_fields["sessions"].queryset
        assert sorted(offered.values_list("order", flat=True)) == [1, 2]
        data = form_data(response)
        add_inline(data, "delegates", description="an official", sessions=[elsewhere.pk], basis="stated")
        response = admin_client.post(page, data)
        assert errors(response) == [f"Select a valid choice. {elsewhere.pk} is not one of the available choices."]
        assert not models.Delegate.objects.exists()

    def test_a_delegate_without_person_or_description_is_a_form_error(self, admin_client, france):
        page = url(models.Participation, "change", france.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "delegates", office="Minister", level="minister", basis="stated")
        response = admin_client.post(page, data)
        assert errors(response) == ["A delegate is a person, or an unnamed official described as the source does."]
        assert not models.Delegate.objects.exists()

    def test_an_in_person_delegate_of_a_virtual_meeting_is_a_form_error(self, admin_client, db):
        call = factories.MeetingFactory(format="virtual")
        participation = factories.ParticipationFactory(meeting=call, attendance_mode="remote")
        page = url(models.Participation, "change", participation.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "delegates", description="an official", attendance_mode="in_person", basis="stated")
        response = admin_client.post(page, data)
        assert errors(response) == [VIRTUAL_HAS_NO_IN_PERSON]
        assert not models.Delegate.objects.exists()

    def test_the_delegate_page_refuses_a_session_of_another_meeting(self, admin_client, france):
        elsewhere = factories.SessionFactory(order=1)
        page = url(models.Delegate, "add")
        data = form_data(admin_client.get(page))
        data.update(participation=france.pk, description="an official", sessions=[elsewhere.pk], basis="stated")
        response = admin_client.post(page, data)
        assert errors(response) == ["A delegate attends sessions of the participation's meeting only."]
        assert not models.Delegate.objects.exists()

    def test_the_delegate_page_saves_a_session_of_the_meeting(self, admin_client, france):
        blueprint = france.meeting.sessions.get(order=1)
        page = url(models.Delegate, "add")
        data = form_data(admin_client.get(page))
        data.update(participation=france.pk, description="an official", sessions=[blueprint.pk], basis="stated")
        assert admin_client.post(page, data).status_code == 302
        assert list(models.Delegate.objects.get().sessions.all()) == [blueprint]


class TestSavingOtherPages:
    def test_a_contribution_with_several_categories_and_money(self, admin_client, db):
        page = url(models.Contribution, "add")
        data = form_data(admin_client.get(page))
        data.update(
            nation=nation_pk("FR"),
            recipient=nation_pk("UA"),
            categories=["military_aid", "funding"],
            description="A EUR 2bn military aid package",
            amount="2000000000",
            currency="EUR",
            announced_on="2025-03-19",
            status="pledged",
            basis="stated",
        )
        assert admin_client.post(page, data).status_code == 302
        contribution = models.Contribution.objects.get()
        assert (contribution.meeting, contribution.categories, contribution.amount, contribution.currency) == (
            None,
            ["military_aid", "funding"],
            2_000_000_000,
            "EUR",
        )
        response = admin_client.get(url(models.Contribution, "changelist"), {"category": "funding"})
        assert list(response.context["cl"].result_list) == [contribution]
        response = admin_client.get(url(models.Contribution, "changelist"), {"category": "troops"})
        assert list(response.context["cl"].result_list) == []

    def test_an_amount_without_currency_is_a_form_error(self, admin_client, db):
        page = url(models.Contribution, "add")
        data = form_data(admin_client.get(page))
        data.update(nation=nation_pk("FR"), categories=["funding"], description="Money", amount="100", basis="stated")
        response = admin_client.post(page, data)
        assert errors(response) == ["An amount needs its currency, and a currency an amount."]
        assert not models.Contribution.objects.exists()

    def test_a_bad_wikidata_id_is_a_form_error(self, admin_client, db):
        page = url(models.Person, "add")
        data = form_data(admin_client.get(page))
        data.update(name="Keir Starmer", wikidata_id="6383729")
        response = admin_client.post(page, data)
        assert errors(response) == ["A Wikidata item id: Q and a number, such as Q42."]
        assert not models.Person.objects.exists()


class TestSavingOtherModels:
    @pytest.fixture
    def organization(self, db):
        organization = factories.OrganizationFactory(slug="alliance")
        factories.MembershipFactory(organization=organization, nation=factories.nation("HR"), start_date="2009-04-01")
        return organization

    def test_participation_page_refuses_a_duplicate_nation(self, admin_client, meeting):
        page = url(models.Participation, "add")
        data = form_data(admin_client.get(page))
        data.update(
            meeting=meeting.pk, nation=nation_pk("FR"), role=role_pk("observer"), status="invited", basis="stated"
        )
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
        data[f"participations-{index}-attendance_mode"] = "in_person"
        data["title"] = "Talks, renamed"

        assert admin_client.post(page, data).status_code == 302

        korea = models.Participation.objects.get(meeting=meeting, nation__code="KR")
        meeting_record = meeting.history.latest()
        korea_record = korea.history.latest()
        assert (meeting_record.history_user, meeting_record.history_change_reason) == (admin_user, "admin")
        assert (korea_record.history_user, korea_record.history_change_reason, korea_record.attendance_mode) == (
            admin_user,
            "admin",
            "in_person",
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


def autocomplete(admin_client, model_name, field_name, term):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "events", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [item["text"] for item in response.json()["results"]]


class TestPickers:
    """What a clerk types finds the nation or organization they mean first (issue 12: "United States" saved
    Mexico)."""

    @pytest.mark.parametrize(
        ("term", "first"),
        [
            ("United States", "United States (US)"),
            ("US", "United States (US)"),
            ("America", "United States (US)"),
            ("UK", "United Kingdom (GB)"),
            ("Britain", "United Kingdom (GB)"),
            ("Turkey", "Türkiye (TR)"),
            ("Ivory Coast", "Côte d'Ivoire (CI)"),
            ("fra", "France (FR)"),
        ],
    )
    def test_nation_picker_lists_the_exact_match_first(self, admin_client, db, term, first):
        assert autocomplete(admin_client, "participation", "nation", term)[0] == first

    def test_united_states_never_offers_mexico(self, admin_client, db):
        assert autocomplete(admin_client, "participation", "nation", "United States") == [
            "United States (US)",
            "United States Minor Outlying Islands (UM)",
            "Virgin Islands, U.S. (VI)",
        ]

    def test_uk_is_the_united_kingdom_then_ukraine(self, admin_client, db):
        assert autocomplete(admin_client, "meeting", "host_country", "UK") == ["United Kingdom (GB)", "Ukraine (UA)"]

    def test_nation_list_search_keeps_the_ranking_unless_sorted(self, admin_client, db):
        response = admin_client.get(url(models.Nation, "changelist"), {"q": "UK"})
        assert [nation.code for nation in response.context["cl"].result_list] == ["GB", "UA"]
        response = admin_client.get(url(models.Nation, "changelist"), {"q": "UK", "o": "1"})
        assert [nation.code for nation in response.context["cl"].result_list] == ["GB", "UA"]  # by code
        response = admin_client.get(url(models.Nation, "changelist"), {"q": "UK", "o": "-1"})
        assert [nation.code for nation in response.context["cl"].result_list] == ["UA", "GB"]

    def test_organization_picker_lists_the_exact_match_first(self, admin_client, db):
        factories.OrganizationFactory(slug="nato-partners", name="Partners of NATO", short_name="NATO+")
        factories.OrganizationFactory(slug="natops", name="Natops working group", short_name="")
        factories.OrganizationFactory(slug="nato", name="North Atlantic Treaty Organization", short_name="NATO")
        assert autocomplete(admin_client, "participation", "organization", "nato") == [
            "NATO",  # the slug and acronym, exactly
            "Natops working group",  # then by the start of the slug or name, by name
            "NATO+",
        ]


class TestIsoDates:
    def test_dates_are_shown_as_iso_with_the_format(self, admin_client, meeting):
        response = admin_client.get(url(models.Meeting, "change", meeting.pk))
        html = response.content.decode()
        assert 'name="start_date" value="2025-03-11"' in html
        assert 'placeholder="YYYY-MM-DD"' in html
        session_date = response.context["inline_admin_formsets"][0].formset.forms[0]["date"]
        assert 'placeholder="YYYY-MM-DD"' in str(session_date)

    @pytest.mark.parametrize("typed", ["03/12/2019", "12/03/2019", "3 Dec 2019", "2019-13-03"])
    def test_anything_but_iso_is_an_error_naming_the_format(self, admin_client, meeting, typed):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        data["start_date"] = typed
        response = admin_client.post(page, data)
        assert errors(response) == ["Enter the date as YYYY-MM-DD (year, month, day), e.g. 2019-12-03."]
        meeting.refresh_from_db()
        assert meeting.start_date == datetime.date(2025, 3, 11)

    def test_an_inline_date_is_iso_too(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "sessions", order="3", title="Closing", date="11/03/2025")
        response = admin_client.post(page, data)
        assert errors(response) == ["Enter the date as YYYY-MM-DD (year, month, day), e.g. 2019-12-03."]
        data["sessions-2-date"] = "2025-03-11"
        assert admin_client.post(page, data).status_code == 302
        assert meeting.sessions.get(order=3).date == datetime.date(2025, 3, 11)


class TestTheMeetingPage:
    def test_errors_are_listed_at_the_top_with_links_to_their_fields(self, admin_client, meeting):
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        data["end_date"] = "2025-03-01"
        add_inline(
            data, "participations", nation=nation_pk("FR"), role=role_pk("observer"), status="invited", basis="stated"
        )
        response = admin_client.post(page, data)
        assert response.context["error_links"] == [
            ("#id_end_date", "End date: A meeting cannot end before it starts."),
            ("#id_participations-3-nation", "Participation 4, nation: This nation already takes part in this meeting."),
        ]
        html = response.content.decode()
        assert '<div class="errornote error-summary" id="error-summary" role="alert">' in html
        assert '<a href="#id_participations-3-nation">' in html
        assert 'id="id_participations-3-nation"' in html

    def test_two_new_rows_for_one_nation_get_the_apis_message_on_the_row(self, admin_client, db):
        page = url(models.Meeting, "add")
        data = form_data(admin_client.get(page))
        data.update(title="Berlin talks", slug="berlin-talks", start_date="2025-04-01", format="in_person")
        data.update(status="scheduled")
        for role in ("lead", "participant"):
            add_inline(data, "participations", nation=nation_pk("DE"), role=role_pk(role), status="invited")
        response = admin_client.post(page, data)
        assert errors(response) == ["This nation already takes part in this meeting."]
        assert response.context["error_links"] == [
            ("#id_participations-1-nation", "Participation 2, nation: This nation already takes part in this meeting.")
        ]
        assert not models.Meeting.objects.exists()

    def test_sessions_participations_contributions_and_citations_are_on_the_page(self, admin_client, meeting):
        response = admin_client.get(url(models.Meeting, "change", meeting.pk))
        prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
        assert prefixes == ["sessions", "participations", "contributions", "citations", "reported_counts", "relations"]
        assert "date" in response.context["inline_admin_formsets"][0].formset.form.base_fields
        assert "sources" in response.context["adminform"].form.fields

    def test_each_participation_links_to_its_delegates(self, admin_client, meeting):
        france = models.Participation.objects.get(meeting=meeting, nation__code="FR")
        factories.DelegateFactory(participation=france)
        html = admin_client.get(url(models.Meeting, "change", meeting.pk)).content.decode()
        link = url(models.Participation, "change", france.pk)
        assert f'<a href="{link}">1 delegate, 0 sources<span class="visually-hidden"> of France (FR)</span></a>' in html

    def test_a_citation_is_added_on_the_meeting_page(self, admin_client, meeting):
        source = factories.SourceFactory(title="Joint declaration")
        page = url(models.Meeting, "change", meeting.pk)
        data = form_data(admin_client.get(page))
        add_inline(data, "citations", source=source.pk, quote="We stand together.")
        response = admin_client.post(page, data)
        assert errors(response) == ["This field is required."]
        assert "for a joint declaration, who issued it" in response.content.decode()
        data["citations-0-speaker"] = "the leaders of the coalition, in a joint declaration"
        assert admin_client.post(page, data).status_code == 302
        citation = models.Citation.objects.get()
        assert (citation.meeting, citation.source, citation.speaker_person) == (meeting, source, None)


def unlabelled_fields(html):
    """Visible form fields of a page (the inlines' row templates too) named neither by a label nor an aria-label."""

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.labelled, self.fields, self.open_labels = set(), [], 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "label":
                self.labelled.add(attrs.get("for"))
                self.open_labels += 1
            named = self.open_labels or "aria-label" in attrs
            named_by_value = attrs.get("type") in ("hidden", "submit", "button", "reset")
            if tag in ("input", "select", "textarea") and not named_by_value and not named:
                self.fields.append(attrs.get("id") or attrs.get("name"))

        def handle_endtag(self, tag):
            if tag == "label":
                self.open_labels -= 1

    parser = Fields()
    parser.feed(html)
    return [field for field in parser.fields if field not in parser.labelled]


class TestAccessible:
    def test_every_field_of_the_meeting_pages_has_a_name(self, admin_client, meeting):
        for page in (url(models.Meeting, "change", meeting.pk), url(models.Meeting, "add")):
            assert unlabelled_fields(admin_client.get(page).content.decode()) == [], page

    def test_inline_fields_are_named_by_column_and_row(self, admin_client, meeting):
        html = admin_client.get(url(models.Meeting, "change", meeting.pk)).content.decode()
        assert 'aria-label="Nation, participation 1"' in html
        assert 'aria-label="Delete, participation 3"' in html
        assert 'aria-label="Date, new session"' in html

    def test_the_lists_have_no_unnamed_field(self, admin_client, meeting):
        for model in (models.Meeting, models.Participation):
            assert unlabelled_fields(admin_client.get(url(model, "changelist")).content.decode()) == []


class TestLists:
    def test_participations_filter_by_meeting_nation_role_status_and_attendance(self, admin_client, meeting):
        other = factories.MeetingFactory(slug="other")
        factories.ParticipationFactory(meeting=other, nation=factories.nation("KR"), attendance_mode="remote")
        korea = factories.nation("KR")
        queries = {
            f"meeting__id__exact={meeting.pk}": ["FR", "KR", "US"],
            f"nation__id__exact={korea.pk}": ["KR", "KR"],
            f"meeting__id__exact={meeting.pk}&attendance_mode__exact=remote": ["KR"],
            "status__exact=declined": ["US"],
            f"role__id__exact={role_pk('lead')}&meeting__id__exact={meeting.pk}": ["FR"],
        }
        found = {}
        for query in queries:
            response = admin_client.get(f"{url(models.Participation, 'changelist')}?{query}")
            found[query] = sorted(item.nation.code for item in response.context["cl"].result_list)
        assert found == queries

    def test_participations_list_offers_the_meeting_and_nation_filters(self, admin_client, meeting):
        # A related filter shows only when there is a choice to make: a second meeting, and two organizations.
        other = factories.MeetingFactory(slug="other")
        for slug in ("nato", "eu"):
            factories.ParticipationFactory(
                meeting=other, nation=None, organization=factories.OrganizationFactory(slug=slug)
            )
        response = admin_client.get(url(models.Participation, "changelist"))
        titles = [spec.title for spec in response.context["cl"].filter_specs]
        assert titles == ["meeting", "nation", "organization", "role", "status", "attendance mode", "basis"]

    @pytest.mark.parametrize("term", ["Watford", "watford", "London", "Leaders"])
    def test_meetings_by_venue_city_or_title(self, admin_client, db, term):
        factories.MeetingFactory(
            slug="london-2019", title="NATO Leaders Meeting", city="London", venue="The Grove, Watford"
        )
        factories.MeetingFactory(slug="elsewhere", title="Talks", city="Paris", venue="Élysée")
        response = admin_client.get(url(models.Meeting, "changelist"), {"q": term})
        assert [meeting.slug for meeting in response.context["cl"].result_list] == ["london-2019"]

    def test_meeting_list_columns_identify_a_row(self, admin_client, meeting):
        meeting.venue, meeting.city, meeting.host_country = "Élysée", "Paris", factories.nation("FR")
        meeting.end_date = datetime.date(2025, 3, 12)
        meeting.save()
        response = admin_client.get(url(models.Meeting, "changelist"))
        html = response.content.decode()
        assert "2025-03-11 to 2025-03-12" in html
        assert "Élysée, Paris, FR" in html
        row = response.context["cl"].result_list[0]
        assert row.participant_count == 3

    def test_meeting_list_queries_do_not_grow_with_its_rows(self, admin_client, meeting):
        admin_client.get(url(models.Meeting, "changelist"))  # the session and permissions, cached
        with CaptureQueriesContext(connection) as few:
            admin_client.get(url(models.Meeting, "changelist"))
        for _ in range(5):
            other = factories.MeetingFactory(host_country=factories.nation("DE"))
            factories.ParticipationFactory(meeting=other, nation=factories.nation("FR"))
        with CaptureQueriesContext(connection) as more:
            admin_client.get(url(models.Meeting, "changelist"))
        assert len(more) == len(few)
