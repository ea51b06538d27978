"""Forms of the "my dossiers" pages. They check the shape of what was sent; the services
(`dossiers.services`, `dossiers.ratings`) check the rest and have the last word."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..files import ACCEPTED
from ..models import RatingCriterion, Satisfaction
from ..services import COMMENT_MAX

# What the file inputs offer to pick (the service checks the bytes, whatever the name says).
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt"
NOTE_MAX = 2000


class AttachForm(forms.Form):
    """One paper for one component of the dossier's procedure version."""

    component = forms.TypedChoiceField(
        label=_("Thành phần hồ sơ"),
        coerce=int,
        error_messages={
            "required": _("Chọn thành phần hồ sơ."),
            "invalid_choice": _("Chọn thành phần hồ sơ trong danh sách."),
        },
    )
    file = forms.FileField(
        label=_("Tệp giấy tờ"),
        error_messages={"required": _("Chọn tệp để tải lên."), "empty": _("Tệp rỗng.")},
    )

    def __init__(self, *args, components=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [(c.pk, c.name) for c in components]
        self.fields["file"].help_text = _("Nhận tệp %(kinds)s.") % {"kinds": ACCEPTED}


class RemoveForm(forms.Form):
    file_id = forms.UUIDField(error_messages={"invalid": _("Không tìm thấy tệp.")})


class SupplementForm(forms.Form):
    """The applicant's note sent with the supplement (optional)."""

    note = forms.CharField(
        label=_("Ghi chú gửi cơ quan giải quyết"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: giấy tờ nào đã bổ sung, điều gì cần giải thích thêm."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Không bắt buộc; giúp cơ quan giải quyết nhanh hơn."),
    )


def _question(label, good, bad):
    """One criterion asked in words that fit it; the answers are stored as satisfied or not."""
    return forms.ChoiceField(
        label=label,
        choices=[(Satisfaction.SATISFIED, good), (Satisfaction.NOT_SATISFIED, bad)],
        widget=forms.RadioSelect,
    )


class RatingForm(forms.Form):
    """Overall and per criterion of ND 61, each a question with two answers that fit it
    (stored as satisfied or not), and an optional comment."""

    overall = _question(
        _("Nhìn chung, bạn có hài lòng với việc giải quyết hồ sơ không?"),
        Satisfaction.SATISFIED.label,
        Satisfaction.NOT_SATISFIED.label,
    )
    processing_time = _question(
        _("Hồ sơ được giải quyết so với thời gian đã công bố, đã hẹn thế nào?"),
        _("Đúng hẹn hoặc sớm hơn"),
        _("Chậm hơn hẹn"),
    )
    contacts = _question(
        _("Bạn đã phải liên hệ với cơ quan bao nhiêu lần để hoàn thiện hồ sơ?"),
        _("Không quá một lần"),
        _("Nhiều hơn một lần"),
    )
    information = _question(
        _("Thông tin về thủ tục được công khai có chính xác, đầy đủ không?"),
        _("Chính xác, đầy đủ"),
        _("Thiếu hoặc chưa chính xác"),
    )
    attitude = _question(
        _("Thái độ của cán bộ, công chức khi tiếp nhận, giải quyết hồ sơ thế nào?"),
        _("Lịch sự, tận tình"),
        _("Chưa đúng mực"),
    )
    guidance = _question(
        _("Hướng dẫn của cán bộ có chính xác, dễ làm theo không?"),
        _("Chính xác, dễ làm theo"),
        _("Sai hoặc khó hiểu"),
    )
    comment = forms.CharField(
        label=_("Góp ý"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("overall", *RatingCriterion.values):
            (good, first), (bad, second) = self.fields[name].choices
            self.fields[name].error_messages["required"] = _("Chọn “%(yes)s” hoặc “%(no)s”.") % {
                "yes": first,
                "no": second,
            }

    def criteria_fields(self):
        return [self[name] for name in RatingCriterion.values]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "overall": data["overall"],
            "criteria": {name: data[name] for name in RatingCriterion.values},
            "comment": data.get("comment", ""),
        }
