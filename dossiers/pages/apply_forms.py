"""Forms of the online application pages. They check formats and lengths lightly; the services
(`dossiers.services`) check the rest and their `BadInput.fields` land on these forms."""

import datetime
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services import delivery_choices
from ..states import ReturnChannel


class StartForm(forms.Form):
    """Start a draft: the competent agency (when several implement the procedure) and the
    client token that makes a double click or a retried request answer the same draft."""

    client_token = forms.UUIDField(widget=forms.HiddenInput)
    agency = forms.ChoiceField(
        label=_("Cơ quan giải quyết hồ sơ"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Cần chọn cơ quan giải quyết hồ sơ.")},
    )

    def __init__(self, *args, agencies=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        agencies = list(agencies)
        self.fields["agency"].choices = [(a.code, a.name) for a in agencies]
        if len(agencies) <= 1:
            # Nothing to choose: the service takes the only agency.
            self.fields["agency"].required = False
            self.fields["agency"].widget = forms.HiddenInput()
            self.initial.setdefault("agency", agencies[0].code if agencies else "")


class ApplicantForm(forms.Form):
    """The applicant's data (prefilled from the profile) and how to receive the result.
    `updated_at` is when the page read the draft: a save over a newer draft is refused."""

    applicant_name = forms.CharField(
        label=_("Họ tên người nộp (hoặc tên tổ chức)"),
        max_length=255,
        error_messages={"required": _("Cần nhập họ tên người nộp.")},
    )
    applicant_id_number = forms.CharField(
        label=_("Số định danh (số CCCD hoặc mã số thuế)"), max_length=20, required=False
    )
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    applicant_email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        help_text=_("Giấy xác nhận nộp hồ sơ được gửi đến địa chỉ này."),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    applicant_address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    delivery_channel = forms.ChoiceField(
        label=_("Nhận kết quả"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Cần chọn cách nhận kết quả.")},
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        max_length=500,
        required=False,
        help_text=_("Chỉ cần khi chọn nhận kết quả qua dịch vụ bưu chính công ích."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery_channel"].choices = delivery_choices(version)
        for name, autocomplete in (
            ("applicant_name", "name"),
            ("applicant_phone", "tel"),
            ("applicant_email", "email"),
            ("applicant_address", "street-address"),
            ("delivery_address", "street-address"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        self.fields["applicant_phone"].widget.input_type = "tel"
        self.fields["applicant_phone"].widget.attrs["inputmode"] = "tel"
        self.fields["applicant_id_number"].widget.attrs["inputmode"] = "numeric"

    @classmethod
    def initial_for(cls, dossier) -> dict:
        return {
            "applicant_name": dossier.applicant_name,
            "applicant_id_number": dossier.applicant_id_number,
            "applicant_phone": dossier.applicant_phone,
            "applicant_email": dossier.applicant_email,
            "applicant_address": dossier.applicant_address,
            "delivery_channel": dossier.delivery_channel or ReturnChannel.DESK,
            "delivery_address": dossier.delivery_address,
            "updated_at": dossier.updated_at.isoformat(),
        }

    def expected_updated_at(self) -> datetime.datetime | None:
        """When the page read the draft; None if the field is missing or mangled."""
        try:
            moment = datetime.datetime.fromisoformat(self.cleaned_data.get("updated_at") or "")
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("updated_at", None)
        return data


class UploadForm(forms.Form):
    """One component's files, sent without JavaScript as a plain multipart form."""

    component = forms.IntegerField(widget=forms.HiddenInput)


class ReuseForm(forms.Form):
    component = forms.IntegerField(widget=forms.HiddenInput)
    document = forms.UUIDField(
        label=_("Giấy tờ trong kho dữ liệu cá nhân"),
        error_messages={
            "required": _("Cần chọn giấy tờ."),
            "invalid": _("Không tìm thấy giấy tờ trong kho dữ liệu cá nhân."),
        },
    )
