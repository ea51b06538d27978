"""Catalog import and export: the `mot-cua-catalog` JSON format and its Excel twin.

The import is all or nothing and idempotent. Inside one transaction it runs in two phases:
first every record is checked (shape and types, the model's `full_clean()`, references,
locked versions) and turned into a plan; only then is the plan written, template files
included. The format is described in docs/catalog-format.md.
"""

import datetime
import hashlib
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    SuspiciousFileOperation,
    ValidationError,
)
from django.core.files import File
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .models import (
    Agency,
    Channel,
    Component,
    FeeLine,
    Field,
    Level,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    procedure_code_validator,
)
from .services import procedure_refresh_current
from .text import normalize

FORMAT = "mot-cua-catalog"
FORMAT_VERSION = 1
TABLES = ("agencies", "fields", "procedures")

AGENCY_KEYS = (
    "code", "name", "short_name", "kind", "level", "parent", "successor", "closed_on",
    "province_code", "ward_code", "street_address", "phone", "email", "has_desk", "desk_hours",
)  # fmt: skip
FIELD_KEYS = ("code", "name", "sector", "sort_order")
VERSION_KEYS = (
    "number", "effective_from", "published", "status", "decision", "name", "field",
    "procedure_type", "levels", "competent_authority", "implementing_agencies",
    "for_individuals", "for_organisations", "applicants", "steps", "requirements", "result",
    "legal_basis", "online_level", "legacy_level", "clock_on_supplement", "source_note",
    "components", "channels", "process_steps",
)  # fmt: skip
COMPONENT_KEYS = (
    "name", "template", "template_name", "originals", "certified_copies", "photocopies",
    "required", "from_document_store", "note",
)  # fmt: skip
CHANNEL_KEYS = ("kind", "duration_value", "duration_unit", "duration_text", "description", "fees")
FEE_KEYS = ("kind", "description", "amount", "unit", "cap", "exemptions", "legal_basis")
STEP_KEYS = (
    "order", "name", "responsible_unit", "responsible_role", "budget_value", "budget_unit",
)  # fmt: skip

# Keys copied straight onto a model field; the others are resolved by hand.
AGENCY_FIELDS = tuple(k for k in AGENCY_KEYS if k not in ("parent", "successor"))
VERSION_FIELDS = tuple(
    k
    for k in VERSION_KEYS
    if k
    not in (
        "number",
        "published",
        "field",
        "levels",
        "implementing_agencies",
        "legal_basis",
        "components",
        "channels",
        "process_steps",
    )  # fmt: skip
)
COMPONENT_FIELDS = tuple(k for k in COMPONENT_KEYS if k != "template")
CHANNEL_FIELDS = tuple(k for k in CHANNEL_KEYS if k != "fees")
LEVEL_FLAGS = {
    Level.CENTRAL: "at_central",
    Level.PROVINCE: "at_province",
    Level.DISTRICT: "at_district",
    Level.COMMUNE: "at_commune",
}

# Imported templates are stored content-addressed: templates/catalog/<sha256>/<file name>.
TEMPLATE_DIR = "templates/catalog"
_SHA_IN_NAME = re.compile(r"(?:^|/)([0-9a-f]{64})/")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class CatalogError(Exception):
    """A catalog that cannot be imported. The message names the record and the field."""


class _Invalid(Exception):
    """A problem at `path` (e.g. ("procedures", 3, "versions", 0, "channels", 1)), key `key`."""

    def __init__(self, path, key, message):
        super().__init__(message)
        self.path = tuple(path)
        self.key = key
        self.message = message


# --- Report ---------------------------------------------------------------------------------


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)


@dataclass
class ImportReport:
    agencies: Tally = dataclass_field(default_factory=Tally)
    fields: Tally = dataclass_field(default_factory=Tally)
    procedures: Tally = dataclass_field(default_factory=Tally)
    versions: Tally = dataclass_field(default_factory=Tally)
    templates_stored: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        """A short summary for people, one line per kind."""
        kinds = (
            (_("Cơ quan"), self.agencies),
            (_("Lĩnh vực"), self.fields),
            (_("Thủ tục"), self.procedures),
            (_("Phiên bản"), self.versions),
        )
        lines = [
            _("%(kind)s: %(created)d mới, %(updated)d cập nhật, %(unchanged)d không đổi")
            % {"kind": kind, **vars(tally)}
            for kind, tally in kinds
        ]
        lines.append(_("Tệp mẫu mới lưu: %(count)d") % {"count": self.templates_stored})
        if self.dry_run:
            lines.append(_("Chạy thử: không có gì được ghi."))
        return lines


