"""The dossier (hồ sơ), its append-only event log (the control slip), files, results and codes.

The transitions below are declared by hand, one per row of `states.TRANSITIONS`, thin and
pure: they set fields from their arguments and do no I/O. Who may fire each one is the
`permission=` callable from `dossiers.permissions`. Services (`dossiers.services`) lock the
row, call a transition, save, and write the event row in the same transaction;
`ConcurrentTransitionMixin` refuses a save whose state changed underneath (a second net).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from procedures.models import Agency, ChannelKind, Component, Procedure, ProcedureVersion

from . import permissions as perms
from .deadlines import Timeliness
from .states import TRANSITIONS, Action, Outcome, ReturnChannel, State

T = TRANSITIONS


class PauseKind(models.TextChoices):
    """What a wait of `Dossier.pauses` is for: only a supplement may restart the clock."""

    SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
    PAYMENT = "payment", _("Chờ thực hiện nghĩa vụ tài chính")


class DueFlag(models.TextChoices):
    """What the deadline sweep found: due within a few working days, or past due."""

    DUE_SOON = "due_soon", _("Sắp đến hạn")
    LATE = "late", _("Quá hạn")


# The deadline sweep's flags as the API and the queues name them.
SWEEP_FLAGS = ("late", "due_soon", "step_late", "step_due_soon", "stuck", "apology_window")


def sweep_flag_q(flag: str) -> models.Q:
    """The dossiers carrying one of `SWEEP_FLAGS`, from the stored columns (no computing)."""
    if flag in ("late", "due_soon"):
        return models.Q(due_flag=flag)
    if flag in ("step_late", "step_due_soon"):
        return models.Q(step_flag=flag.removeprefix("step_"))
    if flag == "stuck":
        return models.Q(stuck=True)
    if flag == "apology_window":
        return models.Q(apology_window=True)
    raise ValueError(flag)


def _sources(action):
    return list(T[action].sources)


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
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
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
            models.Index(fields=["applicant", "-created_at"], name="dossier_applicant"),
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
        from .states import READ_ONLY

        return self.state in READ_ONLY

    def is_overdue(self, now=None) -> bool:
        """Past its due time while the clock runs (not while waiting for the applicant)."""
        from django.utils import timezone

        from .states import CLOCK_RUNNING

        return bool(
            self.due_at and self.state in CLOCK_RUNNING and self.due_at < (now or timezone.now())
        )

    @property
    def tracking_flags(self) -> list[str]:
        """What the deadline sweep stored: late, due_soon, step_late, step_due_soon, stuck,
        apology_window (`SWEEP_FLAGS`, in that order)."""
        flags = [self.due_flag, f"step_{self.step_flag}" if self.step_flag else ""]
        flags += ["stuck" if self.stuck else "", "apology_window" if self.apology_window else ""]
        return [f for f in SWEEP_FLAGS if f in flags]

    @property
    def national_status(self):
        from .states import NATIONAL_STATUS

        return NATIONAL_STATUS[State(self.state)]

    # ---- Transitions: one per row of states.TRANSITIONS, thin and pure. ----------------------

    @transition(
        field=state,
        source=_sources(Action.SUBMIT),
        target=T[Action.SUBMIT].target,
        permission=perms.may(Action.SUBMIT),
    )
    def submit(self, *, at):
        self.submitted_at = at

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


class AppendOnly(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes bypass `save()`/`delete()`: refuse them too."""

    def update(self, **kwargs):
        raise AppendOnly("dossier events are append-only")

    def delete(self):
        raise AppendOnly("dossier events are append-only")


