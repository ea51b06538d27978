"""The dossier's states and the static table of its transitions: the whole graph on one screen.

Each state maps to the national status code (1–10) used when syncing with the national
portal (regulations.md §1.1). The table names, for each action (also the API's action name),
the states it may start from, the state it leads to, and who may fire it. The model
(`dossiers.models.Dossier`) declares one django-fsm transition per row, by hand, from this
table; `dossiers.permissions` decides who is who for a given dossier.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from procedures.models import Role


class State(models.TextChoices):
    # the applicant is preparing it; no code, not sent
    DRAFT = "draft", pgettext_lazy("dossier state", "Đang soạn")
    # (1) sent; waiting for the desk's check
    SUBMITTED = "submitted", pgettext_lazy("dossier state", "Mới nộp")
    # Mẫu 02; no clock
    COMPLETION_REQUESTED = (
        "completion_requested",
        pgettext_lazy("dossier state", "Yêu cầu hoàn thiện hồ sơ"),
    )
    # (3) Mẫu 03 with reasons; read-only
    REFUSED = "refused", pgettext_lazy("dossier state", "Từ chối tiếp nhận")
    # (2) Mẫu 01 issued; the clock runs
    RECEIVED = "received", pgettext_lazy("dossier state", "Đã tiếp nhận")
    # (4) with the competent unit
    IN_PROGRESS = "in_progress", pgettext_lazy("dossier state", "Đang xử lý")
    # (5) clock paused
    SUPPLEMENT_REQUESTED = (
        "supplement_requested",
        pgettext_lazy("dossier state", "Chờ bổ sung hồ sơ"),
    )
    # (6) paused
    AWAITING_PAYMENT = (
        "awaiting_payment",
        pgettext_lazy("dossier state", "Chờ thực hiện nghĩa vụ tài chính"),
    )
    # (4) with the leader
    PENDING_APPROVAL = "pending_approval", pgettext_lazy("dossier state", "Chờ phê duyệt")
    # (9) approved or denied; result ready
    RESOLVED = "resolved", pgettext_lazy("dossier state", "Đã giải quyết")
    # (10) handed over; read-only
    RETURNED = "returned", pgettext_lazy("dossier state", "Đã trả kết quả")
    # (7) by the applicant
    WITHDRAWAL_REQUESTED = "withdrawal_requested", pgettext_lazy("dossier state", "Xin rút hồ sơ")
    STOPPED = "stopped", pgettext_lazy("dossier state", "Dừng xử lý")  # (8) read-only


NATIONAL_STATUS = {
    State.DRAFT: None,
    State.SUBMITTED: 1,
    State.COMPLETION_REQUESTED: 5,
    State.REFUSED: 3,
    State.RECEIVED: 2,
    State.IN_PROGRESS: 4,
    State.SUPPLEMENT_REQUESTED: 5,
    State.AWAITING_PAYMENT: 6,
    State.PENDING_APPROVAL: 4,
    State.RESOLVED: 9,
    State.RETURNED: 10,
    State.WITHDRAWAL_REQUESTED: 7,
    State.STOPPED: 8,
}

READ_ONLY = frozenset({State.REFUSED, State.RETURNED, State.STOPPED})
CLOCK_PAUSED = frozenset({State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT})
# Received and not yet resolved: the clock runs (or is paused) and a reschedule is possible.
IN_PROCESS = frozenset(
    {
        State.RECEIVED,
        State.IN_PROGRESS,
        State.SUPPLEMENT_REQUESTED,
        State.AWAITING_PAYMENT,
        State.PENDING_APPROVAL,
    }
)


# The clock runs: a dossier in these states past its due time is overdue.
CLOCK_RUNNING = IN_PROCESS - CLOCK_PAUSED
# What the deadline sweep flags: the dossier's due time while its clock runs, the current
# step's due time also while the result waits to be returned, and "stuck" wherever an
# officer (not the applicant) is the next to act (WITH_OFFICERS: also the applicant's
# "being handled" group).
DUE_FLAGGED = CLOCK_RUNNING
STEP_FLAGGED = CLOCK_RUNNING | {State.RESOLVED}
WITH_OFFICERS = frozenset(
    {
        State.SUBMITTED,
        State.RECEIVED,
        State.IN_PROGRESS,
        State.PENDING_APPROVAL,
        State.RESOLVED,
        State.WITHDRAWAL_REQUESTED,
    }
)


class Actor(models.TextChoices):
    """Who someone is for a given dossier (dossiers.permissions decides)."""

    APPLICANT = "applicant", _("Người nộp hồ sơ")
    DESK = "desk", _("Cán bộ Bộ phận Một cửa")  # desk officer of the receiving unit
    SPECIALIST = "specialist", _("Chuyên viên xử lý")  # of the processing unit
    HEAD = "head", _("Trưởng phòng")  # head of the processing unit
    LEADER = "leader", _("Lãnh đạo cơ quan")  # leader of the competent agency


class Action(models.TextChoices):
    SUBMIT = "submit", _("Nộp hồ sơ")
    REQUEST_COMPLETION = "request-completion", _("Yêu cầu hoàn thiện hồ sơ")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    RECEIVE = "receive", _("Tiếp nhận hồ sơ")
    TRANSFER = "transfer", _("Chuyển xử lý")
    CLAIM = "claim", _("Nhận xử lý")
    ASSIGN = "assign", _("Phân công xử lý")
    REQUEST_SUPPLEMENT = "request-supplement", _("Yêu cầu bổ sung hồ sơ")
    SUPPLEMENT = "supplement", _("Bổ sung hồ sơ")
    REQUEST_PAYMENT = "request-payment", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    RECORD_PAYMENT = "record-payment", _("Ghi nhận đã nộp phí, lệ phí")
    SUBMIT_FOR_APPROVAL = "submit-for-approval", _("Trình phê duyệt")
    SEND_BACK = "send-back", _("Trả lại để xử lý tiếp")
    APPROVE = "approve", _("Phê duyệt")
    DENY = "deny", _("Từ chối giải quyết")
    RETURN = "return", _("Trả kết quả")
    REQUEST_WITHDRAWAL = "request-withdrawal", _("Xin rút hồ sơ")
    STOP = "stop", _("Dừng xử lý")
    RESCHEDULE = "reschedule", _("Xin lỗi và hẹn lại ngày trả kết quả")


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: State | None  # None: the state does not change (reschedule)
    actors: frozenset  # who may fire it, from some source
    only: tuple = ()  # (source, actors) pairs: who may fire it from that source

    def actors_in(self, state) -> frozenset:
        """Who may fire it from `state`."""
        return dict(self.only).get(state, self.actors)


def _t(sources, target, *actors, only=None):
    only = tuple((state, frozenset(who)) for state, who in (only or {}).items())
    return Transition(frozenset(sources), target, frozenset(actors), only)


S = State
A = Actor
_WITHDRAWABLE = (
    S.SUBMITTED,
    S.COMPLETION_REQUESTED,
    S.RECEIVED,
    S.IN_PROGRESS,
    S.SUPPLEMENT_REQUESTED,
    S.AWAITING_PAYMENT,
    S.PENDING_APPROVAL,
)

# fmt: off
TRANSITIONS: dict[Action, Transition] = {
    Action.SUBMIT:              _t({S.DRAFT, S.COMPLETION_REQUESTED}, S.SUBMITTED, A.APPLICANT, A.DESK),  # noqa: E501
    Action.REQUEST_COMPLETION:  _t({S.SUBMITTED}, S.COMPLETION_REQUESTED, A.DESK),
    Action.REFUSE:              _t({S.SUBMITTED}, S.REFUSED, A.DESK),
    Action.RECEIVE:             _t({S.SUBMITTED}, S.RECEIVED, A.DESK),
    # Only the unit holding the dossier hands it on: the desk once, then the unit's head.
    Action.TRANSFER:            _t({S.RECEIVED, S.IN_PROGRESS}, S.IN_PROGRESS, A.DESK, A.HEAD,
                                   only={S.RECEIVED: {A.DESK}, S.IN_PROGRESS: {A.HEAD}}),
    Action.CLAIM:               _t({S.IN_PROGRESS}, S.IN_PROGRESS, A.SPECIALIST),
    Action.ASSIGN:              _t({S.IN_PROGRESS}, S.IN_PROGRESS, A.HEAD),
    Action.REQUEST_SUPPLEMENT:  _t({S.IN_PROGRESS}, S.SUPPLEMENT_REQUESTED, A.SPECIALIST, A.HEAD),
    Action.SUPPLEMENT:          _t({S.SUPPLEMENT_REQUESTED}, S.IN_PROGRESS, A.APPLICANT, A.DESK),
    Action.REQUEST_PAYMENT:     _t({S.IN_PROGRESS}, S.AWAITING_PAYMENT, A.SPECIALIST, A.HEAD),
    Action.RECORD_PAYMENT:      _t({S.AWAITING_PAYMENT}, S.IN_PROGRESS, A.DESK, A.SPECIALIST),
    Action.SUBMIT_FOR_APPROVAL: _t({S.IN_PROGRESS}, S.PENDING_APPROVAL, A.SPECIALIST, A.HEAD),
    Action.SEND_BACK:           _t({S.PENDING_APPROVAL}, S.IN_PROGRESS, A.HEAD, A.LEADER),
    Action.APPROVE:             _t({S.PENDING_APPROVAL}, S.RESOLVED, A.LEADER),
    Action.DENY:                _t({S.PENDING_APPROVAL}, S.RESOLVED, A.LEADER),
    Action.RETURN:              _t({S.RESOLVED}, S.RETURNED, A.DESK),
    Action.REQUEST_WITHDRAWAL:  _t(_WITHDRAWABLE, S.WITHDRAWAL_REQUESTED, A.APPLICANT),
    Action.STOP:                _t({S.WITHDRAWAL_REQUESTED}, S.STOPPED, A.DESK, A.HEAD, A.LEADER),
    Action.RESCHEDULE:          _t(IN_PROCESS, None, A.HEAD, A.LEADER),
}
# fmt: on


# Who holds the dossier after each state is entered: picks the internal-process step.
HOLDER_ROLE = {
    State.RECEIVED: Role.DESK_OFFICER,
    State.IN_PROGRESS: Role.SPECIALIST,
    State.PENDING_APPROVAL: Role.LEADER,
    State.RESOLVED: Role.DESK_OFFICER,
}
# Hand-overs on the control slip: the current step ends (its timeliness is recorded) and the
# next holder's step starts. Waits for the applicant pause the step instead.
HANDOVERS = frozenset(
    {
        Action.RECEIVE,
        Action.TRANSFER,
        Action.SUBMIT_FOR_APPROVAL,
        Action.SEND_BACK,
        Action.APPROVE,
        Action.DENY,
        Action.RETURN,
        Action.REFUSE,
        Action.STOP,
    }
)


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Chấp thuận")
    DENIED = "denied", _("Từ chối giải quyết")


class ReturnChannel(models.TextChoices):
    DESK = "desk", _("Trực tiếp tại Bộ phận Một cửa")
    POST = "post", _("Qua dịch vụ bưu chính công ích")
    ONLINE = "online", _("Trực tuyến")
