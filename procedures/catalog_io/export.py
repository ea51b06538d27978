"""Catalog export: the database as a `mot-cua-catalog` dict, and its template files."""

import shutil
from pathlib import Path

from django.db.models import Prefetch

from ..models import Agency, Field, Procedure, ProcedureVersion
from .keys import FIELD_KEYS, FORMAT, FORMAT_VERSION, template_storage
from .serialize import agency_dict, agency_links, parts_of, values, version_dict, with_parts


def catalog_export(*, procedures=None) -> dict:
    """The catalog as a `mot-cua-catalog` dict; `procedures` limits it (with what they need)."""
    queryset = Procedure.objects.order_by("code").prefetch_related(
        Prefetch("versions", queryset=with_parts(ProcedureVersion.objects.order_by("number")))
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
        "agencies": [agency_dict(agency, *agency_links(agency)) for agency in agencies],
        "fields": [values(field, FIELD_KEYS) for field in fields],
        "procedures": exported,
    }


def catalog_export_templates(*, data: dict, directory: Path) -> int:
    """Copy the template files an exported dict names into `directory`, under the same names.

    With the JSON written into the same directory, the folder imports as it is.
    """
    storage = template_storage()
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


def _procedure_dict(procedure) -> dict:
    versions = [
        version_dict(version, parts_of(version), _template_name)
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
        pending = {c for agency in batch for c in agency_links(agency) if c and c not in found}
    return sorted(found.values(), key=lambda agency: agency.code)
