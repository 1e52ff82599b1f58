"""The benchmark's requests for a database: the reads of issue 11's table, which bench/run.py times beside the floor
(tests/postgres/test_bench_floor.py checks that the floor answers each with the API's bytes), and the exports and
aggregates, which have no floor."""

PAGE = 100


def benchmark_requests(cursor):
    """(name, path) of each read; the detail is of a meeting with delegates, the deep page is the last one."""
    cursor.execute(
        "SELECT m.slug FROM events_meeting m WHERE EXISTS (SELECT 1 FROM events_participation p JOIN events_delegate d "
        "ON d.participation_id = p.id WHERE p.meeting_id = m.id) ORDER BY m.start_date DESC, m.id LIMIT 1"
    )
    row = cursor.fetchone()
    if row is None:
        cursor.execute("SELECT slug FROM events_meeting ORDER BY start_date DESC, id LIMIT 1")
        row = cursor.fetchone()
    cursor.execute("SELECT COUNT(*) FROM events_meeting")
    last_page = max(cursor.fetchone()[0] - 1, 0) // PAGE * PAGE
    return [
        ("meetings", f"/api/v1/meetings/?limit={PAGE}"),
        ("meetings nation=FR", f"/api/v1/meetings/?limit={PAGE}&nation=FR"),
        ("meetings nato since 2020", f"/api/v1/meetings/?organization=nato&date_from=2020-01-01&limit={PAGE}"),
        ("participations FR attended", "/api/v1/participations/?limit=500&nation=FR&status=attended"),
        ("meeting detail", f"/api/v1/meetings/{row[0]}/"),
        ("nations in nato 2020", "/api/v1/nations/?organization=nato&on=2020-01-01"),
        ("meetings last page", f"/api/v1/meetings/?limit={PAGE}&offset={last_page}"),
        ("meetings search", "/api/v1/meetings/?search=maritime"),
    ]


def export_and_analytics_requests(cursor):
    """(name, path) of the exports (the biggest first: every participation), the aggregates and the browsable API."""
    cursor.execute("SELECT slug FROM events_meeting ORDER BY start_date DESC, id LIMIT 1")
    latest = cursor.fetchone()[0]
    return [
        ("participations CSV, all", "/api/v1/participations/?format=csv"),
        ("participations CSV, nation=FR", "/api/v1/participations/?format=csv&nation=FR"),
        ("participations NDJSON, all", "/api/v1/participations/?format=ndjson"),
        ("meetings calendar, nation=FR", "/api/v1/meetings.ics?nation=FR"),
        ("partners of FR", "/api/v1/nations/FR/partners/"),
        ("network, nato since 2020", "/api/v1/network/?organization=nato&date_from=2020-01-01"),
        ("network, all", "/api/v1/network/"),
        ("summary by nation", "/api/v1/participations/summary/?group_by=nation"),
        ("blocs of the latest meeting, nato", f"/api/v1/meetings/{latest}/blocs/?organization=nato"),
        # Pages for people: no form may list every meeting or source (it was 10-15 MB of HTML at S2).
        ("browsable API, participations", "/api/v1/participations/?format=api"),
        ("browsable API, citations", "/api/v1/citations/?format=api"),
    ]
