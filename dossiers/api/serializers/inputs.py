"""Query parameters, and the bodies that create or change a draft or upload a file."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import CommaSeparatedChoices, Input

from ...models import SWEEP_FLAGS
from ...states import ReturnChannel, State
from .fields import ChannelKindField, ReturnChannelField, _optional_text, _text

# --- Query parameters -----------------------------------------------------------------------


class DossierListParams(Input):
    """`GET /dossiers/` parameters, in the keywords of `selectors.dossier_list_for`."""

    state = CommaSeparatedChoices(choices=State.choices, required=False)
    procedure = _optional_text(40)
    agency = _optional_text(35)
    code = _optional_text(64)
    due_before = serializers.DateField(required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    flag = CommaSeparatedChoices(choices=[(f, f) for f in SWEEP_FLAGS], required=False)

    def validate(self, attrs):
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"received_to": [_("Ngày kết thúc không được trước ngày bắt đầu.")]}
            )
        return attrs

    def to_filters(self) -> dict:
        data = dict(self.validated_data)
        data["states"] = sorted(data.pop("state", ()))
        data["flags"] = sorted(data.pop("flag", ()))
        return data


# --- Bodies: creating a dossier, uploading a file -------------------------------------------


class DossierCreateSerializer(Input):
    """A new draft: the procedure in force, the channel, the deciding agency, the applicant."""

    procedure = _text(40, help_text=_("Mã thủ tục quốc gia, ví dụ 1.001612."))
    channel = ChannelKindField()
    agency = _optional_text(
        35, help_text=_("Mã cơ quan giải quyết; bắt buộc khi thủ tục có nhiều cơ quan thực hiện.")
    )
    applicant_name = _optional_text(255)
    applicant_id_number = _optional_text(20)
    applicant_phone = _optional_text(20)
    applicant_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, default=""
    )
    applicant_address = _optional_text(500)
    delivery_channel = ReturnChannelField(
        required=False,
        default=ReturnChannel.DESK,
        help_text=_(
            "Cách nhận kết quả: tại Bộ phận Một cửa, qua bưu chính (kèm địa chỉ), hoặc trực "
            "tuyến khi thủ tục là dịch vụ công trực tuyến toàn trình."
        ),
    )
    delivery_address = _optional_text(500, help_text=_("Địa chỉ nhận kết quả qua bưu chính."))
    client_token = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Khóa do ứng dụng tạo cho mỗi lần tạo hồ sơ: gửi lại cùng khóa (bấm hai lần, mạng "
            "chập chờn) chỉ trả về hồ sơ đã tạo, không tạo hồ sơ thứ hai."
        ),
    )

    def to_service(self) -> dict:
        data = dict(self.validated_data)
        return {
            "procedure_code": data.pop("procedure"),
            "agency_code": data.pop("agency"),
            **data,
        }


class DraftUpdateSerializer(Input):
    """Changes to a draft before it is sent: only the fields given are changed."""

    applicant_name = serializers.CharField(max_length=255, required=False)
    applicant_id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    applicant_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    delivery_channel = ReturnChannelField(required=False)
    delivery_address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    expected_updated_at = serializers.DateTimeField(
        required=False,
        help_text=_(
            "Giá trị `updated_at` khi đọc hồ sơ: nếu hồ sơ đã đổi sau đó, không ghi đè mà trả 409."
        ),
    )


class FileUploadSerializer(Input):
    """A file for the dossier (multipart/form-data)."""

    component = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=_("Thành phần hồ sơ; cán bộ đính kèm tài liệu xử lý có thể bỏ trống."),
    )
    file = serializers.FileField(
        allow_empty_file=True,  # dossiers.files decides, with its own message
        help_text=_("PDF, JPG, PNG, DOCX, XLSX hoặc ODT."),
    )
