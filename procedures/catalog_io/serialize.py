"""Model instances in the file format: what the export writes, and what the import compares.

The import calls a record unchanged when the stored instance and the file's one give the same
dict here, so the export and the import cannot drift apart.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ..models import Channel, Component, FeeLine, ProcedureVersion, ProcessStep
from .keys import AGENCY_KEYS, CHANNEL_KEYS, COMPONENT_KEYS, FEE_KEYS, STEP_KEYS, VERSION_KEYS


@dataclass
class Parts:
    """What hangs off a version, saved or not: the same shape for the file and the database."""

    field_code: str
    agency_codes: list[str]
    components: list[Component]
    channels: list[tuple[Channel, list[FeeLine]]]
    steps: list[ProcessStep]


def with_parts(queryset):
    return queryset.select_related("field").prefetch_related(
        "implementing_agencies", "components", "channels__fees", "process_steps"
    )


def parts_of(version: ProcedureVersion) -> Parts:
    """The parts of a saved version, read from prefetched relations."""
    return Parts(
        field_code=version.field.code,
        agency_codes=sorted(agency.code for agency in version.implementing_agencies.all()),
        components=list(version.components.all()),
        channels=[(channel, list(channel.fees.all())) for channel in version.channels.all()],
        steps=list(version.process_steps.all()),
    )


def version_dict(version, parts: Parts, template) -> dict:
    """A version in the file format; `template` turns a component into its template value."""
    channels = sorted(parts.channels, key=lambda pair: pair[0].kind)
    return values(
        version,
        VERSION_KEYS,
        published=version.published_at is not None,
        field=parts.field_code,
        levels=[str(level) for level in version.levels],
        implementing_agencies=parts.agency_codes,
        legal_basis=version.legal_basis,
        components=[_component(c, template) for c in parts.components],
        channels=[
            values(channel, CHANNEL_KEYS, fees=[values(fee, FEE_KEYS) for fee in fees])
            for channel, fees in channels
        ],
        process_steps=[values(s, STEP_KEYS) for s in sorted(parts.steps, key=lambda s: s.order)],
    )


def agency_links(agency) -> tuple[str | None, str | None]:
    return (
        agency.parent.code if agency.parent_id else None,
        agency.successor.code if agency.successor_id else None,
    )


def agency_dict(agency, parent, successor) -> dict:
    return values(agency, AGENCY_KEYS, parent=parent, successor=successor)


def _component(component, template) -> dict:
    """A component in the file format; `form` only when it has a declaration form."""
    record = values(component, COMPONENT_KEYS, template=template(component))
    if record["form"] is None:
        del record["form"]
    return record


def values(instance, keys, **computed) -> dict:
    return {
        key: computed[key] if key in computed else jsonable(getattr(instance, key)) for key in keys
    }


def jsonable(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
