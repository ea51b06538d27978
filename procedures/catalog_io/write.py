"""Writing a checked plan: agencies, fields, procedures and versions, and template files.

No transaction covers the file storage: each template name stored is added to `stored`, so
that the caller can delete those files when the import is rolled back.
"""

from pathlib import Path

from django.core.files import File
from django.utils.translation import gettext as _

from ..models import (
    Agency,
    Channel,
    Component,
    FeeLine,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from ..services import procedure_refresh_current
from .keys import UNCHANGED, template_storage
from .serialize import Parts


def _save_changed(plans, tally) -> None:
    """Save the instance of each plan that is not unchanged, and count every action."""
    for plan in plans:
        if plan.action != UNCHANGED:
            plan.instance.save()
        tally.add(plan.action)


def write_agencies(plans, tally) -> None:
    """Save every agency first, then point parents and successors (any order in the file)."""
    _save_changed(plans, tally)
    codes = {code for plan in plans for code in (plan.parent, plan.successor) if code}
    by_code = Agency.objects.in_bulk(list(codes), field_name="code")
    for plan in plans:
        agency = plan.instance
        parent, successor = by_code.get(plan.parent), by_code.get(plan.successor)
        links = (parent.pk if parent else None, successor.pk if successor else None)
        if (agency.parent_id, agency.successor_id) != links:
            agency.parent, agency.successor = parent, successor
            agency.save(update_fields=["parent", "successor"])


def write_fields(plans, tally) -> None:
    """Save the fields that are new or changed."""
    _save_changed(plans, tally)


def write_procedures(plans, report, stored, progress) -> None:
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


def _write_parts(version, parts: Parts, sources, stored) -> None:
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
        if field.name not in ("id", "procedure", "locked_at", "search_text", "search_text_en"):
            setattr(old, field.attname, getattr(new, field.attname))
    old.components.all().delete()
    old.channels.all().delete()
    old.process_steps.all().delete()
    return old


def _store(name: str, source: Path, stored: list[str]) -> str:
    storage = template_storage()
    if storage.exists(name):
        return name
    with source.open("rb") as handle:
        saved = storage.save(name, File(handle, name=source.name))
    stored.append(saved)
    return saved


def delete_stored(names) -> None:
    storage = template_storage()
    for name in names:
        storage.delete(name)
