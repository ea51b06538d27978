"""Dossier use cases: one function per action, the only code that changes a dossier.

Each transition service follows one pattern (`_fire`): in one transaction, lock the row
(`select_for_update`), check that the user may see it (404), may do it (403) and that the
state allows it (409), check the rule's own input (400), call the django-fsm transition,
save (ConcurrentTransitionMixin refuses a stale state), move the internal-process step,
and write the one append-only event row. What follows the event (messages, slips, results
into the store) is written in the same transaction by `dossiers.effects.after_event`, as
outbox rows a worker sends after the commit. Due times come only from `dossiers.deadlines`.

The modules of this package (import from `dossiers.services`, not from them):

- `_core`: what every use case shares: locking and checks (`_begin`: the time, `_locked`,
  `_check`); due times and internal-process steps (`_due`, `_move_step`, `_after_wait`,
  from the graph facts `states.HOLDER_ROLE` and `states.HANDOVERS`); `_fire`, `_save`,
  `_touched` (the sweep's flags) and `_write_event` (the event and its effects);
- `drafts`: the receiving desk of an agency (`receiving_unit_for`), `dossier_create`
  (idempotent with a client token), `dossier_update_draft` (applicant data, how to receive the
  result: `delivery_choices`), `dossier_attach_file` (`UPLOAD_STATES`), `dossier_remove_file`;
- `declarations`: the online declaration of a draft (`declaration_save`), checked and
  printed as its component's file when the dossier is sent;
- `reception`: at the one-stop desk: submit, request completion, refuse, receive, transfer;
- `processing`: at the competent agency: supplement requests and answers, payment,
  submission for approval, sending back, approval, denial;
- `closing`: return of the result, withdrawal, stop, reschedule;
- `notes`: the officers' internal notes on a dossier (`dossier_note_add`, `notes_for`);
- `ratings`: the applicant's one rating of a returned dossier (`dossier_rate`);
- `reuse`: a paper of the applicant's document store attached to their dossier
  (`dossier_attach_stored`);
- `slips`: rendering an official slip and keeping it (`slip_render`, idempotent);
- `sweep`: deadline tracking (flags, staff notices) and the leaders' morning digest;
- `dispatch`: the service of each action (`SERVICES`) and the actions a user may fire now
  (`available_actions`), for the API and the admin.
"""

from .closing import (
    apology_due,
    dossier_request_withdrawal,
    dossier_reschedule,
    dossier_return,
    dossier_stop,
    reschedule_refusal,
)
from .declarations import declaration_save, form_components
from .dispatch import SERVICES, available_actions
from .drafts import (
    UPLOAD_STATES,
    contacts_missing,
    delivery_choices,
    dossier_attach_file,
    dossier_create,
    dossier_remove_file,
    dossier_update_draft,
    online_delivery_allowed,
    receiving_unit_for,
)
from .notes import NOTE_MAX, dossier_note_add, may_note, notes_for
from .processing import (
    dossier_approve,
    dossier_claim,
    dossier_deny,
    dossier_record_payment,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_send_back,
    dossier_submit_for_approval,
    dossier_supplement,
)
from .ratings import COMMENT_MAX, dossier_rate
from .reception import (
    dossier_receive,
    dossier_refuse,
    dossier_request_completion,
    dossier_submit,
    dossier_transfer,
)
from .results_draft import BODY_MAX, DRAFT_KINDS, DRAFTERS, dossier_draft_result
from .reuse import dossier_attach_stored
from .slips import slip_render

__all__ = [
    "NOTE_MAX",
    "BODY_MAX",
    "DRAFTERS",
    "DRAFT_KINDS",
    "SERVICES",
    "UPLOAD_STATES",
    "contacts_missing",
    "declaration_save",
    "form_components",
    "available_actions",
    "delivery_choices",
    "may_note",
    "notes_for",
    "dossier_approve",
    "dossier_attach_file",
    "dossier_attach_stored",
    "dossier_rate",
    "slip_render",
    "COMMENT_MAX",
    "dossier_claim",
    "dossier_create",
    "dossier_deny",
    "dossier_note_add",
    "dossier_draft_result",
    "dossier_receive",
    "dossier_record_payment",
    "dossier_refuse",
    "dossier_remove_file",
    "dossier_request_completion",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_request_withdrawal",
    "dossier_reschedule",
    "dossier_return",
    "dossier_send_back",
    "dossier_stop",
    "dossier_submit",
    "dossier_submit_for_approval",
    "dossier_supplement",
    "dossier_transfer",
    "dossier_update_draft",
    "online_delivery_allowed",
    "receiving_unit_for",
    "apology_due",
    "reschedule_refusal",
]
