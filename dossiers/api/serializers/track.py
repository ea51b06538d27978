"""Tracking without an account (GET /track/): its parameters and the public view of a dossier."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import Input

from ... import tracking
from ...moments import OFFICIAL_RECEPTION_AT, RECEIVED_AT, SENT_AT
from ...states import Action, Outcome
from .fields import StateField, _text, current_zone, iso_time


class TrackParams(Input):
    """`GET /track/` parameters: the dossier code and the secret."""

    code = _text(
        tracking.CODE_MAX_LENGTH,
        help_text=_("Mã hồ sơ, ví dụ H92.31-260309-0001 (không phân biệt chữ hoa, chữ thường)."),
    )
    verify = _text(4, help_text=_("4 số cuối số điện thoại hoặc số định danh của người nộp hồ sơ."))

    @staticmethod
    def plainly_valid(data) -> dict | None:
        """The validated parameters without DRF's field machinery when both are plainly
        valid, as on nearly every lookup (what `is_valid` would give: tests compare them);
        None sends them through the serializer for its messages."""
        code, verify = data.get("code"), data.get("verify")
        if not isinstance(code, str) or not isinstance(verify, str):
            return None
        code, verify = tracking.normalize_code(code), tracking.normalize_verify(verify)
        if tracking.CODE_PATTERN.match(code) and tracking.VERIFY_PATTERN.match(verify):
            return {"code": code, "verify": verify}
        return None

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
    sent_at = serializers.DateTimeField(allow_null=True, help_text=SENT_AT)
    official_reception_at = serializers.DateTimeField(
        allow_null=True, help_text=OFFICIAL_RECEPTION_AT
    )
    received_at = serializers.DateTimeField(allow_null=True, help_text=RECEIVED_AT)
    due_at = serializers.DateTimeField(allow_null=True, help_text=_("Ngày giờ hẹn trả kết quả."))
    rescheduled = serializers.BooleanField(help_text=_("Cơ quan đã xin lỗi và hẹn lại ngày trả."))
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    outcome_label = serializers.CharField()
    timeline = TrackedStepSerializer(many=True)

    def to_representation(self, view):
        """What the fields above give, written out: DRF copies every declared field of a
        serializer and its nested ones for each answer, most of a cached lookup's time
        (tests/dossiers/test_tracking.py compares both)."""
        zone = current_zone()
        answer = {name: getattr(view, name) for name in PLAIN}
        answer.update({name: iso_time(getattr(view, name), zone) for name in TIMES})
        answer.update(state_label=str(view.state_label), outcome_label=str(view.outcome_label))
        answer["timeline"] = [
            {
                "at": iso_time(step.at, zone),
                "action": step.action,
                "label": str(step.label),
                "state": step.state,
                "state_label": str(step.state_label),
                "details_elsewhere": step.details_elsewhere,
            }
            for step in view.timeline
        ]
        return {name: answer[name] for name in ORDER}


PLAIN = (
    "code procedure_name receiving_unit state national_status clock_paused rescheduled outcome"
).split()
TIMES = "sent_at official_reception_at received_at due_at resolved_at returned_at".split()
ORDER = list(TrackedDossierSerializer._declared_fields)
