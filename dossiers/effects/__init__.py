"""What follows each event after its commit: one explicit table, one way out of a transaction.

`EFFECTS` says, per action, who is told (a message into the notifications' outbox) and which
jobs run (a row of `EffectRun`: an official slip to render, results to keep in the
applicant's store). `after_event` is called by the services' `_write_event`, inside the
transaction: messages and jobs are rows written with the event, so they commit or roll back
with it, and a broker that is down at commit time delays them, never loses them. After the
commit a worker is asked to dispatch them at once (common.enqueue); the beat dispatches
every minute whatever is left.

Messages to the applicant marked `legal` are the notices the law requires (completion and
supplement requests, refusal, payment request, apology and new date, result ready): they
reach at least one channel whatever the applicant chose. Staff messages are `digest`: their
e-mails go out grouped (notifications.dispatch).
"""

from dataclasses import dataclass

from django.urls import reverse

from common.enqueue import enqueue_on_commit
from notifications.services import Message, Recipient, notify_many
from procedures.models import ChannelKind, Membership, Role

from ..slips.legal_forms import FORM_OF_ACTION
from ..states import Action
from . import audience
from .models import EffectRun
from .words import context_of

APPLICANT = "applicant"
RUN_EFFECTS_TASK = "dossiers.run_effects"


@dataclass(frozen=True)
class Tell:
    """A message to `who` (the applicant, or a staff group of `audience`)."""

    who: str
    template: str
    legal: bool = False
    unless_in_person: bool = False  # not for a dossier handed in at the desk

    @property
    def digest(self) -> bool:
        return self.who != APPLICANT


@dataclass(frozen=True)
class Run:
    """A job that must run once after the commit (`runner.JOBS` names them)."""

    kind: str


SLIP = Run("slip")
STORE_RESULTS = Run("store_results")
ISSUE_RESULTS = Run("issue_results")  # render and sign the approved result (dossiers.signing)
A, D = audience, "dossiers/messages/"

# fmt: off
EFFECTS: dict[Action, tuple] = {
    Action.SUBMIT: (
        Tell(APPLICANT, D + "submitted", unless_in_person=True),
        Tell(A.DESK, D + "staff_new_submission", unless_in_person=True),
    ),
    Action.REQUEST_COMPLETION: (SLIP, Tell(APPLICANT, D + "completion_requested", legal=True)),
    Action.REFUSE: (SLIP, Tell(APPLICANT, D + "refused", legal=True)),
    Action.RECEIVE: (SLIP, Tell(APPLICANT, D + "received")),
    Action.TRANSFER: (Tell(A.UNIT, D + "staff_transferred"),),
    Action.CLAIM: (),
    Action.ASSIGN: (Tell(A.UNIT, D + "staff_assigned"),),
    Action.REQUEST_SUPPLEMENT: (SLIP, Tell(APPLICANT, D + "supplement_requested", legal=True)),
    Action.SUPPLEMENT: (Tell(A.UNIT, D + "staff_supplemented"),),
    Action.REQUEST_PAYMENT: (Tell(APPLICANT, D + "payment_requested", legal=True),),
    Action.RECORD_PAYMENT: (Tell(A.UNIT, D + "staff_paid"),),
    Action.SUBMIT_FOR_APPROVAL: (Tell(A.LEADERS, D + "staff_awaiting_approval"),),
    Action.SEND_BACK: (Tell(A.UNIT, D + "staff_sent_back"),),
    Action.APPROVE: (
        ISSUE_RESULTS,
        Tell(APPLICANT, D + "result_ready", legal=True),
        Tell(A.DESK, D + "staff_result_ready"),
    ),
    Action.DENY: (
        ISSUE_RESULTS,
        Tell(APPLICANT, D + "result_ready", legal=True),
        Tell(A.DESK, D + "staff_result_ready"),
    ),
    Action.RETURN: (STORE_RESULTS, Tell(APPLICANT, D + "returned")),
    Action.REQUEST_WITHDRAWAL: (Tell(A.DESK, D + "staff_withdrawal_requested"),),
    Action.STOP: (SLIP, Tell(APPLICANT, D + "stopped")),
    Action.RESCHEDULE: (SLIP, Tell(APPLICANT, D + "rescheduled", legal=True)),
}
# fmt: on


