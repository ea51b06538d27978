"""The Excel twin of the catalog: a workbook read into the same dict the JSON file holds.

One sheet per table (agencies, fields, procedures with one row per version, components,
channels, fees, process steps); the first row names the columns, by key or by the Vietnamese
names offices write. Problems are named by sheet, row and column.
"""

import datetime
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..models import (
    Agency,
    Channel,
    Component,
    FeeLine,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from ..text import normalize
from .errors import CatalogError, Invalid
from .keys import (
    AGENCY_KEYS,
    CHANNEL_FIELDS,
    COMPONENT_KEYS,
    FEE_KEYS,
    FIELD_KEYS,
    FORMAT,
    FORMAT_VERSION,
    STEP_KEYS,
    VERSION_KEYS,
)
from .serialize import jsonable

SHEET_MODELS = {
    "agencies": (Agency,),
    "fields": (Field,),
    "procedures": (ProcedureVersion, Procedure),
    "components": (Component,),
    "channels": (Channel,),
    "fees": (FeeLine,),
    "process_steps": (ProcessStep,),
}
_OWNER = ("procedure_code", "version")
_CHILD_TABLES = ("components", "channels", "process_steps")
SHEET_COLUMNS = {
    "agencies": AGENCY_KEYS,
    "fields": FIELD_KEYS,
    "procedures": ("code", *(k for k in VERSION_KEYS if k not in _CHILD_TABLES)),
    "components": (*_OWNER, *COMPONENT_KEYS),
    "channels": (*_OWNER, *CHANNEL_FIELDS),
    "fees": (*_OWNER, "channel", *FEE_KEYS),
    "process_steps": (*_OWNER, *STEP_KEYS),
}
# Headers offices write, besides the keys and the models' Vietnamese field names.
_CHILD_HEADERS = {"mã thủ tục": "procedure_code", "phiên bản": "version"}
EXTRA_HEADERS = {
    "procedures": {
        "procedure_code": "code",
        "version": "number",
        "mã thủ tục": "code",
        "phiên bản": "number",
        "công bố": "published",
        "cấp thực hiện": "levels",
    },
    "components": _CHILD_HEADERS,
    "channels": _CHILD_HEADERS,
    "fees": {**_CHILD_HEADERS, "cách thức": "channel", "hình thức nộp": "channel"},
    "process_steps": _CHILD_HEADERS,
}
BOOL_KEYS = {
    "has_desk", "published", "for_individuals", "for_organisations", "required",
    "present_only", "from_document_store",
}  # fmt: skip
INT_KEYS = {
    "province_code", "ward_code", "sort_order", "number", "version", "legacy_level",
    "originals", "certified_copies", "photocopies", "order",
}  # fmt: skip
DECIMAL_KEYS = {"duration_value", "amount", "cap", "budget_value"}
LIST_KEYS = {"levels", "implementing_agencies"}
_TRUE = {"true", "1", "x", "co", "yes"}
_FALSE = {"false", "0", "khong", "no"}


def _sheet_message(sheet, row, column, message) -> str:
    values = {"sheet": sheet, "row": row, "column": column, "message": message}
    if column:
        return _("Trang tính “%(sheet)s”, dòng %(row)s, cột %(column)s: %(message)s") % values
    return _("Trang tính “%(sheet)s”, dòng %(row)s: %(message)s") % values


class SheetPlaces:
    """Names a problem by sheet, row and column, for a catalog read from a workbook."""

    def __init__(self):
        self.rows: dict[tuple, tuple[str, int]] = {}  # record path -> (sheet, row)
        self.columns: dict[str, dict[str, str]] = {}  # sheet -> key -> "header (letter)"

    def column(self, sheet, key) -> str | None:
        if not key:
            return None
        key = re.match(r"\w*", key).group(0)
        return self.columns.get(sheet, {}).get(key, key)

    def error(self, sheet, row, key, message) -> CatalogError:
        """A CatalogError at a cell of the sheet, its column named by `key`."""
        return CatalogError(_sheet_message(sheet, row, self.column(sheet, key), message))

    def describe(self, error: Invalid) -> str:
        for size in range(len(error.path), 0, -1):
            place = self.rows.get(error.path[:size])
            if place:
                sheet, row = place
                return _sheet_message(sheet, row, self.column(sheet, error.key), error.message)
        return error.message


def workbook_to_catalog(path) -> tuple[dict, SheetPlaces]:
    """Read an .xlsx catalog (one sheet per table) into the same dict the JSON holds."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        message = _("Không đọc được tệp Excel “%(name)s”: %(error)s")
        raise CatalogError(message % {"name": Path(path).name, "error": exc}) from None
    try:
        return _read_workbook(book)
    finally:
        book.close()


def _read_workbook(book) -> tuple[dict, SheetPlaces]:
    places = SheetPlaces()
    data = {"format": FORMAT, "format_version": FORMAT_VERSION}
    sheets = _sheets_by_table(book)
    for table in ("agencies", "fields"):
        data[table] = []
        for row_number, row in _rows(sheets.get(table), table, places):
            places.rows[(table, len(data[table]))] = (sheets[table].title, row_number)
            data[table].append(row)
    data["procedures"] = []
    index = _read_procedures(sheets.get("procedures"), data["procedures"], places)
    for table in _CHILD_TABLES:
        _read_children(sheets.get(table), table, index, places)
    _read_fees(sheets.get("fees"), index, places)
    return data, places


def _sheets_by_table(book) -> dict:
    names = {}
    with translation.override("vi"):
        for table, table_models in SHEET_MODELS.items():
            names[normalize(table)] = table
            for model in table_models:
                names.setdefault(normalize(str(model._meta.verbose_name_plural)), table)
    names.setdefault(normalize("thủ tục"), "procedures")
    return {
        names[normalize(ws.title)]: ws for ws in book.worksheets if normalize(ws.title) in names
    }


def _header_aliases(table) -> dict[str, str]:
    columns = SHEET_COLUMNS[table]
    aliases = {normalize(key): key for key in columns}
    for alias, key in EXTRA_HEADERS.get(table, {}).items():
        aliases.setdefault(normalize(alias), key)
    with translation.override("vi"):
        for key in columns:
            for model in SHEET_MODELS[table]:
                try:
                    label = model._meta.get_field(key).verbose_name
                except FieldDoesNotExist:
                    continue
                aliases.setdefault(normalize(str(label)), key)
    return aliases


def _rows(sheet, table, places):
    """(row number, {key: value}) for each non-empty row; the first row names the columns."""
    if sheet is None:
        return
    rows = sheet.iter_rows(values_only=True)
    keys = _header_keys(next(rows, ()), sheet.title, table, places)
    for row_number, cells in enumerate(rows, start=2):
        row = {}
        for key, value in zip(keys, cells, strict=False):
            if key and value is not None and not (isinstance(value, str) and not value.strip()):
                row[key] = _cell(table, key, value)
        if row:
            yield row_number, row


def _header_keys(header, title, table, places) -> list[str | None]:
    aliases = _header_aliases(table)
    keys, columns = [], {}
    for position, text in enumerate(header, start=1):
        label = f"{text} ({get_column_letter(position)})"
        key = aliases.get(normalize(str(text))) if text is not None else None
        if text is not None and str(text).strip() and key is None:
            raise CatalogError(_sheet_message(title, 1, label, _("tiêu đề cột không được hỗ trợ")))
        if key in columns:
            message = _("cột bị trùng với cột %(other)s") % {"other": columns[key]}
            raise CatalogError(_sheet_message(title, 1, label, message))
        if key:
            columns[key] = label
        keys.append(key)
    places.columns[title] = columns
    return keys


def _cell(table, key, value):
    """A cell as the JSON would hold it; odd values are kept for the validation to name."""
    if key in LIST_KEYS:
        return [part.strip() for part in str(value).split(";") if part.strip()]
    if key == "legal_basis" and table == "procedures":
        return [_legal_line(line) for line in str(value).splitlines() if line.strip()]
    if key in BOOL_KEYS:
        return _cell_bool(value)
    if key in INT_KEYS:
        return _cell_int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if key in DECIMAL_KEYS and isinstance(value, (int, float)):
        return jsonable(Decimal(str(value)))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, (int, float)) else value


def _cell_bool(value):
    if isinstance(value, bool):
        return value
    text = normalize(str(value))
    return True if text in _TRUE else False if text in _FALSE else value


def _cell_int(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value


def _legal_line(line) -> dict:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) < 3:
        return {"number": parts[0], "title": parts[1] if len(parts) > 1 else ""}
    return {"number": parts[0], "title": " | ".join(parts[1:-1]), "issued_on": parts[-1]}


def _read_procedures(sheet, procedures, places) -> dict:
    """Fill `procedures` from the one-row-per-version sheet; index versions by (code, number)."""
    index, positions = {}, {}
    for row_number, row in _rows(sheet, "procedures", places):
        code = row.pop("code", None)
        if code not in positions:
            positions[code] = len(procedures)
            places.rows[("procedures", len(procedures))] = (sheet.title, row_number)
            procedures.append({"code": code, "versions": []})
        versions = procedures[positions[code]]["versions"]
        path = ("procedures", positions[code], "versions", len(versions))
        places.rows[path] = (sheet.title, row_number)
        versions.append(row)
        index[(code, row.get("number"))] = (path, row)
    return index


def _read_children(sheet, table, index, places) -> None:
    """Append each row to the list `table` of the version it names."""
    for row_number, row in _rows(sheet, table, places):
        path, version = _owner(row, index, sheet.title, row_number, places)
        items = version.setdefault(table, [])
        places.rows[(*path, table, len(items))] = (sheet.title, row_number)
        items.append(row)


def _read_fees(sheet, index, places) -> None:
    for row_number, row in _rows(sheet, "fees", places):
        path, version = _owner(row, index, sheet.title, row_number, places)
        kind = row.pop("channel", None)
        channels = version.get("channels", [])
        k = next((k for k, channel in enumerate(channels) if channel.get("kind") == kind), None)
        if k is None:
            message = _("phiên bản này không có cách thức “%(kind)s” (trang tính channels)")
            raise places.error(sheet.title, row_number, "channel", message % {"kind": kind})
        fees = channels[k].setdefault("fees", [])
        places.rows[(*path, "channels", k, "fees", len(fees))] = (sheet.title, row_number)
        fees.append(row)


def _owner(row, index, title, row_number, places):
    code, number = row.pop("procedure_code", None), row.pop("version", None)
    if (code, number) not in index:
        message = _("không có thủ tục “%(code)s” phiên bản %(number)s trong trang tính procedures")
        values = {"code": code, "number": number}
        raise places.error(title, row_number, "procedure_code", message % values)
    return index[(code, number)]
