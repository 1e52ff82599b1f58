"""The admin is the data-entry tool. Related nations, roles and meetings are chosen by autocomplete."""

import datetime
import itertools

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseInlineFormSet

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


@admin.register(Nation)
class NationAdmin(admin.ModelAdmin):
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


class MembershipFormSet(BaseInlineFormSet):
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
    """Each inline row shows its object's __str__, which crosses relations: fetch those with the rows."""

    select_related = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)


class MembershipInline(SelectRelatedInline, admin.TabularInline):
    model = Membership
    select_related = ["nation", "organization"]
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["nation"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["slug", "name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["nation", "organization", "start_date", "end_date"]
    list_filter = ["organization"]
    list_select_related = ["nation", "organization"]
    search_fields = ["nation__code", "nation__alpha3", "nation__name", "organization__slug", "organization__name"]
    autocomplete_fields = ["nation", "organization"]
    date_hierarchy = "start_date"


@admin.register(ParticipationRole)
class ParticipationRoleAdmin(admin.ModelAdmin):
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
    extra = 0


class ContributionInline(SelectRelatedInline, admin.StackedInline):
    model = Contribution
    select_related = ["nation"]
    extra = 0
    autocomplete_fields = ["nation", "sources"]
    fields = [("category", "status"), "nation", "description", ("quantity", "unit"), "sources"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
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
class SessionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "order", "title"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "nation", "role", "status", "attendance_mode", "representative"]
    list_filter = ["status", "attendance_mode", "role"]
    list_select_related = ["meeting", "nation", "role"]
    search_fields = ["nation__code", "nation__alpha3", "nation__name", "meeting__title", "representative"]
    autocomplete_fields = ["meeting", "nation", "role", "sources"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["category", "nation", "meeting", "organization", "status", "quantity", "unit"]
    list_filter = ["category", "status"]
    list_select_related = ["nation", "meeting", "organization"]
    search_fields = ["description", "nation__code", "nation__name", "meeting__title"]
    autocomplete_fields = ["meeting", "organization", "nation", "sources"]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["speaker_nation", "meeting"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a typed "example.org" means https
    list_display = ["title", "outlet", "author", "published_date"]
    search_fields = ["title", "outlet", "author"]
    inlines = [CitationInline]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["speaker", "source", "meeting"]
    list_select_related = ["source", "meeting"]
    search_fields = ["quote", "speaker", "source__title"]
    autocomplete_fields = ["source", "speaker_nation", "meeting"]
