"""The admin is the data-entry tool. Related nations, roles and meetings are chosen by autocomplete.

Every write of the admin goes through the services, inside one change per request (so it is serialized with the
API's writes, attributed to the staff user in the history, and bumps what it must), and each model's history
pages list its changes.
"""

import datetime
import itertools

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseInlineFormSet
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from events.changes import current_change, recording
from events.models import (
    Citation,
    Contribution,
    Meeting,
    Membership,
    Nation,
    Organization,
    Participation,
    ParticipationRole,
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


class ParticipationInline(SelectRelatedInline, admin.TabularInline):
    model = Participation
    select_related = ["nation", "meeting"]
    extra = 0
    autocomplete_fields = ["nation", "role", "sources"]
    fields = ["nation", "role", "status", "attendance_mode", "representative", "notes", "sources"]


class SessionInline(admin.TabularInline):
    model = Session
    formset = ServiceFormSet
    extra = 0


class ContributionInline(SelectRelatedInline, admin.StackedInline):
    model = Contribution
    select_related = ["nation"]
    extra = 0
    autocomplete_fields = ["nation", "sources"]
    fields = [("category", "status"), "nation", "description", ("quantity", "unit"), "sources"]


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    list_display = ["title", "start_date", "city", "host_country", "format", "status", "level"]
    list_filter = ["status", "format", "level", "start_date"]
    list_select_related = ["host_country"]
    date_hierarchy = "start_date"
    search_fields = [
        "title",
        "slug",
        "city",
        "participations__nation__code",
        "participations__nation__alpha3",
        "participations__nation__name",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host_country", "parent", "sources"]
    inlines = [SessionInline, ParticipationInline, ContributionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "purpose", "parent"]}),
        ("When", {"fields": [("start_date", "end_date"), ("start_time", "end_time", "timezone")]}),
        ("Where", {"fields": [("city", "venue"), "host_country"]}),
        ("What kind", {"fields": [("format", "status", "level")]}),
        ("Reported size", {"fields": [("reported_nation_count", "reported_nation_count_qualifier")]}),
        ("Sources", {"fields": ["sources"]}),
    ]


@admin.register(Session)
class SessionAdmin(ServiceAdmin):
    list_display = ["meeting", "order", "title"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting"]


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin):
    list_display = ["meeting", "nation", "role", "status", "attendance_mode", "representative"]
    list_filter = ["status", "attendance_mode", "role"]
    list_select_related = ["meeting", "nation", "role"]
    search_fields = ["nation__code", "nation__alpha3", "nation__name", "meeting__title", "representative"]
    autocomplete_fields = ["meeting", "nation", "role", "sources"]


@admin.register(Contribution)
class ContributionAdmin(ServiceAdmin):
    list_display = ["category", "nation", "meeting", "organization", "status", "quantity", "unit"]
    list_filter = ["category", "status"]
    list_select_related = ["nation", "meeting", "organization"]
    search_fields = ["description", "nation__code", "nation__name", "meeting__title"]
    autocomplete_fields = ["meeting", "organization", "nation", "sources"]


class CitationInline(admin.StackedInline):
    model = Citation
    formset = ServiceFormSet
    extra = 0
    autocomplete_fields = ["speaker_nation", "meeting"]


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
    autocomplete_fields = ["source", "speaker_nation", "meeting"]
