"""The small forms behind the dossier admin's action buttons (one per action), and the words
the admin says around them: the message once an action is done, the timeline's details.

Each form asks only for what its service needs and turns its cleaned data into the service's
keyword arguments (`service_kwargs`). Field names follow the names the services use in
`BadInput.fields`, so a service's complaint lands on the right field. The forms check shapes
(a date, a whole amount); the rules themselves (who, when, what is enough) stay in the services.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import ALWAYS, add_service_error
from procedures.calendar import LOCAL_TZ

from .errors import BadInput
from .reasons import RefusalGround
from .selectors import person_choices, processing_units, specialists_of
from .states import Action, ReturnChannel

TEXT = forms.Textarea(attrs={"rows": 3, "cols": 60})
LOCAL_FORMAT = "%d/%m/%Y %H:%M"


def _reason(label=None, required=True, help_text=""):
    return forms.CharField(
        label=label or _("Lý do"), widget=TEXT, required=required, help_text=help_text
    )


def _file_choices(dossier):
    return [(str(f.pk), f.original_name) for f in dossier.files.all()]


class ActionForm(forms.Form):
    """What an action asks for. `renames` maps a form field to the service's keyword."""

    renames: dict[str, str] = {}

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def service_kwargs(self) -> dict:
        return {self.renames.get(k, k): v for k, v in self.cleaned_data.items()}

    def add_service_errors(self, error: BadInput) -> None:
        """A service's BadInput: its message on top, each field's where the field is shown."""
        add_service_error(self, error, message=ALWAYS)


class NoInputForm(ActionForm):
    """A confirmation only (submit on the applicant's behalf)."""


class ReasonForm(ActionForm):
    reason = _reason()


class OptionalReasonForm(ActionForm):
    reason = _reason(required=False)


class MissingItemsForm(ActionForm):
    """Completion (Mẫu 02) and supplement requests: every missing item at once."""

    reason = _reason()
    missing = forms.CharField(
        label=_("Giấy tờ cần bổ sung, hoàn thiện"),
        widget=TEXT,
        help_text=_("Mỗi giấy tờ một dòng."),
    )
    override = forms.BooleanField(
        label=_("Yêu cầu lần thứ hai (trưởng phòng quyết định; hồ sơ bị tính là trễ hạn)"),
        required=False,
    )
    counter = "supplement_requests"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(self.dossier, self.counter):
            del self.fields["override"]

    def clean_missing(self):
        return [line.strip() for line in self.cleaned_data["missing"].splitlines() if line.strip()]


class CompletionForm(MissingItemsForm):
    counter = "completion_requests"


class RefuseForm(ActionForm):
    ground = forms.ChoiceField(
        label=_("Lý do thường gặp"),
        required=False,
        choices=[("", _("— Chọn lý do —")), *RefusalGround.choices],
    )
    reason = _reason(label=_("Lý do cụ thể"), required=False)
    redirect_to = forms.CharField(
        label=_("Mã cơ quan có thẩm quyền (nếu không thuộc thẩm quyền)"),
        max_length=35,
        required=False,
    )


