from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from events.services import DatasetError, dataset_import


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
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except OSError as error:
                raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
            except yaml.YAMLError as error:
                raise CommandError(f"{path}: not valid YAML: {error}") from error
            try:
                counts = dataset_import(data=data)
            except DatasetError as error:
                raise CommandError(f"{path}: nothing imported. {error}") from error
            summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"{path}: {summary}."))
