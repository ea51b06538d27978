"""manage.py import_catalog FILE: load the procedure catalog from JSON or Excel, all or nothing."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from procedures.catalog_io import CatalogError, catalog_import_file


class Command(BaseCommand):
    help = (
        "Import the procedure catalog from a .json or .xlsx file (docs/catalog-format.md). "
        "All or nothing; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the catalog file, .json or .xlsx")
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything and report, write nothing"
        )

    def handle(self, *args, file, no_progress, dry_run, **options):
        hidden = no_progress or not sys.stderr.isatty()
        with tqdm(unit=_(" thủ tục"), file=sys.stderr, disable=hidden) as bar:
            try:
                report = catalog_import_file(path=file, progress=bar, dry_run=dry_run)
            except CatalogError as exc:
                raise CommandError(str(exc), returncode=1) from exc
        for line in report.lines():
            self.stdout.write(line)
