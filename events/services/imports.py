"""Import of whole documents (the YAML files in `events/data/`, or the same document as JSON over HTTP).

Records are matched on their natural keys (organization slug, meeting slug, a nation in a meeting, ...), so importing
the same document again changes nothing, and a corrected document updates what it describes. Every record is written
through the services, in one change: the first invalid record stops the import, nothing is written, and the error
names the record and field (`meetings[0].participations[2].nation`).
"""

import copy
import dataclasses

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from events.changes import recording
from events.models import (
    MAX_SOURCES_PER_RECORD,
    Citation,
    Contribution,
    CountQualifier,
    Delegate,
    Meeting,
    MeetingFormat,
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
from events.services.base import create_object, update_object

__all__ = ["MAX_DEPTH", "SECTION_MODELS", "DatasetError", "dataset_import", "parse_yaml"]

# How deep a document may nest: a meeting's participation's list of sources is 5 levels deep.
MAX_DEPTH = 10
SCALARS = (str, int, float, bool)
# The sections of a document, in the order they are imported, and the kinds of record each creates or changes.
SECTION_MODELS = {
    "organizations": [Organization, Membership],
    "series": [Series],
    "people": [Person],
    "sources": [Source, Citation],
    "meetings": [Meeting, Session, ReportedCount, MeetingRelation, Participation, Delegate, Contribution],
    "contributions": [Contribution],
}


class DatasetError(Exception):
    """The document cannot be imported. `errors` maps where ("meetings[0].participations[2].nation", or "document")
    to what is wrong there."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{where}: {' '.join(messages)}" for where, messages in errors.items()))


class _DatasetLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text (the importer validates them like any value and names the record of a bad
    one), refuses aliases (a few bytes of aliases can expand to gigabytes) and bounds the depth of nesting."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 1
            raise DatasetError(
                {"document": [f"YAML aliases (*name) are not accepted; write the value out (line {line})."]}
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise DatasetError({"document": [f"Nested more than {MAX_DEPTH} levels deep."]})
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_DatasetLoader.yaml_implicit_resolvers = {
    first: [resolver for resolver in resolvers if resolver[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text):
    """The document in `text`; DatasetError if it is not YAML this importer accepts."""
    try:
        return yaml.load(text, Loader=_DatasetLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as error:
        raise DatasetError({"document": [f"Not valid YAML: {error}"]}) from error


@dataclasses.dataclass
class Outcome:
    path: str
    model: str
    key: str
    outcome: str


class DatasetImport:
    def __init__(self, *, user, via):
        self.user = user
        self.via = via
        self.outcomes = []
        self._nations = {}
        self._sources = {}
        self._people = {}
        self._seen = set()  # natural keys of the records handled so far

    def run(self, data, dry_run=False):
        with recording(user=self.user, via=self.via, batch=True):
            self._run(data)
            if dry_run:
                transaction.set_rollback(True)
        return self.outcomes

    def _run(self, data):
        data = {} if data is None else data
        self._check_keys(data, set(SECTION_MODELS), "document")
        for index, record in enumerate(self._items(data, "organizations", "")):
            self._import_organization(record, f"organizations[{index}]")
        for index, record in enumerate(self._items(data, "series", "")):
            self._import_series(record, f"series[{index}]")
        for index, record in enumerate(self._items(data, "people", "")):
            self._import_person(record, f"people[{index}]")
        citations = []
        for index, record in enumerate(self._items(data, "sources", "")):
            path = f"sources[{index}]"
            source = self._import_source(record, path)
            citations += [
                (source, item, f"{path}.citations[{i}]")
                for i, item in enumerate(self._items(record, "citations", path))
            ]
        relations = []
        for index, record in enumerate(self._items(data, "meetings", "")):
            path = f"meetings[{index}]"
            meeting = self._import_meeting(record, path)
            relations += [
                (meeting, item, f"{path}.relations[{i}]")
                for i, item in enumerate(self._items(record, "relations", path))
            ]
        # Relations and citations name meetings, which may come later in the document than the record naming them.
        for meeting, record, path in relations:
            self._import_relation(meeting, record, path)
        for index, record in enumerate(self._items(data, "contributions", "")):
            self._import_contribution(record, f"contributions[{index}]", meeting=None)
        for source, record, path in citations:
            self._import_citation(source, record, path)

    # Sections.

    def _import_organization(self, record, path):
        fields = {"slug", "name", "short_name", "kind", "description"}
        self._check_keys(record, fields | {"memberships"}, path)
        organization = self._upsert(
            Organization,
            {"slug": self._value(record, "slug", path)},
            self._values(Organization, record, fields - {"slug"}, path),
            path,
        )
        for index, period in enumerate(self._items(record, "memberships", path)):
            period_path = f"{path}.memberships[{index}]"
            self._check_keys(period, {"nations", "start_date", "end_date"}, period_path)
            start_date = self._value(period, "start_date", period_path)
            for position, code in enumerate(self._items(period, "nations", period_path, mappings=False)):
                nation_path = f"{period_path}.nations[{position}]"
                self._upsert(
                    Membership,
                    {
                        "organization_id": organization.pk,
                        "nation_id": self._nation(code, nation_path),
                        "start_date": start_date,
                    },
                    {"end_date": self._value(period, "end_date", period_path)},
                    nation_path,
                )

    def _import_series(self, record, path):
        fields = {"name", "description"}
        self._check_keys(record, fields | {"slug"}, path)
        self._upsert(
            Series, {"slug": self._value(record, "slug", path)}, self._values(Series, record, fields, path), path
        )

    def _import_person(self, record, path):
        """A person is matched on their Wikidata item when the document gives one, else on their exact name."""
        fields = {"name", "wikidata_id", "notes"}
        self._check_keys(record, fields | {"ref"}, path)
        wikidata_id = self._value(record, "wikidata_id", path)
        if wikidata_id:
            lookup = {"wikidata_id": wikidata_id}
        else:
            lookup = {"name": self._value(record, "name", path), "wikidata_id": ""}
            if Person.objects.filter(**lookup).count() > 1:
                raise DatasetError({path: ["Several people have this name: give their wikidata_id."]})
        values = self._values(Person, record, fields - set(lookup), path)
        person = self._upsert(Person, lookup, values, path)
        self._ref(self._people, record, path, person)

    def _import_source(self, record, path):
        """A source with an address is matched on it; one without, on its outlet and title."""
        fields = {"outlet", "title", "author", "programme", "dateline", "url", "published_date", "notes"}
        self._check_keys(record, fields | {"ref", "citations"}, path)
        if self._value(record, "url", path):
            lookup = {"url": self._value(record, "url", path)}
        else:
            lookup = {"outlet": self._value(record, "outlet", path), "title": self._value(record, "title", path)}
        source = self._upsert(Source, lookup, self._values(Source, record, fields - set(lookup), path), path)
        self._ref(self._sources, record, path, source)
        return source

    def _import_citation(self, source, record, path):
        fields = {"speaker", "speaker_is_anonymous", "context"}
        references = {"quote", "speaker_person", "speaker_nation", "speaker_organization", "meeting"}
        self._check_keys(record, fields | references, path)
        values = self._values(Citation, record, fields, path)
        values["speaker_person_id"] = self._person(record, "speaker_person", path)
        values["speaker_nation_id"] = self._nation_in(record, "speaker_nation", path)
        values["speaker_organization_id"] = self._organization_in(record, "speaker_organization", path)
        values["meeting_id"] = self._meeting_in(record, "meeting", path)
        self._upsert(Citation, {"source_id": source.pk, "quote": self._value(record, "quote", path)}, values, path)

    def _import_meeting(self, record, path):
        fields = {
            "title", "summary", "purpose", "start_date", "end_date", "start_time", "end_time", "timezone", "city",
            "venue", "format", "status", "level", "participants_complete",
        }  # fmt: skip
        children = {"sessions", "participations", "reported_counts", "relations", "contributions"}
        self._check_keys(record, fields | children | {"slug", "host_country", "series", "parent", "sources"}, path)
        values = self._values(Meeting, record, fields, path)
        values["host_country_id"] = self._nation_in(record, "host_country", path)
        values["series_id"] = self._key_of(Series, "slug", self._value(record, "series", path), f"{path}.series")
        values["parent_id"] = self._meeting_in(record, "parent", path)
        values["sources"] = self._source_refs(record, path)
        # A meeting that becomes virtual does so once its participants are written: the document may make them
        # remote in the same import.
        slug = self._value(record, "slug", path)
        stored_format = Meeting.objects.filter(slug=str(slug)).values_list("format", flat=True).first()
        later_format = None
        if values.get("format") == MeetingFormat.VIRTUAL and stored_format not in (None, MeetingFormat.VIRTUAL):
            later_format, values["format"] = values["format"], stored_format
        meeting = self._upsert(Meeting, {"slug": slug}, values, path)

        sessions = {}
        for index, item in enumerate(self._items(record, "sessions", path)):
            item_path = f"{path}.sessions[{index}]"
            fields = {"title", "description", "date", "start_time", "end_time"}
            self._check_keys(item, fields | {"order"}, item_path)
            order = self._value(item, "order", item_path)
            sessions[order] = self._upsert(
                Session,
                {"meeting_id": meeting.pk, "order": order},
                self._values(Session, item, fields, item_path),
                item_path,
            )

        for index, item in enumerate(self._items(record, "reported_counts", path)):
            item_path = f"{path}.reported_counts[{index}]"
            self._check_keys(item, {"count", "qualifier", "basis", "basis_note", "sources"}, item_path)
            lookup = {
                "meeting_id": meeting.pk,
                "count": self._value(item, "count", item_path),
                "qualifier": self._value(item, "qualifier", item_path) or CountQualifier.EXACT,
            }
            values = self._values(ReportedCount, item, {"basis", "basis_note"}, item_path)
            values["sources"] = self._source_refs(item, item_path)
            self._upsert(ReportedCount, lookup, values, item_path)

        for index, item in enumerate(self._items(record, "participations", path)):
            self._import_participation(meeting, sessions, item, f"{path}.participations[{index}]")

        for index, item in enumerate(self._items(record, "contributions", path)):
            self._import_contribution(item, f"{path}.contributions[{index}]", meeting=meeting)
        if later_format is not None:
            try:
                meeting = update_object(meeting, data={"format": later_format}, user=self.user, via=self.via)
            except ValidationError as error:
                raise DatasetError(self._located(error, path)) from error
            outcome = next(item for item in self.outcomes if item.path == path)
            outcome.outcome = "updated"
        return meeting

    def _import_participation(self, meeting, sessions, record, path):
        fields = {"status", "attendance_mode", "basis", "basis_note", "notes"}
        self._check_keys(record, fields | {"nation", "organization", "role", "sources", "delegates"}, path)
        values = self._values(Participation, record, fields, path)
        values["role_id"] = self._role(self._value(record, "role", path) or "participant", f"{path}.role")
        values["sources"] = self._source_refs(record, path)
        lookup = {
            "meeting_id": meeting.pk,
            "nation_id": self._nation_in(record, "nation", path),
            "organization_id": self._organization_in(record, "organization", path),
        }
        if (lookup["nation_id"] is None) == (lookup["organization_id"] is None):
            raise DatasetError({path: ["Give the participant: a nation or an organization (one of them)."]})
        participation = self._upsert(Participation, lookup, values, path)
        for index, item in enumerate(self._items(record, "delegates", path)):
            self._import_delegate(participation, sessions, item, f"{path}.delegates[{index}]")

    def _import_delegate(self, participation, sessions, record, path):
        """A delegate is matched on their person within the participation, or on the description of an unnamed one.
        `sessions` lists the `order` of the sessions of the meeting in this document that the delegate attended."""
        fields = {"office", "level", "attendance_mode", "basis", "basis_note"}
        self._check_keys(record, fields | {"person", "description", "sessions", "sources"}, path)
        person = self._person(record, "person", path)
        lookup = {"participation_id": participation.pk, "person_id": person}
        if person is None:
            lookup["description"] = self._value(record, "description", path) or ""
        values = self._values(Delegate, record, fields | ({"description"} - set(lookup)), path)
        values["sources"] = self._source_refs(record, path)
        values["sessions"] = []
        for index, order in enumerate(self._items(record, "sessions", path, mappings=False)):
            if order not in sessions:
                raise DatasetError({f"{path}.sessions[{index}]": [f"No session with order {order!r} in this meeting."]})
            values["sessions"].append(sessions[order])
        self._upsert(Delegate, lookup, values, path)

    def _import_relation(self, meeting, record, path):
        self._check_keys(record, {"kind", "meeting", "basis", "basis_note", "sources"}, path)
        lookup = {
            "from_meeting_id": meeting.pk,
            "to_meeting_id": self._meeting(self._value(record, "meeting", path), f"{path}.meeting", required=True),
            "kind": self._value(record, "kind", path),
        }
        values = self._values(MeetingRelation, record, {"basis", "basis_note"}, path)
        values["sources"] = self._source_refs(record, path)
        self._upsert(MeetingRelation, lookup, values, path)

    def _import_contribution(self, record, path, meeting):
        """A contribution of a meeting (under it), or of no meeting (the `contributions` section: an organization's,
        or one announced on its own)."""
        fields = {"quantity", "unit", "amount", "currency", "announced_on", "status", "basis", "basis_note"}
        keys = {"nation", "description", "categories", "recipient", "sources"}
        self._check_keys(record, fields | keys | (set() if meeting else {"meeting", "organization"}), path)
        lookup = {
            "meeting_id": meeting.pk if meeting else self._meeting_in(record, "meeting", path),
            "organization_id": self._organization_in(record, "organization", path),
            "nation_id": self._nation_in(record, "nation", path),
            "description": self._value(record, "description", path),
        }
        values = self._values(Contribution, record, fields, path)
        values["recipient_id"] = self._nation_in(record, "recipient", path)
        values["categories"] = list(self._items(record, "categories", path, mappings=False))
        values["sources"] = self._source_refs(record, path)
        self._upsert(Contribution, lookup, values, path)

    # Records.

    def _upsert(self, model, lookup, values, path):
        """Create or update one row through the services. A row is written only when the document differs from the
        database, so that importing the same document again changes nothing (not even `updated_at`)."""
        lookup = self._to_python(model, lookup, path)
        values = self._to_python(model, values, path)
        key = (model._meta.label, *sorted(lookup.items()))
        if key in self._seen:
            # Otherwise the second record would silently overwrite the first one.
            raise DatasetError({path: ["Repeats a record given earlier in this document."]})
        self._seen.add(key)
        instance = model.objects.filter(**lookup).first()
        try:
            if instance is None:
                instance = create_object(model, data={**lookup, **values}, user=self.user, via=self.via)
                outcome = "created"
            elif self._differs(instance, values):
                instance = update_object(instance, data=values, user=self.user, via=self.via)
                outcome = "updated"
            else:
                outcome = "unchanged"
        except ValidationError as error:
            raise DatasetError(self._located(error, path)) from error
        self.outcomes.append(Outcome(path=path, model=model._meta.model_name, key=self._key(instance), outcome=outcome))
        return instance

    @staticmethod
    def _differs(instance, values):
        """Whether saving `values` would change the row, once the model has normalized them (a meeting without an
        `end_date` ends on its first day): compared on a copy, cleaned as the service will clean it."""
        candidate = copy.copy(instance)
        for name, value in values.items():
            if isinstance(instance._meta.get_field(name), models.ManyToManyField):
                if set(getattr(instance, name).values_list("pk", flat=True)) != {item.pk for item in value}:
                    return True
            else:
                setattr(candidate, name, value)
        candidate.full_clean()
        return any(
            getattr(candidate, field.attname) != getattr(instance, field.attname)
            for field in instance._meta.concrete_fields
        )

    @staticmethod
    def _key(instance):
        for name in ("slug", "code"):
            if hasattr(instance, name):
                return str(getattr(instance, name))
        return str(instance.pk)

    @staticmethod
    def _located(error, path):
        if not hasattr(error, "error_dict"):
            return {path: error.messages}
        return {
            path if name == NON_FIELD_ERRORS else f"{path}.{name}": messages
            for name, messages in error.message_dict.items()
        }

    def _to_python(self, model, values, path):
        converted = {}
        for name, value in values.items():
            if isinstance(model._meta.get_field(name), models.ManyToManyField):
                converted[name] = value
                continue
            field = model._meta.get_field(name)
            try:
                converted[name] = None if value is None else field.to_python(value)
            except ValidationError as error:
                raise DatasetError({f"{path}.{field.name}": error.messages}) from error
        return converted

    def _values(self, model, record, fields, path):
        """The record's values for these fields. The document describes the whole record: a field it leaves out is
        reset to the model's default rather than left as it was."""
        return {
            name: self._value(record, name, path) if name in record else model._meta.get_field(name).get_default()
            for name in fields
        }

    @staticmethod
    def _value(record, name, path):
        """A single value: text, a number, a boolean or nothing; never a list or a mapping, and no NUL character."""
        value = record.get(name)
        if value is not None and not isinstance(value, SCALARS):
            kind = "a list" if isinstance(value, list) else "a mapping"
            raise DatasetError({f"{path}.{name}": [f"Expected a single value, not {kind}."]})
        if isinstance(value, str) and "\x00" in value:
            raise DatasetError({f"{path}.{name}": ["Null characters are not allowed."]})
        if isinstance(value, str) and not _is_unicode(value):
            raise DatasetError({f"{path}.{name}": ["Not Unicode text (a lone surrogate)."]})
        return value

    # References.

    def _source_refs(self, record, path):
        refs = self._items(record, "sources", path, mappings=False)
        if len(refs) > MAX_SOURCES_PER_RECORD:
            raise DatasetError({f"{path}.sources": [f"At most {MAX_SOURCES_PER_RECORD} sources."]})
        for index, ref in enumerate(refs):
            if not isinstance(ref, str) or ref not in self._sources:
                raise DatasetError({f"{path}.sources[{index}]": [f"No source with ref {ref!r} in this document."]})
        return [self._sources[ref] for ref in refs]

    def _nation(self, identifier, path, required=True):
        if identifier in (None, ""):
            if required:
                raise DatasetError({path: ["A nation is required."]})
            return None
        if not isinstance(identifier, (str, int)) or "\x00" in str(identifier):
            raise DatasetError({path: ["Give a nation as an ISO code or a name."]})
        key = str(identifier).strip().lower()
        if key not in self._nations:
            matches = list(Nation.objects.matching(str(identifier)).order_by("code").values_list("pk", "code"))
            if not matches:
                raise DatasetError(
                    {path: [f"Unknown nation {identifier!r} (give an ISO code such as FR or FRA, or a name)."]}
                )
            if len(matches) > 1:
                codes = " or ".join(code for _, code in matches)
                raise DatasetError({path: [f"{identifier!r} may mean {codes}: give the ISO code."]})
            self._nations[key] = matches[0][0]
        return self._nations[key]

    def _role(self, code, path):
        role = ParticipationRole.objects.filter(code=str(code)).first()
        if role is None:
            raise DatasetError({path: [f"Unknown role {code!r}."]})
        return role.pk

    def _meeting(self, slug, path, required=False):
        if not slug and required:
            raise DatasetError({path: ["A meeting is required."]})
        return self._key_of(Meeting, "slug", slug, path)

    def _nation_in(self, record, name, path):
        """The ID of the nation a record's `name` gives, if it gives one."""
        return self._nation(self._value(record, name, path), f"{path}.{name}", required=False)

    def _meeting_in(self, record, name, path):
        return self._meeting(self._value(record, name, path), f"{path}.{name}")

    def _organization_in(self, record, name, path):
        return self._key_of(Organization, "slug", self._value(record, name, path), f"{path}.{name}")

    @staticmethod
    def _key_of(model, key, value, path):
        """The ID of the `model` whose `key` is `value`; None for no value."""
        if value in (None, ""):
            return None
        found = model.objects.filter(**{key: str(value)}).values_list("pk", flat=True).first()
        if found is None:
            raise DatasetError({path: [f"Unknown {model._meta.verbose_name} {value!r}."]})
        return found

    def _person(self, record, name, path):
        """The ID of the person a record names by the `ref` of an entry of the document's `people`."""
        ref = self._value(record, name, path)
        if ref in (None, ""):
            return None
        if ref not in self._people:
            raise DatasetError({f"{path}.{name}": [f"No person with ref {ref!r} in this document."]})
        return self._people[ref].pk

    def _ref(self, refs, record, path, instance):
        ref = self._value(record, "ref", path)
        if ref in (None, ""):
            return
        if ref in refs:
            raise DatasetError({f"{path}.ref": [f"The ref {ref!r} is already used in this document."]})
        refs[ref] = instance

    # Shape.

    def _items(self, record, key, path, mappings=True):
        """The list under `key`; its items must be mappings of fields unless `mappings` is False (lists of keys)."""
        where = f"{path}.{key}" if path else key
        value = record.get(key, [])
        if not isinstance(value, list):
            raise DatasetError({where: ["Must be a list (leave it out when there is nothing to list)."]})
        for index, item in enumerate(value):
            if mappings and not isinstance(item, dict):
                raise DatasetError({f"{where}[{index}]": [f"Expected a mapping of fields, not {item!r}."]})
            if not mappings and (isinstance(item, (list, dict)) or (isinstance(item, str) and "\x00" in item)):
                raise DatasetError({f"{where}[{index}]": ["Expected a single value."]})
        return value

    @staticmethod
    def _check_keys(record, allowed, path):
        if not isinstance(record, dict):
            raise DatasetError({path: ["Expected a mapping of fields."]})
        unknown = sorted(str(name) for name in set(record) - allowed)
        if unknown:
            raise DatasetError(
                {
                    f"{path}.{unknown[0]}" if path != "document" else unknown[0]: [
                        f"Unknown field (allowed: {', '.join(sorted(allowed))})."
                    ]
                }
            )


def _is_unicode(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def dataset_import(*, data, user=None, via="import", dry_run=False):
    """Import one parsed document; returns an Outcome per record. Raises DatasetError, having written nothing.
    With `dry_run`, everything is validated and counted, then rolled back."""
    return DatasetImport(user=user, via=via).run(data, dry_run=dry_run)
