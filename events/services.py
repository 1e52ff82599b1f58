"""Writes that touch several objects: each is atomic and validates every object with full_clean() before saving it."""

import pycountry
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

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

__all__ = ["DatasetError", "dataset_import", "iso_nation_records", "nations_sync"]


def iso_nation_records():
    """Every ISO 3166-1 country as field values for Nation, from pycountry (the only source of nation data)."""
    for country in pycountry.countries:
        yield {
            "code": country.alpha_2,
            "alpha3": country.alpha_3,
            "numeric": country.numeric,
            "name": getattr(country, "common_name", None) or country.name,
            "iso_name": country.name,
            "official_name": getattr(country, "official_name", ""),
        }


@transaction.atomic
def nations_sync():
    """Create or update a Nation per ISO country; returns (created, updated)."""
    existing = {nation.code: nation for nation in Nation.objects.all()}
    created = updated = 0
    for record in iso_nation_records():
        nation = existing.get(record["code"])
        if nation is None:
            Nation.objects.create(**record)
            created += 1
        elif any(getattr(nation, field) != value for field, value in record.items()):
            for field, value in record.items():
                setattr(nation, field, value)
            nation.save()
            updated += 1
    return created, updated


class DatasetError(Exception):
    """A record of an import file is invalid; the message names the record and the problem."""


