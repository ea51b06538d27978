"""Reading a declaration form's definition: checking it, and walking its fields.

`check_definition(definition)` returns the problems of a definition, each with the place it is
at (`pages[0].sections[1].fields[2].options`) and what is wrong, in Vietnamese: first what the
format's JSON Schema (meta.py) finds, then what a schema cannot say. An empty list means the
definition can be saved and filled in.
"""

import re

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from .answers import validate_answers
from .meta import DEFINITION_SCHEMA, KEY
from .walk import fields_of

_META = Draft202012Validator(DEFINITION_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


class DefinitionError(ValueError):
    """A definition that cannot be used; `problems` is a list of (place, message)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(f"{place}: {message}" for place, message in self.problems))


def check_definition(definition) -> list[tuple[str, str]]:
    """The problems of `definition`: [(place, message)]; empty when it can be used."""
    if not isinstance(definition, dict):
        return [("", _("Định nghĩa tờ khai phải là một đối tượng JSON."))]
    problems = [
        (_place(error.absolute_path), _meta_message(error))
        for error in sorted(_META.iter_errors(definition), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        return problems
    problems += _unique_keys(definition)
    problems += _limits(definition)
    problems += _conditions(definition)
    if not problems and "example" in definition:
        _answers, errors = validate_answers(definition, definition["example"], timeless=True)
        problems += [
            (f"example{error['pointer'].replace('/', '.')}", error["message"]) for error in errors
        ]
    return problems


def ensure_valid(definition) -> dict:
    """`definition` if it has no problem, else DefinitionError."""
    problems = check_definition(definition)
    if problems:
        raise DefinitionError(problems)
    return definition


def _place(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _meta_message(error) -> str:
    """The schema's complaint in Vietnamese; the offending value where it helps."""
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return _("Thiếu mục bắt buộc: %(names)s.") % {"names": ", ".join(missing)}
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(name for name in error.instance if name not in allowed)
        return _("Mục không có trong định dạng: %(names)s.") % {"names": ", ".join(extra)}
    if kind in ("enum", "const"):
        return _("Giá trị %(value)r không được phép ở đây.") % {"value": error.instance}
    if kind == "pattern" and error.validator_value == KEY["pattern"]:
        return _("Khóa chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ.")
    if kind == "pattern":
        return _("Giá trị %(value)r không đúng dạng.") % {"value": error.instance}
    if kind == "format" and error.validator_value == "regex":
        return _("Biểu thức chính quy %(value)r không hợp lệ.") % {"value": error.instance}
    if kind == "type":
        return _("Sai kiểu dữ liệu (cần %(type)s).") % {"type": error.validator_value}
    if kind in ("minItems", "minLength"):
        return _("Không được để trống.")
    if kind in ("maxItems", "maxLength", "maximum", "minimum"):
        return _("Vượt giới hạn cho phép (%(limit)s).") % {"limit": error.validator_value}
    if kind in ("minProperties", "maxProperties"):
        return _("Điều kiện cần đúng một trong: equals, in, filled.")
    return _("Không hợp lệ: %(detail)s") % {"detail": error.message}


def _unique_keys(definition):
    problems, seen_pages, seen_fields = [], set(), {}
    for p, page in enumerate(definition["pages"]):
        if page["key"] in seen_pages:
            problems.append((f"pages[{p}].key", _("Khóa trang bị trùng.")))
        seen_pages.add(page["key"])
        seen_sections = set()
        for s, section in enumerate(page["sections"]):
            if section["key"] in seen_sections:
                problems.append((f"pages[{p}].sections[{s}].key", _("Khóa mục bị trùng.")))
            seen_sections.add(section["key"])
    for place in fields_of(definition):
        key = place.field["key"]
        if key in seen_fields:
            problems.append(
                (
                    f"{place.path}.key",
                    _("Khóa “%(key)s” đã dùng ở %(other)s.")
                    % {"key": key, "other": seen_fields[key]},
                )
            )
        else:
            seen_fields[key] = place.path
        if place.field["kind"] == "group":
            members = set()
            for m, member in enumerate(place.field["fields"]):
                if member["key"] in members:
                    problems.append((f"{place.path}.fields[{m}].key", _("Khóa bị trùng.")))
                members.add(member["key"])
    return problems


def _limits(definition):
    problems = []
    for place in fields_of(definition):
        for path, field in _with_members(place):
            pairs = (("min_length", "max_length"), ("minimum", "maximum"))
            pairs += (("min_items", "max_items"),)
            for low, high in pairs:
                if low in field and high in field and field[low] > field[high]:
                    problems.append(
                        (
                            f"{path}.{low}",
                            _("%(low)s lớn hơn %(high)s.") % {"low": low, "high": high},
                        )
                    )
            if "pattern" in field:
                try:
                    re.compile(field["pattern"])
                except re.error:
                    problems.append((f"{path}.pattern", _("Biểu thức chính quy không hợp lệ.")))
    return problems


def _with_members(place):
    yield place.path, place.field
    if place.field["kind"] == "group":
        for m, member in enumerate(place.field["fields"]):
            yield f"{place.path}.fields[{m}]", member


def _conditions(definition):
    """A condition names a top-level choice or yes/no field placed before what it shows, and
    the values it compares with are among that field's."""
    problems, earlier = [], {}
    for p, page in enumerate(definition["pages"]):
        for s, section in enumerate(page["sections"]):
            if "shown_when" in section:
                problems += _condition(
                    section["shown_when"], earlier, f"pages[{p}].sections[{s}].shown_when"
                )
            for f, field in enumerate(section["fields"]):
                if "shown_when" in field:
                    path = f"pages[{p}].sections[{s}].fields[{f}].shown_when"
                    problems += _condition(field["shown_when"], earlier, path)
                earlier[field["key"]] = field
    return problems


def _condition(condition, earlier, path):
    field = earlier.get(condition["field"])
    if field is None:
        return [
            (
                f"{path}.field",
                _("Điều kiện phải dựa vào một trường đứng trước nó; không có “%(key)s”.")
                % {"key": condition["field"]},
            )
        ]
    if "filled" in condition:
        return []
    kind = field["kind"]
    if kind == "boolean":
        if condition.get("equals") not in (True, False):
            return [(path, _("Trường có/không chỉ so với true hoặc false."))]
        return []
    if kind != "choice" or field.get("multiple"):
        return [(path, _("Chỉ so giá trị với trường chọn một lựa chọn hoặc trường có/không."))]
    values = {option["value"] for option in field["options"]}
    given = condition["in"] if "in" in condition else [condition["equals"]]
    unknown = [value for value in given if value not in values]
    if unknown:
        return [
            (path, _("Không có lựa chọn: %(values)s.") % {"values": ", ".join(map(str, unknown))})
        ]
    return []
