"""Reads for the public catalog pages that the shared selectors do not cover."""

from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    Agency,
    Channel,
    ChannelKind,
    Component,
    DurationUnit,
    Procedure,
    ProcedureVersion,
)
from .selectors import procedure_list

# Rough calendar days per unit, only to tell which channel is fastest.
APPROXIMATE_DAYS = {
    DurationUnit.HOUR: Decimal(1) / Decimal(24),
    DurationUnit.WORKING_DAY: Decimal(7) / Decimal(5),
    DurationUnit.DAY: Decimal(1),
    DurationUnit.MONTH: Decimal(30),
}
CHANNEL_ORDER = {kind: i for i, kind in enumerate(ChannelKind.values)}


def procedure_page_list(**filters) -> QuerySet:
    """`selectors.procedure_list` plus the channels each row shows: one more query per page."""
    return procedure_list(**filters).prefetch_related(
        Prefetch("current_version__channels", queryset=Channel.objects.all())
    )


def filter_agencies() -> QuerySet:
    """Agencies worth filtering by: open desks, and those implementing a procedure in force."""
    current_versions = Procedure.objects.filter(current_version__isnull=False).values(
        "current_version"
    )
    implementing = ProcedureVersion.implementing_agencies.through.objects.filter(
        procedureversion__in=current_versions
    ).values("agency")
    today = timezone.localdate()
    open_desk = Q(has_desk=True) & (Q(closed_on__isnull=True) | Q(closed_on__gt=today))
    return Agency.objects.filter(open_desk | Q(pk__in=implementing)).order_by("name", "code")


def current_component(*, code: str, component_id: int) -> Component | None:
    """A component of the version in force of procedure `code`, or None."""
    current_version = Procedure.objects.filter(code=code).values("current_version")
    return Component.objects.filter(pk=component_id, version__in=current_version).first()


def fastest_channel(channels) -> Channel | None:
    """The channel with the shortest processing time (ties: in person, online, postal)."""

    def key(channel):
        days = channel.duration_value * APPROXIMATE_DAYS.get(channel.duration_unit, Decimal(1))
        return (days, CHANNEL_ORDER.get(channel.kind, 99))

    return min(channels, key=key, default=None)
