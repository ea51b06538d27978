"""The Reception and Return Desk's reads: its lists, the flags of each row, and the reason codes
its forms offer (regulations.md §1.2, steps 2, 3 and 7).

Who works at a desk: a user holding a desk role (`permissions.DESK_ROLES`: desk officer or head
of unit) in an agency that has a desk (`Agency.has_desk`, a receiving unit). The lists hold the
dossiers of those receiving units only, and only those `selectors.visible_to` already lets the
user see, so a list and a dossier page never disagree.

The five lists (`TABS`), each oldest first, because the desk works first in, first out:

- "tiep-nhan": sent and waiting for the reception check (state submitted), by the official
  reception time (`official_reception_at`, which the submit service sets);
- "chuyen-xu-ly": received, to be handed over to the competent unit, by `received_at`;
- "tra-ket-qua": resolved, the result waiting to be returned, by `resolved_at`;
- "cho-bo-sung": waiting for the applicant to complete (reception) or supplement (processing)
  the dossier, by the last change (when the request was made): the desk receives the papers
  the applicant brings and sends them on;
- "cho-nop-phi-rut": waiting for a fee paid at the desk (state awaiting_payment), or for the
  withdrawal the applicant asked for to be confirmed (withdrawal_requested), by the last change.

Their flags come from `workspaces.flags`.

Every list runs a fixed number of queries whatever its length: the rows with their joins
(`selectors.LIST_RELATED`), one count per page, one aggregate for the tab counts.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers import permissions as perms
from dossiers.models import Dossier
from dossiers.selectors import LIST_RELATED, search_q
from dossiers.states import State
from procedures.calendar import calendar_for
from procedures.models import Agency

from ..flags import working_day_start


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    states: frozenset
    order: tuple


TABS = {
    tab.key: tab
    for tab in (
        Tab(
            "tiep-nhan",
            _("Chờ tiếp nhận"),
            frozenset({State.SUBMITTED}),
            ("official_reception_at", "created_at", "id"),
        ),
        Tab(
            "chuyen-xu-ly",
            _("Đã tiếp nhận, chờ chuyển"),
            frozenset({State.RECEIVED}),
            ("received_at", "id"),
        ),
        Tab(
            "tra-ket-qua",
            _("Có kết quả, chờ trả"),
            frozenset({State.RESOLVED}),
            ("resolved_at", "id"),
        ),
        Tab(
            "cho-bo-sung",
            _("Đang chờ bổ sung, hoàn thiện"),
            frozenset({State.COMPLETION_REQUESTED, State.SUPPLEMENT_REQUESTED}),
            ("updated_at", "id"),
        ),
        Tab(
            "cho-nop-phi-rut",
            _("Chờ nộp phí / xin rút"),
            frozenset({State.AWAITING_PAYMENT, State.WITHDRAWAL_REQUESTED}),
            ("updated_at", "id"),
        ),
    )
}
DEFAULT_TAB = "tiep-nhan"
DESK_STATES = frozenset(state for tab in TABS.values() for state in tab.states)

# ---- Who works at a desk ----------------------------------------------------------------------


_UNITS_CACHE = "_desk_units"


def desk_units(user) -> list[Agency]:
    """The receiving units where `user` holds a desk role (none for anonymous).

    One query, kept on the user object with the memberships it was read for, so the header's
    workspace link and the page itself share it within a request."""
    held = perms.memberships(user)
    ids = {agency for agency, role in held if role in perms.DESK_ROLES}
    if not ids:
        return []
    cached = getattr(user, _UNITS_CACHE, None)
    if cached is not None and cached[0] == held:
        return list(cached[1])
    units = list(Agency.objects.filter(pk__in=ids, has_desk=True).order_by("code"))
    setattr(user, _UNITS_CACHE, (held, units))
    return list(units)


# ---- The lists --------------------------------------------------------------------------------


def _base(user, units, q: str, procedure: str) -> QuerySet:
    # `units` are receiving units where `user` holds a desk role (`desk_units`): what
    # `visible_to` lets them see there is every dossier but an applicant's draft, said here
    # directly so that the (state, receiving_unit) index serves the lists.
    allowed = {unit.pk for unit in desk_units(user)}
    units = [unit for unit in units if unit.pk in allowed]
    dossiers = Dossier.objects.filter(receiving_unit__in=units).exclude(
        state=State.DRAFT, applicant__isnull=False
    )
    q = " ".join((q or "").split())
    if q:
        dossiers = dossiers.filter(search_q(q))
    if procedure:
        dossiers = dossiers.filter(procedure__code=procedure)
    return dossiers


def desk_queue(
    user,
    *,
    tab: str = DEFAULT_TAB,
    q: str = "",
    procedure: str = "",
    unit: str = "",
    urgent: bool = False,
    now: datetime.datetime | None = None,
    units: list[Agency] | None = None,
) -> QuerySet:
    """One desk list of `user` (`TABS`), oldest first, searched and filtered.

    `q` matches the code, the applicant's name or identity number, the procedure's code or
    name, and the key answers of its online declarations (`selectors.search_q`); `procedure`
    is a procedure code; `unit` a receiving unit's code among the user's; `urgent` (reception
    list only) keeps the late and the resubmitted dossiers.
    """
    units = desk_units(user) if units is None else units
    if unit:
        units = [u for u in units if u.code == unit]
    spec = TABS.get(tab) or TABS[DEFAULT_TAB]
    dossiers = _base(user, units, q, procedure).filter(state__in=list(spec.states))
    if urgent and spec.key == DEFAULT_TAB:
        start = working_day_start(now or timezone.now(), _calendar(units))
        dossiers = dossiers.filter(
            Q(official_reception_at__lt=start) | Q(completion_requests__gt=0)
        )
    return dossiers.select_related(*LIST_RELATED).order_by(*spec.order)


def desk_queryset(user, units) -> QuerySet:
    """Every dossier of the desk's lists (the officers' home counts them)."""
    return _base(user, units, "", "").filter(state__in=list(DESK_STATES)).order_by()


def desk_counts(user, *, q: str = "", procedure: str = "", units=None) -> dict[str, int]:
    """How many dossiers each list holds, with the same search (one query)."""
    units = desk_units(user) if units is None else units
    totals = (
        _base(user, units, q, procedure)
        .filter(state__in=list(DESK_STATES))
        .order_by()
        .aggregate(
            **{
                key.replace("-", "_"): Count("pk", filter=Q(state__in=list(spec.states)))
                for key, spec in TABS.items()
            }
        )
    )
    return {key: totals[key.replace("-", "_")] or 0 for key in TABS}


def desk_procedures(user, *, tab: str = DEFAULT_TAB, units=None) -> list[tuple[str, str]]:
    """(code, name) of the procedures present in a list, for its filter (one query)."""
    units = desk_units(user) if units is None else units
    spec = TABS.get(tab) or TABS[DEFAULT_TAB]
    rows = (
        _base(user, units, "", "")
        .filter(state__in=list(spec.states))
        .values_list("procedure__code", "version__name")
        .distinct()
        .order_by("procedure__code", "version__name")
    )
    seen = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return list(seen.items())


def _calendar(units):
    return calendar_for(units[0].province_code if units else None)
