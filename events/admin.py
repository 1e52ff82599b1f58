"""The admin is the data-entry tool. Related nations, roles and meetings are chosen by autocomplete.

Every write of the admin goes through the services, inside one change per request (so it is serialized with the
API's writes, attributed to the staff user in the history, and bumps what it must), and each model's history
pages list its changes.
"""

import datetime
import itertools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.forms import BaseInlineFormSet
from django.forms.utils import pretty_name
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
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
from events.models.participation import DUPLICATE_NATION, DUPLICATE_ORGANIZATION
from events.services import ObjectGone, create_object, delete_object, update_object

# The nav sidebar takes a quarter of a laptop's screen from forms whose inlines need the width; the breadcrumbs and
# the index page lead everywhere it does.
admin.site.enable_nav_sidebar = False

ISO_DATE = "%Y-%m-%d"


class IsoDateField(forms.DateField):
    """A date typed as YYYY-MM-DD only: 03/12/2019 is 3 December to some clerks and 12 March to others, so it is an
    error, never a guess."""

    input_formats = [ISO_DATE]
    default_error_messages = {"invalid": "Enter the date as YYYY-MM-DD (year, month, day), e.g. 2019-12-03."}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.help_text = " ".join(filter(None, [str(self.help_text), "Format: YYYY-MM-DD."]))


class IsoDateWidget(AdminDateWidget):
    """Shows a date as YYYY-MM-DD whatever the language, with the format as its placeholder."""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs={"placeholder": "YYYY-MM-DD", **(attrs or {})}, format=ISO_DATE)


# Every admin form and inline takes and shows dates as ISO (a DateTimeField keeps the admin's own widget: Django
# looks a field's class up before its parents').
ISO_DATES = {models.DateField: {"form_class": IsoDateField, "widget": IsoDateWidget}}


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

    def add_fields(self, form, index):
        """Name every input of a row with its column and row ("Nation, participation 3"): a tabular inline shows
        the labels only once, as column headings, which assistive technology does not tie to the inputs."""
        super().add_fields(form, index)
        name = self.model._meta.verbose_name
        row = f"new {name}" if index is None else f"{name} {index + 1}"
        for field_name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-widget wrapper
            if not widget.is_hidden:
                label = field.label or pretty_name(field_name)
                widget.attrs = {**widget.attrs, "aria-label": f"{label}, {row}"}

    def get_unique_error_message(self, unique_check):
        """The model's own message for the rule, as the API gives it, rather than Django's generic one."""
        for constraint in self.model._meta.total_unique_constraints:
            custom = constraint.violation_error_message != constraint.default_violation_error_message
            if custom and set(constraint.fields) == set(unique_check):
                return constraint.violation_error_message
        return super().get_unique_error_message(unique_check)

    def get_form_error(self):
        return "This row repeats another row of this form."


def _user():
    return current_change().user


def error_links(form, formsets):
    """Every error of a change form and its inlines as (address of the field or row, message naming where)."""
    links = [_error_link(form, name, message, "") for name, errors in form.errors.items() for message in errors]
    for formset in formsets:
        group = formset.model._meta.verbose_name_plural.capitalize()
        links += [(f"#{formset.prefix}-group", f"{group}: {message}") for message in formset.non_form_errors()]
        for index, row in enumerate(formset.forms):
            where = f"{formset.model._meta.verbose_name.capitalize()} {index + 1}"
            for name, errors in row.errors.items():
                links += [_error_link(row, name, message, where, f"#{formset.prefix}-{index}") for message in errors]
    return links


def _error_link(form, name, message, where, row_address="#content-main"):
    if name == NON_FIELD_ERRORS or name not in form.fields:
        return row_address, f"{where}: {message}" if where else message
    label = form.fields[name].label or pretty_name(name)
    return f"#{form[name].auto_id}", f"{where}, {label.lower()}: {message}" if where else f"{label}: {message}"


