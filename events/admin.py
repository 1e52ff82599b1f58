"""The admin is the data-entry tool. Related nations, roles and meetings are chosen by autocomplete.

Every write of the admin goes through the services, inside one change per request (so it is serialized with the
API's writes, attributed to the staff user in the history, and bumps what it must), and each model's history
pages list its changes.
"""

import datetime
import itertools

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms import BaseInlineFormSet
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from events.changes import current_change, recording
from events.models import (
    Citation,
    Contribution,
    ContributionCategory,
    Delegate,
    Meeting,
    MeetingRelation,
    Membership,
    Nation,
    Organization,
    Participation,
    ParticipationRole,
    Person,
    ReportedCount,
    Series,
    Session,
    Source,
)
from events.services import ObjectGone, create_object, delete_object, update_object


def _model_data(form, names):
    """The form's cleaned values of these names that are fields of its model (not the inline's DELETE or id)."""
    fields = {field.name for field in form._meta.model._meta.get_fields() if field.concrete or field.many_to_many}
    return {name: form.cleaned_data[name] for name in names if name in fields and name in form.cleaned_data}


def _adopt(target, saved):
    """Make the form's instance the row the service saved, as the admin goes on using it (log entry, inlines)."""
    for field in saved._meta.concrete_fields:
        setattr(target, field.attname, getattr(saved, field.attname))
    target._state.adding = False


class ServiceFormSet(BaseInlineFormSet):
    """Inline rows are created, changed and deleted through the services."""

    def save_new(self, form, commit=True):
        instance = form.instance
        setattr(instance, self.fk.name, self.instance)
        data = {**_model_data(form, form.fields), self.fk.name: self.instance}
        _adopt(instance, create_object(type(instance), data=data, user=_user(), via="admin"))
        return instance

    def save_existing(self, form, obj, commit=True):
        _adopt(obj, update_object(obj, data=_model_data(form, form.changed_data), user=_user(), via="admin"))
        return obj

    def delete_existing(self, obj, commit=True):
        delete_object(obj, user=_user(), via="admin")


def _user():
    return current_change().user


