"""Checking records: the header, keys and value types, the model's rules, references.

Each check raises an `Invalid` naming the record's path and key; nothing here writes.
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .errors import Invalid
from .keys import FORMAT, FORMAT_VERSION, TABLES

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_header(data) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        message = _("Tệp không phải danh mục thủ tục: khóa “format” phải là “%(format)s”.")
        raise Invalid((), None, message % {"format": FORMAT})
    if data.get("format_version") != FORMAT_VERSION:
        message = _("Không hỗ trợ phiên bản định dạng “%(version)s”; chỉ hỗ trợ phiên bản %(ok)s.")
        raise Invalid((), None, message % {"version": data.get("format_version"), "ok": 1})
    for key in data:  # keys starting with "_" are comments (a note on where the data is from)
        if key not in ("format", "format_version", *TABLES) and not str(key).startswith("_"):
            message = _("Khóa “%(key)s” ở cấp ngoài cùng không được hỗ trợ.")
            raise Invalid((), None, message % {"key": key})
    for table in TABLES:
        if not isinstance(data.get(table, []), list):
            raise Invalid((), None, _("“%(key)s” phải là một danh sách.") % {"key": table})


def table(data, key) -> list:
    return data.get(key) or []


class Known:
    """Codes present in the file or already in the database (each looked up once)."""

    def __init__(self, model, codes):
        self.model = model
        self.codes = dict.fromkeys(codes, True)

    def __contains__(self, code) -> bool:
        if code not in self.codes:
            self.codes[code] = self.model.objects.filter(code=code).exists()
        return self.codes[code]


def check_record(record, keys, path) -> None:
    if not isinstance(record, dict):
        raise Invalid(path, None, _("bản ghi phải là một đối tượng JSON"))
    for key in record:
        if key not in keys:
            raise Invalid(path, key, _("khóa không được hỗ trợ"))


def record_list(record, key, path) -> list:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Invalid(path, key, _("cần một danh sách"))
    return value


def assign(instance, record, keys, path) -> None:
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
    """The value if its JSON type suits the field (numbers made exact), else an Invalid."""
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
    raise Invalid(path, key, message)


def clean(instance, path, exclude) -> None:
    """The model's own validation; the first problem becomes an Invalid."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        name, errors = next(iter(exc.error_dict.items()))
        key = None if name == NON_FIELD_ERRORS else name
        raise Invalid(path, key, _error_text(instance, name, errors[0])) from None


def _error_text(instance, name, error) -> str:
    if error.code == "invalid_choice":
        choices = [value for value, label in instance._meta.get_field(name).choices]
        return choice_message(error.params["value"], choices)
    return error.messages[0]


def choice_message(value, choices) -> str:
    message = _("giá trị “%(value)s” không hợp lệ; chọn một trong: %(choices)s")
    return message % {"value": value, "choices": ", ".join(str(c) for c in choices)}


def reference(value, known, path, key, missing_message) -> str:
    if not isinstance(value, str) or not value:
        raise Invalid(path, key, _("cần một mã"))
    if value not in known:
        raise Invalid(path, key, missing_message % {"code": value})
    return value


def unique(seen: set, value, path, key) -> None:
    """Note `value` as seen; seen already, it is a duplicate at `path`, `key`."""
    if value in seen:
        raise Invalid(path, key, _("giá trị “%(value)s” bị trùng") % {"value": value})
    seen.add(value)


def legal_basis(record, path) -> list[dict]:
    return [
        _legal_item(item, path, f"legal_basis[{i}]")
        for i, item in enumerate(record_list(record, "legal_basis", path))
    ]


def _legal_item(item, path, key) -> dict:
    if not isinstance(item, dict) or set(item) - {"number", "title", "issued_on"}:
        raise Invalid(path, key, _("cần đối tượng có các khóa number, title, issued_on"))
    number, title, issued_on = item.get("number"), item.get("title", ""), item.get("issued_on")
    if not isinstance(number, str) or not number.strip():
        raise Invalid(path, f"{key}.number", _("chưa có số hiệu văn bản"))
    if not isinstance(title, str):
        raise Invalid(path, f"{key}.title", _("cần một chuỗi ký tự"))
    if issued_on in ("", None):
        issued_on = None
    elif not isinstance(issued_on, str) or not _is_iso_date(issued_on):
        message = _("ngày “%(value)s” không đúng dạng YYYY-MM-DD")
        raise Invalid(path, f"{key}.issued_on", message % {"value": issued_on})
    return {"number": number, "title": title, "issued_on": issued_on}


def _is_iso_date(text: str) -> bool:
    try:
        return bool(_ISO_DATE.match(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False
