from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.services import DatasetError, dataset_import, parse_yaml


class Command(BaseCommand):
    help = (
        "Import meetings, organizations and sources from YAML files (see events/data/). Idempotent: importing a file "
        "again changes nothing. A file with one invalid record imports nothing, and the error names the record."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="YAML files to import, in order.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count what would change, without writing."
        )

    def handle(self, *args, paths, dry_run, **options):
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from error
            except UnicodeDecodeError as error:
                raise CommandError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}).") from error
            try:
                outcomes = dataset_import(data=parse_yaml(text), via="import", dry_run=dry_run)
            except DatasetError as error:
                raise CommandError(f"{path}: nothing imported. {error}") from error
            counts = Counter(outcome.outcome for outcome in outcomes)
            summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in ("created", "updated", "unchanged"))
            self.stdout.write(
                self.style.SUCCESS(f"{path}: {summary}{' (dry run: nothing written)' if dry_run else ''}.")
            )