class _Progress:
    """Reports the two passes over the procedures: checking them, then writing them.

    A tqdm bar (anything with `reset` and `update`) restarts for each pass with its name; a
    callable is called `progress(done, total)` over both passes (total: twice the procedures).
    """

    def __init__(self, target, count: int):
        self.target, self.count, self.done = target, count, 0

    def stage(self, label: str) -> None:
        if hasattr(self.target, "reset"):
            self.target.reset(total=self.count)
            self.target.set_description(label)

    def step(self) -> None:
        self.done += 1
        if hasattr(self.target, "update"):
            self.target.update(1)
        elif self.target is not None:
            self.target(self.done, 2 * self.count)


# --- Public entry points --------------------------------------------------------------------


def catalog_import(
    *, data: dict, base_dir: Path | None = None, progress=None, dry_run: bool = False
) -> ImportReport:
    """Import a catalog dict, all or nothing. Template paths are relative to `base_dir`.

    `progress` is a tqdm bar or a callable `(done, total)`; see `_Progress`.
    Raises CatalogError.
    """
    return _import(data, base_dir, progress, dry_run, _JsonPlaces(data))


def catalog_import_file(*, path, progress=None, dry_run: bool = False) -> ImportReport:
    """Import a `.json` or `.xlsx` catalog file; templates are found next to it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = _read_json(path)
        places = _JsonPlaces(data)
    elif suffix == ".xlsx":
        data, places = _workbook_to_catalog(path)
    else:
        raise CatalogError(
            _("Không hỗ trợ tệp “%(name)s”: chỉ nhận tệp .json hoặc .xlsx.") % {"name": path.name}
        )
    return _import(data, path.parent, progress, dry_run, places)


def catalog_export(*, procedures=None) -> dict:
    """The catalog as a `mot-cua-catalog` dict; `procedures` limits it (with what they need)."""
    queryset = Procedure.objects.order_by("code").prefetch_related(
        Prefetch("versions", queryset=_with_parts(ProcedureVersion.objects.order_by("number")))
    )
    if procedures is not None:
        queryset = queryset.filter(pk__in=[procedure.pk for procedure in procedures])
    exported = [_procedure_dict(procedure) for procedure in queryset]
    if procedures is None:
        agencies = Agency.objects.select_related("parent", "successor").order_by("code")
        fields = Field.objects.order_by("code")
    else:
        agencies = _agencies_needed(exported)
        codes = {v["field"] for p in exported for v in p["versions"]}
        fields = Field.objects.filter(code__in=codes).order_by("code")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "agencies": [_agency_dict(agency, *_agency_links(agency)) for agency in agencies],
        "fields": [_values(field, FIELD_KEYS) for field in fields],
        "procedures": exported,
    }


def catalog_export_templates(*, data: dict, directory: Path) -> int:
    """Copy the template files an exported dict names into `directory`, under the same names.

    With the JSON written into the same directory, the folder imports as it is.
    """
    storage = Component._meta.get_field("template").storage
    names = sorted(
        {
            component["template"]
            for procedure in data["procedures"]
            for version in procedure["versions"]
            for component in version["components"]
            if component["template"]
        }
    )
    for name in names:
        target = Path(directory) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy)
    return len(names)


# --- Import: the frame ----------------------------------------------------------------------


def _import(data, base_dir, progress, dry_run, places) -> ImportReport:
    stored: list[str] = []  # names this import added to the file storage
    kept = False
    try:
        with transaction.atomic():
            report = _run(data, base_dir, progress, stored)
            if dry_run:
                transaction.set_rollback(True)
        kept = not dry_run
    except _Invalid as error:
        raise CatalogError(places.describe(error)) from None
    finally:
        if not kept:
            _delete_stored(stored)
    report.dry_run = dry_run
    return report


def _run(data, base_dir, progress, stored) -> ImportReport:
    _check_header(data)
    records = _table(data, "procedures")
    progress = _Progress(progress, count=len(records))
    agencies = _plan_agencies(_table(data, "agencies"))
    fields = _plan_fields(_table(data, "fields"))
    known_fields = _Known(Field, [plan.instance.code for plan in fields])
    known_agencies = _Known(Agency, [plan.agency.code for plan in agencies])
    procedures = _plan_procedures(
        records, known_fields, known_agencies, Path(base_dir) if base_dir else None, progress
    )
    report = ImportReport()
    _write_agencies(agencies, report.agencies)
    for plan in fields:
        if plan.action != UNCHANGED:
            plan.instance.save()
        report.fields.add(plan.action)
    _write_procedures(procedures, report, stored, progress)
    return report


def _check_header(data) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        message = _("Tệp không phải danh mục thủ tục: khóa “format” phải là “%(format)s”.")
        raise _Invalid((), None, message % {"format": FORMAT})
    if data.get("format_version") != FORMAT_VERSION:
        message = _("Không hỗ trợ phiên bản định dạng “%(version)s”; chỉ hỗ trợ phiên bản %(ok)s.")
        raise _Invalid((), None, message % {"version": data.get("format_version"), "ok": 1})
    for key in data:  # keys starting with "_" are comments (a note on where the data is from)
        if key not in ("format", "format_version", *TABLES) and not str(key).startswith("_"):
            message = _("Khóa “%(key)s” ở cấp ngoài cùng không được hỗ trợ.")
            raise _Invalid((), None, message % {"key": key})
    for table in TABLES:
        if not isinstance(data.get(table, []), list):
            raise _Invalid((), None, _("“%(key)s” phải là một danh sách.") % {"key": table})


def _table(data, key) -> list:
    return data.get(key) or []


class _Known:
    """Codes present in the file or already in the database (each looked up once)."""

    def __init__(self, model, codes):
        self.model = model
        self.codes = dict.fromkeys(codes, True)

    def __contains__(self, code) -> bool:
        if code not in self.codes:
            self.codes[code] = self.model.objects.filter(code=code).exists()
        return self.codes[code]


# --- Import: checking records ---------------------------------------------------------------


def _check_record(record, keys, path) -> None:
    if not isinstance(record, dict):
        raise _Invalid(path, None, _("bản ghi phải là một đối tượng JSON"))
    for key in record:
        if key not in keys:
            raise _Invalid(path, key, _("khóa không được hỗ trợ"))


def _list(record, key, path) -> list:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(path, key, _("cần một danh sách"))
    return value


def _assign(instance, record, keys, path) -> None:
    """Copy the record's values onto model fields; a missing key keeps the model default."""
    for key in keys:
        if key not in record:
            continue
        field = instance._meta.get_field(key)
        value = record[key]
        if value is None:
            value = None if field.null else field.get_default()
        else:
            value = _typed(field, value, path, key)
        setattr(instance, field.attname, value)


