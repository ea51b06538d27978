"""The dossier (hồ sơ) and its transitions.

The transitions are declared by hand, one per row of `states.TRANSITIONS`, thin and pure: they
set fields from their arguments and do no I/O. Who may fire each one is the `permission=`
callable from `dossiers.permissions`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from procedures.models import Agency, ChannelKind, Procedure, ProcedureVersion

from .. import moments
from .. import permissions as perms
from ..states import (
    CLOCK_RUNNING,
    NATIONAL_STATUS,
    READ_ONLY,
    TRANSITIONS,
    Action,
    Outcome,
    ReturnChannel,
    State,
)
from .choices import SWEEP_FLAGS, DueFlag, PauseKind

T = TRANSITIONS


def _sources(action):
    return list(T[action].sources)


def sweep_flags(due_flag, step_flag, stuck, apology_window) -> list[str]:
    """`Dossier.tracking_flags` from the columns (for lists read as values)."""
    flags = [due_flag, f"step_{step_flag}" if step_flag else ""]
    flags += ["stuck" if stuck else "", "apology_window" if apology_window else ""]
    return [f for f in SWEEP_FLAGS if f in flags]


def overdue(state, due_at, now=None) -> bool:
    """`Dossier.is_overdue` from the columns."""
    return bool(due_at and state in CLOCK_RUNNING and due_at < (now or timezone.now()))


class Dossier(ConcurrentTransitionMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(_("hình thức nộp"), max_length=16, choices=ChannelKind.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
        help_text=_("Để trống khi người nộp trực tiếp tại Bộ phận Một cửa không có tài khoản."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_name = models.CharField(_("họ tên người nộp"), max_length=255)
    applicant_id_number = models.CharField(
        _("số định danh (CCCD, mã số thuế)"), max_length=20, blank=True
    )
    applicant_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    receiving_unit = models.ForeignKey(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
    )
    processing_unit = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị xử lý"),
        on_delete=models.PROTECT,
        related_name="processing_dossiers",
        null=True,
        blank=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chuyên viên xử lý"),
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
        null=True,
        blank=True,
    )
    state = FSMField(
        _("trạng thái"), default=State.DRAFT, choices=State.choices, protected=True, max_length=32
    )
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices, blank=True)

    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    # Three moments, one meaning each, the same words everywhere (`dossiers.moments`).
    sent_at = models.DateTimeField(moments.SENT, null=True, blank=True)
    official_reception_at = models.DateTimeField(moments.OFFICIAL_RECEPTION, null=True, blank=True)
    received_at = models.DateTimeField(moments.RECEIVED, null=True, blank=True)
    original_due_at = models.DateTimeField(_("hạn giải quyết ban đầu"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn trả kết quả"), null=True, blank=True, db_index=True)
    rescheduled_to = models.DateField(_("ngày hẹn lại"), null=True, blank=True)
    pauses = models.JSONField(
        _("các lần tạm dừng"),
        default=list,
        blank=True,
        help_text=_(
            "[[bắt đầu, kết thúc, loại], …] theo ISO 8601, loại là supplement hoặc payment; "
            "thời hạn tạm dừng trong các khoảng này."
        ),
    )
    step_order = models.PositiveIntegerField(_("bước hiện tại"), null=True, blank=True)
    step_started_at = models.DateTimeField(_("bắt đầu bước"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    completion_requests = models.PositiveSmallIntegerField(
        _("số lần yêu cầu hoàn thiện"), default=0
    )
    supplement_requests = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    flagged_late = models.BooleanField(
        _("tính là trễ hạn"),
        default=False,
        help_text=_("Yêu cầu bổ sung lần thứ hai trở đi: hồ sơ được tính là trễ hạn."),
    )
    resolved_at = models.DateTimeField(_("thời điểm giải quyết xong"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    return_channel = models.CharField(
        _("hình thức trả kết quả"), max_length=16, choices=ReturnChannel.choices, blank=True
    )
    return_details = models.JSONField(_("chi tiết trả kết quả"), default=dict, blank=True)
    # What the applicant asked for when applying; `return_channel` is what was done.
    delivery_channel = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=16,
        choices=ReturnChannel.choices,
        default=ReturnChannel.DESK,
    )
    delivery_address = models.CharField(
        _("địa chỉ nhận kết quả qua bưu chính"), max_length=500, blank=True
    )
    # The client's key for "create this draft": a retried request answers the same dossier.
    client_token = models.UUIDField(_("khóa chống gửi trùng"), null=True, blank=True)
    # Deadline tracking: the time of the newest event (services), and the flags the sweep
    # (dossiers.services.sweep) stores so that queues filter and sort without computing.
    last_event_at = models.DateTimeField(_("thao tác gần nhất"), null=True, blank=True)
    due_flag = models.CharField(
        _("cảnh báo hạn giải quyết"), max_length=8, choices=DueFlag.choices, blank=True
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("còn (ngày làm việc)"), null=True, blank=True
    )
    step_flag = models.CharField(
        _("cảnh báo hạn của bước"), max_length=8, choices=DueFlag.choices, blank=True
    )
    step_soon_days = models.PositiveSmallIntegerField(
        _("bước còn (ngày làm việc)"), null=True, blank=True
    )
    stuck = models.BooleanField(_("tồn đọng"), default=False)
    apology_window = models.BooleanField(
        _("hôm nay là ngày cuối để xin lỗi, hẹn lại"), default=False
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "client_token"],
                condition=models.Q(client_token__isnull=False),
                name="dossier_client_token_once",
            )
        ]
        indexes = [
            models.Index(fields=["state", "receiving_unit"], name="dossier_desk_queue"),
            models.Index(fields=["state", "processing_unit"], name="dossier_unit_queue"),
            # The list's keyset pages, one index per branch of a person's queues (their own as
            # applicant, an agency's as receiving unit, processing unit or competent agency),
            # read backwards, newest first: a page costs its size (selectors.queue_keys).
            models.Index(fields=["applicant", "created_at", "id"], name="dossier_applicant_newest"),
            models.Index(
                fields=["receiving_unit", "created_at", "id"], name="dossier_receiving_newest"
            ),
            models.Index(
                fields=["processing_unit", "created_at", "id"], name="dossier_processing_newest"
            ),
            models.Index(
                fields=["competent_agency", "created_at", "id"], name="dossier_competent_newest"
            ),
            # A service centre's queue for one of the agencies it receives for (?agency=).
            models.Index(
                fields=["receiving_unit", "competent_agency", "created_at", "id"],
                name="dossier_received_for_newest",
            ),
            # The sweep's scans: each covers only the rows still to flag, so that a sweep
            # finding nothing new reads next to nothing, however many dossiers are open.
            models.Index(
                fields=["due_at"],
                condition=models.Q(state__in=["received", "in_progress", "pending_approval"])
                & ~models.Q(due_flag="late"),
                name="dossier_due_unflagged",
            ),
            models.Index(
                fields=["step_due_at"],
                condition=models.Q(
                    state__in=["received", "in_progress", "pending_approval", "resolved"]
                )
                & ~models.Q(step_flag="late"),
                name="dossier_step_due_unflagged",
            ),
            models.Index(
                fields=["last_event_at"],
                condition=models.Q(
                    state__in=[
                        "submitted",
                        "received",
                        "in_progress",
                        "pending_approval",
                        "resolved",
                        "withdrawal_requested",
                    ],
                    stuck=False,
                ),
                name="dossier_not_stuck_last_event",
            ),
            models.Index(
                fields=["competent_agency"],
                condition=~models.Q(due_flag="") | models.Q(stuck=True),
                name="dossier_flagged_by_agency",
            ),
        ]
        permissions = [("act_on_dossier", _("Thao tác trên hồ sơ theo vai trò"))]

    def __str__(self):
        return self.code or str(_("Hồ sơ chưa nộp"))

    @property
    def is_read_only(self):
        return self.state in READ_ONLY

    def takes_files_for(self, component) -> bool:
        """Papers only shown for comparison (`present_only`) take no file from afar; at a
        walk-in the desk may scan them beside the rest."""
        return not component.present_only or self.channel == ChannelKind.IN_PERSON

    @property
    def clock_start(self):
        """Where the time to resolve counts from: the official reception time (the desk's
        reception for a walk-in), whenever the desk checked a dossier sent from afar."""
        return self.official_reception_at or self.received_at

    def is_overdue(self, now=None) -> bool:
        """Past its due time while the clock runs (not while waiting for the applicant)."""
        return overdue(self.state, self.due_at, now)

    @property
    def tracking_flags(self) -> list[str]:
        """What the deadline sweep stored: late, due_soon, step_late, step_due_soon, stuck,
        apology_window (`SWEEP_FLAGS`, in that order)."""
        return sweep_flags(self.due_flag, self.step_flag, self.stuck, self.apology_window)

    @property
    def national_status(self):
        return NATIONAL_STATUS[State(self.state)]

    # ---- Transitions: one per row of states.TRANSITIONS, thin and pure. ----------------------

    @transition(
        field=state,
        source=_sources(Action.SUBMIT),
        target=T[Action.SUBMIT].target,
        permission=perms.may(Action.SUBMIT),
    )
    def submit(self, *, at, sent_at):
        self.sent_at = sent_at
        self.official_reception_at = at

    @transition(
        field=state,
        source=_sources(Action.REQUEST_COMPLETION),
        target=T[Action.REQUEST_COMPLETION].target,
        permission=perms.may(Action.REQUEST_COMPLETION),
    )
    def request_completion(self):
        self.completion_requests += 1

    @transition(
        field=state,
        source=_sources(Action.REFUSE),
        target=T[Action.REFUSE].target,
        permission=perms.may(Action.REFUSE),
    )
    def refuse(self):
        pass

    @transition(
        field=state,
        source=_sources(Action.RECEIVE),
        target=T[Action.RECEIVE].target,
        permission=perms.may(Action.RECEIVE),
    )
    def receive(self, *, at, due_at):
        self.received_at = at
        self.original_due_at = due_at
        self.due_at = due_at

    @transition(
        field=state,
        source=_sources(Action.TRANSFER),
        target=T[Action.TRANSFER].target,
        permission=perms.may(Action.TRANSFER),
    )
    def transfer(self, *, unit, assignee):
        self.processing_unit = unit
        self.assignee = assignee

    @transition(
        field=state,
        source=_sources(Action.CLAIM),
        target=T[Action.CLAIM].target,
        permission=perms.may(Action.CLAIM),
    )
    def claim(self, *, assignee):
        self.assignee = assignee

    @transition(
        field=state,
        source=_sources(Action.ASSIGN),
        target=T[Action.ASSIGN].target,
        permission=perms.may(Action.ASSIGN),
    )
    def assign(self, *, assignee):
        self.assignee = assignee

    @transition(
        field=state,
        source=_sources(Action.REQUEST_SUPPLEMENT),
        target=T[Action.REQUEST_SUPPLEMENT].target,
        permission=perms.may(Action.REQUEST_SUPPLEMENT),
    )
    def request_supplement(self, *, at, late):
        self.supplement_requests += 1
        self.flagged_late = self.flagged_late or late
        self.pauses = [*self.pauses, [at.isoformat(), None, PauseKind.SUPPLEMENT.value]]

    @transition(
        field=state,
        source=_sources(Action.SUPPLEMENT),
        target=T[Action.SUPPLEMENT].target,
        permission=perms.may(Action.SUPPLEMENT),
    )
    def supplement(self, *, at, due_at, original_due_at, step_due_at):
        self._end_pause(at)
        self.due_at = due_at
        self.original_due_at = original_due_at
        self.step_due_at = step_due_at

    @transition(
        field=state,
        source=_sources(Action.REQUEST_PAYMENT),
        target=T[Action.REQUEST_PAYMENT].target,
        permission=perms.may(Action.REQUEST_PAYMENT),
    )
    def request_payment(self, *, at):
        self.pauses = [*self.pauses, [at.isoformat(), None, PauseKind.PAYMENT.value]]

    @transition(
        field=state,
        source=_sources(Action.RECORD_PAYMENT),
        target=T[Action.RECORD_PAYMENT].target,
        permission=perms.may(Action.RECORD_PAYMENT),
    )
    def record_payment(self, *, at, due_at, original_due_at, step_due_at):
        self._end_pause(at)
        self.due_at = due_at
        self.original_due_at = original_due_at
        self.step_due_at = step_due_at

    @transition(
        field=state,
        source=_sources(Action.SUBMIT_FOR_APPROVAL),
        target=T[Action.SUBMIT_FOR_APPROVAL].target,
        permission=perms.may(Action.SUBMIT_FOR_APPROVAL),
    )
    def submit_for_approval(self):
        pass

    @transition(
        field=state,
        source=_sources(Action.SEND_BACK),
        target=T[Action.SEND_BACK].target,
        permission=perms.may(Action.SEND_BACK),
    )
    def send_back(self):
        pass

    @transition(
        field=state,
        source=_sources(Action.APPROVE),
        target=T[Action.APPROVE].target,
        permission=perms.may(Action.APPROVE),
    )
    def approve(self, *, at):
        self.outcome = Outcome.APPROVED
        self.resolved_at = at

    @transition(
        field=state,
        source=_sources(Action.DENY),
        target=T[Action.DENY].target,
        permission=perms.may(Action.DENY),
    )
    def deny(self, *, at):
        self.outcome = Outcome.DENIED
        self.resolved_at = at

    @transition(
        field=state,
        source=_sources(Action.RETURN),
        target=T[Action.RETURN].target,
        permission=perms.may(Action.RETURN),
    )
    def return_result(self, *, at, channel, details):
        self.returned_at = at
        self.return_channel = channel
        self.return_details = details

    @transition(
        field=state,
        source=_sources(Action.REQUEST_WITHDRAWAL),
        target=T[Action.REQUEST_WITHDRAWAL].target,
        permission=perms.may(Action.REQUEST_WITHDRAWAL),
    )
    def request_withdrawal(self):
        pass

    @transition(
        field=state,
        source=_sources(Action.STOP),
        target=T[Action.STOP].target,
        permission=perms.may(Action.STOP),
    )
    def stop(self):
        pass

    def _end_pause(self, at):
        pauses = [list(p) for p in self.pauses]
        if pauses and pauses[-1][1] is None:
            pauses[-1][1] = at.isoformat()
        self.pauses = pauses


# The transition method of each action (`return` is a Python keyword; reschedule changes
# no state: it has none).
ACTION_METHODS = {
    action: action.value.replace("-", "_") for action in Action if action != Action.RESCHEDULE
}
ACTION_METHODS[Action.RETURN] = "return_result"
