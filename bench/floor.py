"""The floor: the least a server can do to answer the benchmark's requests with the API's exact bytes.

A WSGI application without Django: hand-written SQL through psycopg 3 (one persistent connection per thread),
dicts built straight from rows, orjson. It still does the work every API request must do: the token lookup when an
`Authorization` header is sent (knox: the key's row, then the SHA-512 of the token), the rate-limit counter in Redis
(as events/api/throttling.py: `SET NX` then `INCR` per scope that applies, unless that rate is `off`) and, on an
object, its ETag and Last-Modified (and a 304 for a matching If-None-Match).

Each representation is one function below (`meeting`, `participation`, `nation`, ...) and each list one entry of
ROUTES: when the API's shape changes, the matching function changes, and tests/postgres/test_bench_floor.py says
which. Serve it as `make run` serves the API: `python -m granian --interface wsgi bench.floor:application`.

    DATABASE_URL=postgres://... REDIS_URL=redis://... THROTTLE_ANON=... python -m granian ... bench.floor:application
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import threading
import time
from urllib.parse import parse_qsl, urlencode

import orjson
import psycopg
import redis

API_VERSION = "1.0.0"  # eventapi/settings.py SPECTACULAR_SETTINGS["VERSION"]; part of every ETag
MEDIA_TYPE = "application/json"
PREFIX = "/api/v1/"
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
TOKEN_KEY_LENGTH = 15  # knox's CONSTANTS.TOKEN_KEY_LENGTH

_local = threading.local()


def connection():
    """One autocommit connection per thread, kept (the API keeps its own for DATABASE_CONN_MAX_AGE)."""
    conn = getattr(_local, "connection", None)
    if conn is None or conn.closed:
        url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        conn = _local.connection = psycopg.connect(url, autocommit=True)
    return conn


def cache():
    client = getattr(_local, "redis", None)
    if client is None and os.environ.get("REDIS_URL"):
        client = _local.redis = redis.Redis.from_url(os.environ["REDIS_URL"])
    return client


# -- Per-request work -------------------------------------------------------------------------------------------


def authenticate(cursor, header):
    """The user id of a knox token (`Token x` or `Bearer x`), or None when no header; raises PermissionError."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in ("token", "bearer") or not token:
        raise PermissionError
    cursor.execute(
        "SELECT t.digest, t.expiry, u.id, u.is_active FROM knox_authtoken t JOIN auth_user u ON u.id = t.user_id "
        "WHERE t.token_key = %s",
        (token[:TOKEN_KEY_LENGTH],),
    )
    digest = hashlib.sha512(token.encode()).hexdigest()
    now = datetime.datetime.now(datetime.UTC)
    for stored, expiry, user_id, active in cursor.fetchall():
        if (expiry is None or expiry > now) and hmac.compare_digest(digest, stored) and active:
            return user_id
    raise PermissionError


def rate(scope):
    value = os.environ.get(
        f"THROTTLE_{scope.upper()}", {"anon": "120/min", "user": "600/min", "write": "60/min"}[scope]
    )
    if value.strip().lower() == "off":
        return None
    number, period = value.split("/")
    return int(number), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


def throttle(environ, user_id, write):
    """Counts the request in each scope that applies; False when a limit is passed."""
    client = cache()
    scopes = [("user", user_id) if user_id else ("anon", environ.get("REMOTE_ADDR"))]
    if write:
        scopes.append(("write", user_id or environ.get("REMOTE_ADDR")))
    for scope, ident in scopes:
        limit = rate(scope)
        if limit is None or client is None:
            continue
        number, duration = limit
        key = f"floor:throttle_{scope}_{ident}:{int(time.time() // duration)}"
        client.set(key, 0, nx=True, ex=duration + 1)
        if client.incr(key) > number:
            return False
    return True


def etag(label, pk, updated_at):
    text = f"{label}:{pk}:{updated_at.isoformat()}:{MEDIA_TYPE}:{API_VERSION}"
    return f'"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'


# -- Values as the API writes them ------------------------------------------------------------------------------


def stamp(value):
    return value.isoformat().replace("+00:00", "Z")


def day(value):
    return value.isoformat() if value is not None else None


def clock(value):
    return value.isoformat() if value is not None else None


def grouped(rows, key_index):
    groups = {}
    for row in rows:
        groups.setdefault(row[key_index], []).append(row)
    return groups


