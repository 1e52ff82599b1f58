"""Lists and details take a fixed, small number of queries whatever the page size: no query per row, nor per
nested row (a participation's delegates, a delegate's sessions, a meeting's reported counts and relations, a
citation's speaker)."""

import datetime
from decimal import Decimal

import pytest

from events.models import (
    Citation,
    Contribution,
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
from events.models.base import digest

SIZES = [1, 10, 100]
ROWS = 120  # meetings, organizations, ... : more than the largest page
CHILDREN = 3  # participations, sessions and sources per meeting, citations per source, ...
DELEGATES = 2  # per participation: a named person and an unnamed official
DAY = datetime.date(2020, 1, 1)


def through(relation, pairs):
    """Rows of a many-to-many table: `pairs` of (owner, related)."""
    model = relation.through
    owner, related = (field.attname for field in model._meta.fields if field.is_relation)
    model.objects.bulk_create(model(**{owner: a.pk, related: b.pk}) for a, b in pairs)


def citation(source, quote, kind, nation, organization, person, meeting):
    """A citation whose speaker speaks for a nation (kind 0), an organization (1), or is a named person of a nation
    (2): every kind of speaker the representation shows."""
    return Citation(
        source=source,
        quote=quote,
        quote_digest=digest(quote),  # bulk_create skips save(), which sets it
        speaker="Official",
        speaker_nation=nation if kind != 1 else None,
        speaker_organization=organization if kind == 1 else None,
        speaker_person=person if kind == 2 else None,
        meeting=meeting,
    )


def delegates_of(participations, people, sources, sessions):
    """DELEGATES per participation (a person, and an unnamed official), each attending every session of its meeting
    and citing the meeting's sources."""
    delegates = Delegate.objects.bulk_create(
        Delegate(
            participation=participation,
            person=people[(i + j) % len(people)] if j == 0 else None,
            description="" if j == 0 else f"Official {j}",
            office="Minister of Defence" if j == 0 else "",
            level="minister" if j == 0 else "official",
        )
        for i, participation in enumerate(participations)
        for j in range(DELEGATES)
    )
    by_participation = {participation.pk: participation for participation in participations}
    meeting_of = {delegate.pk: by_participation[delegate.participation_id].meeting_id for delegate in delegates}
    through(Delegate.sessions, [(d, s) for d in delegates for s in sessions[meeting_of[d.pk]]])
    through(Delegate.sources, [(d, s) for d in delegates for s in sources[meeting_of[d.pk]]])
    return delegates


@pytest.fixture
def dataset(db):
    """ROWS of everything, each with CHILDREN of whatever its representation nests, created in bulk."""
    nations = list(Nation.objects.order_by("pk"))
    roles = list(ParticipationRole.objects.order_by("pk"))
    ParticipationRole.objects.bulk_create(ParticipationRole(code=f"role-{i}", name=f"Role {i}") for i in range(ROWS))

    organizations = Organization.objects.bulk_create(
        Organization(slug=f"org-{i}", name=f"Organization {i}", short_name=f"O{i}") for i in range(ROWS)
    )
    Membership.objects.bulk_create(
        Membership(organization=organizations[(n + j) % ROWS], nation=nation, start_date=DAY)
        for n, nation in enumerate(nations)
        for j in range(CHILDREN)
    )
    people = Person.objects.bulk_create(Person(name=f"Person {i}", wikidata_id=f"Q{i + 1}") for i in range(ROWS))
    series = Series.objects.bulk_create(Series(slug=f"series-{i}", name=f"Series {i}") for i in range(ROWS))

    root = Meeting.objects.create(title="Root", slug="root", start_date=DAY, end_date=DAY)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Meeting {i}",
            slug=f"meeting-{i}",
            start_date=DAY + datetime.timedelta(days=i + 1),
            end_date=DAY + datetime.timedelta(days=i + 2),
            city="Paris",
            host_country=nations[i],
            parent=root,
            series=series[i],
            level="military",
            status="held",
        )
        for i in range(ROWS)
    )
    sessions = Session.objects.bulk_create(
        Session(meeting=meeting, order=j + 1, title=f"Session {j + 1}") for meeting in meetings for j in range(CHILDREN)
    )
    meeting_sessions = {meeting.pk: [s for s in sessions if s.meeting_id == meeting.pk] for meeting in meetings}
    sources = Source.objects.bulk_create(
        Source(outlet=f"Outlet {i}", title=f"Report {j}") for i in range(ROWS) for j in range(CHILDREN)
    )
    meeting_sources = {meeting.pk: sources[i * CHILDREN : (i + 1) * CHILDREN] for i, meeting in enumerate(meetings)}
    through(Meeting.sources, [(m, s) for m in meetings for s in meeting_sources[m.pk]])

    # Each meeting reports CHILDREN counts, one of them an exact count below the nations named (a conflict), and
    # follows up the next meeting and prepares the one after (so every meeting has relations both ways).
    counts = ReportedCount.objects.bulk_create(
        ReportedCount(meeting=meeting, count=count, qualifier=qualifier)
        for meeting in meetings
        for count, qualifier in [(CHILDREN - 1, "exact"), (10, "at_least"), (20, "about")]
    )
    through(ReportedCount.sources, [(c, s) for c in counts for s in meeting_sources[c.meeting_id]])
    relations = MeetingRelation.objects.bulk_create(
        MeetingRelation(from_meeting=meeting, to_meeting=meetings[(i + step) % ROWS], kind=kind)
        for i, meeting in enumerate(meetings)
        for step, kind in [(1, "follows_up"), (2, "prepares")]
    )
    through(MeetingRelation.sources, [(r, s) for r in relations for s in meeting_sources[r.from_meeting_id]])

    Citation.objects.bulk_create(
        citation(
            source,
            f"Quote {j}",
            kind=j % 3,
            nation=nations[j],
            organization=organizations[i % ROWS],
            person=people[i % ROWS],
            meeting=meetings[i // CHILDREN],
        )
        for i, source in enumerate(sources)
        for j in range(CHILDREN)
    )
    # CHILDREN nations and one organization take part in each meeting.
    participations = Participation.objects.bulk_create(
        [
            *(
                Participation(
                    meeting=meeting,
                    nation=nations[(CHILDREN * i + j) % len(nations)],
                    role=roles[j % len(roles)],
                    status="attended",
                    attendance_mode="in_person",
                )
                for i, meeting in enumerate(meetings)
                for j in range(CHILDREN)
            ),
            *(
                Participation(
                    meeting=meeting,
                    organization=organizations[i],
                    role=roles[0],
                    status="attended",
                    attendance_mode="remote",
                )
                for i, meeting in enumerate(meetings)
            ),
        ]
    )
    through(Participation.sources, [(p, s) for p in participations for s in meeting_sources[p.meeting_id]])
    delegates_of(participations, people, meeting_sources, meeting_sessions)

    # A third each: pledges at meetings, to organizations' efforts, and announced on their own (no meeting, no
    # organization), so that a page of 100 shows every kind.
    contributions = Contribution.objects.bulk_create(
        [
            *(
                Contribution(
                    meeting=meetings[i],
                    nation=nations[i],
                    categories=["troops", "training"],
                    description="Troops",
                    description_digest=digest("Troops"),
                    quantity=100,
                    unit="troops",
                    status="pledged",
                )
                for i in range(0, ROWS, 3)
            ),
            *(
                Contribution(
                    organization=organizations[i],
                    nation=nations[i],
                    recipient=nations[i + 1],
                    categories=["funding"],
                    description="Funds",
                    description_digest=digest("Funds"),
                    amount=Decimal("1000000.00"),
                    currency="EUR",
                )
                for i in range(1, ROWS, 3)
            ),
            *(
                Contribution(
                    nation=nations[i],
                    recipient=nations[i + 2],
                    categories=["military_aid", "funding"],
                    description="A package",
                    description_digest=digest("A package"),
                    amount=Decimal("2000000000.00"),
                    currency="USD",
                    announced_on=DAY,
                    status="pledged",
                )
                for i in range(2, ROWS, 3)
            ),
        ]
    )
    through(
        Contribution.sources,
        [(c, s) for c in contributions for s in meeting_sources[(c.meeting or meetings[0]).pk]],
    )


def has(count, *keys):
    """Checks that each item of a page nests at least `count` objects under each of `keys`."""
    return lambda item: all(len(item[key]) >= count for key in keys)


def present(*keys):
    return lambda item: all(item[key] for key in keys)


def both(*checks):
    return lambda item: all(check(item) for check in checks)


def with_delegates(item):
    """Each delegate of each participation, with the sessions it attended."""
    return len(item["delegates"]) == DELEGATES and all(len(d["sessions"]) == CHILDREN for d in item["delegates"])


def meeting_in_full(item):
    return (
        has(CHILDREN, "sessions", "sources", "reported_counts")(item)
        and len(item["participations"]) == CHILDREN + 1
        and all(with_delegates(participation) for participation in item["participations"])
        and all(len(count["sources"]) == CHILDREN for count in item["reported_counts"])
        and len(item["relations"]) == 2
        and len(item["related_from"]) == 2
        and present("host_country", "parent", "series")(item)
        and (item["named_nation_count"], item["count_conflict"]) == (CHILDREN, True)
    )


def participant(item):
    return item["participant"]["kind"] in ("nation", "organization") and item["participant"]["name"]


def speakers(source):
    """The kinds of speaker besides a nation that the citations nested in a source name."""
    return {key for item in source["citations"] for key in ("speaker_organization", "speaker_person") if item[key]}


# Every participation of the dataset matches these; each group describes one and the same participation.
EVERY_PARTICIPANT = ",".join(f"org-{i}" for i in range(ROWS))

# (path, query, what each item of a page nests, keys that some item of the largest page has a value for: every
# kind of nested object is then on the page.)
LISTS = [
    pytest.param("/api/v1/meetings/", {}, meeting_in_full, [], id="meetings"),
    pytest.param(
        "/api/v1/meetings/",
        {"participation_status": "attended", "attendance": "in_person", "status": "held", "ordering": "title"},
        meeting_in_full,
        [],
        id="meetings-filtered",
    ),
    pytest.param(
        "/api/v1/meetings/",
        {
            "participant": EVERY_PARTICIPANT,
            "attendance": "remote",
            "delegate_level": "minister",
            "city": "paris",
            "level": "military",
            "parent": "root",
        },
        meeting_in_full,
        [],
        id="meetings-filtered-by-participant-and-delegates",
    ),
    pytest.param(
        "/api/v1/participations/",
        {},
        both(has(CHILDREN, "sources"), present("meeting", "role"), participant, with_delegates),
        ["nation", "organization"],
        id="participations",
    ),
    pytest.param(
        "/api/v1/participations/",
        {"organization": "org-0", "member": "false", "delegate_level": "minister", "status": "attended"},
        both(has(CHILDREN, "sources"), present("meeting", "nation", "role"), with_delegates),
        [],
        id="participations-filtered",
    ),
    pytest.param(
        "/api/v1/delegates/",
        {},
        both(has(CHILDREN, "sessions", "sources"), present("participation", "level")),
        ["person", "description"],
        id="delegates",
    ),
    pytest.param("/api/v1/people/", {}, present("name", "wikidata_id"), [], id="people"),
    pytest.param("/api/v1/nations/", {}, has(CHILDREN, "memberships"), [], id="nations"),
    pytest.param("/api/v1/organizations/", {}, has(CHILDREN, "members"), [], id="organizations"),
    pytest.param("/api/v1/memberships/", {}, present("organization", "nation"), [], id="memberships"),
    pytest.param("/api/v1/roles/", {}, present("code", "name"), [], id="roles"),
    pytest.param("/api/v1/series/", {}, has(1, "meetings"), [], id="series"),
    pytest.param(
        "/api/v1/reported-counts/", {}, both(has(CHILDREN, "sources"), present("meeting")), [], id="reported-counts"
    ),
    pytest.param(
        "/api/v1/meeting-relations/",
        {},
        both(has(CHILDREN, "sources"), present("from_meeting", "to_meeting")),
        [],
        id="meeting-relations",
    ),
    pytest.param(
        "/api/v1/contributions/",
        {},
        both(has(CHILDREN, "sources"), present("nation", "categories")),
        ["meeting", "organization", "recipient", "amount"],
        id="contributions",
    ),
    pytest.param(
        "/api/v1/sources/",
        {},
        both(has(CHILDREN, "citations"), lambda s: speakers(s) == {"speaker_organization", "speaker_person"}),
        [],
        id="sources",
    ),
    pytest.param(
        "/api/v1/citations/",
        {},
        both(present("source", "meeting"), lambda c: c["speaker_nation"] or c["speaker_organization"]),
        ["speaker_nation", "speaker_organization", "speaker_person"],
        id="citations",
    ),
    pytest.param("/api/v1/sessions/", {}, present("meeting"), [], id="sessions"),
]

# The most queries any page may take: a count, the page, one query per prefetched relation, and the lookups of the
# keys a filter names. The meeting's representation nests the most (participations, their delegates, the delegates'
# sessions and sources, reported counts and their sources, relations both ways, sessions and sources).
MAX_QUERIES = 15


@pytest.mark.parametrize(("path", "query", "nested", "somewhere"), LISTS)
def test_list_takes_the_same_queries_for_any_page_size(
    api, dataset, django_assert_max_num_queries, path, query, nested, somewhere
):
    counts = {}
    for size in SIZES:
        # The query goes in the parameters: a test client given both drops the query string of the path.
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            response = api.get(path, {**query, "limit": size})

        assert response.status_code == 200, response.json()
        results = response.json()["results"]
        assert len(results) == size
        assert all(nested(item) for item in results)
        counts[size] = len(queries.captured_queries)

    assert all(any(item[key] for item in results) for key in somewhere), "a kind of nested object is not on the page"
    assert len(set(counts.values())) == 1, f"queries per page size: {counts}"


def meeting_with(children):
    """A meeting with `children` sessions, participations (each with a delegate attending every session), reported
    counts, relations both ways and sources."""
    nations = list(Nation.objects.order_by("pk")[:children])
    roles = list(ParticipationRole.objects.all())
    meeting = Meeting.objects.create(
        title="Big", slug=f"big-{children}", start_date=DAY, end_date=DAY, host_country=nations[0]
    )
    others = Meeting.objects.bulk_create(
        Meeting(title=f"Other {j}", slug=f"other-{children}-{j}", start_date=DAY, end_date=DAY) for j in range(children)
    )
    sessions = Session.objects.bulk_create(
        Session(meeting=meeting, order=j + 1, title=f"S{j}") for j in range(children)
    )
    participations = Participation.objects.bulk_create(
        Participation(meeting=meeting, nation=nation, role=roles[j % len(roles)]) for j, nation in enumerate(nations)
    )
    sources = Source.objects.bulk_create(Source(outlet=f"O{children}", title=f"T{j}") for j in range(children))
    meeting.sources.add(*sources)
    person = Person.objects.create(name=f"Person {children}")
    delegates = Delegate.objects.bulk_create(
        Delegate(participation=participation, person=person, level="minister") for participation in participations
    )
    through(Delegate.sessions, [(d, s) for d in delegates for s in sessions])
    counts = ReportedCount.objects.bulk_create(
        ReportedCount(meeting=meeting, count=j + 1, qualifier="about") for j in range(children)
    )
    through(ReportedCount.sources, [(c, s) for c in counts for s in sources])
    MeetingRelation.objects.bulk_create(
        [
            *(MeetingRelation(from_meeting=meeting, to_meeting=other, kind="follows_up") for other in others),
            *(MeetingRelation(from_meeting=other, to_meeting=meeting, kind="prepares") for other in others),
        ]
    )

    def complete(body):
        return (
            all(
                len(body[key]) == children
                for key in ("participations", "sessions", "sources", "reported_counts", "relations", "related_from")
            )
            and all(len(p["delegates"]) == 1 for p in body["participations"])
            and all(len(p["delegates"][0]["sessions"]) == children for p in body["participations"])
            and all(len(count["sources"]) == children for count in body["reported_counts"])
        )

    return f"/api/v1/meetings/{meeting.slug}/", complete


def participation_with(children):
    """A participation with `children` delegates, each attending `children` sessions and citing `children` sources."""
    meeting = Meeting.objects.create(title="M", slug=f"p-{children}", start_date=DAY, end_date=DAY)
    participation = Participation.objects.create(
        meeting=meeting, nation=Nation.objects.get(code="FR"), role=ParticipationRole.objects.get(code="participant")
    )
    sessions = Session.objects.bulk_create(
        Session(meeting=meeting, order=j + 1, title=f"S{j}") for j in range(children)
    )
    sources = Source.objects.bulk_create(Source(outlet=f"P{children}", title=f"T{j}") for j in range(children))
    participation.sources.add(*sources)
    people = Person.objects.bulk_create(Person(name=f"P{children}-{j}") for j in range(children))
    delegates = Delegate.objects.bulk_create(
        Delegate(participation=participation, person=person, level="official") for person in people
    )
    through(Delegate.sessions, [(d, s) for d in delegates for s in sessions])
    return (
        f"/api/v1/participations/{participation.pk}/",
        lambda body: (
            len(body["delegates"]) == children
            and all(len(d["sessions"]) == children for d in body["delegates"])
            and len(body["sources"]) == children
            and body["representative"].count(";") == children - 1
        ),
    )


def source_with(children):
    source = Source.objects.create(outlet="Wire", title=f"Report with {children}")
    meeting = Meeting.objects.create(title="M", slug=f"m-{children}", start_date=DAY, end_date=DAY)
    nations = list(Nation.objects.order_by("pk")[:children])
    organizations = Organization.objects.bulk_create(
        Organization(slug=f"s-{children}-{j}", name=f"S {children} {j}") for j in range(children)
    )
    people = Person.objects.bulk_create(Person(name=f"S{children}-{j}") for j in range(children))
    Citation.objects.bulk_create(
        citation(source, f"Q{j}", j % 3, nations[j], organizations[j], people[j], meeting) for j in range(children)
    )
    return f"/api/v1/sources/{source.pk}/", lambda body: len(body["citations"]) == children


def organization_with(children):
    organization = Organization.objects.create(slug=f"org-with-{children}", name=f"Org with {children}")
    Membership.objects.bulk_create(
        Membership(organization=organization, nation=nation, start_date=DAY)
        for nation in Nation.objects.order_by("pk")[:children]
    )
    return f"/api/v1/organizations/{organization.slug}/", lambda body: len(body["members"]) == children


def series_with(children):
    series = Series.objects.create(slug=f"series-with-{children}", name=f"Series with {children}")
    Meeting.objects.bulk_create(
        Meeting(title=f"M{j}", slug=f"s{children}-{j}", start_date=DAY, end_date=DAY, series=series)
        for j in range(children)
    )
    return f"/api/v1/series/{series.slug}/", lambda body: len(body["meetings"]) == children


def absentees_with(children):
    """A meeting with a complete list of participants, and an organization of `children` members: half of them
    recorded as absent or declined, half with no participation at all."""
    organization = Organization.objects.create(slug=f"alliance-{children}", name=f"Alliance of {children}")
    nations = list(Nation.objects.order_by("pk")[:children])
    Membership.objects.bulk_create(
        Membership(organization=organization, nation=nation, start_date=DAY) for nation in nations
    )
    meeting = Meeting.objects.create(
        title="Summit", slug=f"summit-{children}", start_date=DAY, end_date=DAY, participants_complete=True
    )
    role = ParticipationRole.objects.get(code="participant")
    Participation.objects.bulk_create(
        Participation(meeting=meeting, nation=nation, role=role, status=("absent", "declined")[j % 2])
        for j, nation in enumerate(nations[: children // 2])
    )
    return (
        f"/api/v1/meetings/{meeting.slug}/absentees/?organization={organization.slug}",
        lambda body: len(body["absentees"]) == children and body["unknown"] == [],
    )


@pytest.mark.parametrize(
    "build", [meeting_with, participation_with, source_with, organization_with, series_with, absentees_with]
)
def test_detail_takes_the_same_queries_for_any_number_of_children(api, db, django_assert_max_num_queries, build):
    counts = {}
    for children in SIZES:
        path, complete = build(children)
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            response = api.get(path)

        assert response.status_code == 200, response.json()
        assert complete(response.json())
        counts[children] = len(queries.captured_queries)

    assert len(set(counts.values())) == 1, f"queries per number of children: {counts}"
