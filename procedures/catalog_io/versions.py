"""Planning one procedure version: its values, references, parts, template files and forms.

A version is checked and built unsaved, then compared with the stored version of the same
number (in the file format, see `serialize`) to know whether it is new, changed or the same.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ..declarations import check_definition
from ..models import Channel, Component, FeeLine, Level, ProcedureVersion, ProcessStep
from .errors import Invalid
from .keys import (
    CHANNEL_FIELDS,
    CHANNEL_KEYS,
    COMPONENT_FIELDS,
    COMPONENT_KEYS,
    CREATED,
    FEE_KEYS,
    LEVEL_FLAGS,
    STEP_KEYS,
    TEMPLATE_DIR,
    UNCHANGED,
    UPDATED,
    VERSION_FIELDS,
    VERSION_KEYS,
)
from .serialize import Parts, parts_of, version_dict
from .validate import (
    assign,
    check_record,
    choice_message,
    clean,
    legal_basis,
    record_list,
    reference,
    unique,
)

_SHA_IN_NAME = re.compile(r"(?:^|/)([0-9a-f]{64})/")


@dataclass
class VersionPlan:
    version: ProcedureVersion  # unsaved, cleaned
    parts: Parts
    sources: dict[str, Path]  # storage name -> template file to store
    existing: ProcedureVersion | None
    action: str


def plan_version(record, path, olds, context) -> VersionPlan:
    known_fields, known_agencies, base_dir, now = context
    check_record(record, VERSION_KEYS, path)
    number = record.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise Invalid(path, "number", _("số phiên bản phải là số nguyên dương"))
    old = olds.get(number)
    version = ProcedureVersion(number=number, legal_basis=legal_basis(record, path))
    assign(version, record, VERSION_FIELDS, path)
    _assign_levels(version, record, path)
    version.published_at = _published_at(record, path, old, now)
    clean(version, path, exclude=["procedure", "field"])
    missing_field = _("không tìm thấy lĩnh vực có mã “%(code)s”")
    field_code = reference(record.get("field"), known_fields, path, "field", missing_field)
    missing = _("không tìm thấy cơ quan có mã “%(code)s”")
    agency_codes = [
        reference(code, known_agencies, path, f"implementing_agencies[{i}]", missing)
        for i, code in enumerate(record_list(record, "implementing_agencies", path))
    ]
    components, sources = _plan_components(record_list(record, "components", path), path, base_dir)
    channels = _plan_channels(record_list(record, "channels", path), path)
    steps = _plan_steps(record_list(record, "process_steps", path), path)
    parts = Parts(field_code, sorted(set(agency_codes)), components, channels, steps)
    return VersionPlan(version, parts, sources, old, _version_action(version, parts, old, path))


def _published_at(record, path, old, now):
    published = record.get("published", True)
    if not isinstance(published, bool):
        raise Invalid(path, "published", _("cần giá trị true hoặc false"))
    if not published:
        return None
    return old.published_at if old and old.published_at else now


def _assign_levels(version, record, path) -> None:
    for i, level in enumerate(record_list(record, "levels", path)):
        if level not in Level.values:
            raise Invalid(path, f"levels[{i}]", choice_message(level, Level.values))
        setattr(version, LEVEL_FLAGS[level], True)


def _child(model, record, keys, fields, path, **initial):
    """A version's child (component, channel, fee, step), checked but not saved."""
    check_record(record, keys, path)
    instance = model(**initial)
    assign(instance, record, fields, path)
    clean(instance, path, exclude=["version", "channel", "template"])
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
        if record.get("form") is not None:
            component.form = _form(record["form"], base_dir, child_path)
        components.append(component)
    return components, sources


def _form(value, base_dir, path) -> dict:
    """A declaration form's definition, inline or in a JSON file next to the catalog, checked
    (docs/declaration-forms.md); a problem names its place inside the definition."""
    if isinstance(value, str):
        if base_dir is None or Path(value).is_absolute() or ".." in Path(value).parts:
            raise Invalid(path, "form", _("cần đường dẫn tương đối tới tệp JSON cạnh tệp danh mục"))
        try:
            value = json.loads((Path(base_dir) / value).read_text(encoding="utf-8"))
        except OSError:
            raise Invalid(
                path, "form", _("không đọc được tệp “%(path)s”") % {"path": value}
            ) from None
        except ValueError as error:
            raise Invalid(
                path, "form", _("tệp không phải JSON: %(error)s") % {"error": error}
            ) from None
    problems = check_definition(value)
    if problems:
        place, message = problems[0]
        raise Invalid(path, f"form.{place}" if place else "form", message)
    return value


def _template_source(value, base_dir, path) -> tuple[str, Path]:
    """The storage name (with the file's sha256) and the file to store, checked to exist."""
    if not isinstance(value, str):
        raise Invalid(path, "template", _("cần đường dẫn tệp"))
    if base_dir is None:
        message = _("không có thư mục để tìm tệp mẫu “%(path)s”")
        raise Invalid(path, "template", message % {"path": value})
    root = base_dir.resolve()
    source = (root / value).resolve()
    if not source.is_relative_to(root):
        message = _("tệp mẫu “%(path)s” phải nằm trong thư mục của tệp danh mục")
        raise Invalid(path, "template", message % {"path": value})
    if not source.is_file():
        message = _("không tìm thấy tệp mẫu “%(path)s”")
        raise Invalid(path, "template", message % {"path": value})
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
        unique(kinds, channel.kind, child_path, "kind")
        fees = [
            _child(FeeLine, fee, FEE_KEYS, FEE_KEYS, child_path + ("fees", f))
            for f, fee in enumerate(record_list(record, "fees", child_path))
        ]
        channels.append((channel, fees))
    return channels


def _plan_steps(records, path) -> list[ProcessStep]:
    steps, orders = [], set()
    for k, record in enumerate(records):
        child_path = path + ("process_steps", k)
        step = _child(ProcessStep, record, STEP_KEYS, STEP_KEYS, child_path)
        unique(orders, step.order, child_path, "order")
        steps.append(step)
    return steps


def _version_action(version, parts, old, path) -> str:
    if old is None:
        return CREATED
    stored = version_dict(old, parts_of(old), _template_sha)
    if stored == version_dict(version, parts, _template_sha):
        return UNCHANGED
    if old.locked_at:
        message = _(
            "phiên bản đã được hồ sơ sử dụng, hãy công bố phiên bản mới với số phiên bản mới"
        )
        raise Invalid(path, None, message)
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