def brief_sources(cursor, table, owner_column, ids):
    """{owner id: [SourceBrief]} from a many-to-many table, each list in the sources' order (outlet, title)."""
    cursor.execute(
        f"SELECT x.{owner_column}, s.id, s.outlet, s.title, s.url FROM {table} x JOIN events_source s ON s.id = "
        f"x.source_id WHERE x.{owner_column} = ANY(%s) ORDER BY s.outlet, s.title, s.id",
        (ids,),
    )
    result = {}
    for owner, source_id, outlet, title, url in cursor.fetchall():
        result.setdefault(owner, []).append({"id": source_id, "outlet": outlet, "title": title, "url": url})
    return result


# -- Representations ---------------------------------------------------------------------------------------------

NATION_BRIEF = "n.code, n.alpha3, n.name"


def nation_brief(code, alpha3, name):
    return {"code": code, "alpha3": alpha3, "name": name} if code is not None else None


def delegates_of(cursor, participation_ids):
    """{participation id: ([ParticipationDelegate], representative text)}."""
    cursor.execute(
        "SELECT d.id, d.participation_id, p.id, p.name, p.wikidata_id, d.description, d.office, d.level, "
        "d.attendance_mode, d.basis FROM events_delegate d LEFT JOIN events_person p ON p.id = d.person_id "
        "WHERE d.participation_id = ANY(%s) ORDER BY d.participation_id, d.id",
        (participation_ids,),
    )
    rows = cursor.fetchall()
    sessions = {}
    if rows:
        cursor.execute(
            "SELECT x.delegate_id, s.id, s.order, s.title FROM events_delegate_sessions x JOIN events_session s ON "
            "s.id = x.session_id WHERE x.delegate_id = ANY(%s) ORDER BY s.meeting_id, s.order",
            ([row[0] for row in rows],),
        )
        for delegate_id, session_id, order, title in cursor.fetchall():
            sessions.setdefault(delegate_id, []).append({"id": session_id, "order": order, "title": title})
    result = {}
    for delegate_id, participation_id, person_id, name, wikidata_id, description, office, *rest in rows:
        level, mode, basis = rest
        person = {"id": person_id, "name": name, "wikidata_id": wikidata_id} if person_id else None
        delegates, texts = result.setdefault(participation_id, ([], []))
        delegates.append(
            {
                "id": delegate_id,
                "person": person,
                "description": description,
                "office": office,
                "level": level,
                "attendance_mode": mode,
                "sessions": sessions.get(delegate_id, []),
                "basis": basis,
            }
        )
        who = name if person_id else description
        texts.append(f"{who}, {office}" if office else who)
    return {key: (delegates, "; ".join(texts)) for key, (delegates, texts) in result.items()}


PARTICIPATION_COLUMNS = (
    "x.id, x.meeting_id, n.code, n.alpha3, n.name, o.slug, o.name, o.short_name, r.code, r.name, x.status, "
    "x.attendance_mode, x.basis, x.basis_note, x.notes, x.created_at, x.updated_at"
)
PARTICIPATION_JOINS = (
    "LEFT JOIN events_nation n ON n.id = x.nation_id LEFT JOIN events_organization o ON o.id = x.organization_id "
    "JOIN events_participationrole r ON r.id = x.role_id"
)


def participation(row, delegates, meeting=None, sources=None):
    """A participation as a meeting lists it, or (with `meeting` and `sources`) as participations/ does."""
    pk, _, code, alpha3, nation_name, slug, org_name, short_name, role_code, role_name, status, mode, *rest = row
    basis, basis_note, notes, created_at, updated_at = rest
    if code is not None:
        participant = {"kind": "nation", "key": code, "name": nation_name}
    else:
        participant = {"kind": "organization", "key": slug, "name": short_name or org_name}
    listed, representative = delegates.get(pk, ([], ""))
    item = {"id": pk}
    if meeting is not None:
        item["meeting"] = meeting
    item |= {
        "participant": participant,
        "nation": nation_brief(code, alpha3, nation_name),
        "organization": {"slug": slug, "name": org_name, "short_name": short_name} if slug is not None else None,
        "role": {"code": role_code, "name": role_name},
        "status": status,
        "attendance_mode": mode,
        "basis": basis,
    }
    if meeting is not None:
        item["basis_note"] = basis_note
    item |= {"notes": notes, "delegates": listed, "representative": representative}
    if meeting is not None:
        item |= {"sources": sources, "created_at": stamp(created_at), "updated_at": stamp(updated_at)}
    return item


