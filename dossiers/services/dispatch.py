"""Dispatch by action name (API, admin): the service of each action, and the actions a user may
fire now."""

from .. import permissions as perms
from ..states import IN_PROCESS, READ_ONLY, TRANSITIONS, Action, State
from . import closing, processing, reception
from ._core import _heads

# ---- Dispatch by action name (API, admin) -----------------------------------------------

SERVICES = {
    Action.SUBMIT: reception.dossier_submit,
    Action.REQUEST_COMPLETION: reception.dossier_request_completion,
    Action.REFUSE: reception.dossier_refuse,
    Action.RECEIVE: reception.dossier_receive,
    Action.TRANSFER: reception.dossier_transfer,
    Action.CLAIM: processing.dossier_claim,
    Action.ASSIGN: processing.dossier_assign,
    Action.REQUEST_SUPPLEMENT: processing.dossier_request_supplement,
    Action.SUPPLEMENT: processing.dossier_supplement,
    Action.REQUEST_PAYMENT: processing.dossier_request_payment,
    Action.RECORD_PAYMENT: processing.dossier_record_payment,
    Action.SUBMIT_FOR_APPROVAL: processing.dossier_submit_for_approval,
    Action.SEND_BACK: processing.dossier_send_back,
    Action.APPROVE: processing.dossier_approve,
    Action.DENY: processing.dossier_deny,
    Action.RETURN: closing.dossier_return,
    Action.REQUEST_WITHDRAWAL: closing.dossier_request_withdrawal,
    Action.STOP: closing.dossier_stop,
    Action.RESCHEDULE: closing.dossier_reschedule,
}


def available_actions(dossier, user) -> list[Action]:
    """The actions `user` may fire on `dossier` now (for buttons; services re-check)."""
    if dossier.state in READ_ONLY:
        return []
    mine = perms.actors_for(dossier, user)
    actions = [
        action
        for action, rule in TRANSITIONS.items()
        if dossier.state in rule.sources and mine & rule.actors_in(dossier.state)
    ]
    if Action.CLAIM in actions and dossier.assignee_id is not None:
        actions.remove(Action.CLAIM)
    if Action.RESCHEDULE in actions and (dossier.rescheduled_to or dossier.state not in IN_PROCESS):
        actions.remove(Action.RESCHEDULE)
    if (
        dossier.state == State.SUBMITTED
        and dossier.completion_requests
        and Action.REQUEST_COMPLETION not in actions
        and _heads(user, dossier.receiving_unit_id)
    ):
        actions.append(Action.REQUEST_COMPLETION)  # the desk head's overriding second request
    return actions
