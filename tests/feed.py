"""A client that mirrors the API from its change feed alone, and random writes to feed it.

Shared by the in-process feed tests and the live ones (where writers run concurrently). `get(path, params)` and
the writer's `client` are anything with the APIClient/httpx call shape that returns (status, JSON) through
`call()`.
"""

import random

from events.models import Resource

KEYS = {"nations": "code", "organizations": "slug", "roles": "code", "meetings": "slug", "series": "slug"}
RESOURCES = [resource.value for resource in Resource]


def key_of(resource):
    return KEYS.get(resource, "id")


def read_all(get, path, params):
    """Every item of a list, following `next` links."""
    items, url, params = [], path, {**params, "limit": 500}
    while url:
        body = get(url, params)
        items += body["results"]
        url, params = body["next"], None
    return items


def full_read(get):
    """{resource: {key: representation}} of everything the API serves."""
    return {
        resource: {str(item[key_of(resource)]): item for item in read_all(get, f"/api/v1/{resource}/", {})}
        for resource in RESOURCES
    }


class Mirror:
    """Keeps a copy of every collection using only `updated_since` + `ordering=updated_at` and `deletions/`.

    Cursors are the latest `updated_at` (per collection) and `deleted_at` seen; re-reading from them inclusively
    is safe, and since changes are committed in the order of their times, nothing committed later can carry an
    earlier time. A deletion removes the copy only if the copy is older than it (a key may be used again)."""

    def __init__(self):
        self.data = {resource: {} for resource in RESOURCES}
        self.cursors = {}
        self.deleted_since = None

    def sync(self, get):
        params = {"since": self.deleted_since} if self.deleted_since else {}
        for deletion in read_all(get, "/api/v1/deletions/", params):
            copy = self.data[deletion["resource"]].get(deletion["key"])
            if copy is not None and copy["updated_at"] <= deletion["deleted_at"]:
                del self.data[deletion["resource"]][deletion["key"]]
            self.deleted_since = max(self.deleted_since or "", deletion["deleted_at"])
        for resource in RESOURCES:
            params = {"ordering": "updated_at"}
            if resource in self.cursors:
                params["updated_since"] = self.cursors[resource]
            for item in read_all(get, f"/api/v1/{resource}/", params):
                self.data[resource][str(item[key_of(resource)])] = item
                self.cursors[resource] = max(self.cursors.get(resource, ""), item["updated_at"])