class RankedSearch:
    """A search (in the list and in the pickers) lists the best matches first, in the order `ranked` gives, unless
    the clerk sorts the list by a column. The admin searches after it sorts, so the ranking would otherwise win."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        results = self.ranked(queryset, search_term.strip())
        if request.GET.get(ORDER_VAR):
            results = results.order_by(*queryset.query.order_by)
        return results, False


class ServiceAdmin(SimpleHistoryAdmin):
    """A model admin whose writes go through the services, one change per request. Its forms take ISO dates, list
    their errors at the top with links to the fields (templates/admin/events/change_form.html), and fit a laptop's
    screen (static/events/admin.css)."""

    formfield_overrides = ISO_DATES

    class Media:
        css = {"all": ["events/admin.css"]}
        js = ["admin/js/jquery.init.js", "events/admin.js"]  # after django.jQuery, which it uses

    def render_change_form(self, request, context, *args, **kwargs):
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        context["error_links"] = error_links(context["adminform"].form, formsets)
        return super().render_change_form(request, context, *args, **kwargs)

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
class NationAdmin(RankedSearch, ServiceAdmin):
    """Nations come from pycountry (`manage.py sync_nations`): staff look them up, they do not type them."""

    list_display = ["code", "alpha3", "numeric", "name", "official_name"]
    search_fields = ["code", "alpha3", "name", "iso_name", "official_name"]
    readonly_fields = ["code", "alpha3", "numeric", "name", "iso_name", "official_name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def ranked(self, queryset, text):
        """Nation.objects.ranked_search: an exact code, name or common name (FR, fra, France; UK, Ivory Coast)
        first, then names starting with the text, then names containing it."""
        return queryset.ranked_search(text)


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


class ServiceInline:
    """Inline rows are written through the services and take ISO dates. Each row shows its object's __str__, which
    crosses relations: fetch those (`select_related`) with the rows."""

    select_related = ()
    formset = ServiceFormSet
    formfield_overrides = ISO_DATES
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)


class MembershipInline(ServiceInline, admin.TabularInline):
    model = Membership
    select_related = ["nation", "organization"]
    formset = MembershipFormSet
    autocomplete_fields = ["nation"]


@admin.register(Organization)
class OrganizationAdmin(RankedSearch, ServiceAdmin):
    list_display = ["short_name", "name", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["slug", "name", "short_name"]

    def ranked(self, queryset, text):
        """An exact slug, acronym or name (nato, NATO) first, then those starting with the text, then the rest."""
        fields = ["slug", "short_name", "name"]

        def any_field(lookup):
            return Q(*[Q(**{f"{field}__{lookup}": text}) for field in fields], _connector=Q.OR)

        rank = Case(
            When(any_field("iexact"), then=Value(0)),
            When(any_field("istartswith"), then=Value(1)),
            default=Value(2),
        )
        results = queryset.filter(any_field("icontains")).annotate(search_rank=rank)
        return results.order_by("search_rank", "name", "slug")

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
    organizations) that are there, so a formset's own check, which skips conditional constraints, is done here, with
    the model's (and the API's) message on the repeated row's field."""

    duplicate_messages = {"nation": DUPLICATE_NATION, "organization": DUPLICATE_ORGANIZATION}

    def clean(self):
        super().clean()
        for field, message in self.duplicate_messages.items():
            seen = set()
            for form in self.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or self._should_delete_form(form) or not data.get(field):
                    continue
                if data[field] in seen:
                    form.add_error(field, ValidationError(message, code="duplicate"))
                else:
                    seen.add(data[field])


class ParticipationInline(ServiceInline, admin.TabularInline):
    """Who took part, one short row each; delegates, basis, notes and sources are on each participation's own page
    (the link in the last column), so the table fits a laptop's screen."""

    model = Participation
    formset = ParticipationFormSet
    select_related = ["nation", "organization", "meeting"]
    autocomplete_fields = ["nation", "organization", "role"]
    fields = ["nation", "organization", "role", "status", "attendance_mode", "details"]
    readonly_fields = ["details"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(delegate_count=Count("delegates", distinct=True), source_count=Count("sources", distinct=True))
        )

    @admin.display(description="Delegates, notes, sources")
    def details(self, participation):
        if participation.pk is None:
            return "After saving"
        delegates = f"{participation.delegate_count} delegate{'' if participation.delegate_count == 1 else 's'}"
        sources = f"{participation.source_count} source{'' if participation.source_count == 1 else 's'}"
        return format_html(
            '<a href="{}">{}, {}<span class="visually-hidden"> of {}</span></a>',
            reverse("admin:events_participation_change", args=[participation.pk]),
            delegates,
            sources,
            participation.participant,
        )


class SessionInline(ServiceInline, admin.TabularInline):
    model = Session
    fields = ["order", "title", "date", "start_time", "end_time", "description"]


class ReportedCountInline(ServiceInline, admin.TabularInline):
    model = ReportedCount
    autocomplete_fields = ["sources"]
    fields = ["count", "qualifier", "basis", "basis_note", "sources"]


class MeetingRelationInline(ServiceInline, admin.TabularInline):
    model = MeetingRelation
    fk_name = "from_meeting"
    select_related = ["from_meeting", "to_meeting"]
    autocomplete_fields = ["to_meeting", "sources"]
    fields = ["kind", "to_meeting", "basis", "basis_note", "sources"]


class ContributionInline(ServiceInline, admin.StackedInline):
    model = Contribution
    select_related = ["nation", "recipient"]
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


