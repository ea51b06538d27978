"""The consultation API. Each view validates its input, calls one selector or service,
serializes; the services' errors are answered in the one error shape by
`common.api.exception_handler`.

- GET  /consultations/: those addressed to my agencies and those asked about dossiers I
  process (`direction=to|from`, `state=`), open first by due time; paginated by page;
- GET  /consultations/<id>/: one consultation I may see;
- POST /consultations/<id>/answer/: the consulted agency's answer (JSON or multipart with a
  `file`);
- POST /consultations/<id>/cancel/: the asking side cancels it, with a reason;
- GET, POST /dossiers/<id>/consultations/: the consultations of a dossier I may see; ask.
"""

import uuid

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import (
    ACTION_ERRORS,
    BAD_INPUT,
    NOT_ALLOWED,
    NOT_SIGNED_IN,
    PageNumberPagination,
    error_doc,
)

from .. import selectors as dossier_selectors
from ..errors import NotAllowed, NotFound
from . import selectors, services
from .models import ConsultationState

TAGS = ["consultations"]
NOT_FOUND = error_doc(_("Không có (hoặc bạn không được xem) hồ sơ, yêu cầu này."))
CONFLICT = error_doc(_("Trạng thái hiện tại không cho phép thao tác này."))
CONSULTATION_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Mã yêu cầu xin ý kiến.")
)
DOSSIER_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description=_("Mã (UUID) của hồ sơ.")
)
NOT_FOUND_MESSAGE = _("Không tìm thấy yêu cầu xin ý kiến.")


# ---- Serializers ------------------------------------------------------------------------------

# Documented as a plain string: an enum under the property name "state" would collide with
# the dossier's StateEnum (drf-spectacular renames both and warns) unless the settings'
# ENUM_NAME_OVERRIDES named this choice set.
CONSULTATION_STATE = {
    "type": "string",
    "description": "open: chờ trả lời; answered: đã trả lời; cancelled: đã hủy.",
}


@extend_schema_field(CONSULTATION_STATE)
class ConsultationStateField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ConsultationState.choices, **kwargs)


class ConsultationAgencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ConsultationFileSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField(help_text=_("Dung lượng (byte)."))
    content_type = serializers.CharField()
    url = serializers.SerializerMethodField(help_text=_("Địa chỉ tải tệp (cần đăng nhập)."))

    def get_url(self, stored) -> str:
        consultation = self.context["consultation"]
        path = reverse("workspaces:consult_file", args=[consultation.pk, stored.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ConsultationDossierSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField(allow_null=True)
    procedure = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="version.name")
    applicant_name = serializers.CharField()


class ConsultationSerializer(serializers.Serializer):
    """What both sides see: never more of the dossier than its code, procedure and applicant's
    name, and only the files shared with the consultation."""

    id = serializers.IntegerField()
    dossier = ConsultationDossierSerializer()
    from_agency = ConsultationAgencySerializer()
    to_agency = ConsultationAgencySerializer()
    state = ConsultationStateField()
    state_label = serializers.CharField(source="get_state_display")
    question = serializers.CharField()
    days = serializers.DecimalField(
        source="budget_days",
        max_digits=4,
        decimal_places=1,
        help_text=_("Thời hạn trả lời (ngày làm việc)."),
    )
    asked_at = serializers.DateTimeField()
    asked_by = serializers.CharField(source="asked_by.get_full_name")
    due_at = serializers.DateTimeField()
    overdue = serializers.SerializerMethodField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_by = serializers.CharField(
        source="answered_by.get_full_name", allow_null=True, default=None
    )
    timeliness = serializers.CharField(
        allow_null=True, help_text=_("early, on_time hoặc late khi đã trả lời.")
    )
    answer_file = serializers.UUIDField(source="answer_file_id", allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    files = serializers.SerializerMethodField()

    def get_overdue(self, consultation) -> bool:
        return consultation.is_overdue(self.context["now"])

    @extend_schema_field(ConsultationFileSerializer(many=True))
    def get_files(self, consultation) -> list[dict]:
        context = {**self.context, "consultation": consultation}
        return ConsultationFileSerializer(consultation.files.all(), many=True, context=context).data


class AskSerializer(serializers.Serializer):
    agency = serializers.CharField(max_length=35, help_text=_("Mã cơ quan được xin ý kiến."))
    question = serializers.CharField(max_length=services.TEXT_MAX)
    days = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        help_text=_("Thời hạn trả lời, ngày làm việc (0,5 đến 30, bước 0,5)."),
    )
    files = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        help_text=_("Tệp của hồ sơ gửi kèm."),
    )

    def to_service(self) -> dict:
        data = self.validated_data
        return {
            "agency_code": data["agency"],
            "question": data["question"],
            "days": data["days"],
            "file_ids": [str(pk) for pk in data["files"]],
        }


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=services.TEXT_MAX)
    file = serializers.FileField(required=False, help_text=_("Tệp trả lời (multipart)."))


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=services.TEXT_MAX)


