"""Reads for the public catalog pages that the shared selectors do not cover."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    Agency,
    Channel,
    ChannelKind,
    Component,
    DurationUnit,
    FeeLine,
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


@dataclass
class ChannelPart:
    """What the page says under one channel: only what it does not share with the others."""

    channel: Channel
    shows_duration: bool
    fees: list[FeeLine] = field(default_factory=list)
    free: bool = False  # say "no fees" here: this channel has none and some other has


@dataclass
class ChannelOverview:
    """A version's channels with what they all share said once (a time, fee lines, or no
    fees at all), and per channel what differs. One channel shares nothing with itself."""

    parts: list[ChannelPart]
    duration: Channel | None = None  # a channel whose time every channel has
    fees: list[FeeLine] = field(default_factory=list)  # lines every channel has
    free_everywhere: bool = False

    @property
    def shared(self) -> bool:
        return bool(self.duration or self.fees or self.free_everywhere)


def _duration_key(channel: Channel) -> tuple:
    return (channel.duration_value, channel.duration_unit, channel.duration_text.strip())


def _fee_key(fee: FeeLine) -> tuple:
    return (
        fee.kind,
        fee.description.strip(),
        fee.amount,
        fee.unit.strip(),
        fee.cap,
        fee.exemptions.strip(),
        fee.legal_basis.strip(),
    )


def _split(fees: list[FeeLine], shared: Counter) -> tuple[list[FeeLine], list[FeeLine]]:
    """(the lines counted in `shared`, the others), each in the channel's order."""
    left = Counter(shared)
    common, own = [], []
    for fee in fees:
        key = _fee_key(fee)
        if left[key] > 0:
            left[key] -= 1
            common.append(fee)
        else:
            own.append(fee)
    return common, own


def channel_overview(channels) -> ChannelOverview:
    """Pass `version.channels.all` with its fees prefetched: no query of its own."""
    channels = list(channels)
    fees = {channel.pk: list(channel.fees.all()) for channel in channels}
    if len(channels) < 2:
        return ChannelOverview(
            parts=[
                ChannelPart(c, shows_duration=True, fees=fees[c.pk], free=not fees[c.pk])
                for c in channels
            ]
        )
    same_duration = len({_duration_key(c) for c in channels}) == 1
    shared = Counter(_fee_key(f) for f in fees[channels[0].pk])
    for channel in channels[1:]:
        shared &= Counter(_fee_key(f) for f in fees[channel.pk])
    free_everywhere = not any(fees.values())
    return ChannelOverview(
        parts=[
            ChannelPart(
                c,
                shows_duration=not same_duration,
                fees=_split(fees[c.pk], shared)[1],
                free=not fees[c.pk] and not free_everywhere,
            )
            for c in channels
        ],
        duration=channels[0] if same_duration else None,
        fees=_split(fees[channels[0].pk], shared)[0],
        free_everywhere=free_everywhere,
    )
