"""Who hears about a dossier: the applicant, and the staff by their role for it.

Staff are read from memberships in bulk (`staff_of`): one query for any number of dossiers,
so the sweep can address thousands of crossings at once.
"""

from collections import defaultdict

from django.urls import reverse

from notifications.services import Recipient
from procedures.models import Membership, Role

from ..states import State

# Who holds a dossier in each open state (the people whose queue it is in).
DESK, UNIT, LEADERS, HEADS = "desk", "unit", "leaders", "heads"
HOLDERS = {
    State.SUBMITTED: DESK,
    State.RECEIVED: DESK,
    State.IN_PROGRESS: UNIT,
    State.SUPPLEMENT_REQUESTED: UNIT,
    State.AWAITING_PAYMENT: UNIT,
    State.PENDING_APPROVAL: LEADERS,
    State.RESOLVED: DESK,
    State.WITHDRAWAL_REQUESTED: DESK,
}


def applicant(dossier) -> list[Recipient]:
    """The applicant: their account, else the name and contacts given on the dossier."""
    if dossier.applicant_id:
        return [Recipient(user_id=dossier.applicant_id)]
    if dossier.applicant_email or dossier.applicant_phone:
        return [
            Recipient(
                name=dossier.applicant_name,
                email=dossier.applicant_email,
                phone=dossier.applicant_phone,
            )
        ]
    return []


def _unit_id(dossier):
    return dossier.processing_unit_id or dossier.competent_agency_id


def _wanted(dossier, group):
    """(agency id, roles) whose members make up `group` for the dossier."""
    if group == DESK:
        return dossier.receiving_unit_id, (Role.DESK_OFFICER,)
    if group == UNIT:
        return _unit_id(dossier), (Role.SPECIALIST, Role.HEAD_OF_UNIT)
    if group == HEADS:
        return _unit_id(dossier), (Role.HEAD_OF_UNIT,)
    if group == LEADERS:
        return dossier.competent_agency_id, (Role.LEADER,)
    raise ValueError(group)


def staff_of(dossiers, groups) -> dict:
    """{dossier pk: [Recipient, …]}: the members of `groups` for each dossier, the assignee
    standing for the whole unit when there is one. One query."""
    wanted = {(d.pk, g): _wanted(d, g) for d in dossiers for g in groups}
    agencies = {agency for agency, _roles in wanted.values() if agency}
    members = defaultdict(set)
    for agency, role, user in Membership.objects.filter(
        agency_id__in=agencies, user__is_active=True
    ).values_list("agency_id", "role", "user_id"):
        members[(agency, role)].add(user)
    result = {}
    for dossier in dossiers:
        users = []
        for group in groups:
            if group == UNIT and dossier.assignee_id:
                users.append(dossier.assignee_id)
                continue
            agency, roles = wanted[(dossier.pk, group)]
            users += sorted(u for role in roles for u in members[(agency, role)])
        seen = set()
        result[dossier.pk] = [Recipient(user_id=u) for u in users if not (u in seen or seen.add(u))]
    return result


def holders_of(dossiers) -> dict:
    """{dossier pk: [Recipient]}: whoever's queue each dossier is in now."""
    by_group = defaultdict(list)
    for dossier in dossiers:
        group = HOLDERS.get(State(dossier.state))
        if group:
            by_group[group].append(dossier)
    result = {d.pk: [] for d in dossiers}
    for group, members in by_group.items():
        result.update(staff_of(members, [group]))
    return result


def staff_link(dossier) -> str:
    """The page where the holder of the dossier acts on it."""
    group = HOLDERS.get(State(dossier.state), UNIT)
    name = {DESK: "workspaces:desk_dossier", LEADERS: "workspaces:approval_dossier"}.get(
        group, "workspaces:work_dossier"
    )
    return reverse(name, args=[dossier.pk])


def applicant_link(dossier) -> str:
    if dossier.applicant_id:
        return reverse("dossiers:mine_detail", args=[dossier.pk])
    return reverse("dossiers:track") + f"?code={dossier.code or ''}"