def _typed(field, value, path, key):
    """The value if its JSON type suits the field (numbers made exact), else an _Invalid."""
    is_number = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    if isinstance(field, models.BooleanField):
        if isinstance(value, bool):
            return value
        message = _("cần giá trị true hoặc false")
    elif isinstance(field, models.DecimalField):
        if isinstance(value, str) or is_number:
            return str(value) if isinstance(value, float) else value
        message = _("cần một số, ví dụ “0.5”")
    elif isinstance(field, models.IntegerField):
        if isinstance(value, int) or (is_number and float(value).is_integer()):
            return int(value)
        message = _("cần một số nguyên")
    elif isinstance(field, models.DateField):
        if isinstance(value, str):
            return value
        message = _("cần một ngày dạng YYYY-MM-DD")
    else:
        if isinstance(value, str):
            return value
        message = _("cần một chuỗi ký tự")
    raise _Invalid(path, key, message)


def _clean(instance, path, exclude) -> None:
    """The model's own validation; the first problem becomes an _Invalid."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        name, errors = next(iter(exc.error_dict.items()))
        key = None if name == NON_FIELD_ERRORS else name
        raise _Invalid(path, key, _error_text(instance, name, errors[0])) from None


def _error_text(instance, name, error) -> str:
    if error.code == "invalid_choice":
        choices = [value for value, label in instance._meta.get_field(name).choices]
        return _choice_message(error.params["value"], choices)
    return error.messages[0]


def _choice_message(value, choices) -> str:
    message = _("giá trị “%(value)s” không hợp lệ; chọn một trong: %(choices)s")
    return message % {"value": value, "choices": ", ".join(str(c) for c in choices)}


def _reference(value, known, path, key, missing_message) -> str:
    if not isinstance(value, str) or not value:
        raise _Invalid(path, key, _("cần một mã"))
    if value not in known:
        raise _Invalid(path, key, missing_message % {"code": value})
    return value


def _duplicate(path, key, value):
    return _Invalid(path, key, _("giá trị “%(value)s” bị trùng") % {"value": value})


# --- Import: agencies and fields ------------------------------------------------------------


@dataclass
class _AgencyPlan:
    agency: Agency
    parent: str | None
    successor: str | None
    action: str


@dataclass
class _FieldPlan:
    instance: Field
    action: str


def _existing(queryset, records) -> dict:
    codes = [r["code"] for r in records if isinstance(r, dict) and isinstance(r.get("code"), str)]
    return queryset.in_bulk(codes, field_name="code")


def _action(before: dict | None, after: dict) -> str:
    return CREATED if before is None else UNCHANGED if before == after else UPDATED


def _lookup(existing, record):
    code = record.get("code")
    return existing.get(code) if isinstance(code, str) else None


def _plan_agencies(records) -> list[_AgencyPlan]:
    existing = _existing(Agency.objects.select_related("parent", "successor"), records)
    plans, seen = [], set()
    for index, record in enumerate(records):
        path = ("agencies", index)
        _check_record(record, AGENCY_KEYS, path)
        agency = _lookup(existing, record) or Agency()
        before = _agency_dict(agency, *_agency_links(agency)) if agency.pk else None
        _assign(agency, record, AGENCY_FIELDS, path)
        _clean(agency, path, exclude=["parent", "successor"])
        if agency.code in seen:
            raise _duplicate(path, "code", agency.code)
        seen.add(agency.code)
        links = [_link(record, key, agency.code, path) for key in ("parent", "successor")]
        plans.append(_AgencyPlan(agency, *links, _action(before, _agency_dict(agency, *links))))
    _check_agency_links(plans)
    return plans


def _link(record, key, own_code, path) -> str | None:
    code = record.get(key) or None
    if code is not None and not isinstance(code, str):
        raise _Invalid(path, key, _("cần mã cơ quan"))
    if code == own_code:
        raise _Invalid(path, key, _("cơ quan không thể trỏ tới chính nó"))
    return code


def _check_agency_links(plans) -> None:
    known = _Known(Agency, [plan.agency.code for plan in plans])
    missing = _("không tìm thấy cơ quan có mã “%(code)s”")
    for index, plan in enumerate(plans):
        for key in ("parent", "successor"):
            if getattr(plan, key):
                _reference(getattr(plan, key), known, ("agencies", index), key, missing)
    parents = {plan.agency.code: plan.parent for plan in plans}
    for index, plan in enumerate(plans):
        _check_no_cycle(plan.agency.code, parents, ("agencies", index))


def _check_no_cycle(code, parents, path) -> None:
    """Walk up the parents (the file's, else the database's) and never meet `code` again."""
    seen, current = {code}, parents[code]
    while current:
        if current in seen:
            message = _("cơ quan cấp trên tạo thành vòng lặp qua “%(code)s”")
            raise _Invalid(path, "parent", message % {"code": current})
        seen.add(current)
        if current not in parents:
            parents[current] = (
                Agency.objects.filter(code=current).values_list("parent__code", flat=True).first()
            )
        current = parents[current]


def _plan_fields(records) -> list[_FieldPlan]:
    existing = _existing(Field.objects.all(), records)
    plans, seen = [], set()
    for index, record in enumerate(records):
        path = ("fields", index)
        _check_record(record, FIELD_KEYS, path)
        field = _lookup(existing, record) or Field()
        before = _values(field, FIELD_KEYS) if field.pk else None
        _assign(field, record, FIELD_KEYS, path)
        _clean(field, path, exclude=[])
        if field.code in seen:
            raise _duplicate(path, "code", field.code)
        seen.add(field.code)
        plans.append(_FieldPlan(field, _action(before, _values(field, FIELD_KEYS))))
    return plans


# --- Import: procedures and versions --------------------------------------------------------


@dataclass
class _Parts:
    """What hangs off a version, saved or not: the same shape for the file and the database."""

    field_code: str
    agency_codes: list[str]
    components: list[Component]
    channels: list[tuple[Channel, list[FeeLine]]]
    steps: list[ProcessStep]


@dataclass
class _VersionPlan:
    version: ProcedureVersion  # unsaved, cleaned
    parts: _Parts
    sources: dict[str, Path]  # storage name -> template file to store
    existing: ProcedureVersion | None
    action: str


@dataclass
class _ProcedurePlan:
    code: str
    procedure: Procedure | None
    versions: list[_VersionPlan]

    @property
    def action(self) -> str:
        if self.procedure is None:
            return CREATED
        changed = any(plan.action != UNCHANGED for plan in self.versions)
        return UPDATED if changed else UNCHANGED


def _plan_procedures(records, known_fields, known_agencies, base_dir, progress):
    existing = _existing(Procedure.objects.all(), records)
    context = (known_fields, known_agencies, base_dir, timezone.now())
    progress.stage(_("Kiểm tra"))
    plans, seen = [], set()
    for index, record in enumerate(records):
        path = ("procedures", index)
        _check_record(record, ("code", "versions"), path)
        code = _procedure_code(record, path)
        if code in seen:
            raise _duplicate(path, "code", code)
        seen.add(code)
        procedure = existing.get(code)
        olds = _versions_of(procedure)
        versions = [
            _plan_version(version, path + ("versions", j), olds, context)
            for j, version in enumerate(_list(record, "versions", path))
        ]
        _check_unique_numbers(versions, path)
        plans.append(_ProcedurePlan(code, procedure, versions))
        progress.step()
    return plans


def _procedure_code(record, path) -> str:
    code = record.get("code")
    if not isinstance(code, str):
        raise _Invalid(path, "code", _("cần mã thủ tục"))
    try:
        procedure_code_validator(code)
    except ValidationError as exc:
        raise _Invalid(path, "code", exc.messages[0]) from None
    return code


def _versions_of(procedure) -> dict[int, ProcedureVersion]:
    if procedure is None:
        return {}
    versions = _with_parts(procedure.versions.select_for_update(of=("self",)))
    return {version.number: version for version in versions}


def _check_unique_numbers(plans, path) -> None:
    seen = set()
    for j, plan in enumerate(plans):
        if plan.version.number in seen:
            raise _duplicate(path + ("versions", j), "number", plan.version.number)
        seen.add(plan.version.number)


def _plan_version(record, path, olds, context) -> _VersionPlan:
    known_fields, known_agencies, base_dir, now = context
    _check_record(record, VERSION_KEYS, path)
    number = record.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise _Invalid(path, "number", _("số phiên bản phải là số nguyên dương"))
    old = olds.get(number)
    version = ProcedureVersion(number=number, legal_basis=_legal_basis(record, path))
    _assign(version, record, VERSION_FIELDS, path)
    _assign_levels(version, record, path)
    version.published_at = _published_at(record, path, old, now)
    _clean(version, path, exclude=["procedure", "field"])
    missing_field = _("không tìm thấy lĩnh vực có mã “%(code)s”")
    field_code = _reference(record.get("field"), known_fields, path, "field", missing_field)
    missing = _("không tìm thấy cơ quan có mã “%(code)s”")
    agency_codes = [
        _reference(code, known_agencies, path, f"implementing_agencies[{i}]", missing)
        for i, code in enumerate(_list(record, "implementing_agencies", path))
    ]
    components, sources = _plan_components(_list(record, "components", path), path, base_dir)
    channels = _plan_channels(_list(record, "channels", path), path)
    steps = _plan_steps(_list(record, "process_steps", path), path)
    parts = _Parts(field_code, sorted(set(agency_codes)), components, channels, steps)
    return _VersionPlan(version, parts, sources, old, _version_action(version, parts, old, path))


def _published_at(record, path, old, now):
    published = record.get("published", True)
    if not isinstance(published, bool):
        raise _Invalid(path, "published", _("cần giá trị true hoặc false"))
    if not published:
        return None
    return old.published_at if old and old.published_at else now


def _assign_levels(version, record, path) -> None:
    for i, level in enumerate(_list(record, "levels", path)):
        if level not in Level.values:
            raise _Invalid(path, f"levels[{i}]", _choice_message(level, Level.values))
        setattr(version, LEVEL_FLAGS[level], True)


def _legal_basis(record, path) -> list[dict]:
    return [
        _legal_item(item, path, f"legal_basis[{i}]")
        for i, item in enumerate(_list(record, "legal_basis", path))
    ]


def _legal_item(item, path, key) -> dict:
    if not isinstance(item, dict) or set(item) - {"number", "title", "issued_on"}:
        raise _Invalid(path, key, _("cần đối tượng có các khóa number, title, issued_on"))
    number, title, issued_on = item.get("number"), item.get("title", ""), item.get("issued_on")
    if not isinstance(number, str) or not number.strip():
        raise _Invalid(path, f"{key}.number", _("chưa có số hiệu văn bản"))
    if not isinstance(title, str):
        raise _Invalid(path, f"{key}.title", _("cần một chuỗi ký tự"))
    if issued_on in ("", None):
        issued_on = None
    elif not isinstance(issued_on, str) or not _is_iso_date(issued_on):
        message = _("ngày “%(value)s” không đúng dạng YYYY-MM-DD")
        raise _Invalid(path, f"{key}.issued_on", message % {"value": issued_on})
    return {"number": number, "title": title, "issued_on": issued_on}


def _is_iso_date(text: str) -> bool:
    try:
        return bool(_ISO_DATE.match(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _child(model, record, keys, fields, path, **initial):
    """A version's child (component, channel, fee, step), checked but not saved."""
    _check_record(record, keys, path)
    instance = model(**initial)
    _assign(instance, record, fields, path)
    _clean(instance, path, exclude=["version", "channel", "template"])
    return instance


