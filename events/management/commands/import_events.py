from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from events.services import DatasetError, dataset_import


class DatasetLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: the importer validates them like any value and names the record of a
    bad one (PyYAML itself fails on `2025-02-30` with a bare ValueError)."""


DatasetLoader.yaml_implicit_resolvers = {
    first: [resolver for resolver in resolvers if resolver[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Command(BaseCommand):
    help = (
        "Import meetings, organizations and sources from YAML files (see events/data/). Idempotent: importing a file "
        "again changes nothing. A file with one invalid record imports nothing, and the error names the record."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="YAML files to import, in order.")

    def handle(self, *args, paths, **options):
        for path in paths:
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=DatasetLoader)  # noqa: S506 - a SafeLoader
            except OSError as error:
                raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
            except UnicodeDecodeError as error:
                raise CommandError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}).") from error
            except yaml.YAMLError as error:
                raise CommandError(f"{path}: not valid YAML: {error}") from error
            try:
                counts = dataset_import(data=data)
            except DatasetError as error:
                raise CommandError(f"{path}: nothing imported. {error}") from error
            summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"{path}: {summary}."))
