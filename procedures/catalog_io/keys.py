"""The names of the `mot-cua-catalog` format and the constants the other modules share."""

from ..models import Component, Level

FORMAT = "mot-cua-catalog"
FORMAT_VERSION = 1
TABLES = ("agencies", "fields", "procedures")

AGENCY_KEYS = (
    "code", "name", "short_name", "kind", "level", "parent", "successor", "closed_on",
    "province_code", "ward_code", "street_address", "phone", "email", "has_desk", "desk_hours",
)  # fmt: skip
FIELD_KEYS = ("code", "name", "sector", "sort_order")
VERSION_KEYS = (
    "number", "effective_from", "published", "status", "decision", "name", "name_en", "field",
    "procedure_type", "levels", "competent_authority", "implementing_agencies",
    "for_individuals", "for_organisations", "applicants", "steps", "requirements", "result",
    "legal_basis", "online_level", "legacy_level", "clock_on_supplement", "source_note",
    "components", "channels", "process_steps",
)  # fmt: skip
COMPONENT_KEYS = (
    "name", "template", "template_name", "originals", "certified_copies", "photocopies",
    "required", "present_only", "from_document_store", "note", "form",
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
COMPONENT_FIELDS = tuple(k for k in COMPONENT_KEYS if k not in ("template", "form"))
CHANNEL_FIELDS = tuple(k for k in CHANNEL_KEYS if k != "fees")
LEVEL_FLAGS = {
    Level.CENTRAL: "at_central",
    Level.PROVINCE: "at_province",
    Level.DISTRICT: "at_district",
    Level.COMMUNE: "at_commune",
}

# Imported templates are stored content-addressed: templates/catalog/<sha256>/<file name>.
TEMPLATE_DIR = "templates/catalog"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def template_storage():
    """The file storage that holds the components' templates."""
    return Component._meta.get_field("template").storage
