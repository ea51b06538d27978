"""Catalog import and export: the `mot-cua-catalog` JSON format and its Excel twin.

The import is all or nothing and idempotent. Inside one transaction it runs in two phases:
first every record is checked (shape and types, the model's `full_clean()`, references,
locked versions) and turned into a plan; only then is the plan written, template files
included. The format is described in docs/catalog-format.md.

Modules: `importer` (entry points and the transaction), `xlsx` (the Excel reader),
`validate` (checking records), `plan` and `versions` (building the plan), `write` (saving it,
with the template files), `export`, `serialize` (models in the file format, shared by the
export and the import's comparison), `report`, `errors` and `keys` (the format's names).
"""

from .errors import CatalogError
from .export import catalog_export, catalog_export_templates
from .importer import catalog_import, catalog_import_file
from .report import ImportReport, Tally

__all__ = [
    "CatalogError",
    "ImportReport",
    "Tally",
    "catalog_export",
    "catalog_export_templates",
    "catalog_import",
    "catalog_import_file",
]