def _plan_components(records, path, base_dir):
    components, sources = [], {}
    for k, record in enumerate(records):
        child_path = path + ("components", k)
        component = _child(
            Component, record, COMPONENT_KEYS, COMPONENT_FIELDS, child_path, order=k + 1
        )
        if record.get("template"):
            name, source = _template_source(record["template"], base_dir, child_path)
            component.template = name
            sources[name] = source
        components.append(component)
    return components, sources


def _template_source(value, base_dir, path) -> tuple[str, Path]:
    """The storage name (with the file's sha256) and the file to store, checked to exist."""
    if not isinstance(value, str):
        raise _Invalid(path, "template", _("cần đường dẫn tệp"))
    if base_dir is None:
        message = _("không có thư mục để tìm tệp mẫu “%(path)s”")
        raise _Invalid(path, "template", message % {"path": value})
    root = base_dir.resolve()
    source = (root / value).resolve()
    if not source.is_relative_to(root):
        message = _("tệp mẫu “%(path)s” phải nằm trong thư mục của tệp danh mục")
        raise _Invalid(path, "template", message % {"path": value})
    if not source.is_file():
        message = _("không tìm thấy tệp mẫu “%(path)s”")
        raise _Invalid(path, "template", message % {"path": value})
    with source.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    try:
        file_name = get_valid_filename(source.name)[-150:]  # keeps the extension
    except SuspiciousFileOperation:
        file_name = "template"
    return f"{TEMPLATE_DIR}/{digest}/{file_name}", source