class ReceiveForm(ActionForm):
    checklist = forms.MultipleChoiceField(
        label=_("Thành phần đã kiểm tra"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        components = self.dossier.version.components.order_by("order", "pk")
        required, optional = gettext("bắt buộc"), gettext("không bắt buộc")
        self.fields["checklist"].choices = [
            (str(c.pk), f"{c.name} ({required if c.required else optional})") for c in components
        ]

    def service_kwargs(self):
        return {"checklist": {pk: True for pk in self.cleaned_data["checklist"]}}


class AssignForm(ActionForm):
    assignee = forms.ChoiceField(label=_("Chuyên viên được giao"))
    renames = {"assignee": "assignee_id"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.dossier.processing_unit or self.dossier.competent_agency
        self.fields["assignee"].choices = person_choices(specialists_of([unit]))


class TransferForm(ActionForm):
    unit = forms.ChoiceField(label=_("Đơn vị xử lý"))
    assignee = forms.ChoiceField(label=_("Chuyên viên được giao"), required=False)
    renames = {"unit": "unit_code", "assignee": "assignee_id"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = processing_units(self.dossier)
        self.fields["unit"].choices = [(u.code, f"{u.name} ({u.code})") for u in units]
        self.fields["assignee"].choices = [("", _("— Chưa giao —"))] + person_choices(
            specialists_of(units)
        )

    def clean_assignee(self):
        return self.cleaned_data["assignee"] or None


class NoteFilesForm(ActionForm):
    """The applicant's supplement, or the specialist's submission for approval."""

    note = _reason(_("Ghi chú"), required=False)
    files = forms.MultipleChoiceField(
        label=_("Tệp kèm theo"), widget=forms.CheckboxSelectMultiple, required=False
    )
    renames = {"files": "file_ids"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].choices = _file_choices(self.dossier)


class RequestPaymentForm(ActionForm):
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)
    description = _reason(_("Nội dung khoản phải nộp"))


class RecordPaymentForm(ActionForm):
    receipt_number = forms.CharField(label=_("Số biên lai"), max_length=64)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1)


class ResolveForm(ActionForm):
    """Approve (a summary of the result) or deny (the reasons); optionally the draft printed on
    the portal that the issued document is printed from (never an uploaded file)."""

    outcome = ""
    result_file = forms.ChoiceField(label=_("Dự thảo được ban hành"), required=False)
    renames = {"result_file": "result_file_id"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drafts = [
            (str(f.pk), f.original_name)
            for f in self.dossier.files.filter(draft_content__outcome=self.outcome)
        ]
        self.fields["result_file"].choices = [("", _("— Không dùng dự thảo —")), *drafts]
        self.order_fields([name for name in self.fields if name != "result_file"])

    def clean_result_file(self):
        return self.cleaned_data["result_file"] or None


class ApproveForm(ResolveForm):
    outcome = "approved"
    summary = _reason(_("Nội dung kết quả giải quyết"), required=False)


class DenyForm(ResolveForm):
    outcome = "denied"
    reason = _reason(_("Lý do từ chối giải quyết"))


class ReturnForm(ActionForm):
    channel = forms.ChoiceField(
        label=_("Hình thức trả kết quả"), choices=ReturnChannel.choices, widget=forms.RadioSelect
    )
    collector_name = forms.CharField(
        label=_("Họ tên người nhận (trả trực tiếp)"), max_length=255, required=False
    )
    collector_id_number = forms.CharField(
        label=_("Số giấy tờ tùy thân của người nhận"), max_length=20, required=False
    )
    tracking_number = forms.CharField(
        label=_("Số hiệu bưu gửi (trả qua bưu chính)"), max_length=64, required=False
    )

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        return {"channel": data.pop("channel"), "details": {k: v for k, v in data.items() if v}}


class RescheduleForm(ActionForm):
    new_date = forms.DateField(
        label=_("Ngày hẹn trả kết quả mới"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = _reason(_("Lý do xin lỗi, hẹn lại"))


ACTION_FORMS: dict[Action, type[ActionForm]] = {
    Action.SUBMIT: NoInputForm,
    Action.REQUEST_COMPLETION: CompletionForm,
    Action.REFUSE: RefuseForm,
    Action.RECEIVE: ReceiveForm,
    Action.TRANSFER: TransferForm,
    Action.CLAIM: NoInputForm,
    Action.ASSIGN: AssignForm,
    Action.REQUEST_SUPPLEMENT: MissingItemsForm,
    Action.SUPPLEMENT: NoteFilesForm,
    Action.REQUEST_PAYMENT: RequestPaymentForm,
    Action.RECORD_PAYMENT: RecordPaymentForm,
    Action.SUBMIT_FOR_APPROVAL: NoteFilesForm,
    Action.SEND_BACK: ReasonForm,
    Action.APPROVE: ApproveForm,
    Action.DENY: DenyForm,
    Action.RETURN: ReturnForm,
    Action.REQUEST_WITHDRAWAL: OptionalReasonForm,
    Action.STOP: ReasonForm,
    Action.RESCHEDULE: RescheduleForm,
}


def success_message(action: Action, dossier) -> str:
    """What the dossier's page says once the service has done the action."""
    text = gettext("Đã thực hiện “%(action)s” đối với hồ sơ %(code)s. Trạng thái: %(state)s.") % {
        "action": action.label,
        "code": dossier.code or "",
        "state": dossier.get_state_display(),
    }
    if action in (Action.APPROVE, Action.DENY):
        result = dossier.results.order_by("-number").first()
        if result is not None:
            text += " " + gettext("Mã kết quả: %(code)s.") % {"code": result.code}
    return text


def local_time(value) -> str:
    """An instant as the staff read it: Asia/Ho_Chi_Minh, day/month/year hour:minute."""
    return timezone.localtime(value, LOCAL_TZ).strftime(LOCAL_FORMAT) if value else ""


_DETAIL_LABELS = {
    "result_code": _("Mã kết quả"),
    "summary": _("Nội dung"),
    "unit": _("Đơn vị xử lý"),
    "amount": _("Số tiền (đồng)"),
    "receipt_number": _("Số biên lai"),
    "collector_name": _("Người nhận"),
    "tracking_number": _("Số hiệu bưu gửi"),
}


def timeline_details(event) -> list[str]:
    """The parts of an event's data worth a line on the timeline."""
    data = event.data or {}
    lines = []
    if data.get("missing"):
        label = gettext("Giấy tờ cần bổ sung")
        lines.append(f"{label}: {'; '.join(data['missing'])}")
    for key, label in _DETAIL_LABELS.items():
        if data.get(key) and not (key == "summary" and event.action == Action.DENY):
            lines.append(f"{label}: {data[key]}")
    if data.get("channel") in ReturnChannel.values:
        label = gettext("Hình thức trả")
        lines.append(f"{label}: {ReturnChannel(data['channel']).label}")
    if data.get("redirect_to"):
        label = gettext("Cơ quan có thẩm quyền")
        lines.append(f"{label}: {data['redirect_to'].get('name', '')}")
    if data.get("new_due_at"):
        new_due = datetime.datetime.fromisoformat(data["new_due_at"])
        label = gettext("Hạn mới")
        lines.append(f"{label}: {local_time(new_due)}")
    if data.get("override"):
        lines.append(gettext("Yêu cầu lần thứ hai: tính là trễ hạn"))
    return lines
