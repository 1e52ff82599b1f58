"""Lists and details take a fixed, small number of queries whatever the page size: no query per row."""

import datetime

import pytest

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
from events.models.base import digest

SIZES = [1, 10, 100]
MAX_QUERIES = 6
ROWS = 120  # meetings, organizations, ... : more than the largest page
CHILDREN = 3  # participations, sessions and sources per meeting, citations per source, ...
DAY = datetime.date(2020, 1, 1)


def through(relation, pairs):
    """Rows of a many-to-many table: `pairs` of (owner, related)."""
    model = relation.through
    owner, related = (field.attname for field in model._meta.fields if field.is_relation)
    model.objects.bulk_create(model(**{owner: a.pk, related: b.pk}) for a, b in pairs)


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

    root = Meeting.objects.create(title="Series", slug="series", start_date=DAY, end_date=DAY)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Meeting {i}",
            slug=f"meeting-{i}",
            start_date=DAY + datetime.timedelta(days=i + 1),
            end_date=DAY + datetime.timedelta(days=i + 2),
            host_country=nations[i],
            parent=root,
            status="held",
        )
        for i in range(ROWS)
    )
    Session.objects.bulk_create(
        Session(meeting=meeting, order=j + 1, title=f"Session {j + 1}") for meeting in meetings for j in range(CHILDREN)
    )
    sources = Source.objects.bulk_create(
        Source(outlet=f"Outlet {i}", title=f"Report {j}") for i in range(ROWS) for j in range(CHILDREN)
    )
    meeting_sources = {meeting.pk: sources[i * CHILDREN : (i + 1) * CHILDREN] for i, meeting in enumerate(meetings)}
    through(Meeting.sources, [(m, s) for m in meetings for s in meeting_sources[m.pk]])
    Citation.objects.bulk_create(
        Citation(
            source=source,
            quote=f"Quote {j}",
            quote_digest=digest(f"Quote {j}"),  # bulk_create skips save(), which sets it
            speaker="Official",
            speaker_nation=nations[j],
            meeting=meetings[i // CHILDREN],
        )
        for i, source in enumerate(sources)
        for j in range(CHILDREN)
    )
    participations = Participation.objects.bulk_create(
        Participation(
            meeting=meeting,
            nation=nations[(CHILDREN * i + j) % len(nations)],
            role=roles[j % len(roles)],
            status="attended",
            attendance_mode="in_person",
        )
        for i, meeting in enumerate(meetings)
        for j in range(CHILDREN)
    )
    through(Participation.sources, [(p, s) for p in participations for s in meeting_sources[p.meeting_id]])
    contributions = Contribution.objects.bulk_create(
        [
            *(
                Contribution(meeting=m, nation=nations[i], category="troops", description="Troops", status="pledged")
                for i, m in enumerate(meetings)
            ),
            *(
                Contribution(organization=o, nation=nations[i], category="funding", description="Funds")
                for i, o in enumerate(organizations)
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


LISTS = [
    pytest.param(
        "/api/v1/meetings/",
        both(has(CHILDREN, "participations", "sessions", "sources"), present("host_country", "parent")),
        id="meetings",
    ),
    pytest.param(
        "/api/v1/meetings/?participation_status=attended&attendance=in_person&status=held&ordering=title",
        has(CHILDREN, "participations", "sessions", "sources"),
        id="meetings-filtered",
    ),
    pytest.param(
        "/api/v1/participations/",
        both(has(CHILDREN, "sources"), present("meeting", "nation", "role")),
        id="participations",
    ),
    pytest.param("/api/v1/nations/", has(CHILDREN, "memberships"), id="nations"),
    pytest.param("/api/v1/organizations/", has(CHILDREN, "members"), id="organizations"),
    pytest.param("/api/v1/memberships/", present("organization", "nation"), id="memberships"),
    pytest.param("/api/v1/roles/", present("code", "name"), id="roles"),
    pytest.param(
        "/api/v1/contributions/",
        both(has(CHILDREN, "sources"), present("nation"), lambda c: c["meeting"] or c["organization"]),
        id="contributions",
    ),
    pytest.param("/api/v1/sources/", has(CHILDREN, "citations"), id="sources"),
    pytest.param("/api/v1/citations/", present("source", "speaker_nation", "meeting"), id="citations"),
    pytest.param("/api/v1/sessions/", present("meeting"), id="sessions"),
]


@pytest.mark.parametrize(("path", "nested"), LISTS)
def test_list_takes_the_same_queries_for_any_page_size(api, dataset, django_assert_max_num_queries, path, nested):
    counts = {}
    for size in SIZES:
        with django_assert_max_num_queries(MAX_QUERIES) as queries:
            response = api.get(path, {"limit": size})

        assert response.status_code == 200, response.json()
        results = response.json()["results"]
        assert len(results) == size
        assert all(nested(item) for item in results)
        counts[size] = len(queries.captured_queries)

    assert len(set(counts.values())) == 1, f"queries per page size: {counts}"


def meeting_with(children):
    nations = list(Nation.objects.order_by("pk")[:children])
    roles = list(ParticipationRole.objects.all())
    meeting = Meeting.objects.create(
        title="Big", slug=f"big-{children}", start_date=DAY, end_date=DAY, host_country=nations[0]
    )
    Session.objects.bulk_create(Session(meeting=meeting, order=j + 1, title=f"S{j}") for j in range(children))
    Participation.objects.bulk_create(
        Participation(meeting=meeting, nation=nation, role=roles[j % len(roles)]) for j, nation in enumerate(nations)
    )
    meeting.sources.add(
        *Source.objects.bulk_create(Source(outlet=f"O{children}", title=f"T{j}") for j in range(children))
    )
    return f"/api/v1/meetings/{meeting.slug}/", lambda body: all(
        len(body[key]) == children for key in ("participations", "sessions", "sources")
    )


def source_with(children):
    source = Source.objects.create(outlet="Wire", title=f"Report with {children}")
    meeting = Meeting.objects.create(title="M", slug=f"m-{children}", start_date=DAY, end_date=DAY)
    nations = list(Nation.objects.order_by("pk")[:children])
    Citation.objects.bulk_create(
        Citation(
            source=source,
            quote=f"Q{j}",
            quote_digest=digest(f"Q{j}"),
            speaker="S",
            speaker_nation=nation,
            meeting=meeting,
        )
        for j, nation in enumerate(nations)
    )
    return f"/api/v1/sources/{source.pk}/", lambda body: len(body["citations"]) == children


def organization_with(children):
    organization = Organization.objects.create(slug=f"org-with-{children}", name=f"Org with {children}")
    Membership.objects.bulk_create(
        Membership(organization=organization, nation=nation, start_date=DAY)
        for nation in Nation.objects.order_by("pk")[:children]
    )
    return f"/api/v1/organizations/{organization.slug}/", lambda body: len(body["members"]) == children


@pytest.mark.parametrize("build", [meeting_with, source_with, organization_with])
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
