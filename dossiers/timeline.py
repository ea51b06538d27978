"""The applicant's own timeline of a dossier, in plain Vietnamese, read from its event rows.

`tracking` builds the public timeline (no personal data, no reasons). The signed-in applicant
sees the same steps, with the same words (`tracking.STEP_LABELS`), and what only they may read:
the reasons and the missing papers of a request, amounts, result codes, their own notes, the
due time of each hand-over and whether it was met, the waits that paused the clock, and who
holds the dossier now and until when (`current_stage`). No officer's name is shown: only the
agency and the role, which is what the law asks the portal to publish.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import moments
from .deadlines import Timeliness
from .models import APPLICANT_FILE_KINDS, Dossier, DossierEvent, PauseKind
from .states import CLOCK_PAUSED, Action, Actor, ReturnChannel, State
from .tracking import STEP_LABELS

# Who holds the dossier in each open state, and what they do next. The applicant's own turns
# (`Actor.APPLICANT`) are the waits the page asks them to act on.
STAGES = {
    State.DRAFT: (Actor.APPLICANT, _("Hoàn thành và nộp hồ sơ")),
    State.SUBMITTED: (Actor.DESK, _("Kiểm tra và tiếp nhận hồ sơ")),
    State.COMPLETION_REQUESTED: (Actor.APPLICANT, _("Hoàn thiện hồ sơ theo yêu cầu rồi gửi lại")),
    State.RECEIVED: (Actor.DESK, _("Chuyển hồ sơ đến đơn vị giải quyết")),
    State.IN_PROGRESS: (Actor.SPECIALIST, _("Thẩm định, xử lý hồ sơ")),
    State.SUPPLEMENT_REQUESTED: (Actor.APPLICANT, _("Bổ sung hồ sơ theo yêu cầu")),
    State.AWAITING_PAYMENT: (Actor.APPLICANT, _("Nộp phí, lệ phí tại Bộ phận Một cửa")),
    State.PENDING_APPROVAL: (Actor.LEADER, _("Xem xét, phê duyệt kết quả")),
    State.RESOLVED: (Actor.DESK, _("Trả kết quả cho người nộp")),
    State.WITHDRAWAL_REQUESTED: (Actor.HEAD, _("Xem xét đề nghị rút hồ sơ")),
}
# The events whose reason the applicant reads as "the agency's reason" (the others' reason is
# a note: the applicant's own, or an officer's).
REQUESTS = frozenset({Action.REQUEST_COMPLETION, Action.REQUEST_SUPPLEMENT})
TIMELINESS_LABELS = {
    Timeliness.EARLY: _("xong trước hạn"),
    Timeliness.ON_TIME: _("xong đúng hạn"),
    Timeliness.LATE: _("xong trễ hạn"),
}


@dataclass(frozen=True)
class Detail:
    label: str
    value: str


@dataclass(frozen=True)
class Step:
    """One event as the applicant reads it."""

    at: datetime.datetime
    action: str
    label: str
    state: str
    state_label: str
    by_applicant: bool
    agency: str
    reason: str
    missing: tuple[str, ...] = ()
    details: tuple[Detail, ...] = ()
    files: tuple = ()
    step_due_at: datetime.datetime | None = None
    timeliness: str = ""
    timeliness_label: str = ""
    pauses_clock: bool = False
    resumes_clock: bool = False


@dataclass(frozen=True)
class Stage:
    """Who holds the dossier now, what they do, and until when."""

    actor: str
    role_label: str
    agency: str
    task: str
    step_name: str
    step_due_at: datetime.datetime | None
    due_at: datetime.datetime | None
    waiting_for_applicant: bool
    clock_paused: bool


@dataclass(frozen=True)
class Pause:
    kind: str
    label: str
    start: datetime.datetime
    end: datetime.datetime | None


@dataclass(frozen=True)
class Request:
    """The open completion or supplement request: what to provide and why."""

    event: DossierEvent
    action: str
    label: str
    at: datetime.datetime
    reason: str
    missing: tuple[str, ...] = field(default_factory=tuple)
    agency: str = ""


def applicant_timeline(events) -> list[Step]:
    """The steps of the dossier, oldest first (the events ordered by `at`, `id`)."""
    return [_step(event) for event in events if event.action in STEP_LABELS]


def _step(event: DossierEvent) -> Step:
    action = Action(event.action)
    data = event.data or {}
    by_applicant = event.actor_agency_id is None and event.actor_id is not None
    missing = tuple(str(item) for item in data.get("missing", ()) if str(item).strip())
    timeliness = event.timeliness or ""
    return Step(
        at=event.at,
        action=action.value,
        label=STEP_LABELS[action],
        state=event.to_state,
        state_label=State(event.to_state).label,
        by_applicant=by_applicant,
        agency=event.actor_agency.name if event.actor_agency_id else "",
        reason=event.reason or "",
        missing=missing,
        details=tuple(_details(action, data)),
        # The applicant's own papers only: the agency's working papers and drafts are internal.
        files=tuple(f for f in event.files.all() if f.kind in APPLICANT_FILE_KINDS),
        step_due_at=event.step_due_at,
        timeliness=timeliness,
        timeliness_label=TIMELINESS_LABELS.get(timeliness, ""),
        pauses_clock=action in (Action.REQUEST_SUPPLEMENT, Action.REQUEST_PAYMENT),
        resumes_clock=action in (Action.SUPPLEMENT, Action.RECORD_PAYMENT),
    )


def _moment(value) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _details(action: Action, data: dict):
    """The facts of an event's data the applicant may read, as (label, value) pairs."""
    from django.utils import formats, timezone

    def when(value):
        moment = _moment(value)
        return formats.date_format(timezone.localtime(moment), "d/m/Y H:i") if moment else ""

    if action == Action.SUBMIT and data.get("official_reception_at"):
        yield Detail(moments.OFFICIAL_RECEPTION, when(data["official_reception_at"]))
    if action == Action.REFUSE and data.get("redirect_to"):
        yield Detail(_("Cơ quan có thẩm quyền"), data["redirect_to"].get("name", ""))
    if action in (Action.REQUEST_PAYMENT, Action.RECORD_PAYMENT) and data.get("amount"):
        amount = formats.number_format(int(float(data["amount"])), force_grouping=True)
        yield Detail(_("Số tiền"), f"{amount} đồng")
    if action == Action.RECORD_PAYMENT and data.get("receipt_number"):
        yield Detail(_("Số biên lai"), data["receipt_number"])
    if action in (Action.APPROVE, Action.DENY) and data.get("result_code"):
        yield Detail(_("Mã kết quả"), data["result_code"])
    if action == Action.RESCHEDULE and data.get("new_due_at"):
        yield Detail(_("Ngày hẹn mới"), when(data["new_due_at"]))
    if action == Action.RETURN and data.get("channel"):
        channel = data["channel"]
        label = ReturnChannel(channel).label if channel in ReturnChannel.values else channel
        yield Detail(_("Hình thức trả"), str(label))
        if data.get("tracking_number"):
            yield Detail(_("Số hiệu bưu gửi"), data["tracking_number"])


