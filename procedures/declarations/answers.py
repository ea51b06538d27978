"""A declaration's answers: their JSON Schema, and validating them against it.

Answers are one JSON object keyed by the form's top-level field keys (unique across its
pages); a repeatable group's answer is a list of objects keyed by its members' keys. Dates are
"YYYY-MM-DD", an address is {"province": code, "ward": code, "street": text} in the current
two-level list (vietnam-provinces), a file is the id of one of the dossier's files.

`answers_schema(definition)` is the published JSON Schema (draft 2020-12) that the portal, the
API and integrators validate with; it says which fields a condition makes required with
if/then. Three checks go beyond standard keywords and are marked `x-…` in it (a standard
validator ignores them): a date not after today, a ward of the chosen province, a file of the
same dossier (the caller's check).

`validate_answers(definition, answers)` first normalises (trims text, drops empty values and the
answers of sections and fields a condition hides), then validates with `jsonschema`, and
returns (normalised answers, errors): each error {"pointer": JSON pointer, "field": the
top-level key, "message": what is wrong and how to fix it, in the current language}.
"""

import datetime
import functools
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, ValidationError, validators
from vietnam_provinces import Province

from ..geography import is_ward_of
from .walk import fields_of, page_keys

ID_NUMBER = "^[0-9]{12}$"
PHONE = "^(0|\\+84)[0-9]{9,10}$"
TEXT_MAX_LENGTH = 500


def _not_after_today(validator, wanted, instance, schema):
    if not wanted or not isinstance(instance, str):
        return
    try:
        day = datetime.date.fromisoformat(instance)
    except ValueError:
        return  # the format check says so
    if day > timezone.localdate():
        yield ValidationError("after today", validator="x-notAfterToday")


def _ward_of_province(validator, wanted, instance, schema):
    if not wanted or not isinstance(instance, dict):
        return
    province, ward = instance.get("province"), instance.get("ward")
    if isinstance(province, int) and isinstance(ward, int) and not is_ward_of(ward, province):
        yield ValidationError("ward not in province", validator="x-wardOfProvince", path=["ward"])


Validator = validators.extend(
    Draft202012Validator,
    {"x-notAfterToday": _not_after_today, "x-wardOfProvince": _ward_of_province},
)
# For a definition's example answers, which must stay valid whatever today is.
TimelessValidator = validators.extend(Draft202012Validator, {"x-wardOfProvince": _ward_of_province})


@functools.cache
def _province_codes():
    return sorted(int(province.code) for province in Province.iter_all())


# ---- The schema ---------------------------------------------------------------------------


def answers_schema(definition: dict) -> dict:
    """The JSON Schema of the answers to `definition` (a checked definition)."""
    properties, required, conditional = {}, [], []
    for place in fields_of(definition):
        field = place.field
        properties[field["key"]] = _value_schema(field)
        conditions = [c for c in (place.section.get("shown_when"), field.get("shown_when")) if c]
        if field.get("required"):
            if conditions:
                conditional.append({"if": _all(conditions), "then": {"required": [field["key"]]}})
            else:
                required.append(field["key"])
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": definition["title"],
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        schema["required"] = required
    if conditional:
        schema["allOf"] = conditional
    return schema


def _all(conditions):
    schemas = [_condition_schema(condition) for condition in conditions]
    return schemas[0] if len(schemas) == 1 else {"allOf": schemas}


def _condition_schema(condition):
    key = condition["field"]
    if "filled" in condition:
        return {"required": [key]}
    if "in" in condition:
        return {"required": [key], "properties": {key: {"enum": condition["in"]}}}
    if condition["equals"] is False:  # an unticked box may be absent: "not ticked"
        return {"not": {"required": [key], "properties": {key: {"const": True}}}}
    return {"required": [key], "properties": {key: {"const": condition["equals"]}}}