class CitationForm(forms.ModelForm):
    """A quote needs its speaker (the model's rule, as in the API): the help says what to write for a joint
    declaration, which no single person speaks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "speaker" in self.fields:
            self.fields["speaker"].help_text = (
                'Who said it, as the source describes them (e.g. "French military official"); for a joint '
                'declaration, who issued it (e.g. "the leaders of the coalition, in a joint declaration").'
            )


class CitationInline(ServiceInline, admin.StackedInline):
    """Quotes of a source (on the source's page), or about a meeting (on the meeting's page)."""

    model = Citation
    form = CitationForm
    select_related = ["source", "speaker_person", "speaker_nation", "speaker_organization", "meeting"]
    autocomplete_fields = ["source", "speaker_person", "speaker_nation", "speaker_organization", "meeting"]
    fields = [
        "source",
        "meeting",
        "quote",
        ("speaker", "speaker_is_anonymous"),
        ("speaker_nation", "speaker_organization", "speaker_person"),
        "context",
    ]

    def get_fields(self, request, obj=None):
        """The row's parent is not asked again."""
        parent = self.fk_name or "source"
        return [field for field in self.fields if field != parent]


class MeetingCitationInline(CitationInline):
    fk_name = "meeting"
    verbose_name_plural = "citations (quotes about this meeting)"


@admin.register(Series)
class SeriesAdmin(ServiceAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    """The page a clerk enters a meeting on: the sources first (to cite them below), then when, where and what
    kind, then its sessions, participations, contributions and quotes."""

    list_display = ["dates", "title", "place", "format", "status", "participant_count"]
    list_display_links = ["dates", "title"]
    list_filter = ["status", "format", "level", "series", "start_date"]
    list_select_related = ["host_country"]
    date_hierarchy = "start_date"
    search_fields = [
        "title",
        "slug",
        "city",
        "venue",
        "participations__nation__code",
        "participations__nation__alpha3",
        "participations__nation__name",
        "participations__organization__slug",
        "participations__organization__name",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host_country", "parent", "series", "sources"]
    inlines = [
        SessionInline,
        ParticipationInline,
        ContributionInline,
        MeetingCitationInline,
        ReportedCountInline,
        MeetingRelationInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("series", "parent")]}),
        (
            "Sources",
            {
                "fields": ["sources"],
                "description": "The reports this record rests on: pick them, or add one with +. Participations, "
                "contributions and quotes below cite them.",
            },
        ),
        ("When", {"fields": [("start_date", "end_date"), ("start_time", "end_time", "timezone")]}),
        ("Where", {"fields": [("city", "venue"), "host_country"]}),
        ("What kind", {"fields": [("format", "status", "level"), "participants_complete"]}),
        ("What happened", {"fields": ["summary", "purpose"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_count=Count("participations"))

    @admin.display(description="Dates", ordering="start_date")
    def dates(self, meeting):
        if meeting.end_date and meeting.end_date != meeting.start_date:
            return f"{meeting.start_date.isoformat()} to {meeting.end_date.isoformat()}"
        return meeting.start_date.isoformat()

    @admin.display(description="Place", ordering="city")
    def place(self, meeting):
        country = meeting.host_country.code if meeting.host_country_id else ""
        return ", ".join(part for part in (meeting.venue, meeting.city, country) if part)

    @admin.display(description="Participations", ordering="participant_count")
    def participant_count(self, meeting):
        return meeting.participant_count


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


class DelegateInline(ServiceInline, admin.StackedInline):
    model = Delegate
    formset = DelegateFormSet
    select_related = ["person", "participation"]
    autocomplete_fields = ["person", "sources"]
    fields = [
        ("person", "description"),
        ("office", "level", "attendance_mode"),
        "sessions",
        ("basis", "basis_note"),
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
    list_display = ["meeting_date", "meeting", "participant", "role", "status", "attendance_mode", "basis"]
    list_filter = [
        ("meeting", admin.RelatedOnlyFieldListFilter),
        ("nation", admin.RelatedOnlyFieldListFilter),
        ("organization", admin.RelatedOnlyFieldListFilter),
        "role",
        "status",
        "attendance_mode",
        "basis",
    ]
    list_select_related = ["meeting", "nation", "organization", "role"]
    fields = ["meeting", ("nation", "organization"), "role", ("status", "attendance_mode"), "basis", "notes", "sources"]
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

    @admin.display(description="Meeting's first day", ordering="meeting__start_date")
    def meeting_date(self, participation):
        return participation.meeting.start_date.isoformat()


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


@admin.register(Source)
class SourceAdmin(ServiceAdmin):
    formfield_overrides = {**ISO_DATES, models.URLField: {"assume_scheme": "https"}}  # "example.org" means https
    list_display = ["title", "outlet", "author", "published_date"]
    search_fields = ["title", "outlet", "author"]
    inlines = [CitationInline]


@admin.register(Citation)
class CitationAdmin(ServiceAdmin):
    form = CitationForm
    list_display = ["speaker", "source", "meeting"]
    list_select_related = ["source", "meeting"]
    search_fields = ["quote", "speaker", "source__title"]
    autocomplete_fields = ["source", "speaker_person", "speaker_nation", "speaker_organization", "meeting"]