MEETING_COLUMNS = (
    "m.id, m.slug, m.title, m.summary, m.purpose, m.start_date, m.end_date, m.start_time, m.end_time, m.timezone, "
    "m.city, m.venue, n.code, n.alpha3, n.name, m.format, m.status, m.level, s.slug, s.name, p.slug, p.title, "
    "p.start_date, m.participants_complete, m.created_at, m.updated_at"
)
MEETING_JOINS = (
    "LEFT JOIN events_nation n ON n.id = m.host_country_id LEFT JOIN events_series s ON s.id = m.series_id "
    "LEFT JOIN events_meeting p ON p.id = m.parent_id"
)


def meetings(cursor, rows):
    """The meeting representation of each row of MEETING_COLUMNS, nested rows read in one query per kind."""
    ids = [row[0] for row in rows]
    if not ids:
        return []
    cursor.execute(
        f"SELECT {PARTICIPATION_COLUMNS} FROM events_participation x {PARTICIPATION_JOINS} "
        "WHERE x.meeting_id = ANY(%s) ORDER BY x.meeting_id, n.name NULLS LAST, o.name, x.id",
        (ids,),
    )
    participations = cursor.fetchall()
    delegates = delegates_of(cursor, [row[0] for row in participations])
    participations = grouped(participations, 1)
    cursor.execute(
        "SELECT c.meeting_id, c.id, c.count, c.qualifier, c.basis, c.basis_note FROM events_reportedcount c "
        "WHERE c.meeting_id = ANY(%s) ORDER BY c.meeting_id, c.count, c.qualifier, c.id",
        (ids,),
    )
    counts = cursor.fetchall()
    count_sources = brief_sources(cursor, "events_reportedcount_sources", "reportedcount_id", [c[1] for c in counts])
    counts = grouped(counts, 0)
    relations = {}
    # The model orders relations by from_meeting, kind, to_meeting, id (each meeting by its own ordering).
    for direction, this, other, order in (
        ("relations", "from_meeting_id", "to_meeting_id", "r.kind, o.start_date DESC, o.title, o.slug, r.id"),
        ("related_from", "to_meeting_id", "from_meeting_id", "o.start_date DESC, o.title, o.slug, r.kind, r.id"),
    ):
        cursor.execute(
            f"SELECT r.{this}, r.id, r.kind, o.slug, o.title, o.start_date, r.basis FROM events_meetingrelation r "
            f"JOIN events_meeting o ON o.id = r.{other} WHERE r.{this} = ANY(%s) ORDER BY r.{this}, {order}",
            (ids,),
        )
        relations[direction] = grouped(cursor.fetchall(), 0)
    cursor.execute(
        "SELECT s.meeting_id, s.id, s.order, s.title, s.description, s.date, s.start_time, s.end_time "
        "FROM events_session s WHERE s.meeting_id = ANY(%s) ORDER BY s.meeting_id, s.order",
        (ids,),
    )
    sessions = grouped(cursor.fetchall(), 0)
    sources = brief_sources(cursor, "events_meeting_sources", "meeting_id", ids)
    return [
        meeting(row, participations, delegates, counts, count_sources, relations, sessions, sources) for row in rows
    ]


def meeting(row, participations, delegates, counts, count_sources, relations, sessions, sources):
    pk, slug, title, summary, purpose, start, end, start_time, end_time, timezone, city, venue, *rest = row
    code, alpha3, nation_name, meeting_format, status, level, series_slug, series_name, *rest = rest
    parent_slug, parent_title, parent_start, complete, created_at, updated_at = rest
    listed = [participation(item, delegates) for item in participations.get(pk, [])]
    named = sum(1 for item in participations.get(pk, []) if item[2] is not None and item[10] == "attended")
    reported = [
        {
            "id": count_id,
            "count": count,
            "qualifier": qualifier,
            "basis": basis,
            "basis_note": note,
            "sources": count_sources.get(count_id, []),
        }
        for _, count_id, count, qualifier, basis, note in counts.get(pk, [])
    ]
    only = reported[0] if len(reported) == 1 else None
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "purpose": purpose,
        "start_date": day(start),
        "end_date": day(end),
        "start_time": clock(start_time),
        "end_time": clock(end_time),
        "timezone": timezone,
        "city": city,
        "venue": venue,
        "host_country": nation_brief(code, alpha3, nation_name),
        "format": meeting_format,
        "status": status,
        "level": level,
        "series": {"slug": series_slug, "name": series_name} if series_slug is not None else None,
        "parent": {"slug": parent_slug, "title": parent_title, "start_date": day(parent_start)}
        if parent_slug is not None
        else None,
        "participants_complete": complete,
        "reported_counts": reported,
        "named_nation_count": named,
        "count_conflict": any(item["qualifier"] == "exact" and named > item["count"] for item in reported),
        "reported_nation_count": only["count"] if only else None,
        "reported_nation_count_qualifier": only["qualifier"] if only else None,
        "relations": [relation(item) for item in relations["relations"].get(pk, [])],
        "related_from": [relation(item) for item in relations["related_from"].get(pk, [])],
        "sources": sources.get(pk, []),
        "participations": listed,
        "sessions": [
            {
                "id": session_id,
                "order": order,
                "title": session_title,
                "description": description,
                "date": day(date),
                "start_time": clock(begins),
                "end_time": clock(ends),
            }
            for _, session_id, order, session_title, description, date, begins, ends in sessions.get(pk, [])
        ],
        "created_at": stamp(created_at),
        "updated_at": stamp(updated_at),
    }


