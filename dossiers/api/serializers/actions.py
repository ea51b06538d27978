"""The body of each action (`ACTION_BODIES`): `to_service` gives the service's keyword
arguments."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import FlatDictField, FlatListField, Input
from procedures.models import CopyKind

from ...reasons import RefusalGround
from ...states import Action
from .fields import ReturnChannelField, _optional_text, _text

REASON = _("Lý do, nội dung (bắt buộc).")


def _reason(help_text=REASON):
    return _text(4000, help_text=help_text)


def _missing():
    return FlatListField(
        child=_text(500),
        allow_empty=False,
        max_length=100,
        help_text=_("Các giấy tờ phải bổ sung, hoàn thiện: liệt kê đầy đủ một lần."),
    )


def _file_ids(help_text):
    return FlatListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=50,
        help_text=help_text,
    )


class ActionSerializer(Input):
    """An action's body; `to_service` gives the service's keyword arguments."""

    renames: dict[str, str] = {}

    def to_service(self) -> dict:
        return {self.renames.get(key, key): value for key, value in self.validated_data.items()}


class SubmitSerializer(ActionSerializer):
    """Submit: no body."""


class RequestCompletionSerializer(ActionSerializer):
    """Mẫu 02: every missing item at once, with the reason."""

    reason = _reason()
    missing = _missing()
    override = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Lần yêu cầu thứ hai: trưởng phòng duyệt; hồ sơ bị tính là trễ hạn."),
    )


class RefuseSerializer(ActionSerializer):
    """Mẫu 03: the reasons, and the right agency when it is elsewhere."""

    ground = serializers.ChoiceField(
        choices=RefusalGround.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_(
            "Lý do thường gặp (tùy chọn); “tham-quyen” (không thuộc thẩm quyền) cần kèm "
            "redirect_to."
        ),
    )
    reason = _optional_text(
        4000, help_text=_("Lý do cụ thể; bắt buộc khi không chọn lý do thường gặp.")
    )
    redirect_to = _optional_text(
        35, help_text=_("Mã cơ quan có thẩm quyền, khi hồ sơ thuộc nơi khác.")
    )


@extend_schema_field(
    {"oneOf": [{"type": "boolean"}, {"type": "string", "enum": list(CopyKind.values)}]}
)
class CheckField(serializers.Field):
    """A component's check: true or false, or the kind of copy handed in (which counts as
    present): original, certified, photocopy."""

    default_error_messages = {
        "invalid": _(
            "“%(value)s” không hợp lệ: dùng true, false hoặc loại bản (original, certified, "
            "photocopy)."
        )
    }

    def to_internal_value(self, data):
        if isinstance(data, str) and data in CopyKind.values:
            return data
        try:
            return serializers.BooleanField().to_internal_value(data)
        except serializers.ValidationError:
            raise serializers.ValidationError(
                self.error_messages["invalid"] % {"value": data}, code="invalid"
            ) from None

    def to_representation(self, value):
        return value


class ReceiveSerializer(ActionSerializer):
    """Mẫu 01: the desk's check of each component."""

    checklist = FlatDictField(
        child=CheckField(),
        help_text=_(
            "Kết quả kiểm tra từng thành phần hồ sơ: {mã thành phần: true|false, hoặc loại bản "
            "đã nộp: original|certified|photocopy}."
        ),
    )

    def validate_checklist(self, checklist):
        bad = [key for key in checklist if not key.isdigit()]
        if bad:
            raise serializers.ValidationError(
                [_("“%(key)s” không phải là mã thành phần hồ sơ.") % {"key": key} for key in bad]
            )
        return checklist


class ClaimSerializer(ActionSerializer):
    """Claim: no body; the signed-in specialist becomes the assignee."""


class TransferSerializer(ActionSerializer):
    """To a unit of the competent agency, optionally to one of its specialists."""

    unit = _optional_text(
        35, help_text=_("Mã đơn vị xử lý (thuộc cơ quan có thẩm quyền); mặc định là cơ quan đó.")
    )
    assignee = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text=_("Chuyên viên được giao (id).")
    )
    renames = {"unit": "unit_code", "assignee": "assignee_id"}


class AssignSerializer(ActionSerializer):
    """To one of the processing unit's specialists (the head of unit)."""

    assignee = serializers.IntegerField(min_value=1, help_text=_("Chuyên viên được giao (id)."))
    renames = {"assignee": "assignee_id"}


class RequestSupplementSerializer(RequestCompletionSerializer):
    """During processing: every missing item at once, with the reason."""


