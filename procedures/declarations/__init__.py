"""Declaration forms (tờ khai) as data: a definition per form, its answers' JSON Schema, and
the validation of answers (docs/declaration-forms.md)."""

from .answers import (
    answers_schema,
    errors_on_page,
    normalize,
    shown,
    validate_answers,
)
from .definition import DefinitionError, check_definition, ensure_valid
from .meta import DEFINITION_SCHEMA, FORMAT
from .walk import fields_of, page_keys

__all__ = [
    "DEFINITION_SCHEMA",
    "FORMAT",
    "DefinitionError",
    "answers_schema",
    "check_definition",
    "ensure_valid",
    "errors_on_page",
    "fields_of",
    "normalize",
    "page_keys",
    "shown",
    "validate_answers",
]