def relation(row):
    _, pk, kind, slug, title, start, basis = row
    return {"id": pk, "kind": kind, "meeting": {"slug": slug, "title": title, "start_date": day(start)}, "basis": basis}


def participations(cursor, rows):
    ids = [row[0] for row in rows]
    delegates = delegates_of(cursor, ids)
    sources = brief_sources(cursor, "events_participation_sources", "participation_id", ids)
    return [
        participation(
            row[:-3],
            delegates,
            {"slug": row[-3], "title": row[-2], "start_date": day(row[-1])},
            sources.get(row[0], []),
        )  # fmt: skip
        for row in rows
    ]


def nations(cursor, rows):
    cursor.execute(
        "SELECT ms.nation_id, ms.id, o.slug, o.name, o.short_name, ms.start_date, ms.end_date FROM events_membership "
        "ms JOIN events_organization o ON o.id = ms.organization_id WHERE ms.nation_id = ANY(%s) "
        "ORDER BY ms.nation_id, o.name, o.slug, ms.start_date",
        ([row[0] for row in rows],),
    )
    memberships = grouped(cursor.fetchall(), 0)
    return [
        {
            "code": code,
            "alpha3": alpha3,
            "numeric": numeric,
            "name": name,
            "iso_name": iso_name,
            "official_name": official_name,
            "memberships": [
                {
                    "id": membership_id,
                    "organization": {"slug": slug, "name": org_name, "short_name": short_name},
                    "start_date": day(start),
                    "end_date": day(end),
                }
                for _, membership_id, slug, org_name, short_name, start, end in memberships.get(pk, [])
            ],
            "created_at": stamp(created_at),
            "updated_at": stamp(updated_at),
        }
        for pk, code, alpha3, numeric, name, iso_name, official_name, created_at, updated_at in rows
    ]


# -- Lists: what each filter means in SQL, and the page -----------------------------------------------------------


class List:
    """A list endpoint: its rows' SELECT, the filters it takes, its sort keys (as the API's cursor names them)."""

    def __init__(self, *, select, order, keys, key_columns, filters, render):
        self.select, self.order, self.keys, self.key_columns = select, order, keys, key_columns
        self.filters, self.render = filters, render


MEMBER_ON_MEETING_DAY = (
    "EXISTS (SELECT 1 FROM events_participation x JOIN events_membership ms ON ms.nation_id = x.nation_id "
    "JOIN events_organization org ON org.id = ms.organization_id WHERE x.meeting_id = m.id AND org.slug = %s "
    "AND ms.start_date <= m.start_date AND (ms.end_date IS NULL OR ms.end_date >= m.start_date))"
)
SEARCH = (
    "(m.title ILIKE %s OR m.summary ILIKE %s OR m.purpose ILIKE %s OR m.city ILIKE %s OR m.venue ILIKE %s "
    "OR n.name ILIKE %s)"
)


def like(text):
    return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


