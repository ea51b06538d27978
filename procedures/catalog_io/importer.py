"""Catalog import: the entry points and the frame that checks everything, then writes.

The import is all or nothing and idempotent. Inside one transaction it runs in two phases:
first every record is checked and turned into a plan (`plan`), only then is the plan written
(`write`), template files included.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Agency, Field
from .errors import CatalogError, Invalid, JsonPlaces
from .plan import plan_agencies, plan_fields, plan_procedures
from .report import ImportReport, Progress
from .validate import Known, check_header, table
from .write import delete_stored, write_agencies, write_fields, write_procedures
from .xlsx import workbook_to_catalog


def catalog_import(
    *, data: dict, base_dir: Path | None = None, progress=None, dry_run: bool = False
) -> ImportReport:
    """Import a catalog dict, all or nothing. Template paths are relative to `base_dir`.

    `progress` is a tqdm bar or a callable `(done, total)`; see `report.Progress`.
    Raises CatalogError.
    """
    return _import(data, base_dir, progress, dry_run, JsonPlaces(data))


def catalog_import_file(*, path, progress=None, dry_run: bool = False) -> ImportReport:
    """Import a `.json` or `.xlsx` catalog file; templates are found next to it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = _read_json(path)
        places = JsonPlaces(data)
    elif suffix == ".xlsx":
        data, places = workbook_to_catalog(path)
    else:
        raise CatalogError(
            _("Không hỗ trợ tệp “%(name)s”: chỉ nhận tệp .json hoặc .xlsx.") % {"name": path.name}
        )
    return _import(data, path.parent, progress, dry_run, places)


def _import(data, base_dir, progress, dry_run, places) -> ImportReport:
    stored: list[str] = []  # names this import added to the file storage
    kept = False
    try:
        with transaction.atomic():
            report = _run(data, base_dir, progress, stored)
            if dry_run:
                transaction.set_rollback(True)
        kept = not dry_run
    except Invalid as error:
        raise CatalogError(places.describe(error)) from None
    finally:
        if not kept:
            delete_stored(stored)
    report.dry_run = dry_run
    return report


def _run(data, base_dir, progress, stored) -> ImportReport:
    check_header(data)
    records = table(data, "procedures")
    progress = Progress(progress, count=len(records))
    agencies = plan_agencies(table(data, "agencies"))
    fields = plan_fields(table(data, "fields"))
    known_fields = Known(Field, [plan.instance.code for plan in fields])
    known_agencies = Known(Agency, [plan.instance.code for plan in agencies])
    procedures = plan_procedures(
        records, known_fields, known_agencies, Path(base_dir) if base_dir else None, progress
    )
    report = ImportReport()
    write_agencies(agencies, report.agencies)
    write_fields(fields, report.fields)
    write_procedures(procedures, report, stored, progress)
    return report


def _read_json(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        message = _("Không đọc được tệp “%(name)s”: %(error)s")
        raise CatalogError(message % {"name": path.name, "error": exc}) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        message = _("Tệp JSON không hợp lệ (dòng %(line)s, cột %(column)s): %(error)s")
        raise CatalogError(
            message % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