def _plan_channels(records, path) -> list[tuple[Channel, list[FeeLine]]]:
    channels, kinds = [], set()
    for k, record in enumerate(records):
        child_path = path + ("channels", k)
        channel = _child(Channel, record, CHANNEL_KEYS, CHANNEL_FIELDS, child_path)
        if channel.kind in kinds:
            raise _duplicate(child_path, "kind", channel.kind)
        kinds.add(channel.kind)
        fees = [
            _child(FeeLine, fee, FEE_KEYS, FEE_KEYS, child_path + ("fees", f))
            for f, fee in enumerate(_list(record, "fees", child_path))
        ]
        channels.append((channel, fees))
    return channels


def _plan_steps(records, path) -> list[ProcessStep]:
    steps, orders = [], set()
    for k, record in enumerate(records):
        child_path = path + ("process_steps", k)
        step = _child(ProcessStep, record, STEP_KEYS, STEP_KEYS, child_path)
        if step.order in orders:
            raise _duplicate(child_path, "order", step.order)
        orders.add(step.order)
        steps.append(step)
    return steps


def _version_action(version, parts, old, path) -> str:
    if old is None:
        return CREATED
    stored = _version_dict(old, _parts_of(old), _template_sha)
    if stored == _version_dict(version, parts, _template_sha):
        return UNCHANGED
    if old.locked_at:
        message = _(
            "phiên bản đã được hồ sơ sử dụng, hãy công bố phiên bản mới với số phiên bản mới"
        )
        raise _Invalid(path, None, message)
    return UPDATED


