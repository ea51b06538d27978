"""manage.py export_catalog: the procedure catalog as JSON (docs/catalog-format.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from procedures.catalog_io import catalog_export, catalog_export_templates


class Command(BaseCommand):
    help = "Export the procedure catalog as JSON, to stdout or to a file."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, help="write to this file, not stdout")
        parser.add_argument(
            "--with-templates",
            type=Path,
            metavar="DIR",
            help="copy the component templates into DIR, under the names the JSON gives",
        )

    def handle(self, *args, output, with_templates, **options):
        data = catalog_export()
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        if with_templates:
            count = catalog_export_templates(data=data, directory=with_templates)
            message = _("Đã chép %(count)d tệp mẫu vào %(folder)s")
            self.stderr.write(message % {"count": count, "folder": with_templates})
