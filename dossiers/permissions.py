"""Who someone is for a dossier, and so which actions of `states.TRANSITIONS` they may fire.

- applicant: the user who filed the dossier;
- desk: a desk officer (Membership role desk_officer) of the dossier's receiving unit;
- specialist / head: a specialist / head of unit of the processing unit (or, before a
  transfer names one, of the competent agency);
- leader: a leader of the competent agency.

Memberships are read once per user object and kept on it, so listing the actions of many
dossiers costs one query. Every check is enforced on the server: the model's `permission=`
callables, the services, the API and the admin all go through `actors_for`.
"""

from procedures.models import Role

from .states import TRANSITIONS, Action, Actor, State

_CACHE = "_dossier_memberships"


def memberships(user) -> frozenset[tuple[int, str]]:
    """{(agency id, role)} of the user, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("agency_id", "role"))
        setattr(user, _CACHE, cached)
    return cached


def actors_for(dossier, user) -> frozenset[Actor]:
    """Every capacity in which `user` stands towards `dossier`.

    A citizen's draft is theirs alone until they send it: staff neither see nor act on it.
    (A desk officer's own draft for a walk-in applicant has no applicant account.)
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if _private_draft(dossier):
        return frozenset({Actor.APPLICANT}) if dossier.applicant_id == user.pk else frozenset()
    held = memberships(user)
    unit_id = dossier.processing_unit_id or dossier.competent_agency_id
    actors = set()
    if dossier.applicant_id == user.pk:
        actors.add(Actor.APPLICANT)
    if (dossier.receiving_unit_id, Role.DESK_OFFICER) in held:
        actors.add(Actor.DESK)
    if (unit_id, Role.SPECIALIST) in held:
        actors.add(Actor.SPECIALIST)
    if (unit_id, Role.HEAD_OF_UNIT) in held:
        actors.add(Actor.HEAD)
    if (dossier.competent_agency_id, Role.LEADER) in held:
        actors.add(Actor.LEADER)
    return frozenset(actors)


def can(dossier, user, action: Action) -> bool:
    """May `user` fire `action` on `dossier` (from some state: who may fire it from the
    dossier's state is the services' 409, `TRANSITIONS[action].actors_in`)?"""
    return bool(actors_for(dossier, user) & TRANSITIONS[action].actors)


def may(action: Action):
    """The `permission=` callable of a django-fsm transition."""

    def check(instance, user):
        return can(instance, user, action)

    check.__name__ = f"may_{action.value.replace('-', '_')}"
    return check


def _private_draft(dossier) -> bool:
    return dossier.state == State.DRAFT and dossier.applicant_id is not None


# Who sees a dossier besides its applicant: the same rule for one dossier (here) and for the
# queues (`selectors.visible_to`).
DESK_ROLES = frozenset({Role.DESK_OFFICER, Role.HEAD_OF_UNIT})
PROCESSING_ROLES = frozenset({Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER})


def can_view(dossier, user) -> bool:
    """The applicant; desk officers and heads of the receiving unit; specialists, heads and
    leaders of the processing unit or competent agency. Never a citizen's unsent draft."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if dossier.applicant_id is not None and dossier.applicant_id == user.pk:
        return True
    if _private_draft(dossier):
        return False
    for agency_id, role in memberships(user):
        if role in DESK_ROLES and agency_id == dossier.receiving_unit_id:
            return True
        if role in PROCESSING_ROLES and agency_id in (
            dossier.processing_unit_id,
            dossier.competent_agency_id,
        ):
            return True
    return False


def staff_agency_ids(user) -> set[int]:
    return {agency for agency, _role in memberships(user)}