LISTS = {
    "meetings": List(
        select=f"SELECT {MEETING_COLUMNS} FROM events_meeting m {MEETING_JOINS}",
        order="m.start_date DESC, m.title, m.slug, m.id",
        keys=["-start_date", "title", "slug", "pk"],
        key_columns=[5, 2, 1, 0],
        filters={
            "nation": lambda value, params: (
                "EXISTS (SELECT 1 FROM events_participation x JOIN events_nation xn ON xn.id = x.nation_id "
                "WHERE x.meeting_id = m.id AND xn.code = %s)",
                [value.upper()],
            ),
            "organization": lambda value, params: (MEMBER_ON_MEETING_DAY, [value]),
            "date_from": lambda value, params: ("m.end_date >= %s", [datetime.date.fromisoformat(value)]),
            "search": lambda value, params: (SEARCH, [like(value)] * 6),
        },
        render=meetings,
    ),
    "participations": List(
        select=f"SELECT {PARTICIPATION_COLUMNS}, m.slug, m.title, m.start_date FROM events_participation x "
        f"{PARTICIPATION_JOINS} JOIN events_meeting m ON m.id = x.meeting_id",
        order="m.start_date DESC, m.title, m.slug, n.name NULLS LAST, o.name, x.id",
        keys=["-meeting__start_date", "meeting__title", "meeting__slug", "nation__name", "organization__name", "id"],
        key_columns=[-1, -2, -3, 4, 6, 0],
        filters={
            "nation": lambda value, params: ("n.code = %s", [value.upper()]),
            "status": lambda value, params: ("x.status = %s", [value]),
        },
        render=participations,
    ),
    "nations": List(
        select="SELECT n.id, n.code, n.alpha3, n.numeric, n.name, n.iso_name, n.official_name, n.created_at, "
        "n.updated_at FROM events_nation n",
        order="n.name, n.code, n.id",
        keys=["name", "code", "pk"],
        key_columns=[4, 1, 0],
        filters={
            "organization": lambda value, params: (
                "EXISTS (SELECT 1 FROM events_membership ms JOIN events_organization o ON o.id = ms.organization_id "
                "WHERE ms.nation_id = n.id AND o.slug = %s AND ms.start_date <= %s "
                "AND (ms.end_date IS NULL OR ms.end_date >= %s))",
                [value, *[datetime.date.fromisoformat(params.get("on") or datetime.date.today().isoformat())] * 2],
            ),
            "on": None,  # read with `organization`
        },
        render=nations,
    ),
}
PAGING = {"limit", "offset", "cursor"}


def absolute(environ, params):
    """The request's address with these query parameters, as DRF's replace_query_param writes it (sorted)."""
    host = environ.get("HTTP_HOST") or environ["SERVER_NAME"]
    query = urlencode(sorted(params.items()), doseq=True)
    return f"{environ['wsgi.url_scheme']}://{host}{environ['PATH_INFO']}" + (f"?{query}" if query else "")


def encode_cursor(keys, values):
    text = json.dumps({"k": keys, "v": values}, default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def capped_count(cursor, spec, where, arguments):
    """The number of matching rows up to LIST_COUNT_LIMIT, else None (as the API's ListPagination.get_count)."""
    cap = int(os.environ.get("LIST_COUNT_LIMIT", "1000"))
    cursor.execute(f"SELECT COUNT(*) FROM ({spec.select}{where} LIMIT %s) AS counted", [*arguments, cap + 1])
    counted = cursor.fetchone()[0]
    return counted if counted <= cap else None


def list_page(cursor, environ, spec):
    params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    conditions, arguments = [], []
    for name, value in params.items():
        if name in PAGING or spec.filters.get(name) is None:
            continue
        condition, values = spec.filters[name](value, params)
        conditions.append(condition)
        arguments.extend(values)
    where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
    limit = int(params.get("limit", DEFAULT_LIMIT))
    if "offset" in params:
        offset = int(params["offset"])
        cursor.execute(
            f"{spec.select}{where} ORDER BY {spec.order} LIMIT %s OFFSET %s", [*arguments, limit + 1, offset]
        )
        rows = cursor.fetchall()
        count = capped_count(cursor, spec, where, arguments)
        paging = dict(params)
        next_link = None
        if len(rows) > limit:
            rows = rows[:limit]
            next_link = absolute(environ, paging | {"limit": limit, "offset": offset + limit})
        previous = None
        if offset > 0:
            paging["limit"] = limit
            if offset - limit <= 0:
                paging.pop("offset")
            else:
                paging["offset"] = offset - limit
            previous = absolute(environ, paging)
    else:
        count = capped_count(cursor, spec, where, arguments)
        cursor.execute(f"{spec.select}{where} ORDER BY {spec.order} LIMIT %s", [*arguments, limit + 1])
        rows = cursor.fetchall()
        next_link = previous = None
        if len(rows) > limit:
            rows = rows[:limit]
            values = [rows[-1][index] for index in spec.key_columns]
            next_link = absolute(environ, params | {"cursor": encode_cursor(spec.keys, values)})
    return {"count": count, "next": next_link, "previous": previous, "results": spec.render(cursor, rows)}, {}


def meeting_detail(cursor, environ, slug):
    cursor.execute(f"SELECT {MEETING_COLUMNS} FROM events_meeting m {MEETING_JOINS} WHERE m.slug = %s", (slug,))
    row = cursor.fetchone()
    if row is None:
        return None, {}
    tag = etag("events.Meeting", row[0], row[-1])
    headers = {"ETag": tag, "Last-Modified": http_date(row[-1])}
    if environ.get("HTTP_IF_NONE_MATCH") == tag:
        return 304, headers
    return meetings(cursor, [row])[0], headers


def http_date(value):
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(int(value.timestamp())))


