"""The catalog: agencies and memberships, fields, procedures and their versions.

A procedure (thủ tục hành chính) is an identity (its national code); everything a citizen
reads lives on a `ProcedureVersion`, which takes effect on a date. A version that a dossier
has used is locked (`locked_at`) and can never be edited again: change it by publishing a
new version.

The modules of this package:

- `agencies`: agencies, the roles and the staff's memberships;
- `versions`: fields, procedures, their versions and the lock (`LockedVersionMixin`);
- `parts`: the parts of a version (components, channels and their fees, process steps);
- `working_days`: the days off and make-up working days of the calendar.

Everything is imported here, in the order the models were declared, so that the app
registers them all.
"""

from .agencies import (
    AGENCY_ROLES,
    Agency,
    AgencyKind,
    Level,
    Membership,
    Role,
    agency_code_validator,
)
from .parts import (
    Channel,
    ChannelKind,
    Component,
    CopyKind,
    DurationUnit,
    FeeKind,
    FeeLine,
    ProcessStep,
)
from .versions import (
    LOCKED_MESSAGE,
    ClockOnSupplement,
    Field,
    LockedVersionMixin,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    VersionLocked,
    VersionStatus,
    procedure_code_validator,
)
from .working_days import CalendarDay, DayKind

__all__ = [
    "AGENCY_ROLES",
    "LOCKED_MESSAGE",
    "Agency",
    "AgencyKind",
    "CalendarDay",
    "Channel",
    "ChannelKind",
    "ClockOnSupplement",
    "Component",
    "CopyKind",
    "DayKind",
    "DurationUnit",
    "FeeKind",
    "FeeLine",
    "Field",
    "Level",
    "LockedVersionMixin",
    "Membership",
    "OnlineLevel",
    "Procedure",
    "ProcedureVersion",
    "ProcessStep",
    "Role",
    "VersionLocked",
    "VersionStatus",
    "agency_code_validator",
    "procedure_code_validator",
]