class DatasetImport:
    """Imports one dataset (the parsed content of a YAML file such as `events/data/paris-talks-2025.yaml`).

    Records are matched on their natural keys (organization slug, meeting slug, nation in a meeting, ...), so
    importing the same file again changes nothing, and a corrected file updates what it describes. Everything
    happens in one transaction: the first invalid record stops the import and nothing is written.
    """

    SECTIONS = {"organizations", "sources", "meetings"}

    def __init__(self):
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self._nations = {}
        self._sources = {}
        self._seen = set()  # natural keys of the records handled so far

    @transaction.atomic
    def run(self, data):
        data = data or {}
        self._check_keys(data, self.SECTIONS, "file")
        for index, record in enumerate(self._items(data, "organizations", "file")):
            self._import_organization(record, f"organizations[{index}] {record.get('slug')!r}")
        citations = []
        for index, record in enumerate(self._items(data, "sources", "file")):
            path = f"sources[{index}] {record.get('title')!r}"
            source = self._import_source(record, path)
            citations += [
                (source, item, f"{path} › citations[{i}]")
                for i, item in enumerate(self._items(record, "citations", path))
            ]
        for index, record in enumerate(self._items(data, "meetings", "file")):
            self._import_meeting(record, f"meetings[{index}] {record.get('slug')!r}")
        for source, record, path in citations:
            self._import_citation(source, record, path)
        return self.counts

    # Sections.

    def _import_organization(self, record, path):
        fields = {"slug", "name", "short_name", "kind", "description"}
        self._check_keys(record, fields | {"memberships"}, path)
        organization = self._upsert(
            Organization, {"slug": record.get("slug")}, self._values(Organization, record, fields), path
        )
        for index, period in enumerate(self._items(record, "memberships", path)):
            period_path = f"{path} › memberships[{index}]"
            self._check_keys(period, {"nations", "start_date", "end_date"}, period_path)
            for code in self._items(period, "nations", period_path, mappings=False):
                self._upsert(
                    Membership,
                    {
                        "organization_id": organization.pk,
                        "nation_id": self._nation(code, period_path),
                        "start_date": period.get("start_date"),
                    },
                    {"end_date": period.get("end_date")},
                    f"{period_path} nation {code!r}",
                )

    def _import_source(self, record, path):
        fields = {"outlet", "title", "author", "programme", "dateline", "url", "published_date", "notes"}
        self._check_keys(record, fields | {"ref", "citations"}, path)
        lookup = {"outlet": record.get("outlet"), "title": record.get("title")}
        source = self._upsert(Source, lookup, self._values(Source, record, fields - set(lookup)), path)
        if record.get("ref"):
            self._sources[record["ref"]] = source
        return source

    def _import_citation(self, source, record, path):
        self._check_keys(
            record, {"quote", "speaker", "speaker_is_anonymous", "speaker_nation", "meeting", "context"}, path
        )
        values = self._values(Citation, record, {"speaker", "speaker_is_anonymous", "context"})
        values["speaker_nation_id"] = self._nation(record.get("speaker_nation"), path, required=False)
        values["meeting_id"] = self._meeting(record.get("meeting"), path)
        self._upsert(Citation, {"source_id": source.pk, "quote": record.get("quote")}, values, path)

    def _import_meeting(self, record, path):
        fields = {
            "title", "summary", "purpose", "start_date", "end_date", "start_time", "end_time", "timezone", "city",
            "venue", "format", "status", "level", "reported_nation_count", "reported_nation_count_qualifier",
        }  # fmt: skip
        children = {"host_country", "parent", "sources", "sessions", "participations", "contributions"}
        self._check_keys(record, fields | children | {"slug"}, path)
        values = self._values(Meeting, record, fields)
        values["host_country_id"] = self._nation(record.get("host_country"), path, required=False)
        values["parent_id"] = self._meeting(record.get("parent"), path)
        meeting = self._upsert(Meeting, {"slug": record.get("slug")}, values, path)
        self._set_sources(meeting, record, path)

        for index, item in enumerate(self._items(record, "sessions", path)):
            item_path = f"{path} › sessions[{index}]"
            self._check_keys(item, {"order", "title", "description"}, item_path)
            self._upsert(
                Session,
                {"meeting_id": meeting.pk, "order": item.get("order")},
                self._values(Session, item, {"title", "description"}),
                item_path,
            )

        for index, item in enumerate(self._items(record, "participations", path)):
            item_path = f"{path} › participations[{index}] nation {item.get('nation')!r}"
            fields = {"status", "attendance_mode", "representative", "notes"}
            self._check_keys(item, fields | {"nation", "role", "sources"}, item_path)
            values = self._values(Participation, item, fields)
            values["role_id"] = self._role(item.get("role", "participant"), item_path)
            participation = self._upsert(
                Participation,
                {"meeting_id": meeting.pk, "nation_id": self._nation(item.get("nation"), item_path)},
                values,
                item_path,
            )
            self._set_sources(participation, item, item_path)

        for index, item in enumerate(self._items(record, "contributions", path)):
            item_path = f"{path} › contributions[{index}] {item.get('category')!r}"
            self._check_keys(
                item, {"nation", "category", "description", "quantity", "unit", "status", "sources"}, item_path
            )
            lookup = {
                "meeting_id": meeting.pk,
                "nation_id": self._nation(item.get("nation"), item_path, required=False),
                "category": item.get("category"),
                "description": item.get("description"),
            }
            contribution = self._upsert(
                Contribution, lookup, self._values(Contribution, item, {"quantity", "unit", "status"}), item_path
            )
            self._set_sources(contribution, item, item_path)

    # Helpers.

    def _upsert(self, model, lookup, values, path):
        """Create or update one row. Every record is validated; a row is saved only when it differs from the
        database, so that importing the same file again changes nothing (not even `updated_at`)."""
        lookup = self._to_python(model, lookup, path)
        key = (model._meta.label, *sorted(lookup.items()))
        if key in self._seen:
            # Otherwise the second record would silently overwrite the first one.
            raise DatasetError(f"{path}: repeats a record given earlier in this file.")
        self._seen.add(key)
        # Converted first, so that clean() never compares a bad value left as text (a date of "2025-02-30").
        values = self._to_python(model, values, path)
        instance = model.objects.filter(**lookup).first()
        before = None if instance is None else self._snapshot(instance)
        if instance is None:
            instance = model(**lookup)
        for name, value in values.items():
            setattr(instance, name, value)
        try:
            instance.full_clean()
        except ValidationError as error:
            raise DatasetError(f"{path}: {self._describe(error)}") from error
        outcome = "created" if before is None else "unchanged" if self._snapshot(instance) == before else "updated"
        if outcome != "unchanged":
            instance.save()
        self.counts[outcome] += 1
        return instance

    @staticmethod
    def _snapshot(instance):
        return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}

    def _to_python(self, model, values, path):
        converted = {}
        for name, value in values.items():
            field = model._meta.get_field(name)
            try:
                converted[name] = None if value is None else field.to_python(value)
            except ValidationError as error:
                raise DatasetError(f"{path}: {name}: {self._describe(error)}") from error
        return converted

    @staticmethod
    def _values(model, record, fields):
        """The record's values for these fields. The file describes the whole record: a field it leaves out is
        reset to the model's default rather than left as it was."""
        return {name: record[name] if name in record else model._meta.get_field(name).get_default() for name in fields}

    def _set_sources(self, instance, record, path):
        refs = self._items(record, "sources", path, mappings=False)
        missing = [ref for ref in refs if ref not in self._sources]
        if missing:
            raise DatasetError(f"{path}: sources: no source with ref {missing[0]!r} in this file.")
        wanted = {self._sources[ref].pk for ref in refs}
        if set(instance.sources.values_list("pk", flat=True)) != wanted:
            instance.sources.set(wanted)

    def _nation(self, identifier, path, required=True):
        if identifier in (None, ""):
            if required:
                raise DatasetError(f"{path}: a nation is required.")
            return None
        key = str(identifier).strip().lower()
        if key not in self._nations:
            matches = list(Nation.objects.matching(str(identifier)).values_list("pk", flat=True)[:2])
            if len(matches) != 1:
                raise DatasetError(
                    f"{path}: unknown nation {identifier!r} (give an ISO code such as FR or FRA, or a name)."
                )
            self._nations[key] = matches[0]
        return self._nations[key]

    def _role(self, code, path):
        role = ParticipationRole.objects.filter(code=code).first()
        if role is None:
            raise DatasetError(f"{path}: unknown role {code!r}.")
        return role.pk

    def _meeting(self, slug, path):
        if not slug:
            return None
        meeting = Meeting.objects.filter(slug=slug).first()
        if meeting is None:
            raise DatasetError(f"{path}: unknown meeting {slug!r}.")
        return meeting.pk

    @staticmethod
    def _items(record, key, path, mappings=True):
        """The list under `key`; its items must be mappings of fields unless `mappings` is False (lists of codes)."""
        value = record.get(key) or []
        if not isinstance(value, list):
            raise DatasetError(f"{path}: {key} must be a list.")
        if mappings:
            for index, item in enumerate(value):
                if not isinstance(item, dict):
                    raise DatasetError(f"{path}: {key}[{index}]: expected a mapping of fields, not {item!r}.")
        return value

    @staticmethod
    def _check_keys(record, allowed, path):
        if not isinstance(record, dict):
            raise DatasetError(f"{path}: expected a mapping of fields.")
        unknown = sorted(set(record) - allowed)
        if unknown:
            raise DatasetError(f"{path}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))}).")

    @staticmethod
    def _describe(error):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{'' if name == NON_FIELD_ERRORS else name + ': '}{' '.join(messages)}"
                for name, messages in error.message_dict.items()
            )
        return " ".join(error.messages)


def dataset_import(*, data):
    """Import one parsed dataset; returns counts of created, updated and unchanged rows. Raises DatasetError."""
    return DatasetImport().run(data)