def _value_schema(field) -> dict:
    kind = field["kind"]
    schema = {"title": field["label"]}
    if "help" in field:
        schema["description"] = field["help"]
    if kind == "text":
        schema.update(type="string", maxLength=field.get("max_length", TEXT_MAX_LENGTH))
        schema["minLength"] = max(1, field.get("min_length", 1))
        if "pattern" in field:
            schema["pattern"] = field["pattern"]
    elif kind == "number":
        schema["type"] = "integer" if field.get("integer") else "number"
        for limit in ("minimum", "maximum"):
            if limit in field:
                schema[limit] = field[limit]
    elif kind == "date":
        schema.update(type="string", format="date")
        if field.get("not_after_today"):
            schema["x-notAfterToday"] = True
    elif kind == "choice":
        values = [option["value"] for option in field["options"]]
        if field.get("multiple"):
            schema.update(type="array", items={"enum": values}, uniqueItems=True, minItems=1)
        else:
            schema["enum"] = values
    elif kind == "boolean":
        schema["type"] = "boolean"
        if field.get("required"):
            schema["const"] = True  # a box to tick: an undertaking, a consent
    elif kind == "address":
        schema.update(
            type="object",
            additionalProperties=False,
            required=["province", "ward", *(["street"] if field.get("street_required") else [])],
            properties={
                "province": {"type": "integer", "enum": _province_codes()},
                "ward": {"type": "integer", "minimum": 1},
                "street": {"type": "string", "minLength": 1, "maxLength": 300},
            },
        )
        schema["x-wardOfProvince"] = True
    elif kind == "id_number":
        schema.update(type="string", pattern=ID_NUMBER)
    elif kind == "phone":
        schema.update(type="string", pattern=PHONE)
    elif kind == "email":
        schema.update(type="string", format="email", maxLength=254)
    elif kind == "file":
        schema.update(type="string", format="uuid")
        schema["x-dossierFile"] = True
    elif kind == "group":
        members = {member["key"]: _value_schema(member) for member in field["fields"]}
        item = {"type": "object", "additionalProperties": False, "properties": members}
        needed = [member["key"] for member in field["fields"] if member.get("required")]
        if needed:
            item["required"] = needed
        schema.update(type="array", items=item, minItems=field.get("min_items", 0))
        schema["maxItems"] = field.get("max_items", 20)
        if field.get("required"):
            schema["minItems"] = max(1, schema["minItems"])
    return schema


@functools.lru_cache(maxsize=256)
def _validator_for(frozen: str, timeless: bool):
    definition = json.loads(frozen)
    kind = TimelessValidator if timeless else Validator
    return kind(answers_schema(definition), format_checker=kind.FORMAT_CHECKER)


def validator_for(definition: dict, *, timeless: bool = False):
    return _validator_for(json.dumps(definition, sort_keys=True, ensure_ascii=False), timeless)


# ---- Normalising --------------------------------------------------------------------------


def normalize(definition: dict, answers, *, hide: bool = True) -> dict:
    """Trimmed answers without empty values (unknown keys stay, for the schema to name them)
    and, with `hide`, without what a condition hides. A draft keeps the hidden answers (ticking
    a box again brings back what was typed under it); what is sent and printed drops them."""
    if not isinstance(answers, dict):
        return answers
    kinds = {place.field["key"]: place.field for place in fields_of(definition)}
    cleaned = {}
    for key, value in answers.items():
        field = kinds.get(key)
        value = _clean(value, field)
        if not _empty(value):
            cleaned[key] = value
    if not hide:
        return cleaned
    for place in fields_of(definition):
        conditions = [place.section.get("shown_when"), place.field.get("shown_when")]
        if not all(shown(condition, cleaned) for condition in conditions if condition):
            cleaned.pop(place.field["key"], None)
    return cleaned


def shown(condition: dict, answers: dict) -> bool:
    """Whether `condition` holds for `answers` (normalised)."""
    value = answers.get(condition["field"])
    if "filled" in condition:
        return not _empty(value)
    if "in" in condition:
        return value in condition["in"]
    if isinstance(condition["equals"], bool):  # an unticked box may be absent
        return (value is True) == condition["equals"]
    return value == condition["equals"]


def _clean(value, field):
    if isinstance(value, str):
        value = value.strip()
        if field is not None and field.get("upper"):
            value = value.upper()
        return value
    if isinstance(value, list):
        members = (
            {m["key"]: m for m in field["fields"]} if field and field["kind"] == "group" else None
        )
        items = []
        for item in value:
            if members is not None and isinstance(item, dict):
                item = {
                    k: _clean(v, members.get(k))
                    for k, v in item.items()
                    if not _empty(_clean(v, members.get(k)))
                }
                if not item:
                    continue  # an empty row of a repeatable group: not an answer
            else:
                item = _clean(item, None)
            items.append(item)
        return items
    if isinstance(value, dict):
        return {k: _clean(v, None) for k, v in value.items() if not _empty(_clean(v, None))}
    return value


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


# ---- Validating ---------------------------------------------------------------------------


def validate_answers(definition: dict, answers, *, timeless=False) -> tuple[dict, list[dict]]:
    """(normalised answers, errors); no error means they may be submitted. `timeless`: without
    the checks relative to today (a definition's example)."""
    if not isinstance(answers, dict):
        return {}, [
            {"pointer": "", "field": "", "message": _("Câu trả lời phải là một đối tượng JSON.")}
        ]
    cleaned = normalize(definition, answers)
    fields = {place.field["key"]: place.field for place in fields_of(definition)}
    errors = []
    for error in validator_for(definition, timeless=timeless).iter_errors(cleaned):
        errors += _described(error, fields)
    errors.sort(key=lambda e: (_order(definition).get(e["field"], 10**6), e["pointer"]))
    unique, seen = [], set()
    for error in errors:
        if (error["pointer"], error["message"]) not in seen:
            seen.add((error["pointer"], error["message"]))
            unique.append(error)
    return cleaned, unique


