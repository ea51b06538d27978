"""The dossier API's serializers: query parameters and action bodies in, dossiers out.

Inputs only validate the shape of a request (types, lengths, dates, ids) and turn it into the
keyword arguments of a selector or a service; every rule of the procedure lives in
`dossiers.services`. Errors are answered in Vietnamese (DRF's own catalog lacks most of its
messages), and errors of list and dict items are flattened into the field's own list so the
one error shape stays `{"field": ["message", ...]}`.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import CommaSeparatedChoices, FlatDictField, FlatListField, Input
from procedures.models import ChannelKind, CopyKind

from .. import tracking
from ..deadlines import Timeliness
from ..models import SWEEP_FLAGS, FileKind
from ..services import available_actions
from ..states import CLOCK_PAUSED, Action, Outcome, ReturnChannel, State


def _text(max_length, **kwargs):
    return serializers.CharField(max_length=max_length, **kwargs)


def _optional_text(max_length, **kwargs):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


# One choice set under several names would become duplicate enum components (and a warning):
# the other names refer to one component. Channels of submission are the catalog's
# ChannelKindEnum (procedures' Channel.kind); tests/portal/test_api_schema.py checks that every
# reference resolves.
STATE_ENUM = {"$ref": "#/components/schemas/StateEnum"}
CHANNEL_KIND_ENUM = {"$ref": "#/components/schemas/ChannelKindEnum"}
RETURN_CHANNEL_ENUM = {"$ref": "#/components/schemas/ReturnChannelEnum"}


@extend_schema_field(STATE_ENUM)
class StateField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=State.choices, **kwargs)


@extend_schema_field(CHANNEL_KIND_ENUM)
class ChannelKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ChannelKind.choices, **kwargs)


@extend_schema_field(RETURN_CHANNEL_ENUM)
class ReturnChannelField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ReturnChannel.choices, **kwargs)


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


# --- Bodies: one per action -----------------------------------------------------------------


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

    reason = _reason()
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


# --- Dossiers out ---------------------------------------------------------------------------


def _absolute(request, path):
    return request.build_absolute_uri(path) if request else path


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureRefSerializer(serializers.Serializer):
    """The procedure and the version the dossier is pinned to."""

    code = serializers.CharField(source="procedure.code")
    name = serializers.CharField(source="version.name")
    version = serializers.IntegerField(source="version.number")


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class FileSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    component = serializers.IntegerField(source="component_id", allow_null=True)
    component_name = serializers.CharField(source="component.name", allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=FileKind.choices)
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField(help_text=_("Dung lượng (byte)."))
    content_type = serializers.CharField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    reused_from_store = serializers.BooleanField(
        help_text=_("Tệp được lấy từ kho dữ liệu cá nhân.")
    )
    url = serializers.SerializerMethodField(help_text=_("Địa chỉ tải tệp về."))

    def get_url(self, stored) -> str:
        path = reverse("dossiers_api:dossier-file", args=[stored.dossier_id, stored.pk])
        return _absolute(self.context.get("request"), path)


class ResultSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("<mã hồ sơ>-KQ<n>."))
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    summary = serializers.CharField()
    file = serializers.UUIDField(source="file_id", allow_null=True)
    issued_at = serializers.DateTimeField()


class ActionRefSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    label = serializers.CharField()


class DossierListItemSerializer(serializers.Serializer):
    """A dossier in a list: what a queue shows, from the row and its joins only."""

    id = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    code = serializers.CharField(allow_null=True, help_text=_("Có khi hồ sơ được nộp."))
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="get_state_display")
    national_status = serializers.IntegerField(
        allow_null=True, help_text=_("Mã trạng thái đồng bộ với Cổng Dịch vụ công quốc gia (1–10).")
    )
    procedure = ProcedureRefSerializer(source="*")
    channel = ChannelKindField()
    applicant_name = serializers.CharField()
    receiving_unit = AgencyRefSerializer()
    competent_agency = AgencyRefSerializer()
    processing_unit = AgencyRefSerializer(allow_null=True)
    assignee = UserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    flags = serializers.ListField(
        source="tracking_flags",
        child=serializers.ChoiceField(choices=[(f, f) for f in SWEEP_FLAGS]),
        help_text=_(
            "Cảnh báo do việc rà soát thời hạn (5 phút một lần) ghi: late, due_soon (hồ sơ), "
            "step_late, step_due_soon (bước xử lý), stuck (tồn đọng), apology_window (hôm nay "
            "là ngày cuối để xin lỗi, hẹn lại)."
        ),
    )

    def get_url(self, dossier) -> str:
        path = reverse("dossiers_api:dossier-detail", args=[dossier.pk])
        return _absolute(self.context.get("request"), path)

    def get_overdue(self, dossier) -> bool:
        """Past its due time while the clock runs (`Dossier.is_overdue`)."""
        return dossier.is_overdue()


class DossierSerializer(DossierListItemSerializer):
    """The whole dossier, with its files, results and what the requesting user may do."""

    applicant_id_number = serializers.CharField()
    applicant_phone = serializers.CharField()
    applicant_email = serializers.CharField()
    applicant_address = serializers.CharField()
    original_due_at = serializers.DateTimeField(
        allow_null=True, help_text=_("Hạn ban đầu: thống kê đúng hạn, trễ hạn tính theo hạn này.")
    )
    rescheduled_to = serializers.DateField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    return_channel = serializers.ChoiceField(choices=ReturnChannel.choices, allow_blank=True)
    delivery_channel = ReturnChannelField(help_text=_("Cách nhận kết quả người nộp đã chọn."))
    delivery_address = serializers.CharField()
    updated_at = serializers.DateTimeField()
    paused = serializers.SerializerMethodField()
    completion_requests = serializers.IntegerField()
    supplement_requests = serializers.IntegerField()
    flagged_late = serializers.BooleanField()
    files = FileSerializer(many=True)
    results = ResultSerializer(many=True)
    available_actions = serializers.SerializerMethodField()

    def get_paused(self, dossier) -> bool:
        """The clock is paused: waiting for a supplement or a payment."""
        return dossier.state in CLOCK_PAUSED

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_available_actions(self, dossier):
        """What the requesting user may do now (POST /dossiers/{id}/{action}/)."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [
            {"action": action.value, "label": str(action.label)}
            for action in available_actions(dossier, user)
        ]


class EventFileSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    def get_url(self, stored) -> str:
        path = reverse("dossiers_api:dossier-file", args=[stored.dossier_id, stored.pk])
        return _absolute(self.context.get("request"), path)


@extend_schema_field({"type": "object", "additionalProperties": {}})
class EventDataField(serializers.JSONField):
    """What the action recorded: missing papers, checklist, amounts, result code, …"""


class EventSerializer(serializers.Serializer):
    """One row of the control slip."""

    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=Action.choices)
    action_label = serializers.CharField(source="get_action_display")
    actor_name = serializers.CharField()
    actor_agency = AgencyRefSerializer(allow_null=True)
    from_state = StateField()
    to_state = StateField()
    reason = serializers.CharField()
    data = EventDataField()
    step_due_at = serializers.DateTimeField(allow_null=True)
    timeliness = serializers.ChoiceField(
        choices=Timeliness.choices,
        allow_blank=True,
        help_text=_("Bước vừa kết thúc xong trước hạn, đúng hạn hay quá hạn; trống nếu không có."),
    )
    files = EventFileSerializer(many=True)


# --- Tracking without an account (GET /track/) ---------------------------------------------


class TrackParams(Input):
    """`GET /track/` parameters: the dossier code and the secret."""

    code = _text(
        tracking.CODE_MAX_LENGTH,
        help_text=_("Mã hồ sơ, ví dụ H92.31-260309-0001 (không phân biệt chữ hoa, chữ thường)."),
    )
    verify = _text(4, help_text=_("4 số cuối số điện thoại hoặc số định danh của người nộp hồ sơ."))

    def validate_code(self, value):
        code = tracking.normalize_code(value)
        if not tracking.CODE_PATTERN.match(code):
            raise serializers.ValidationError(
                _("Mã hồ sơ chỉ gồm chữ cái, chữ số, dấu chấm và dấu gạch ngang.")
            )
        return code

    def validate_verify(self, value):
        verify = tracking.normalize_verify(value)
        if not tracking.VERIFY_PATTERN.match(verify):
            raise serializers.ValidationError(_("Cần đúng 4 chữ số."))
        return verify


class TrackedStepSerializer(serializers.Serializer):
    """One public step of the timeline: when, what, and the state after it."""

    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=Action.choices)
    label = serializers.CharField(help_text=_("Diễn giải cho người nộp."))
    state = StateField(help_text=_("Trạng thái sau bước này."))
    state_label = serializers.CharField()
    details_elsewhere = serializers.BooleanField(
        help_text=_(
            "Bước có nội dung (giấy tờ cần bổ sung, lý do, số tiền) chỉ xem được khi đăng nhập "
            "hoặc tại nơi tiếp nhận."
        )
    )


class TrackedDossierSerializer(serializers.Serializer):
    """The public view of a dossier: no personal data, no officers, no reasons."""

    code = serializers.CharField()
    procedure_name = serializers.CharField()
    receiving_unit = serializers.CharField(help_text=_("Tên nơi tiếp nhận hồ sơ."))
    state = StateField()
    state_label = serializers.CharField()
    national_status = serializers.IntegerField(
        allow_null=True, help_text=_("Mã trạng thái đồng bộ với Cổng Dịch vụ công quốc gia (1–10).")
    )
    clock_paused = serializers.BooleanField(
        help_text=_("Đang tạm dừng tính thời hạn: chờ bổ sung hồ sơ hoặc nộp phí, lệ phí.")
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text=_("Ngày giờ hẹn trả kết quả."))
    rescheduled = serializers.BooleanField(help_text=_("Cơ quan đã xin lỗi và hẹn lại ngày trả."))
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    outcome_label = serializers.CharField()
    timeline = TrackedStepSerializer(many=True)
