"""Read shapes of the models: the filters and prefetches that views, filters and commands call by name."""

from django.apps import apps
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from events import nation_names


class NationQuerySet(models.QuerySet):
    """Nations are found by code, ISO name or a common name (events/data/nation_aliases.yaml), ranked by
    `events.nation_names` so that every caller (admin pickers, API search, importer) finds the same nations."""

    def matching(self, identifier):
        """Nations that `identifier` names exactly: an alpha-2, alpha-3 or numeric code, an ISO name or a common
        name, ignoring case and accents. More than one only for a name that means several (Congo, Korea)."""
        return self.filter(pk__in=[pk for pk, rank in self._ranks(identifier).items() if rank == nation_names.EXACT])

    def search(self, text):
        """Every nation that `text` finds (exactly, by the start of a name, or within one), in no particular order:
        `ranked_search` puts the best first."""
        return self.filter(pk__in=self._ranks(text))

    def ranked_search(self, text):
        """`search`, best first: exact code, name or alias, then names starting with the text, then the rest; by
        name within a rank. The rank is the annotation `search_rank`."""
        ranks = self._ranks(text)
        by_rank = {}
        for pk, rank in ranks.items():
            by_rank.setdefault(rank, []).append(pk)
        rank = Case(
            *[When(pk__in=pks, then=Value(rank)) for rank, pks in sorted(by_rank.items())],
            default=Value(nation_names.CONTAINS),
            output_field=models.IntegerField(),
        )
        return self.filter(pk__in=ranks).annotate(search_rank=rank).order_by("search_rank", "name", "code")

    def _ranks(self, text):
        rows = self.values_list("pk", "code", "alpha3", "numeric", "name", "iso_name", "official_name")
        return nation_names.ranks(text, rows) if nation_names.normalized(text) else {}

    def members_of(self, organization, on):
        return self.filter(Exists(_model("Membership").objects.of(organization, OuterRef("pk"), on=on)))

    def with_memberships(self):
        return self.prefetch_related(
            models.Prefetch("memberships", queryset=_model("Membership").objects.select_related("organization"))
        )


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        """Memberships in force on `day`: `end_date` is the last day of membership, inclusive."""
        return self.filter(Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day)))

    def of(self, organization, nation, on):
        """The membership of `nation` in `organization` in force on `on`; each may be an OuterRef in a subquery."""
        return self.active_on(on).filter(organization=organization, nation=nation)


class OrganizationQuerySet(models.QuerySet):
    def with_members(self):
        return self.prefetch_related(
            models.Prefetch("memberships", queryset=_model("Membership").objects.select_related("nation"))
        )


class MeetingQuerySet(models.QuerySet):
    def overlapping(self, date_from=None, date_to=None):
        """Meetings with at least one day in [date_from, date_to]; either bound may be open."""
        queryset = self
        if date_from:
            queryset = queryset.filter(end_date__gte=date_from)
        if date_to:
            queryset = queryset.filter(start_date__lte=date_to)
        return queryset

    def search(self, text):
        value = text.strip()
        return self.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(purpose__icontains=value)
            | Q(city__icontains=value)
            | Q(venue__icontains=value)
            # The codes first (a small table), so that every condition is on a column of this table and PostgreSQL
            # can combine its indexes rather than read every meeting.
            | Q(
                host_country__in=list(
                    _model("Nation").objects.filter(name__icontains=value).values_list("pk", flat=True)
                )
            )
        )

    def with_participants(self, participations):
        """Meetings that have at least one row of `participations` (a Participation queryset)."""
        return self.filter(Exists(participations.filter(meeting=OuterRef("pk"))))

    def with_details(self):
        """Everything the meeting representation shows, in a fixed number of queries whatever the page size.

        The prefetches sort within one meeting (delegates within one participation) only: their models' own
        orderings start with the meeting, which would join the meeting table to every prefetch just to sort by a
        value that is the same within each list."""
        return self.select_related("host_country", "parent", "series").prefetch_related(
            models.Prefetch(
                "participations",
                queryset=_model("Participation")
                .objects.select_related("nation", "organization", "role")
                .order_by(*PARTICIPATIONS_IN_MEETING_ORDER),
            ),
            models.Prefetch(
                "participations__delegates", queryset=_model("Delegate").objects.with_details().order_by("id")
            ),
            models.Prefetch(
                "reported_counts",
                queryset=_model("ReportedCount")
                .objects.prefetch_related("sources")
                .order_by("count", "qualifier", "id"),
            ),
            models.Prefetch(
                "relations",
                queryset=_model("MeetingRelation")
                .objects.select_related("to_meeting")
                .order_by("kind", "to_meeting", "id"),
            ),
            models.Prefetch(
                "related_from",
                queryset=_model("MeetingRelation")
                .objects.select_related("from_meeting")
                .order_by("from_meeting", "kind", "id"),
            ),
            models.Prefetch("sessions", queryset=_model("Session").objects.order_by("order")),
            "sources",
        )


