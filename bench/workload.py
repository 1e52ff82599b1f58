"""The benchmark's requests (issue 11's table), for a database: bench/run.py times them, and
tests/postgres/test_bench_floor.py checks that the floor answers each with the API's bytes."""

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