class DossierEvent(models.Model):
    """One row per transition (and reschedule): the control slip, timeline and statistics.

    Append-only: saving an existing row, deleting one, and a queryset's update() or delete()
    raise; on PostgreSQL a trigger also refuses UPDATE and DELETE on the table.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="dossier_events",
        null=True,
        blank=True,
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=255, blank=True)
    actor_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("thời điểm"))
    from_state = models.CharField(_("từ trạng thái"), max_length=32, choices=State.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=32, choices=State.choices)
    reason = models.TextField(_("lý do, nội dung"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    timeliness = models.CharField(
        _("kết quả bước"), max_length=16, choices=Timeliness.choices, blank=True
    )
    files = models.ManyToManyField(
        "DossierFile", verbose_name=_("tệp đính kèm"), blank=True, related_name="events"
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("phiếu kiểm soát quá trình giải quyết")
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["action", "at"], name="event_action_at")]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("dossier events are append-only")


class FileKind(models.TextChoices):
    APPLICATION = "application", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Hồ sơ bổ sung")
    RESULT = "result", _("Kết quả giải quyết")
    ATTACHMENT = "attachment", _("Tài liệu kèm theo")


def dossier_file_path(instance, filename):
    return f"dossiers/{instance.dossier_id}/{instance.id}/{filename}"


class DossierFile(models.Model):
    """A file of a dossier, for a component of its pinned procedure version where it has one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="files"
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=FileKind.choices, default=FileKind.APPLICATION
    )
    file = models.FileField(_("tệp"), upload_to=dossier_file_path, max_length=500)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    content_type = models.CharField(_("định dạng"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    reused_from_store = models.BooleanField(
        _("lấy từ kho dữ liệu cá nhân"),
        default=False,
        help_text=_("Tệp được sao từ kho dữ liệu cá nhân của người nộp, không tải lên lại."),
    )

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["dossier", "uploaded_at"]

    def __str__(self):
        return self.original_name

    def clean(self):
        if self.component_id and self.component.version_id != self.dossier.version_id:
            raise ValidationError(
                {"component": _("Thành phần này không thuộc phiên bản thủ tục của hồ sơ.")}
            )


class DossierNote(models.Model):
    """An officer's internal note on a dossier (appraisal remarks, a phone call with the
    applicant): for the dossier's staff only, never shown to the applicant nor in tracking.
    Kept as written: a note is not edited, a new one follows it."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_name = models.CharField(_("tên người ghi"), max_length=255)
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm ghi"), default=timezone.now)

    class Meta:
        verbose_name = _("ghi chú nội bộ")
        verbose_name_plural = _("ghi chú nội bộ")
        ordering = ["dossier", "created_at", "id"]

    def __str__(self):
        return f"{self.dossier} – {self.author_name}"


class DossierResult(models.Model):
    """A result of a dossier, coded `<dossier code>-KQ<n>` (ND 45/2020 Điều 14(3))."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="results"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã kết quả"), max_length=80, unique=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices)
    summary = models.TextField(_("nội dung"), blank=True)
    file = models.ForeignKey(
        DossierFile,
        verbose_name=_("tệp kết quả"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("ngày ban hành"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="unique_result_number")
        ]

    def __str__(self):
        return self.code


class DailyCounter(models.Model):
    """The last dossier sequence number given by a receiving unit on a day (locked per row)."""

    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="unique_unit_day")]

    def __str__(self):
        return f"{self.unit_id} {self.day}: {self.last}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Hài lòng")
    NOT_SATISFIED = "not_satisfied", _("Không hài lòng")


class RatingCriterion(models.TextChoices):
    """The criteria of ND 61 (Chương IV) that an applicant can judge (regulations.md §6.1)."""

    PROCESSING_TIME = "processing_time", _("Thời gian giải quyết so với thời gian công bố")
    CONTACTS = "contacts", _("Số lần phải liên hệ với cơ quan để hoàn thiện hồ sơ")
    INFORMATION = "information", _("Tính chính xác, đầy đủ của thông tin thủ tục được công khai")
    ATTITUDE = "attitude", _("Thái độ của cán bộ, công chức")
    GUIDANCE = "guidance", _("Tính chính xác của hướng dẫn")


def _satisfaction(label):
    return models.CharField(label, max_length=16, choices=Satisfaction.choices)


class DossierRating(models.Model):
    """The applicant's rating of how their dossier was handled, once, after the return.

    The agencies and the officers who acted on the dossier are copied here when the rating is
    made, so the statistics per agency and per officer read one table.
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="rating"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    overall = _satisfaction(_("đánh giá chung"))
    processing_time = _satisfaction(RatingCriterion.PROCESSING_TIME.label)
    contacts = _satisfaction(RatingCriterion.CONTACTS.label)
    information = _satisfaction(RatingCriterion.INFORMATION.label)
    attitude = _satisfaction(RatingCriterion.ATTITUDE.label)
    guidance = _satisfaction(RatingCriterion.GUIDANCE.label)
    comment = models.TextField(_("góp ý"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("thời điểm đánh giá"), default=timezone.now)
    receiving_unit = models.ForeignKey(
        Agency, verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    processing_unit = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị xử lý"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đã xử lý"),
        related_name="dossier_ratings",
        blank=True,
    )

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="rating_created_at")]

    def __str__(self):
        return f"{self.dossier} – {self.get_overall_display()}"


# The slips' and the consultations' models live in their packages; imported here so that the
# app always registers them.
from .consult.models import Consultation  # noqa: E402, F401
from .effects.models import EffectRun  # noqa: E402, F401
from .slips.models import DossierSlip  # noqa: E402, F401