def after_event(event, dossier) -> None:
    """Write the messages and jobs that follow `event` (inside its transaction)."""
    effects = EFFECTS.get(event.action, ())
    runs = [
        EffectRun(event=event, kind=effect.kind, args=_job_args(effect, event))
        for effect in effects
        if isinstance(effect, Run) and _job_applies(effect, dossier)
    ]
    if runs:
        EffectRun.objects.bulk_create(runs, ignore_conflicts=True)
        enqueue_on_commit(RUN_EFFECTS_TASK)
    tells = [
        e
        for e in effects
        if isinstance(e, Tell)
        and not (e.unless_in_person and dossier.channel == ChannelKind.IN_PERSON)
    ]
    if tells:
        notify_many(messages_for(event, dossier, tells))


def _job_applies(effect, dossier) -> bool:
    # A walk-in applicant without an account has no store.
    return not (effect is STORE_RESULTS and dossier.applicant_id is None)


def _job_args(effect, event) -> dict:
    if effect is SLIP:
        return {"form": str(FORM_OF_ACTION[event.action])}
    return {}


def messages_for(event, dossier, tells) -> list[Message]:
    context = context_of(event, dossier)
    staff_groups = sorted({t.who for t in tells if t.who != APPLICANT})
    staff = {}
    if staff_groups:
        for group in staff_groups:
            staff[group] = audience.staff_of([dossier], [group])[dossier.pk]
    messages = []
    for tell in tells:
        if tell.who == APPLICANT:
            recipients, link = audience.applicant(dossier), audience.applicant_link(dossier)
        else:
            recipients = [r for r in staff[tell.who] if r.user_id != event.actor_id]
            link = audience.staff_link(dossier)
        if recipients:
            messages.append(
                Message(
                    key=f"event:{event.pk}:{tell.template.rsplit('/', 1)[-1]}",
                    recipients=tuple(recipients),
                    template=tell.template,
                    context=context,
                    link=link,
                    legal=tell.legal,
                    digest=tell.digest,
                )
            )
    return messages


def signing_failed(result_id, reason: str) -> None:
    """The desk and the issuing agency's leaders hear that a result awaits its signature
    (the first failure only; the job keeps retrying)."""
    from ..models import DossierResult

    result = DossierResult.objects.select_related("dossier", "issuer").get(pk=result_id)
    dossier = result.dossier
    staff = audience.staff_of([dossier], [A.DESK, A.LEADERS])[dossier.pk]
    if not staff:
        return
    notify_many(
        [
            Message(
                key=f"result:{result.pk}:signing_failed",
                recipients=tuple(staff),
                template=D + "staff_signing_failed",
                context={
                    "code": dossier.code or "",
                    "procedure": dossier.version.name,
                    "applicant": dossier.applicant_name,
                    "due_at": "",
                    "result_code": result.code,
                    "reason": reason,
                },
                link=audience.staff_link(dossier),
                digest=True,
            )
        ]
    )


def consultation_asked(consultation, dossier) -> None:
    """The consulted agency's specialists and heads hear of a consultation asked of them
    (inside the asking transaction, like an event's messages)."""
    users = sorted(
        set(
            Membership.objects.filter(
                agency_id=consultation.to_agency_id,
                role__in=[Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER],
                user__is_active=True,
            ).values_list("user_id", flat=True)
        )
    )
    if not users:
        return
    notify_many(
        [
            Message(
                key=f"consultation:{consultation.pk}:asked",
                recipients=tuple(Recipient(user_id=u) for u in users),
                template=D + "staff_consultation_asked",
                context={
                    "code": dossier.code or "",
                    "procedure": dossier.version.name,
                    "applicant": dossier.applicant_name,
                    "due_at": "",
                    "asking_agency": consultation.from_agency.name,
                    "question": consultation.question,
                    "consultation_due_at": consultation.due_at.isoformat(),
                },
                link=reverse("workspaces:consult_detail", args=[consultation.pk]),
                digest=True,
            )
        ]
    )
