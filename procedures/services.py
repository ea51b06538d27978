"""Catalog use cases. Versions are published, never edited once a dossier has used them."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Channel,
    Component,
    FeeLine,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    VersionLocked,
)


def current_version_on(procedure: Procedure, day: datetime.date) -> ProcedureVersion | None:
    """The published version in force on `day`: the latest effective on or before it."""
    return (
        procedure.versions.filter(published_at__isnull=False, effective_from__lte=day)
        .order_by("-effective_from", "-number")
        .first()
    )


def procedure_refresh_current(
    *, procedure_id: int, today: datetime.date | None = None
) -> Procedure:
    """Point the procedure at the version in force today (effective dates pass at midnight)."""
    today = today or timezone.localdate()
    procedure = Procedure.objects.get(pk=procedure_id)
    version = current_version_on(procedure, today)
    if procedure.current_version_id != (version.pk if version else None):
        procedure.current_version = version
        procedure.save(update_fields=["current_version"])
    return procedure


def procedures_refresh_current(*, today: datetime.date | None = None) -> int:
    """Refresh every procedure's current version; returns how many changed."""
    changed = 0
    for pk, current in Procedure.objects.values_list("pk", "current_version_id"):
        if procedure_refresh_current(procedure_id=pk, today=today).current_version_id != current:
            changed += 1
    return changed


@transaction.atomic
def version_publish(
    *, version_id: int, effective_from: datetime.date | None = None
) -> ProcedureVersion:
    """Publish a draft version, in force from `effective_from` (default: its own date)."""
    version = ProcedureVersion.objects.select_for_update().get(pk=version_id)
    if version.published_at is not None:
        raise VersionLocked(_("Phiên bản này đã được công bố."))
    if effective_from:
        version.effective_from = effective_from
    version.published_at = timezone.now()
    version.save()
    procedure_refresh_current(procedure_id=version.procedure_id)
    return version


@transaction.atomic
def version_new_draft(*, procedure_id: int, effective_from: datetime.date) -> ProcedureVersion:
    """A new draft version, copied from the latest one with all its parts, ready to amend."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure_id)
    source = procedure.versions.order_by("-number").first()
    if source is None:
        raise ValueError("a procedure without versions has nothing to copy")
    return version_copy(source=source, number=source.number + 1, effective_from=effective_from)


def version_copy(*, source: ProcedureVersion, number: int, effective_from) -> ProcedureVersion:
    agencies = list(source.implementing_agencies.all())
    draft = ProcedureVersion.objects.get(pk=source.pk)
    draft.pk = None
    draft.id = None
    draft._state.adding = True
    draft.number = number
    draft.effective_from = effective_from
    draft.published_at = None
    draft.locked_at = None
    draft.save()
    draft.implementing_agencies.set(agencies)
    for component in source.components.all():
        component.pk = None
        component.version = draft
        component._state.adding = True
        component.save()
    for step in source.process_steps.all():
        step.pk = None
        step.version = draft
        step._state.adding = True
        step.save()
    for channel in source.channels.prefetch_related("fees"):
        fees = list(channel.fees.all())
        channel.pk = None
        channel.version = draft
        channel._state.adding = True
        channel.save()
        for fee in fees:
            fee.pk = None
            fee.channel = channel
            fee._state.adding = True
            fee.save()
    return draft


def version_lock(*, version_id: int) -> None:
    """Lock a version for good: called when a dossier first pins it."""
    ProcedureVersion.objects.filter(pk=version_id, locked_at__isnull=True).update(
        locked_at=timezone.now()
    )


__all__ = [
    "Channel",
    "Component",
    "FeeLine",
    "ProcessStep",
    "current_version_on",
    "procedure_refresh_current",
    "procedures_refresh_current",
    "version_copy",
    "version_lock",
    "version_new_draft",
    "version_publish",
]