class RandomWriter:
    """Random creates, updates and deletes of every kind of record, through the API. Some are refused (a 400 or a
    409 for a duplicate or a record still referred to), as they would be for a real client."""

    NATIONS = ["FR", "GB", "DE", "IT", "PL", "UA", "JP", "US", "CA", "NO"]

    def __init__(self, call, seed, prefix):
        self.call = call  # call(method, path, body) -> (status, json)
        self.random = random.Random(seed)
        self.prefix = prefix
        self.counter = 0

    def name(self, kind):
        self.counter += 1
        return f"{self.prefix}-{kind}-{self.counter}"

    def existing(self, resource, key):
        status, body = self.call("get", f"/api/v1/{resource}/", {"limit": 500, "offset": 0})
        return [item[key] for item in body["results"]] if status == 200 else []

    def pick(self, resource):
        items = self.existing(resource, key_of(resource))
        return self.random.choice(items) if items else None

    def step(self):
        action = self.random.choice(
            [
                self.create_meeting, self.create_meeting, self.update_meeting, self.delete_meeting,
                self.create_participation, self.create_participation, self.update_participation,
                self.delete_participation, self.create_session, self.update_session, self.create_source,
                self.update_source, self.delete_source, self.create_citation, self.update_citation,
                self.create_contribution, self.create_organization, self.create_membership,
                self.delete_membership, self.update_organization, self.create_role, self.update_role,
                self.delete_role, self.create_series, self.delete_series, self.create_person, self.delete_person,
                self.create_delegate, self.delete_delegate, self.create_reported_count, self.delete_reported_count,
                self.create_relation, self.delete_relation,
            ]
        )  # fmt: skip
        return action()

    def create_meeting(self):
        body = {
            "slug": self.name("m"),
            "title": self.name("Meeting"),
            "start_date": f"2025-0{self.random.randint(1, 9)}-1{self.random.randint(0, 9)}",
        }
        if self.random.random() < 0.5:
            body["host_country"] = self.random.choice(self.NATIONS)
        if (parent := self.pick("meetings")) and self.random.random() < 0.3:
            body["parent"] = parent
        return self.call("post", "/api/v1/meetings/", body)

    def update_meeting(self):
        if slug := self.pick("meetings"):
            sources = self.existing("sources", "id")
            body = self.random.choice(
                [
                    {"title": self.name("Renamed")},
                    {"host_country": self.random.choice(self.NATIONS)},
                    {"sources": self.random.sample(sources, min(len(sources), 2))},
                    {"start_date": "2024-12-31"},
                    {"series": self.pick("series")},
                ]
            )
            return self.call("patch", f"/api/v1/meetings/{slug}/", body)

    def delete_meeting(self):
        if slug := self.pick("meetings"):
            return self.call("delete", f"/api/v1/meetings/{slug}/", None)

    def create_participation(self):
        if slug := self.pick("meetings"):
            status = self.random.choice(["invited", "declined", "attended"])
            body = {
                "meeting": slug,
                "nation": self.random.choice(self.NATIONS),
                "role": "participant",
                "status": status,
            }
            if status == "attended":
                body["attendance_mode"] = "remote"
            return self.call("post", "/api/v1/participations/", body)

    def update_participation(self):
        if pk := self.pick("participations"):
            return self.call("patch", f"/api/v1/participations/{pk}/", {"notes": self.name("note")})

    def delete_participation(self):
        if pk := self.pick("participations"):
            return self.call("delete", f"/api/v1/participations/{pk}/", None)

    def create_session(self):
        if slug := self.pick("meetings"):
            body = {"meeting": slug, "order": self.random.randint(1, 4), "title": self.name("Session")}
            return self.call("post", "/api/v1/sessions/", body)

    def update_session(self):
        if pk := self.pick("sessions"):
            return self.call("patch", f"/api/v1/sessions/{pk}/", {"title": self.name("Session")})

    def create_source(self):
        return self.call("post", "/api/v1/sources/", {"outlet": "Wire", "title": self.name("Report")})

    def update_source(self):
        if pk := self.pick("sources"):
            return self.call("patch", f"/api/v1/sources/{pk}/", {"title": self.name("Report")})

    def delete_source(self):
        if pk := self.pick("sources"):
            return self.call("delete", f"/api/v1/sources/{pk}/", None)

    def create_citation(self):
        if pk := self.pick("sources"):
            body = {"source": pk, "quote": self.name("Quote"), "speaker": "Official", "meeting": self.pick("meetings")}
            return self.call("post", "/api/v1/citations/", body)

    def update_citation(self):
        if pk := self.pick("citations"):
            return self.call("patch", f"/api/v1/citations/{pk}/", {"speaker_nation": self.random.choice(self.NATIONS)})

    def create_contribution(self):
        if slug := self.pick("meetings"):
            body = {"meeting": slug, "nation": self.random.choice(self.NATIONS), "categories": ["troops"],
                    "description": self.name("Battalion"), "status": "pledged"}  # fmt: skip
            return self.call("post", "/api/v1/contributions/", body)

    def create_organization(self):
        return self.call("post", "/api/v1/organizations/", {"slug": self.name("org"), "name": self.name("Org")})

    def update_organization(self):
        if slug := self.pick("organizations"):
            return self.call("patch", f"/api/v1/organizations/{slug}/", {"short_name": self.name("O")[-10:]})

    def create_membership(self):
        if slug := self.pick("organizations"):
            body = {"organization": slug, "nation": self.random.choice(self.NATIONS), "start_date": "2020-01-01"}
            return self.call("post", "/api/v1/memberships/", body)

    def delete_membership(self):
        if pk := self.pick("memberships"):
            return self.call("delete", f"/api/v1/memberships/{pk}/", None)

    def create_role(self):
        return self.call("post", "/api/v1/roles/", {"code": self.name("r"), "name": self.name("Role")})

    def update_role(self):
        return self.call("patch", "/api/v1/roles/participant/", {"name": self.name("Participant")})

    def delete_role(self):
        if code := self.pick("roles"):
            if code not in ("participant", "lead", "host", "observer"):
                return self.call("delete", f"/api/v1/roles/{code}/", None)

    def create_series(self):
        return self.call("post", "/api/v1/series/", {"slug": self.name("s"), "name": self.name("Series")})

    def delete_series(self):
        if slug := self.pick("series"):
            return self.call("delete", f"/api/v1/series/{slug}/", None)

    def create_person(self):
        return self.call("post", "/api/v1/people/", {"name": self.name("Person")})

    def delete_person(self):
        if pk := self.pick("people"):
            return self.call("delete", f"/api/v1/people/{pk}/", None)

    def create_delegate(self):
        if pk := self.pick("participations"):
            body = {"participation": pk, "level": self.random.choice(["minister", "official"])}
            if (person := self.pick("people")) and self.random.random() < 0.5:
                body["person"] = person
            else:
                body["description"] = self.name("official")
            return self.call("post", "/api/v1/delegates/", body)

    def delete_delegate(self):
        if pk := self.pick("delegates"):
            return self.call("delete", f"/api/v1/delegates/{pk}/", None)

    def create_reported_count(self):
        if slug := self.pick("meetings"):
            body = {"meeting": slug, "count": self.random.randint(2, 40), "qualifier": "about"}
            return self.call("post", "/api/v1/reported-counts/", body)

    def delete_reported_count(self):
        if pk := self.pick("reported-counts"):
            return self.call("delete", f"/api/v1/reported-counts/{pk}/", None)

    def create_relation(self):
        if (later := self.pick("meetings")) and (earlier := self.pick("meetings")):
            body = {"from_meeting": later, "kind": "follows_up", "to_meeting": earlier}
            return self.call("post", "/api/v1/meeting-relations/", body)

    def delete_relation(self):
        if pk := self.pick("meeting-relations"):
            return self.call("delete", f"/api/v1/meeting-relations/{pk}/", None)