def errors_on_page(definition: dict, errors: list[dict], page_key: str) -> list[dict]:
    keys = page_keys(definition, page_key)
    return [error for error in errors if error["field"] in keys]


@functools.lru_cache(maxsize=256)
def _order_of(frozen: str):
    return {place.field["key"]: n for n, place in enumerate(fields_of(json.loads(frozen)))}


def _order(definition):
    return _order_of(json.dumps(definition, sort_keys=True, ensure_ascii=False))


def _pointer(parts) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _described(error, fields) -> list[dict]:
    """One validation error as the portal's errors (a `required` error names each missing
    field at its own pointer)."""
    path = list(error.absolute_path)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return [
            _error(
                path + [name], fields, lambda label: _("Cần điền “%(label)s”.") % {"label": label}
            )
            for name in missing
        ]
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return [
            {
                "pointer": _pointer(path + [name]),
                "field": str((path or [name])[0]),
                "message": _("“%(name)s” không có trong tờ khai này.") % {"name": name},
            }
            for name in sorted(error.instance)
            if name not in allowed
        ]
    if error.validator in ("if", "allOf", "anyOf", "oneOf"):
        return []  # their own sub-errors carry the message
    return [_error(path, fields, lambda label: _message(error, label))]


def _error(path, fields, message) -> dict:
    top = str(path[0]) if path else ""
    field = fields.get(top)
    label = _label(field, path) if field else top
    return {"pointer": _pointer(path), "field": top, "message": message(label)}


def _label(field, path) -> str:
    if field["kind"] == "group" and len(path) >= 3 and isinstance(path[1], int):
        members = {member["key"]: member for member in field["fields"]}
        member = members.get(path[2])
        item = field.get("item_label", field["label"])
        if member:
            return f"{member['label']} ({item} {path[1] + 1})"
        return f"{item} {path[1] + 1}"
    if field["kind"] == "address" and len(path) >= 2:
        part = {
            "province": _("Tỉnh, thành phố"),
            "ward": _("Xã, phường"),
            "street": _("Số nhà, đường"),
        }
        return f"{field['label']} – {part.get(path[1], path[1])}"
    return field["label"]


def _message(error, label) -> str:
    kind, limit = error.validator, error.validator_value
    if kind == "x-notAfterToday":
        return _("“%(label)s” không được sau ngày hôm nay.") % {"label": label}
    if kind == "x-wardOfProvince":
        return _("Xã, phường đã chọn không thuộc tỉnh, thành phố đã chọn; hãy chọn lại.")
    if kind == "format" and limit == "date":
        return _("“%(label)s” phải là một ngày có thật (ngày/tháng/năm).") % {"label": label}
    if kind == "format" and limit == "email":
        return _("“%(label)s” phải là địa chỉ thư điện tử, ví dụ ten@example.vn.") % {
            "label": label
        }
    if kind == "format":
        return _("“%(label)s” không đúng định dạng.") % {"label": label}
    if kind == "pattern":
        if limit == ID_NUMBER:
            return _("“%(label)s” gồm đúng 12 chữ số.") % {"label": label}
        if limit == PHONE:
            return _("“%(label)s” là số điện thoại 10 chữ số, bắt đầu bằng 0.") % {"label": label}
        return _("“%(label)s” không đúng dạng yêu cầu.") % {"label": label}
    if kind == "maxLength":
        return _("“%(label)s” dài quá %(limit)s ký tự.") % {"label": label, "limit": limit}
    if kind == "minLength":
        return _("Cần điền “%(label)s”.") % {"label": label}
    if kind == "minimum":
        return _("“%(label)s” không được nhỏ hơn %(limit)s.") % {"label": label, "limit": limit}
    if kind == "maximum":
        return _("“%(label)s” không được lớn hơn %(limit)s.") % {"label": label, "limit": limit}
    if kind == "minItems":
        return _("“%(label)s” cần ít nhất %(limit)s mục.") % {"label": label, "limit": limit}
    if kind == "maxItems":
        return _("“%(label)s” có nhiều nhất %(limit)s mục.") % {"label": label, "limit": limit}
    if kind in ("enum", "const") and error.schema.get("type") == "boolean":
        return _("Cần đánh dấu “%(label)s”.") % {"label": label}
    if kind in ("enum", "const"):
        return _("“%(label)s”: hãy chọn một trong các lựa chọn có sẵn.") % {"label": label}
    if kind == "type" and limit in ("integer", "number"):
        return _("“%(label)s” phải là một số.") % {"label": label}
    if kind == "uniqueItems":
        return _("“%(label)s” có lựa chọn bị lặp.") % {"label": label}
    return _("“%(label)s” không hợp lệ.") % {"label": label}