class ListParams(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=[("to", "to"), ("from", "from"), ("all", "all")], required=False, default="all"
    )
    state = ConsultationStateField(required=False, default="")


# ---- Views ------------------------------------------------------------------------------------


def _body(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


def _consultation_or_404(request, pk):
    consultation = selectors.consultation_for(request.user, pk)
    if consultation is None:
        raise NotFound(NOT_FOUND_MESSAGE)
    return consultation


def _one(request, pk, status_code=status.HTTP_200_OK):
    consultation = _consultation_or_404(request, pk)
    context = {"request": request, "now": timezone.now()}
    return Response(ConsultationSerializer(consultation, context=context).data, status=status_code)


class SignedIn:
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []


@extend_schema(tags=TAGS)
class ConsultationListView(SignedIn, generics.GenericAPIView):
    pagination_class = PageNumberPagination
    serializer_class = ConsultationSerializer

    @extend_schema(
        operation_id="consultations_list",
        parameters=[ListParams],
        responses={200: ConsultationSerializer(many=True), 400: BAD_INPUT, 401: NOT_SIGNED_IN},
    )
    def get(self, request):
        """Consultations addressed to the agencies where I am a specialist, head of unit or
        leader (`direction=to`), asked about the dossiers I process (`from`), or both (`all`,
        the default); open ones first by due time."""
        params = ListParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = selectors.consultations_for(
            request.user,
            direction=params.validated_data["direction"],
            state=params.validated_data["state"],
        ).prefetch_related("files")
        page = self.paginate_queryset(found)
        context = {"request": request, "now": timezone.now()}
        data = ConsultationSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)


@extend_schema(tags=TAGS, parameters=[CONSULTATION_ID])
class ConsultationDetailView(SignedIn, APIView):
    @extend_schema(
        operation_id="consultations_retrieve",
        responses={200: ConsultationSerializer, 401: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def get(self, request, id):
        """One consultation: the question, the files shared, the answer."""
        return _one(request, id)


@extend_schema(tags=TAGS, parameters=[CONSULTATION_ID])
class ConsultationAnswerView(SignedIn, APIView):
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        operation_id="consultations_answer",
        request={
            "application/json": AnswerSerializer,
            "multipart/form-data": AnswerSerializer,
        },
        responses={
            200: ConsultationSerializer,
            **ACTION_ERRORS,
        },
    )
    def post(self, request, id):
        """The consulted agency's answer, once: a text and optionally a file, kept with the
        dossier."""
        body = _body(AnswerSerializer, request)
        services.consultation_answer(
            consultation_id=_int(id),
            actor=request.user,
            answer=body.validated_data["answer"],
            upload=body.validated_data.get("file"),
        )
        return _one(request, id)


@extend_schema(tags=TAGS, parameters=[CONSULTATION_ID])
class ConsultationCancelView(SignedIn, APIView):
    @extend_schema(
        operation_id="consultations_cancel",
        request=CancelSerializer,
        responses={
            200: ConsultationSerializer,
            **ACTION_ERRORS,
        },
    )
    def post(self, request, id):
        """The asking side cancels an open consultation, with a reason."""
        body = _body(CancelSerializer, request)
        services.consultation_cancel(
            consultation_id=_int(id), actor=request.user, reason=body.validated_data["reason"]
        )
        return _one(request, id)


@extend_schema(tags=TAGS, parameters=[DOSSIER_ID])
class DossierConsultationsView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_consultations_list",
        responses={
            200: ConsultationSerializer(many=True),
            401: NOT_SIGNED_IN,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
        },
    )
    def get(self, request, id):
        """The consultations of a dossier I may see, in the order asked."""
        dossier = dossier_selectors.dossier_detail_for(request.user, _uuid(id))
        if dossier is None:
            raise NotFound()
        if not services.processes(dossier, request.user):
            raise NotAllowed(_("Chỉ cán bộ xử lý hồ sơ mới xem được các yêu cầu xin ý kiến."))
        context = {"request": request, "now": timezone.now()}
        found = selectors.consultations_of_dossier(dossier)
        return Response(ConsultationSerializer(found, many=True, context=context).data)

    @extend_schema(
        operation_id="dossiers_consultations_create",
        request=AskSerializer,
        responses={
            201: ConsultationSerializer,
            **ACTION_ERRORS,
        },
    )
    def post(self, request, id):
        """Ask another agency for its opinion (liên thông) while the dossier is in progress:
        the dossier's specialist or head of unit; the budget in working days must end no later
        than the dossier's due time, whose clock keeps running."""
        body = _body(AskSerializer, request)
        consultation = services.consultation_ask(
            dossier_id=_uuid(id), actor=request.user, **body.to_service()
        )
        return _one(request, consultation.pk, status.HTTP_201_CREATED)


def _uuid(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound() from None


def _int(value) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise NotFound(NOT_FOUND_MESSAGE) from None