# -- Writes ------------------------------------------------------------------------------------------------------


def create(cursor, resource, data):
    """The INSERT of a meeting or a participation, inside the change the API would record (the clock row)."""
    with cursor.connection.transaction():
        cursor.execute(
            "UPDATE events_changeclock SET last = GREATEST(now(), last + interval '1 microsecond') WHERE id = 1 "
            "RETURNING last"
        )
        now = cursor.fetchone()[0]
        if resource == "meetings":
            cursor.execute(
                "INSERT INTO events_meeting (title, slug, summary, purpose, start_date, end_date, timezone, city, "
                "venue, format, status, participants_complete, created_at, updated_at) VALUES (%s, %s, '', '', %s, "
                "%s, '', %s, '', %s, %s, false, %s, %s) RETURNING id",
                [data["title"], data["slug"], data["start_date"], data.get("end_date") or data["start_date"],
                 data.get("city", ""), data.get("format", "in_person"), data.get("status", "scheduled"), now, now],
            )  # fmt: skip
        else:
            cursor.execute(
                "INSERT INTO events_participation (meeting_id, nation_id, role_id, status, attendance_mode, notes, "
                "basis, basis_note, created_at, updated_at) SELECT m.id, n.id, r.id, %s, %s, '', 'stated', '', %s, %s "
                "FROM events_meeting m, events_nation n, events_participationrole r "
                "WHERE m.slug = %s AND n.code = %s AND r.code = %s RETURNING id",
                [data.get("status", "invited"), data.get("attendance_mode"), now, now, data["meeting"],
                 data["nation"], data["role"]],
            )  # fmt: skip
            cursor.execute("UPDATE events_meeting SET updated_at = %s WHERE slug = %s", [now, data["meeting"]])
        row_id = cursor.fetchone() if cursor.description else None
    return {"id": row_id[0] if row_id else None, **data}


# -- WSGI --------------------------------------------------------------------------------------------------------


def application(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
    write = method == "POST"
    with connection().cursor() as cursor:
        try:
            user_id = authenticate(cursor, environ.get("HTTP_AUTHORIZATION"))
        except PermissionError:
            return respond(start_response, 401, {"status": 401, "code": "authentication_failed"})
        if not throttle(environ, user_id, write):
            return respond(start_response, 429, {"status": 429, "code": "throttled"})
        parts = path[len(PREFIX) :].strip("/").split("/") if path.startswith(PREFIX) else []
        if write and len(parts) == 1 and parts[0] in ("meetings", "participations") and user_id:
            data = orjson.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            return respond(start_response, 201, create(cursor, parts[0], data))
        if method == "GET" and len(parts) == 1 and parts[0] in LISTS:
            body, headers = list_page(cursor, environ, LISTS[parts[0]])
            return respond(start_response, 200, body, headers)
        if method == "GET" and len(parts) == 2 and parts[0] == "meetings":
            body, headers = meeting_detail(cursor, environ, parts[1])
            if body == 304:
                return respond(start_response, 304, None, headers)
            if body is not None:
                return respond(start_response, 200, body, headers)
    return respond(start_response, 404, {"status": 404, "code": "not_found"})


REASONS = {200: "OK", 201: "Created", 304: "Not Modified", 401: "Unauthorized", 404: "Not Found", 429: "Too Many"}


def respond(start_response, status, body, headers=None):
    payload = b"" if body is None else orjson.dumps(body)
    start_response(
        f"{status} {REASONS[status]}",
        [("Content-Type", MEDIA_TYPE), ("Content-Length", str(len(payload))), *(headers or {}).items()],
    )
    return [payload]
