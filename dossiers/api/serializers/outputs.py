"""Dossiers out: a dossier in a list, the whole dossier with its files and results, its events
(the control slip)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...deadlines import Timeliness
from ...models import SWEEP_FLAGS, FileKind, SignatureStatus
from ...models.dossier import overdue, sweep_flags
from ...moments import OFFICIAL_RECEPTION_AT, RECEIVED_AT, SENT_AT
from ...services import available_actions
from ...signing.issue import verify_url
from ...states import CLOCK_PAUSED, NATIONAL_STATUS, Action, Outcome, ReturnChannel, State
from .fields import ChannelKindField, ReturnChannelField, StateField, current_zone, iso_time


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
    file = serializers.UUIDField(
        source="file_id",
        allow_null=True,
        help_text=_("Văn bản kết quả đã ký số; rỗng khi chưa ký hoặc kết quả bản giấy."),
    )
    issued_at = serializers.DateTimeField()
    issue_number = serializers.CharField(help_text=_("Số văn bản, ví dụ 12/KQ-UBND."))
    signer_name = serializers.CharField()
    signer_title = serializers.CharField()
    signature_status = serializers.ChoiceField(choices=SignatureStatus.choices)
    signed_at = serializers.DateTimeField(allow_null=True)
    verify_url = serializers.SerializerMethodField(
        help_text=_("Trang xác thực công khai của văn bản (theo mã xác thực); rỗng nếu không có.")
    )

    @extend_schema_field(serializers.CharField())
    def get_verify_url(self, result) -> str:
        return verify_url(result) if result.verification_code else ""


class ActionRefSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    label = serializers.CharField()


class FastListSerializer(serializers.ListSerializer):
    """A page of list items built from plain rows (`selectors.list_rows`) by
    `DossierListItemSerializer.item`: DRF's field-by-field walk over model instances cost about
    a millisecond per row, most of a queue's time. The same answer as the fields give
    (tests/dossiers/test_api_list.py compares both)."""

    def to_representation(self, data):
        page = _Page(self.child.context.get("request"))
        return [self.child.item(row, page) for row in data]


class _Page:
    """What every item of a page shares: the time, the URL pattern, the time zone."""

    PLACEHOLDER = "00000000-0000-0000-0000-000000000000"

    def __init__(self, request):
        self.now = timezone.now()
        path = reverse("dossiers_api:dossier-detail", args=[self.PLACEHOLDER])
        self.url = _absolute(request, path)
        self.zone = current_zone()

    def dossier_url(self, pk) -> str:
        return self.url.replace(self.PLACEHOLDER, str(pk))

    def when(self, value):
        return iso_time(value, self.zone)


class DossierListItemSerializer(serializers.Serializer):
    """A dossier in a list: what a queue shows, from the row and its joins only."""

    class Meta:
        list_serializer_class = FastListSerializer

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
    sent_at = serializers.DateTimeField(allow_null=True, help_text=SENT_AT)
    official_reception_at = serializers.DateTimeField(
        allow_null=True, help_text=OFFICIAL_RECEPTION_AT
    )
    received_at = serializers.DateTimeField(allow_null=True, help_text=RECEIVED_AT)
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

    @staticmethod
    def item(row, page) -> dict:
        """What the fields above give for a dossier, from its row (`selectors.list_rows`),
        written out (see `FastListSerializer`)."""

        def moment(name):
            return page.when(row[name])

        state = row["state"]
        assignee = row["assignee_id"]
        return {
            "id": str(row["id"]),
            "url": page.dossier_url(row["id"]),
            "code": row["code"],
            "state": state,
            "state_label": str(State(state).label),
            "national_status": NATIONAL_STATUS[State(state)],
            "procedure": {
                "code": row["procedure__code"],
                "name": row["version__name"],
                "version": row["version__number"],
            },
            "channel": row["channel"],
            "applicant_name": row["applicant_name"],
            "receiving_unit": row["receiving_unit"],
            "competent_agency": row["competent_agency"],
            "processing_unit": row["processing_unit"],
            "assignee": {"id": assignee, "name": row["assignee_name"]} if assignee else None,
            "created_at": moment("created_at"),
            "sent_at": moment("sent_at"),
            "official_reception_at": moment("official_reception_at"),
            "received_at": moment("received_at"),
            "due_at": moment("due_at"),
            "overdue": overdue(state, row["due_at"], page.now),
            "flags": sweep_flags(
                row["due_flag"], row["step_flag"], row["stuck"], row["apology_window"]
            ),
        }


class DossierSerializer(DossierListItemSerializer):
    """The whole dossier, with its files, results and what the requesting user may do."""

    class Meta:
        list_serializer_class = serializers.ListSerializer  # not the list items' shortcut

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
