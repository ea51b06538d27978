"""Forms of the leaders' approval page: approve (what is decided, the result file), deny (the
reasons, the written reply), send back (the reasons). They check the shape; the services
(`dossiers.services`) check the rest and have the last word."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import ActionForm
from ..forms import text_field as _text


class DecisionForm(ActionForm):
    """What one decision asks for; `choices` are the draft results to choose from."""

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "result_file" in self.fields:
            if choices:
                self.fields["result_file"].choices = [
                    *((str(f.pk), f.original_name) for f in choices),
                    ("", _("Không dùng dự thảo: ban hành theo nội dung ghi ở trên")),
                ]
                self.fields["result_file"].initial = str(choices[0].pk)
            else:
                del self.fields["result_file"]


def _result_file(label):
    return forms.ChoiceField(label=label, required=False, widget=forms.RadioSelect)


class ApproveForm(DecisionForm):
    summary = _text(
        _("Nội dung phê duyệt"),
        required=False,
        help_text=_("Ví dụ: Cấp giấy chứng nhận đăng ký hộ kinh doanh."),
    )
    result_file = _result_file(_("Dự thảo được ban hành"))
    field_for = {"result_file": "result_file", "summary": "summary"}

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "summary": data.get("summary", "").strip(),
            "result_file_id": data.get("result_file") or None,
        }


class DenyForm(DecisionForm):
    reason = _text(
        _("Lý do từ chối giải quyết"),
        help_text=_("Nêu rõ lý do; văn bản trả lời là kết quả giải quyết của hồ sơ."),
    )
    result_file = _result_file(_("Dự thảo văn bản trả lời được ban hành"))
    field_for = {"result_file": "result_file", "reason": "reason"}

    def service_kwargs(self):
        data = self.cleaned_data
        return {"reason": data["reason"].strip(), "result_file_id": data.get("result_file") or None}


class SendBackForm(DecisionForm):
    reason = _text(_("Lý do trả lại để xử lý tiếp"))
    field_for = {"reason": "reason"}

    def service_kwargs(self):
        return {"reason": self.cleaned_data["reason"].strip()}