def current_stage(dossier: Dossier) -> Stage | None:
    """Who holds the open dossier now (None once it has finished)."""
    stage = STAGES.get(State(dossier.state))
    if stage is None:
        return None
    actor, task = stage
    if dossier.state == State.WITHDRAWAL_REQUESTED and dossier.received_at is None:
        actor = Actor.DESK  # not yet received: the desk stops it
    agency = {
        Actor.APPLICANT: None,
        Actor.DESK: dossier.receiving_unit,
        Actor.SPECIALIST: dossier.processing_unit or dossier.competent_agency,
        Actor.HEAD: dossier.processing_unit or dossier.competent_agency,
        Actor.LEADER: dossier.competent_agency,
    }[actor]
    role_label = _("Bạn (người nộp hồ sơ)") if actor == Actor.APPLICANT else actor.label
    step_name = ""
    if dossier.step_order is not None and actor != Actor.APPLICANT:
        step = next(
            (s for s in dossier.version.process_steps.all() if s.order == dossier.step_order),
            None,
        )
        step_name = step.name if step else ""
    paused = dossier.state in CLOCK_PAUSED
    return Stage(
        actor=actor.value,
        role_label=str(role_label),
        agency=agency.name if agency else "",
        task=str(task),
        step_name=step_name,
        step_due_at=None if paused or actor == Actor.APPLICANT else dossier.step_due_at,
        due_at=dossier.due_at,
        waiting_for_applicant=actor == Actor.APPLICANT,
        clock_paused=paused,
    )


def pauses(dossier: Dossier) -> list[Pause]:
    """The waits for the applicant that paused the clock, oldest first; the open one has no
    end."""
    found = []
    for start, end, *kind in dossier.pauses or []:
        kind = kind[0] if kind else PauseKind.SUPPLEMENT.value
        label = PauseKind(kind).label if kind in PauseKind.values else kind
        found.append(Pause(kind=kind, label=str(label), start=_moment(start), end=_moment(end)))
    return found


def open_request(dossier: Dossier, events) -> Request | None:
    """The completion (Mẫu 02) or supplement request the applicant has to answer now."""
    if dossier.state not in (State.COMPLETION_REQUESTED, State.SUPPLEMENT_REQUESTED):
        return None
    latest = None
    for event in events:
        if event.action in REQUESTS and event.to_state == dossier.state:
            latest = event
    if latest is None:
        return None
    data = latest.data or {}
    return Request(
        event=latest,
        action=latest.action,
        label=str(Action(latest.action).label),
        at=latest.at,
        reason=latest.reason or "",
        missing=tuple(str(item) for item in data.get("missing", ()) if str(item).strip()),
        agency=latest.actor_agency.name if latest.actor_agency_id else "",
    )


def last_event(events, action: Action) -> DossierEvent | None:
    found = None
    for event in events:
        if event.action == action:
            found = event
    return found
