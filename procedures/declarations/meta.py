"""The definition format of declaration forms (`mot-cua-form/1`), as a JSON Schema.

docs/declaration-forms.md describes it for people; this schema is what `check_definition`
validates a definition against first (with the `jsonschema` library), before the checks a
schema cannot express (unique keys, conditions naming earlier choice fields).
"""

FORMAT = "mot-cua-form/1"

KEY = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,47}$"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}
SHORT = {"type": "string", "minLength": 1, "maxLength": 300}

FIELD_KINDS = (
    "text",
    "number",
    "date",
    "choice",
    "boolean",
    "address",
    "id_number",
    "phone",
    "email",
    "file",
    "group",
)

_COMMON = {
    "key": KEY,
    "kind": {"enum": list(FIELD_KINDS)},
    "label": SHORT,
    "help": TEXT,
    "required": {"type": "boolean"},
    # Where the value may come from: the citizen's profile or earlier dossiers (see prefill.py).
    "prefill": {"type": "string", "pattern": "^[a-z_]+(\\.[a-z_]+)*$"},
    # The label as printed on the official form could not be checked against the legal text.
    "unverified": {"type": "boolean"},
    # The footnote mark the official form prints after the label, e.g. "(2)".
    "mark": {"type": "string", "maxLength": 8},
    "shown_when": {"$ref": "#/$defs/condition"},
}

_KIND_OPTIONS = {
    "text": {
        "min_length": {"type": "integer", "minimum": 0, "maximum": 5000},
        "max_length": {"type": "integer", "minimum": 1, "maximum": 5000},
        "pattern": {"type": "string", "format": "regex", "minLength": 1},
        "pattern_message": SHORT,
        "multiline": {"type": "boolean"},
        "upper": {"type": "boolean"},
    },
    "number": {
        "minimum": {"type": "number"},
        "maximum": {"type": "number"},
        "integer": {"type": "boolean"},
        "unit": {"type": "string", "maxLength": 40},
    },
    "date": {"not_after_today": {"type": "boolean"}, "in_words": {"type": "boolean"}},
    "choice": {
        "options": {
            "type": "array",
            "minItems": 1,
            "maxItems": 300,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["value", "label"],
                "properties": {
                    "value": {"type": "string", "pattern": "^[a-z0-9_]{1,48}$"},
                    "label": SHORT,
                },
            },
        },
        "multiple": {"type": "boolean"},
    },
    "boolean": {},
    "address": {"street_required": {"type": "boolean"}},
    "id_number": {},
    "phone": {},
    "email": {},
    "file": {},
    "group": {
        "item_label": SHORT,
        "min_items": {"type": "integer", "minimum": 0, "maximum": 50},
        "max_items": {"type": "integer", "minimum": 1, "maximum": 50},
        "fields": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/member"}},
    },
}


def _field_schema(kinds, *, member=False):
    """One field: the common properties and each kind's own, nothing else."""
    branches = []
    for kind in kinds:
        properties = {**_COMMON, **_KIND_OPTIONS[kind], "kind": {"const": kind}}
        if member:
            properties.pop("shown_when")
        required = ["key", "kind", "label"]
        if kind == "choice":
            required.append("options")
        if kind == "group":
            required.append("fields")
        branches.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": required,
                    "properties": properties,
                },
            }
        )
    return {
        "type": "object",
        "required": ["key", "kind", "label"],
        "properties": {"kind": {"enum": list(kinds)}},
        "allOf": branches,
    }


CONDITION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["field"],
    "minProperties": 2,
    "maxProperties": 2,
    "properties": {
        "field": KEY,
        "equals": {"type": ["string", "boolean"]},
        "in": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string"},
        },
        "filled": {"const": True},
    },
}

DEFINITION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://mot-cua.example/schemas/declaration-form-1.json",
    "title": "Một Cửa declaration form definition (mot-cua-form/1)",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "title", "pages"],
    "properties": {
        "format": {"const": FORMAT},
        "title": SHORT,
        "basis": SHORT,
        "addressee": SHORT,
        "intro": TEXT,
        "attestation": TEXT,
        "signature": SHORT,
        "unverified_note": TEXT,
        "pages": {
            "type": "array",
            "minItems": 1,
            "maxItems": 30,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "title", "sections"],
                "properties": {
                    "key": KEY,
                    "title": SHORT,
                    "intro": TEXT,
                    "sections": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["key", "fields"],
                            "properties": {
                                "key": KEY,
                                "title": SHORT,
                                "intro": TEXT,
                                "shown_when": {"$ref": "#/$defs/condition"},
                                "fields": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {"$ref": "#/$defs/field"},
                                },
                            },
                        },
                    },
                },
            },
        },
        "example": {"type": "object"},
    },
    "$defs": {
        "condition": CONDITION,
        "field": _field_schema(FIELD_KINDS),
        "member": _field_schema([kind for kind in FIELD_KINDS if kind != "group"], member=True),
    },
}