class SeriesQuerySet(models.QuerySet):
    def with_meetings(self):
        return self.prefetch_related(
            models.Prefetch("meetings", queryset=_model("Meeting").objects.order_by("start_date", "title", "slug"))
        )


class ParticipationQuerySet(models.QuerySet):
    def member_of(self, organization, member=True):
        """Participations of nations that were (member=False: were not) in `organization` on the meeting's first
        day. Organizations taking part are neither: `member=false` never returns NATO itself."""
        condition = Exists(
            _model("Membership").objects.of(organization, OuterRef("nation"), on=OuterRef("meeting__start_date"))
        )
        return self.filter(nation__isnull=False).filter(condition if member else ~condition)

    def of_participants(self, nations=(), organizations=()):
        """Participations of any of these nations or organizations."""
        return self.filter(Q(nation__in=nations) | Q(organization__in=organizations))

    def with_delegates(self, levels=None, people=None):
        """Participations with a delegate of any of these levels, who is any of these people (both when given)."""
        delegates = _model("Delegate").objects.filter(participation=OuterRef("pk"))
        if levels:
            delegates = delegates.filter(level__in=levels)
        if people:
            delegates = delegates.filter(person__in=people)
        return self.filter(Exists(delegates))

    def with_details(self):
        return self.select_related("meeting", "nation", "organization", "role").prefetch_related(
            "sources", models.Prefetch("delegates", queryset=_model("Delegate").objects.with_details().order_by("id"))
        )


# A meeting's participations in the order of Participation.Meta.ordering, without its leading `meeting`.
PARTICIPATIONS_IN_MEETING_ORDER = (models.F("nation__name").asc(nulls_last=True), "organization__name", "id")


class DelegateQuerySet(models.QuerySet):
    def with_details(self):
        """A delegate's sessions are all of one meeting: they sort by their order in it, without joining it."""
        return self.select_related("person").prefetch_related(
            models.Prefetch("sessions", queryset=_model("Session").objects.order_by("order")), "sources"
        )


class ContributionQuerySet(models.QuerySet):
    def with_details(self):
        """Meetings' contributions first (latest meeting first), then organizations': the model's ordering by
        `meeting` puts the rows without one first on PostgreSQL and last on SQLite, so the API states NULLS LAST."""
        return (
            self.select_related("meeting", "organization", "nation", "recipient")
            .prefetch_related("sources")
            .order_by(
                models.F("meeting__start_date").desc(nulls_last=True),
                models.F("meeting__title").asc(nulls_last=True),
                models.F("organization__name").asc(nulls_last=True),
                models.F("announced_on").desc(nulls_last=True),
                "id",
            )
        )

    def in_categories(self, categories):
        """Contributions with any of these categories among theirs (stored as `a,b`: see ChoiceListField)."""
        condition = Q()
        for category in categories:
            condition |= (
                Q(categories=category)
                | Q(categories__startswith=f"{category},")
                | Q(categories__endswith=f",{category}")
                | Q(categories__contains=f",{category},")
            )
        return self.filter(condition)


class SourceQuerySet(models.QuerySet):
    def search(self, text):
        value = text.strip()
        return self.filter(Q(outlet__icontains=value) | Q(title__icontains=value) | Q(author__icontains=value))

    def with_citations(self):
        return self.prefetch_related(
            models.Prefetch(
                "citations",
                queryset=_model("Citation").objects.select_related(
                    "speaker_nation", "speaker_organization", "speaker_person", "meeting"
                ),
            )
        )


def _model(name):
    """The querysets are defined before the models that use them, so related models are looked up lazily."""
    return apps.get_model("events", name)
