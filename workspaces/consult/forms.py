"""Forms of the consultation pages. They check the shape of what was sent; the services
(`dossiers.consult.services`) check the rest and have the last word, their field errors
landing on the field of the same name (`add_service_error`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import IF_SPECIFIC, add_service_error
from dossiers.consult.services import MAX_DAYS, TEXT_MAX
from dossiers.files import ACCEPTED


def _text(label, *, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ServiceForm(forms.Form):
    # Service argument → form field, for a service's field errors.
    field_for: dict[str, str] = {}

    def add_service_error(self, error) -> None:
        """A service's error: its message on top, each field's message on its field."""
        add_service_error(self, error, renames=self.field_for, message=IF_SPECIFIC)


class AskForm(ServiceForm):
    agency = forms.ChoiceField(label=_("Cơ quan được xin ý kiến"))
    question = _text(
        _("Nội dung xin ý kiến"),
        rows=5,
        help_text=_("Nêu rõ vấn đề cần cơ quan phối hợp cho ý kiến, xác minh hoặc xác nhận."),
    )
    days = forms.CharField(
        label=_("Thời hạn trả lời (ngày làm việc)"),
        max_length=5,
        help_text=_(
            "Từ 0,5 đến %(max)s ngày làm việc, tính từ ngày làm việc tiếp theo; nằm trong thời "
            "hạn giải quyết của hồ sơ."
        )
        % {"max": int(MAX_DAYS)},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
    files = forms.MultipleChoiceField(
        label=_("Gửi kèm tệp của hồ sơ"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agencies=(), files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("— Chọn cơ quan —"))] + [
            (a.code, a.name) for a in agencies
        ]
        self.fields["files"].choices = [(str(f.pk), _file_label(f)) for f in files]
        if not files:
            del self.fields["files"]
        self.initial.setdefault("days", "1")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "agency_code": data["agency"],
            "question": data["question"],
            "days": data["days"],
            "file_ids": data.get("files") or [],
        }


def _file_label(stored) -> str:
    if stored.component_id:
        return f"{stored.original_name} ({stored.component.name})"
    return f"{stored.original_name} ({stored.get_kind_display()})"


class AnswerForm(ServiceForm):
    answer = _text(_("Nội dung trả lời"), rows=6)
    file = forms.FileField(
        label=_("Tệp trả lời"),
        required=False,
        help_text=ACCEPTED,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt"}),
    )

    def service_kwargs(self) -> dict:
        return {"answer": self.cleaned_data["answer"], "upload": self.cleaned_data.get("file")}


class CancelForm(ServiceForm):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=TEXT_MAX)

    def service_kwargs(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}
