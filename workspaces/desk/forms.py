"""Forms of the desk pages: the search of the lists and one form per desk action.

Like every action form (`workspaces.forms.ActionForm`), they check the shape of what was sent
and turn it into the service's keyword arguments (`service_kwargs`); the services
(`dossiers.services`) check the rest and have the last word.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.files import ACCEPTED, max_upload_bytes
from dossiers.reasons import CompletionReason, RefusalGround, with_label
from dossiers.selectors import person_choices, processing_units, specialists_of
from dossiers.states import ReturnChannel
from procedures.models import Agency, AgencyKind

from ..forms import ActionForm
from ..forms import text_field as _text


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm hồ sơ"),
        required=False,
        max_length=200,
        help_text=_(
            "Mã hồ sơ, họ tên hoặc số định danh người nộp, mã hoặc tên thủ tục, hoặc nội dung "
            "tờ khai điện tử (họ tên, số định danh, ngày tháng)."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off"}),
    )
    thu_tuc = forms.ChoiceField(label=_("Thủ tục"), required=False)
    don_vi = forms.ChoiceField(label=_("Nơi tiếp nhận"), required=False)
    gap = forms.BooleanField(label=_("Chỉ hồ sơ cần xử lý gấp"), required=False)

    def __init__(self, *args, procedures=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thu_tuc"].choices = [("", _("Tất cả thủ tục"))] + [
            (code, f"{code} – {name}") for code, name in procedures
        ]
        if len(units) > 1:
            self.fields["don_vi"].choices = [("", _("Tất cả"))] + [(u.code, u.name) for u in units]
        else:
            del self.fields["don_vi"]

    def value(self, name, default=""):
        """A field's cleaned value; a field sent wrong (an unknown procedure) is ignored alone."""
        if not self.is_bound:
            return default
        self.is_valid()
        return self.cleaned_data.get(name) or default


