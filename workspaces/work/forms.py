"""Forms of the processing workspace: the search of the lists and one form per action.

Like every action form (`workspaces.forms.ActionForm`), they check the shape of what was sent
and turn it into the service's keyword arguments (`service_kwargs`); the services have the last
word, and a service's `BadInput.fields` lands on the field `field_for` names.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from dossiers.files import ACCEPTED, max_upload_bytes
from dossiers.models import FileKind
from dossiers.selectors import person_choices
from dossiers.services import BODY_MAX, DRAFT_KINDS, NOTE_MAX
from dossiers.states import Outcome

from ..forms import ActionForm
from ..forms import text_field as _text
from .queries import WORK_STATES


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm hồ sơ"),
        required=False,
        max_length=200,
        help_text=_(
            "Mã hồ sơ, họ tên hoặc số định danh người nộp, mã hoặc tên thủ tục, hoặc nội dung "
            "tờ khai điện tử (họ tên, số định danh, ngày tháng)."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trang_thai"].choices = [("", _("Tất cả trạng thái"))] + [
            (state.value, state.label) for state in WORK_STATES
        ]

    def value(self, name, default=""):
        """A field's cleaned value; a field sent wrong is ignored alone."""
        if not self.is_bound:
            return default
        self.is_valid()
        return self.cleaned_data.get(name) or default


class AssignForm(ActionForm):
    """The head assigns (or reassigns) the dossier to a specialist of its unit."""

    assignee = forms.ChoiceField(label=_("Chuyên viên xử lý"))
    field_for = {"assignee": "assignee"}

    def __init__(self, *args, specialists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("— Chọn chuyên viên —")),
            *person_choices(specialists),
        ]
        if self.dossier.assignee_id:
            self.initial.setdefault("assignee", str(self.dossier.assignee_id))

    def service_kwargs(self):
        return {"assignee_id": self.cleaned_data["assignee"]}


class ClaimForm(ActionForm):
    """A specialist of the unit takes an unassigned dossier for themselves."""

    def service_kwargs(self):
        return {}


class AttachForm(ActionForm):
    """An internal working paper or a draft of the result (kept with the dossier, for staff)."""

    file = forms.FileField(
        label=_("Tệp tài liệu"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt"}),
    )
    field_for = {"file": "file", "component": "file"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Nhận tệp %(accepted)s, tối đa %(mb)d MB. Tài liệu nội bộ: người nộp không thấy."
        ) % {"accepted": ACCEPTED, "mb": max_upload_bytes() // (1024 * 1024)}

    def service_kwargs(self):
        return {"upload": self.cleaned_data["file"]}


class NoteForm(ActionForm):
    """An internal note for the dossier's other officers."""

    text = forms.CharField(
        label=_("Ghi chú"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chỉ cán bộ xử lý hồ sơ đọc được; người nộp không thấy."),
        error_messages={"required": _("Cần nhập nội dung ghi chú.")},
    )
    field_for = {"text": "text"}


class DraftResultForm(ActionForm):
    """A draft of the result printed from the template: the kind and the substance typed by
    the specialist; kept as an internal paper to submit for approval."""

    outcome = forms.ChoiceField(
        label=_("Loại dự thảo"),
        widget=forms.RadioSelect,
        choices=list(DRAFT_KINDS.items()),
        initial=Outcome.APPROVED.value,
    )
    body = forms.CharField(
        label=_("Nội dung giải quyết"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Giải quyết: nội dung được giải quyết (cấp, công nhận, chấp thuận…). Từ chối: nêu rõ "
            "lý do. Mỗi đoạn một dòng; tối đa 5.000 ký tự."
        ),
        error_messages={
            "required": _(
                "Cần nhập nội dung của dự thảo: nội dung được giải quyết, hoặc lý do từ chối "
                "giải quyết."
            )
        },
    )
    field_for = {"outcome": "outcome", "body": "body"}

    def service_kwargs(self):
        return {"outcome": self.cleaned_data["outcome"], "body": self.cleaned_data["body"]}


def _lines(text) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


MISSING = _("Cần liệt kê đầy đủ các giấy tờ phải bổ sung.")


class SupplementForm(ActionForm):
    """Mẫu 02 during processing: everything to add at once, with the reasons; the clock
    pauses."""

    missing = _text(
        _("Giấy tờ, nội dung cần bổ sung"),
        help_text=_("Mỗi nội dung một dòng; liệt kê đầy đủ để người nộp bổ sung một lần."),
    )
    reason = _text(_("Lý do, hướng dẫn cụ thể"))
    override = forms.BooleanField(
        label=_("Yêu cầu lần thứ hai (trưởng phòng quyết định; hồ sơ bị tính là trễ hạn)"),
        required=False,
    )
    field_for = {"missing": "missing", "reason": "reason"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].error_messages["required"] = MISSING
        if not self.dossier.supplement_requests:
            del self.fields["override"]

    def clean_missing(self):
        items = _lines(self.cleaned_data["missing"])
        if not items:
            raise forms.ValidationError(MISSING)
        return items

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {"reason": data["reason"].strip(), "missing": data["missing"]}
        if data.get("override"):
            kwargs["override"] = True
        return kwargs


class PaymentRequestForm(ActionForm):
    """The fees or taxes to pay: the clock pauses until they are paid."""

    amount = forms.IntegerField(
        label=_("Số tiền (đồng)"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    description = _text(_("Nội dung khoản phải nộp"), rows=2)
    field_for = {"amount": "amount", "description": "description"}


class PaymentRecordForm(ActionForm):
    """A payment made at the desk, with its receipt: the clock resumes."""

    receipt_number = forms.CharField(label=_("Số biên lai"), max_length=64)
    amount = forms.IntegerField(
        label=_("Số tiền đã nộp (đồng)"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    field_for = {"receipt_number": "receipt_number", "amount": "amount"}

    def __init__(self, *args, requested=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requested:
            self.initial.setdefault("amount", requested)


class SubmitForm(ActionForm):
    """The draft result and the appraisal, sent to the leader for approval."""

    files = forms.MultipleChoiceField(
        label=_("Dự thảo kết quả, tài liệu trình kèm"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = _text(_("Ý kiến thẩm định, đề xuất"), required=False)
    field_for = {"files": "files"}

    def __init__(self, *args, papers=(), fresh=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].choices = [(str(f.pk), f.original_name) for f in papers]
        self.initial.setdefault("files", [str(f.pk) for f in fresh])

    def parts(self):
        """Without papers there is nothing to choose: the list is not shown (a file id sent
        anyway is not a choice, and refused)."""
        shown = super().parts()
        if not self.fields["files"].choices:
            shown = [(field, template) for field, template in shown if field.name != "files"]
        return shown

    def service_kwargs(self):
        return {"note": self.cleaned_data["note"].strip(), "file_ids": self.cleaned_data["files"]}


class SendBackForm(ActionForm):
    """The head (or the leader) sends the dossier back to the specialist, with the reason."""

    reason = _text(_("Lý do trả lại, nội dung cần xử lý tiếp"))


class RescheduleForm(ActionForm):
    """Mẫu 04: the apology and the one new appointment date."""

    new_date = forms.DateField(
        label=_("Ngày hẹn trả kết quả mới"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    reason = _text(_("Lý do chậm trễ, lời xin lỗi"))
    field_for = {"new_date": "new_date", "reason": "reason"}

    def clean_new_date(self):
        value = self.cleaned_data["new_date"]
        if isinstance(value, datetime.datetime):
            value = value.date()
        return value


PAPER_KINDS = (FileKind.ATTACHMENT, FileKind.RESULT)