class SupplementSerializer(ActionSerializer):
    """The applicant's answer: the files uploaded for it and a note."""

    note = _optional_text(4000)
    files = _file_ids(_("Các tệp bổ sung đã tải lên hồ sơ."))
    renames = {"files": "file_ids"}


class RequestPaymentSerializer(ActionSerializer):
    """The fee to pay."""

    amount = serializers.IntegerField(min_value=1, help_text=_("Số tiền (đồng)."))
    description = _text(1000, help_text=_("Nội dung khoản phí, lệ phí phải nộp."))


class RecordPaymentSerializer(ActionSerializer):
    """The fee paid: receipt number and amount."""

    receipt_number = _text(64, help_text=_("Số biên lai."))
    amount = serializers.IntegerField(min_value=1, help_text=_("Số tiền đã nộp (đồng)."))


class SubmitForApprovalSerializer(ActionSerializer):
    """To the leader, with the draft result."""

    note = _optional_text(4000)
    files = _file_ids(_("Dự thảo kết quả, tài liệu trình kèm."))
    renames = {"files": "file_ids"}


class SendBackSerializer(ActionSerializer):
    """Back to processing, with the reason."""

    reason = _reason()


class ApproveSerializer(ActionSerializer):
    """The approved result: its content and file."""

    summary = _optional_text(4000, help_text=_("Nội dung kết quả."))
    result_file = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("Tệp kết quả (đã tải lên hồ sơ).")
    )
    renames = {"result_file": "result_file_id"}


class DenySerializer(ActionSerializer):
    """The denial: its reasons and the written reply."""

    reason = _reason()
    result_file = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("Văn bản trả lời (đã tải lên hồ sơ).")
    )
    renames = {"result_file": "result_file_id"}


class ReturnDetailsSerializer(serializers.Serializer):
    """Documentation of `details`: which keys each return channel needs."""

    collector_name = serializers.CharField(
        required=False, help_text=_("Tại Bộ phận Một cửa: họ tên người nhận.")
    )
    collector_id_number = serializers.CharField(
        required=False, help_text=_("Tại Bộ phận Một cửa: số giấy tờ tùy thân của người nhận.")
    )
    tracking_number = serializers.CharField(
        required=False, help_text=_("Qua bưu chính: số hiệu bưu gửi.")
    )


@extend_schema_field(ReturnDetailsSerializer)
class ReturnDetailsField(FlatDictField):
    pass


class ReturnSerializer(ActionSerializer):
    """How the result was handed over."""

    channel = ReturnChannelField()
    details = ReturnDetailsField(child=_text(255), required=False, default=dict)


class RequestWithdrawalSerializer(ActionSerializer):
    """The applicant asks to withdraw the dossier."""

    reason = _optional_text(4000)


class StopSerializer(ActionSerializer):
    """Stop a withdrawn dossier, with the reason."""

    reason = _reason()


class RescheduleSerializer(ActionSerializer):
    """Mẫu 04: the apology and the one new date."""

    new_date = serializers.DateField(help_text=_("Ngày hẹn trả kết quả mới (YYYY-MM-DD)."))
    reason = _reason(help_text=_("Lý do chậm trễ, lời xin lỗi (Mẫu 04)."))


ACTION_BODIES: dict[Action, type[ActionSerializer]] = {
    Action.SUBMIT: SubmitSerializer,
    Action.REQUEST_COMPLETION: RequestCompletionSerializer,
    Action.REFUSE: RefuseSerializer,
    Action.RECEIVE: ReceiveSerializer,
    Action.TRANSFER: TransferSerializer,
    Action.ASSIGN: AssignSerializer,
    Action.CLAIM: ClaimSerializer,
    Action.REQUEST_SUPPLEMENT: RequestSupplementSerializer,
    Action.SUPPLEMENT: SupplementSerializer,
    Action.REQUEST_PAYMENT: RequestPaymentSerializer,
    Action.RECORD_PAYMENT: RecordPaymentSerializer,
    Action.SUBMIT_FOR_APPROVAL: SubmitForApprovalSerializer,
    Action.SEND_BACK: SendBackSerializer,
    Action.APPROVE: ApproveSerializer,
    Action.DENY: DenySerializer,
    Action.RETURN: ReturnSerializer,
    Action.REQUEST_WITHDRAWAL: RequestWithdrawalSerializer,
    Action.STOP: StopSerializer,
    Action.RESCHEDULE: RescheduleSerializer,
}