class ReceiveForm(ActionForm):
    """Mẫu 01: the components the officer checked."""

    checklist = forms.MultipleChoiceField(
        label=_("Thành phần hồ sơ đã kiểm tra"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = [(str(c.pk), c.name) for c in components]

    def service_kwargs(self):
        return {"checklist": {pk: True for pk in self.cleaned_data["checklist"]}}

    def checked(self) -> set[str]:
        return set(self.data.getlist(self.add_prefix("checklist"))) if self.is_bound else set()


class CompletionForm(ActionForm):
    """Mẫu 02: every missing item at once (components and free lines), with the reasons."""

    missing_components = forms.MultipleChoiceField(
        label=_("Thành phần còn thiếu hoặc chưa đạt"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    missing_other = _text(
        _("Giấy tờ, nội dung khác cần bổ sung, hoàn thiện"),
        required=False,
        help_text=_("Mỗi nội dung một dòng."),
    )
    reason_code = forms.ChoiceField(
        label=_("Lý do thường gặp"),
        required=False,
        choices=[("", _("— Chọn lý do —")), *CompletionReason.choices],
    )
    reason = _text(
        _("Lý do, hướng dẫn cụ thể"),
        required=False,
        help_text=_("Ghi rõ để người nộp hoàn thiện một lần là đủ."),
    )
    override = forms.BooleanField(
        label=_("Yêu cầu lần thứ hai (trưởng bộ phận quyết định; hồ sơ bị tính là trễ hạn)"),
        required=False,
    )
    field_for = {"missing": "missing_other", "reason": "reason"}

    def __init__(self, *args, components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.components = {str(c.pk): c.name for c in components}
        self.fields["missing_components"].choices = list(self.components.items())
        if not self.dossier.completion_requests:
            del self.fields["override"]

    def clean(self):
        data = super().clean()
        if not data.get("reason_code") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Chọn lý do thường gặp hoặc ghi lý do cụ thể."))
        if not self.missing() and "missing_other" not in self.errors:
            self.add_error(
                "missing_other", _("Cần liệt kê đầy đủ các giấy tờ phải bổ sung, hoàn thiện.")
            )
        return data

    def missing(self) -> list[str]:
        data = getattr(self, "cleaned_data", {})
        items = [self.components[pk] for pk in data.get("missing_components", [])]
        lines = (data.get("missing_other") or "").splitlines()
        return items + [line.strip() for line in lines if line.strip()]

    def service_kwargs(self):
        data = self.cleaned_data
        label = CompletionReason(data["reason_code"]).label if data["reason_code"] else ""
        kwargs = {
            "reason": with_label(label, data["reason"]),
            "missing": self.missing(),
        }
        if data.get("override"):
            kwargs["override"] = True
        return kwargs


class RefuseForm(ActionForm):
    """Mẫu 03: the reasons, and the right agency when the dossier belongs elsewhere (the
    service requires it for a dossier not within the agency's competence)."""

    field_for = {"ground": "reason_code", "reason": "reason", "redirect_to": "redirect_to"}

    reason_code = forms.ChoiceField(
        label=_("Lý do thường gặp"),
        required=False,
        choices=[("", _("— Chọn lý do —")), *RefusalGround.choices],
    )
    reason = _text(_("Lý do từ chối cụ thể"), required=False)
    redirect_to = forms.ChoiceField(
        label=_("Cơ quan có thẩm quyền giải quyết (nếu không thuộc thẩm quyền)"),
        required=False,
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["redirect_to"].choices = [("", _("— Không chọn —")), *agencies]

    def clean(self):
        data = super().clean()
        if not data.get("reason_code") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Chọn lý do thường gặp hoặc ghi lý do cụ thể."))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "ground": data["reason_code"],
            "reason": data["reason"],
            "redirect_to": data["redirect_to"],
        }


def refusal_agencies(dossier) -> list:
    """The choices of the agency select: the procedure's implementing agencies first, then
    every other open agency (grouped, by name)."""
    agencies = dossier.version.implementing_agencies.order_by("name")
    implementing = [a for a in agencies if a.is_active]
    skip = {a.pk for a in implementing} | {dossier.competent_agency_id}
    today = timezone.localdate()
    others = [
        a
        for a in Agency.objects.filter(Q(closed_on=None) | Q(closed_on__gt=today))
        .exclude(kind=AgencyKind.SERVICE_CENTRE)
        .order_by("name")
        if a.pk not in skip
    ]
    groups = []
    implementing = [a for a in implementing if a.pk != dossier.competent_agency_id]
    if implementing:
        groups.append(
            (_("Cơ quan thực hiện thủ tục này"), [(a.code, a.name) for a in implementing])
        )
    if others:
        groups.append((_("Cơ quan khác"), [(a.code, a.name) for a in others]))
    return groups


class TransferForm(ActionForm):
    """Hand over to the competent agency or one of its units, optionally to a specialist."""

    unit = forms.ChoiceField(label=_("Đơn vị xử lý"))
    assignee = forms.ChoiceField(label=_("Chuyên viên được giao"), required=False)
    field_for = {"unit": "unit", "assignee": "assignee"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = processing_units(self.dossier)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        self.fields["unit"].initial = self.dossier.competent_agency.code
        self.fields["assignee"].choices = [
            ("", _("— Để trưởng phòng phân công —")),
            *person_choices(specialists_of(units)),
        ]

    def service_kwargs(self):
        return {
            "unit_code": self.cleaned_data["unit"],
            "assignee_id": self.cleaned_data["assignee"] or None,
        }


class ReturnForm(ActionForm):
    """The result handed over: at the desk (who, ID checked), by post, or online."""

    channel = forms.ChoiceField(
        label=_("Hình thức trả kết quả"), choices=ReturnChannel.choices, widget=forms.RadioSelect
    )
    collector_name = forms.CharField(
        label=_("Họ tên người nhận kết quả"), max_length=255, required=False
    )
    collector_id_number = forms.CharField(
        label=_("Số giấy tờ tùy thân của người nhận"), max_length=20, required=False
    )
    id_checked = forms.BooleanField(
        label=_("Đã đối chiếu giấy tờ tùy thân của người nhận"), required=False
    )
    tracking_number = forms.CharField(label=_("Số hiệu bưu gửi"), max_length=64, required=False)
    field_for = {"channel": "channel"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dossier = self.dossier
        self.initial.setdefault("channel", dossier.delivery_channel or ReturnChannel.DESK)
        self.initial.setdefault("collector_name", dossier.applicant_name)
        self.initial.setdefault("collector_id_number", dossier.applicant_id_number)

    def clean(self):
        data = super().clean()
        if data.get("channel") == ReturnChannel.DESK:
            if not (data.get("collector_name") or "").strip():
                self.add_error("collector_name", _("Cần họ tên người nhận kết quả."))
            if not (data.get("collector_id_number") or "").strip():
                self.add_error("collector_id_number", _("Cần số giấy tờ tùy thân của người nhận."))
            if not data.get("id_checked"):
                self.add_error(
                    "id_checked", _("Hãy đối chiếu giấy tờ tùy thân trước khi trả kết quả.")
                )
        if (
            data.get("channel") == ReturnChannel.POST
            and not (data.get("tracking_number") or "").strip()
        ):
            self.add_error("tracking_number", _("Cần số hiệu bưu gửi."))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        channel = data["channel"]
        if channel == ReturnChannel.DESK:
            details = {
                "collector_name": data["collector_name"].strip(),
                "collector_id_number": data["collector_id_number"].strip(),
            }
        elif channel == ReturnChannel.POST:
            details = {"tracking_number": data["tracking_number"].strip()}
        else:
            details = {}
        return {"channel": channel, "details": details}


def _amount_field(label):
    return forms.IntegerField(
        label=label,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )


class PaymentForm(ActionForm):
    """A fee or tax paid at the desk, with its receipt: the clock resumes."""

    receipt_number = forms.CharField(label=_("Số biên lai"), max_length=64)
    amount = _amount_field(_("Số tiền đã nộp (đồng)"))
    field_for = {"receipt_number": "receipt_number", "amount": "amount"}

    def __init__(self, *args, requested=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requested:
            self.initial.setdefault("amount", requested)

    def service_kwargs(self):
        return {
            "receipt_number": self.cleaned_data["receipt_number"].strip(),
            "amount": self.cleaned_data["amount"],
        }


class SupplementAttachForm(ActionForm):
    """One paper the applicant brought to the desk, scanned, for one component."""

    component = forms.TypedChoiceField(
        label=_("Thành phần hồ sơ"),
        coerce=int,
        error_messages={
            "required": _("Chọn thành phần hồ sơ."),
            "invalid_choice": _("Chọn thành phần hồ sơ trong danh sách."),
        },
    )
    file = forms.FileField(
        label=_("Tệp giấy tờ bổ sung"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt"}),
        error_messages={"required": _("Chọn tệp để tải lên."), "empty": _("Tệp rỗng.")},
    )
    field_for = {"component": "component", "file": "file", "upload": "file"}

    def __init__(self, *args, components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [(c.pk, c.name) for c in components]
        self.fields["file"].help_text = _("Nhận tệp %(accepted)s, tối đa %(mb)d MB.") % {
            "accepted": ACCEPTED,
            "mb": max_upload_bytes() // (1024 * 1024),
        }

    def service_kwargs(self):
        return {
            "upload": self.cleaned_data["file"],
            "component_id": self.cleaned_data["component"],
        }


class RemoveFileForm(ActionForm):
    """Take back a paper uploaded by mistake, before the supplement is sent."""

    file_id = forms.UUIDField(
        label=_("Tệp cần gỡ"),
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Không tìm thấy tệp."), "required": _("Không tìm thấy tệp.")},
    )

    def service_kwargs(self):
        return {"file_id": self.cleaned_data["file_id"]}


class _AnyChoices(forms.MultipleChoiceField):
    """File ids passed on as sent, for the service to check."""

    def valid_value(self, value):
        return True


class SupplementForm(ActionForm):
    """Send the papers uploaded since the supplement request: the clock resumes."""

    files = forms.MultipleChoiceField(
        label=_("Giấy tờ bổ sung gửi cơ quan giải quyết"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = _text(
        _("Ghi chú gửi cơ quan giải quyết"),
        required=False,
        help_text=_("Ví dụ: người nộp đã mang bản chính để đối chiếu."),
    )
    field_for = {"files": "files", "note": "note"}

    def __init__(self, *args, added=None, **kwargs):
        """`added`: the papers uploaded since the open request; None when no request is open,
        and then the service alone answers (409 in the wrong state)."""
        super().__init__(*args, **kwargs)
        self.open = added is not None
        if not self.open:
            self.fields["files"] = _AnyChoices(label=self.fields["files"].label, required=False)
            return
        self.fields["files"].choices = [(str(f.pk), f.original_name) for f in added]
        self.initial.setdefault("files", [str(f.pk) for f in added])

    def clean(self):
        data = super().clean()
        if not self.open:
            return data
        if not self.fields["files"].choices:
            self.add_error(
                "files",
                _("Chưa có giấy tờ bổ sung nào được tải lên. Hãy tải lên giấy tờ trước khi gửi."),
            )
        elif not data.get("files") and "files" not in self.errors:
            self.add_error("files", _("Chọn giấy tờ bổ sung để gửi."))
        return data

    def service_kwargs(self):
        return {"note": self.cleaned_data["note"].strip(), "file_ids": self.cleaned_data["files"]}


class StopForm(ActionForm):
    """The applicant asked to withdraw: the desk confirms and the dossier stops."""

    reason = _text(
        _("Lý do dừng giải quyết"),
        help_text=_("In trên Thông báo dừng giải quyết hồ sơ."),
    )
    field_for = {"reason": "reason"}

    def __init__(self, *args, asked="", **kwargs):
        super().__init__(*args, **kwargs)
        default = _("Người nộp hồ sơ xin rút hồ sơ.")
        if asked:
            default = _("Người nộp hồ sơ xin rút hồ sơ: %(reason)s") % {"reason": asked}
        self.initial.setdefault("reason", default)

    def service_kwargs(self):
        return {"reason": self.cleaned_data["reason"].strip()}
