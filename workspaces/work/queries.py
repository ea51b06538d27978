"""The processing workspace's reads: the specialist's and the unit's lists (regulations.md
§1.2, steps 4 and 8).

Who works here: a user holding a processing role (`permissions.PROCESSING_ROLES`: specialist,
head of unit, leader) in some agency (`work_units`). The lists hold only dossiers that
`selectors.visible_to` already lets the user see, so a list and a dossier page never disagree.

The two lists (`TABS`), both in the states of the processing stage (`WORK_STATES`):

- "cua-toi": assigned to the user (`Dossier.assignee`), the nearest due time first, those
  waiting for the applicant (clock paused) last;
- "don-vi": the queue of the user's units: dossiers whose processing unit is one of them (and,
  for a leader, whose competent agency is theirs), the unassigned ones first, then by due time.

Their flags, and the proposal of the apology, come from `workspaces.flags`.

Every list runs a fixed number of queries whatever its length: the rows with their joins
(`selectors.LIST_RELATED`), one count per page, one aggregate for the tab counts.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dossiers import permissions as perms
from dossiers.models import Dossier
from dossiers.selectors import LIST_RELATED, search_q, visible_to
from dossiers.states import CLOCK_PAUSED, State
from procedures.models import Agency, Membership, Role

# The states of the processing stage: with the competent unit, or waiting on its behalf.
WORK_STATES = (
    State.IN_PROGRESS,
    State.SUPPLEMENT_REQUESTED,
    State.AWAITING_PAYMENT,
    State.PENDING_APPROVAL,
)


@dataclass(frozen=True)
class Tab:
    key: str
    label: str


MINE = "cua-toi"
UNIT = "don-vi"
TABS = {
    MINE: Tab(MINE, _("Hồ sơ của tôi")),
    UNIT: Tab(UNIT, _("Của đơn vị")),
}


# ---- Who works here --------------------------------------------------------------------------


def work_units(user) -> list[Agency]:
    """The agencies where `user` holds a processing role (one query; none for anonymous)."""
    ids = {agency for agency, role in perms.memberships(user) if role in perms.PROCESSING_ROLES}
    if not ids:
        return []
    return list(Agency.objects.filter(pk__in=ids).order_by("code"))


def _ids(user, roles) -> set[int]:
    return {agency for agency, role in perms.memberships(user) if role in roles}


def is_head(user) -> bool:
    """Whether `user` heads a unit or leads an agency: their first list is the unit's."""
    return bool(_ids(user, {Role.HEAD_OF_UNIT, Role.LEADER}))


def in_scope(dossier, user) -> bool:
    """Whether `dossier` is with one of `user`'s processing units or agencies (the processing
    half of `permissions.can_view`): the dossier pages of this workspace serve no other."""
    ids = _ids(user, perms.PROCESSING_ROLES)
    return dossier.processing_unit_id in ids or dossier.competent_agency_id in ids


def _unit_q(user) -> Q:
    units = _ids(user, perms.PROCESSING_ROLES)
    leads = _ids(user, {Role.LEADER})
    return Q(processing_unit_id__in=units) | Q(competent_agency_id__in=leads)


def _base(user, q: str, state: str) -> QuerySet:
    dossiers = Dossier.objects.filter(visible_to(user), state__in=list(WORK_STATES))
    q = " ".join((q or "").split())
    if q:
        dossiers = dossiers.filter(search_q(q))
    if state in WORK_STATES:
        dossiers = dossiers.filter(state=state)
    return dossiers


def _tab_q(user, tab: str) -> Q:
    return Q(assignee_id=user.pk) if tab == MINE else _unit_q(user)


def work_queue(user, *, tab: str = MINE, q: str = "", state: str = "") -> QuerySet:
    """One list of `user` (`TABS`), searched and filtered by state.

    `q` matches the code, the applicant's name or identity number, the procedure's code or
    name. Mine: the nearest due time first, the dossiers waiting for the applicant (their clock
    paused) last. The unit's: the unassigned first, then the same order."""
    tab = tab if tab in TABS else MINE
    paused = ExpressionWrapper(Q(state__in=list(CLOCK_PAUSED)), output_field=BooleanField())
    dossiers = (
        _base(user, q, state)
        .filter(_tab_q(user, tab))
        .select_related(*LIST_RELATED)
        .alias(paused=paused)
    )
    order = [F("paused").asc(), F("due_at").asc(nulls_last=True), "received_at", "id"]
    if tab == UNIT:
        unassigned = ExpressionWrapper(Q(assignee__isnull=True), output_field=BooleanField())
        dossiers = dossiers.alias(unassigned=unassigned)
        order.insert(0, F("unassigned").desc())
    return dossiers.order_by(*order)


def work_queryset(user) -> QuerySet:
    """Every dossier of the processing lists (the officers' home counts them)."""
    return _base(user, "", "").filter(_unit_q(user)).order_by()


def work_counts(user, *, q: str = "", state: str = "") -> dict[str, int]:
    """How many dossiers each list holds, with the same search (one query)."""
    totals = (
        _base(user, q, state)
        .order_by()
        .aggregate(
            mine=Count("pk", filter=_tab_q(user, MINE)),
            unit=Count("pk", filter=_tab_q(user, UNIT)),
            unassigned=Count("pk", filter=_tab_q(user, UNIT) & Q(assignee__isnull=True)),
        )
    )
    return {
        MINE: totals["mine"] or 0,
        UNIT: totals["unit"] or 0,
        "unassigned": totals["unassigned"] or 0,
    }


def unit_specialists(unit_ids) -> dict[int, list]:
    """{unit id: its active specialists by name} for the assignment forms (one query)."""
    found: dict[int, list] = {}
    memberships = (
        Membership.objects.filter(
            agency_id__in=list(unit_ids), role=Role.SPECIALIST, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    for membership in memberships:
        found.setdefault(membership.agency_id, []).append(membership.user)
    return found