def _template_sha(component) -> str | None:
    """The template's sha256: from its catalog storage name, else by reading the file."""
    name = component.template.name
    if not name:
        return None
    found = _SHA_IN_NAME.search(name)
    if found:
        return found.group(1)
    try:
        with component.template.storage.open(name, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return name


# --- Import: writing ------------------------------------------------------------------------


def _write_agencies(plans, tally) -> None:
    """Save every agency first, then point parents and successors (any order in the file)."""
    for plan in plans:
        if plan.action != UNCHANGED:
            plan.agency.save()
        tally.add(plan.action)
    codes = {code for plan in plans for code in (plan.parent, plan.successor) if code}
    by_code = Agency.objects.in_bulk(list(codes), field_name="code")
    for plan in plans:
        agency = plan.agency
        parent, successor = by_code.get(plan.parent), by_code.get(plan.successor)
        links = (parent.pk if parent else None, successor.pk if successor else None)
        if (agency.parent_id, agency.successor_id) != links:
            agency.parent, agency.successor = parent, successor
            agency.save(update_fields=["parent", "successor"])


def _write_procedures(plans, report, stored, progress) -> None:
    versions = [version for plan in plans for version in plan.versions]
    fields = Field.objects.in_bulk(list({v.parts.field_code for v in versions}), field_name="code")
    agencies = Agency.objects.in_bulk(
        list({code for v in versions for code in v.parts.agency_codes}), field_name="code"
    )
    progress.stage(_("Ghi"))
    for plan in plans:
        procedure = plan.procedure or Procedure.objects.create(code=plan.code)
        for version in plan.versions:
            if version.action != UNCHANGED:
                _write_version(version, procedure, fields, agencies, stored)
            report.versions.add(version.action)
        report.procedures.add(plan.action)
        procedure_refresh_current(procedure_id=procedure.pk)
        progress.step()
    report.templates_stored = len(stored)


def _write_version(plan, procedure, fields, agencies, stored) -> None:
    version = plan.version
    if plan.existing is not None:
        version = _overwrite(plan.existing, plan.version)
    version.procedure = procedure
    version.field = fields[plan.parts.field_code]
    version.save()
    version.implementing_agencies.set([agencies[code] for code in plan.parts.agency_codes])
    _write_parts(version, plan.parts, plan.sources, stored)


def _write_parts(version, parts: _Parts, sources, stored) -> None:
    for component in parts.components:
        component.version = version
        if component.template.name in sources:
            name = component.template.name
            component.template = _store(name, sources[name], stored)
    Component.objects.bulk_create(parts.components)
    for step in parts.steps:
        step.version = version
    ProcessStep.objects.bulk_create(parts.steps)
    channels = [channel for channel, fees in parts.channels]
    for channel in channels:
        channel.version = version
    Channel.objects.bulk_create(channels)
    for channel, fees in parts.channels:
        for fee in fees:
            fee.channel = channel
    FeeLine.objects.bulk_create([fee for channel, fees in parts.channels for fee in fees])


def _overwrite(old: ProcedureVersion, new: ProcedureVersion) -> ProcedureVersion:
    """An unlocked version takes the file's content in place; its children are replaced."""
    for field in ProcedureVersion._meta.concrete_fields:
        if field.name not in ("id", "procedure", "locked_at", "search_text"):
            setattr(old, field.attname, getattr(new, field.attname))
    old.components.all().delete()
    old.channels.all().delete()
    old.process_steps.all().delete()
    return old


def _store(name: str, source: Path, stored: list[str]) -> str:
    storage = Component._meta.get_field("template").storage
    if storage.exists(name):
        return name
    with source.open("rb") as handle:
        saved = storage.save(name, File(handle, name=source.name))
    stored.append(saved)
    return saved


def _delete_stored(names) -> None:
    storage = Component._meta.get_field("template").storage
    for name in names:
        storage.delete(name)


# --- Export ---------------------------------------------------------------------------------


def _with_parts(queryset):
    return queryset.select_related("field").prefetch_related(
        "implementing_agencies", "components", "channels__fees", "process_steps"
    )


def _procedure_dict(procedure) -> dict:
    versions = [
        _version_dict(version, _parts_of(version), _template_name)
        for version in procedure.versions.all()
    ]
    return {"code": procedure.code, "versions": versions}


def _template_name(component) -> str | None:
    return component.template.name or None


def _agencies_needed(exported) -> list[Agency]:
    """Agencies the exported versions name, with their parents and successors, recursively."""
    found: dict[str, Agency] = {}
    pending = {code for p in exported for v in p["versions"] for code in v["implementing_agencies"]}
    while pending:
        batch = list(Agency.objects.select_related("parent", "successor").filter(code__in=pending))
        found.update((agency.code, agency) for agency in batch)
        pending = {c for agency in batch for c in _agency_links(agency) if c and c not in found}
    return sorted(found.values(), key=lambda agency: agency.code)


def _parts_of(version: ProcedureVersion) -> _Parts:
    """The parts of a saved version, read from prefetched relations."""
    return _Parts(
        field_code=version.field.code,
        agency_codes=sorted(agency.code for agency in version.implementing_agencies.all()),
        components=list(version.components.all()),
        channels=[(channel, list(channel.fees.all())) for channel in version.channels.all()],
        steps=list(version.process_steps.all()),
    )


def _version_dict(version, parts: _Parts, template) -> dict:
    """A version in the file format; `template` turns a component into its template value."""
    channels = sorted(parts.channels, key=lambda pair: pair[0].kind)
    return _values(
        version,
        VERSION_KEYS,
        published=version.published_at is not None,
        field=parts.field_code,
        levels=[str(level) for level in version.levels],
        implementing_agencies=parts.agency_codes,
        legal_basis=version.legal_basis,
        components=[_values(c, COMPONENT_KEYS, template=template(c)) for c in parts.components],
        channels=[
            _values(channel, CHANNEL_KEYS, fees=[_values(fee, FEE_KEYS) for fee in fees])
            for channel, fees in channels
        ],
        process_steps=[_values(s, STEP_KEYS) for s in sorted(parts.steps, key=lambda s: s.order)],
    )


def _agency_links(agency) -> tuple[str | None, str | None]:
    return (
        agency.parent.code if agency.parent_id else None,
        agency.successor.code if agency.successor_id else None,
    )


def _agency_dict(agency, parent, successor) -> dict:
    return _values(agency, AGENCY_KEYS, parent=parent, successor=successor)


def _values(instance, keys, **computed) -> dict:
    return {
        key: computed[key] if key in computed else _jsonable(getattr(instance, key)) for key in keys
    }


def _jsonable(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- Where a problem is, in words -----------------------------------------------------------


def _record_message(record, field, message) -> str:
    if field:
        return _("Bản ghi %(record)s, trường %(field)s: %(message)s") % {
            "record": record,
            "field": field,
            "message": message,
        }
    return _("Bản ghi %(record)s: %(message)s") % {"record": record, "message": message}


def _sheet_message(sheet, row, column, message) -> str:
    values = {"sheet": sheet, "row": row, "column": column, "message": message}
    if column:
        return _("Trang tính “%(sheet)s”, dòng %(row)s, cột %(column)s: %(message)s") % values
    return _("Trang tính “%(sheet)s”, dòng %(row)s: %(message)s") % values


def _item(sequence, index):
    if isinstance(sequence, list) and 0 <= index < len(sequence):
        return sequence[index]
    return None


class _JsonPlaces:
    """Names a problem by record, e.g. `procedures[3] (1.001193), phiên bản 1`, and field."""

    def __init__(self, data):
        self.data = data

    def describe(self, error: _Invalid) -> str:
        if not error.path:
            return error.message
        table, index, *rest = error.path
        record = _item(self.data.get(table), index) if isinstance(self.data, dict) else None
        label = f"{table}[{index}]"
        if isinstance(record, dict) and record.get("code"):
            label += f" ({record['code']})"
        if rest[:1] == ["versions"]:
            version = _item(record.get("versions"), rest[1]) if isinstance(record, dict) else None
            number = version.get("number") if isinstance(version, dict) else None
            if number is not None:
                label = _("%(record)s, phiên bản %(number)s") % {"record": label, "number": number}
            else:
                label += f".versions[{rest[1]}]"
            rest = rest[2:]
        parts = [f"{rest[i]}[{rest[i + 1]}]" for i in range(0, len(rest), 2)]
        field = ".".join(parts + ([error.key] if error.key else []))
        return _record_message(label, field, error.message)


# --- Excel ----------------------------------------------------------------------------------

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
    "from_document_store",
}  # fmt: skip
INT_KEYS = {
    "province_code", "ward_code", "sort_order", "number", "version", "legacy_level",
    "originals", "certified_copies", "photocopies", "order",
}  # fmt: skip
DECIMAL_KEYS = {"duration_value", "amount", "cap", "budget_value"}
LIST_KEYS = {"levels", "implementing_agencies"}
_TRUE = {"true", "1", "x", "co", "yes"}
_FALSE = {"false", "0", "khong", "no"}


class _SheetPlaces:
    """Names a problem by sheet, row and column, for a catalog read from a workbook."""

    def __init__(self):
        self.rows: dict[tuple, tuple[str, int]] = {}  # record path -> (sheet, row)
        self.columns: dict[str, dict[str, str]] = {}  # sheet -> key -> "header (letter)"

    def column(self, sheet, key) -> str | None:
        if not key:
            return None
        key = re.match(r"\w*", key).group(0)
        return self.columns.get(sheet, {}).get(key, key)

    def describe(self, error: _Invalid) -> str:
        for size in range(len(error.path), 0, -1):
            place = self.rows.get(error.path[:size])
            if place:
                sheet, row = place
                return _sheet_message(sheet, row, self.column(sheet, error.key), error.message)
        return error.message


def _workbook_to_catalog(path) -> tuple[dict, _SheetPlaces]:
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


def _read_workbook(book) -> tuple[dict, _SheetPlaces]:
    places = _SheetPlaces()
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
        return _jsonable(Decimal(str(value)))
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
            column = places.column(sheet.title, "channel")
            raise CatalogError(
                _sheet_message(sheet.title, row_number, column, message % {"kind": kind})
            )
        fees = channels[k].setdefault("fees", [])
        places.rows[(*path, "channels", k, "fees", len(fees))] = (sheet.title, row_number)
        fees.append(row)


def _owner(row, index, title, row_number, places):
    code, number = row.pop("procedure_code", None), row.pop("version", None)
    if (code, number) not in index:
        message = _("không có thủ tục “%(code)s” phiên bản %(number)s trong trang tính procedures")
        column = places.column(title, "procedure_code")
        raise CatalogError(
            _sheet_message(title, row_number, column, message % {"code": code, "number": number})
        )
    return index[(code, number)]


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