class ServiceAdmin(SimpleHistoryAdmin):
    """A model admin whose writes go through the services, one change per request."""

    def changeform_view(self, request, *args, **kwargs):
        return self._in_change(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._in_change(request, super().delete_view, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._in_change(request, super().changelist_view, *args, **kwargs)

    def _in_change(self, request, view, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        try:
            with recording(user=request.user, via="admin"):
                return view(request, *args, **kwargs)
        except ObjectGone:
            self.message_user(request, "Another user deleted this record meanwhile; nothing was saved.", messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        names = form.changed_data if change else form.fields
        data = {name: value for name, value in _model_data(form, names).items() if name not in self._links()}
        if change:
            _adopt(obj, update_object(obj, data=data, user=request.user, via="admin"))
        else:
            _adopt(obj, create_object(type(obj), data=data, user=request.user, via="admin"))

    def save_related(self, request, form, formsets, change):
        links = {name: value for name, value in _model_data(form, form.fields).items() if name in self._links()}
        if links:
            update_object(form.instance, data=links, user=request.user, via="admin")
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        delete_object(obj, user=request.user, via="admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_object(obj, user=request.user, via="admin")

    def _links(self):
        return {field.name for field in self.model._meta.many_to_many}


@admin.register(Nation)
class NationAdmin(ServiceAdmin):
    """Nations come from pycountry (`manage.py sync_nations`): staff look them up, they do not type them."""

    list_display = ["code", "alpha3", "numeric", "name", "official_name"]
    search_fields = ["code", "alpha3", "name", "iso_name", "official_name"]
    readonly_fields = ["code", "alpha3", "numeric", "name", "iso_name", "official_name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """An exact code or name (FR, fra, France) finds that nation first, then any partial match."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            results = results | queryset.matching(search_term)
        return results, may_have_duplicates


class MembershipFormSet(ServiceFormSet):
    """Membership.clean() compares a period with the saved ones only; this also compares the periods of the form."""

    def clean(self):
        super().clean()
        periods = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or not data.get("nation") or not data.get("start_date"):
                continue
            periods.setdefault(data["nation"], []).append(
                (data["start_date"], data.get("end_date") or datetime.date.max)
            )
        for nation, spans in periods.items():
            spans.sort()
            # Sorted by start, two periods overlap only if some period starts before the previous one ends.
            if any(start <= previous_end for (_, previous_end), (start, _) in itertools.pairwise(spans)):
                raise ValidationError(f"{nation} has overlapping memberships in this form.")


class SelectRelatedInline:
    """Each inline row shows its object's __str__, which crosses relations: fetch those with the rows. Rows are
    written through the services."""

    select_related = ()
    formset = ServiceFormSet

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)


class MembershipInline(SelectRelatedInline, admin.TabularInline):
    model = Membership
    select_related = ["nation", "organization"]
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["nation"]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    list_display = ["short_name", "name", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["slug", "name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    list_display = ["nation", "organization", "start_date", "end_date"]
    list_filter = ["organization"]
    list_select_related = ["nation", "organization"]
    search_fields = ["nation__code", "nation__alpha3", "nation__name", "organization__slug", "organization__name"]
    autocomplete_fields = ["nation", "organization"]
    date_hierarchy = "start_date"


@admin.register(ParticipationRole)
class ParticipationRoleAdmin(ServiceAdmin):
    list_display = ["code", "name", "description"]
    search_fields = ["code", "name"]


class ParticipationFormSet(ServiceFormSet):
    """A participant appears once per meeting: the database's unique constraints hold only for nations (or
    organizations) that are there, so a formset's own check, which skips conditional constraints, is done here."""

    def clean(self):
        super().clean()
        errors = []
        for field in ("nation", "organization"):
            seen = set()
            for form in self.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or self._should_delete_form(form) or not data.get(field):
                    continue
                if data[field] in seen:
                    form._errors[NON_FIELD_ERRORS] = self.error_class([self.get_form_error()], renderer=self.renderer)
                    del form.cleaned_data[field]
                    if self.get_unique_error_message([field]) not in errors:
                        errors.append(self.get_unique_error_message([field]))
                else:
                    seen.add(data[field])
        if errors:
            raise ValidationError(errors)


class ParticipationInline(SelectRelatedInline, admin.TabularInline):
    """Delegates are entered on each participation's own page (the change link)."""

    model = Participation
    formset = ParticipationFormSet
    select_related = ["nation", "organization", "meeting"]
    extra = 0
    show_change_link = True
    autocomplete_fields = ["nation", "organization", "role", "sources"]
    fields = ["nation", "organization", "role", "status", "attendance_mode", "basis", "notes", "sources"]


class SessionInline(admin.TabularInline):
    model = Session
    formset = ServiceFormSet
    extra = 0
    fields = ["order", "title", "description", "date", "start_time", "end_time"]


class ReportedCountInline(admin.TabularInline):
    model = ReportedCount
    formset = ServiceFormSet
    extra = 0
    autocomplete_fields = ["sources"]
    fields = ["count", "qualifier", "basis", "basis_note", "sources"]


class MeetingRelationInline(SelectRelatedInline, admin.TabularInline):
    model = MeetingRelation
    fk_name = "from_meeting"
    select_related = ["from_meeting", "to_meeting"]
    extra = 0
    autocomplete_fields = ["to_meeting", "sources"]
    fields = ["kind", "to_meeting", "basis", "basis_note", "sources"]


class ContributionInline(SelectRelatedInline, admin.StackedInline):
    model = Contribution
    select_related = ["nation", "recipient"]
    extra = 0
    autocomplete_fields = ["nation", "recipient", "sources"]
    fields = [
        ("status", "basis"),
        ("nation", "recipient"),
        "categories",
        "description",
        ("quantity", "unit"),
        ("amount", "currency", "announced_on"),
        "basis_note",
        "sources",
    ]


@admin.register(Series)
class SeriesAdmin(ServiceAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    list_display = ["title", "start_date", "city", "host_country", "format", "status", "level", "series"]
    list_filter = ["status", "format", "level", "series", "start_date"]
    list_select_related = ["host_country", "series"]
    date_hierarchy = "start_date"
    search_fields = [
        "title",
        "slug",
        "city",
        "participations__nation__code",
        "participations__nation__alpha3",
        "participations__nation__name",
        "participations__organization__slug",
        "participations__organization__name",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host_country", "parent", "series", "sources"]
    inlines = [SessionInline, ParticipationInline, ReportedCountInline, MeetingRelationInline, ContributionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "purpose", ("series", "parent")]}),
        ("When", {"fields": [("start_date", "end_date"), ("start_time", "end_time", "timezone")]}),
        ("Where", {"fields": [("city", "venue"), "host_country"]}),
        ("What kind", {"fields": [("format", "status", "level"), "participants_complete"]}),
        ("Sources", {"fields": ["sources"]}),
    ]


@admin.register(Session)
class SessionAdmin(ServiceAdmin):
    list_display = ["meeting", "order", "title", "date"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting"]


class DelegateFormSet(ServiceFormSet):
    """The sessions a delegate attended are the participation's meeting's (a rule on a many-to-many field, checked
    here as the services check it)."""

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if data and not self._should_delete_form(form) and data.get("sessions"):
                try:
                    Delegate(participation=self.instance).check_sessions(data["sessions"])
                except ValidationError as error:
                    form.add_error("sessions", error.message_dict["sessions"])


class DelegateInline(SelectRelatedInline, admin.TabularInline):
    model = Delegate
    formset = DelegateFormSet
    select_related = ["person", "participation"]
    extra = 0
    autocomplete_fields = ["person", "sources"]
    fields = [
        "person",
        "description",
        "office",
        "level",
        "attendance_mode",
        "sessions",
        "basis",
        "basis_note",
        "sources",
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Only the sessions of this participation's meeting are offered."""
        if db_field.name == "sessions":
            participation_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Session.objects.filter(meeting__participations__pk=participation_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin):
    list_display = ["meeting", "participant", "role", "status", "attendance_mode", "basis"]
    list_filter = ["status", "attendance_mode", "basis", "role"]
    list_select_related = ["meeting", "nation", "organization", "role"]
    search_fields = [
        "nation__code",
        "nation__alpha3",
        "nation__name",
        "organization__slug",
        "organization__name",
        "meeting__title",
        "delegates__person__name",
        "delegates__description",
    ]
    autocomplete_fields = ["meeting", "nation", "organization", "role", "sources"]
    inlines = [DelegateInline]


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    list_display = ["name", "wikidata_id"]
    search_fields = ["name", "wikidata_id"]


class DelegateForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if data.get("participation") and data.get("sessions"):
            try:
                Delegate(participation=data["participation"]).check_sessions(data["sessions"])
            except ValidationError as error:
                self.add_error("sessions", error.message_dict["sessions"])
        return data


@admin.register(Delegate)
class DelegateAdmin(ServiceAdmin):
    form = DelegateForm
    list_display = ["__str__", "participation", "level", "attendance_mode", "basis"]
    list_filter = ["level", "attendance_mode", "basis"]
    list_select_related = ["person", "participation__meeting", "participation__nation", "participation__organization"]
    search_fields = ["person__name", "description", "office", "participation__meeting__title"]
    autocomplete_fields = ["participation", "person", "sessions", "sources"]


@admin.register(ReportedCount)
class ReportedCountAdmin(ServiceAdmin):
    list_display = ["meeting", "count", "qualifier", "basis"]
    list_filter = ["qualifier", "basis"]
    list_select_related = ["meeting"]
    search_fields = ["meeting__title"]
    autocomplete_fields = ["meeting", "sources"]


@admin.register(MeetingRelation)
class MeetingRelationAdmin(ServiceAdmin):
    list_display = ["from_meeting", "kind", "to_meeting", "basis"]
    list_filter = ["kind", "basis"]
    list_select_related = ["from_meeting", "to_meeting"]
    search_fields = ["from_meeting__title", "to_meeting__title"]
    autocomplete_fields = ["from_meeting", "to_meeting", "sources"]


class CategoryFilter(admin.SimpleListFilter):
    """Contributions with a category among theirs."""

    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return ContributionCategory.choices

    def queryset(self, request, queryset):
        return queryset.in_categories([self.value()]) if self.value() else queryset


@admin.register(Contribution)
class ContributionAdmin(ServiceAdmin):
    list_display = ["__str__", "nation", "meeting", "organization", "status", "amount", "currency", "announced_on"]
    list_filter = [CategoryFilter, "status", "basis", "currency"]
    list_select_related = ["nation", "meeting", "organization"]
    search_fields = ["description", "nation__code", "nation__name", "meeting__title"]
    autocomplete_fields = ["meeting", "organization", "nation", "recipient", "sources"]


class CitationInline(admin.StackedInline):
    model = Citation
    formset = ServiceFormSet
    extra = 0
    autocomplete_fields = ["speaker_person", "speaker_nation", "speaker_organization", "meeting"]


@admin.register(Source)
class SourceAdmin(ServiceAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a typed "example.org" means https
    list_display = ["title", "outlet", "author", "published_date"]
    search_fields = ["title", "outlet", "author"]
    inlines = [CitationInline]


@admin.register(Citation)
class CitationAdmin(ServiceAdmin):
    list_display = ["speaker", "source", "meeting"]
    list_select_related = ["source", "meeting"]
    search_fields = ["quote", "speaker", "source__title"]
    autocomplete_fields = ["source", "speaker_person", "speaker_nation", "speaker_organization", "meeting"]
