"""The dossier API. Each view validates its input, calls one selector or service, serializes.

Visibility comes from `dossiers.selectors`, every change from `dossiers.services` (which
re-check who may do what); the services' errors (`dossiers.errors`) are answered in the one
error shape by `common.api.exception_handler`.
"""

import uuid

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, parsers, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ACTION_ERRORS, BAD_INPUT, NOT_SIGNED_IN, error_doc

from .. import selectors, services, tracking
from ..errors import NotFound
from ..models import SWEEP_FLAGS
from ..states import Action, State
from .pagination import DossierKeysetPagination
from .serializers import (
    ACTION_BODIES,
    DossierCreateSerializer,
    DossierListItemSerializer,
    DossierListParams,
    DossierSerializer,
    DraftUpdateSerializer,
    EventSerializer,
    FileSerializer,
    FileUploadSerializer,
    TrackedDossierSerializer,
    TrackParams,
)

TAGS = ["dossiers"]
NOT_ALLOWED = error_doc(_("Không có quyền thực hiện thao tác này trên hồ sơ."))
NOT_FOUND = error_doc(_("Không có hồ sơ (hoặc tệp) này, hoặc bạn không được xem."))
CONFLICT = error_doc(_("Trạng thái hiện tại của hồ sơ không cho phép, hoặc người khác vừa xử lý."))
DOSSIER_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description=_("Mã (UUID) của hồ sơ.")
)


def _params(serializer_class, request):
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer


def _body(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


def _dossier_id(value) -> uuid.UUID:
    """The dossier id of the path; an id that is not a UUID is no dossier (404)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound() from None


def _detail(request, dossier_id, status_code=status.HTTP_200_OK, *, acted_on=None, **headers):
    """The dossier as the user sees it. `acted_on`: the dossier a service just returned, shown
    as is should the action have taken it out of the user's sight (a head of unit handing it
    to a sibling unit)."""
    dossier = selectors.dossier_detail_for(request.user, dossier_id) or acted_on
    if dossier is None:
        raise NotFound()
    data = DossierSerializer(dossier, context={"request": request}).data
    return Response(data, status=status_code, headers=headers or None)


class SignedIn:
    """Dossiers are personal: every endpoint needs a signed-in user (else 401)."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []  # the selectors filter; parameters are validated by a serializer


@extend_schema(tags=TAGS)
class DossierListView(SignedIn, generics.GenericAPIView):
    pagination_class = DossierKeysetPagination
    serializer_class = DossierListItemSerializer

    @extend_schema(
        operation_id="dossiers_list",
        parameters=[
            OpenApiParameter(
                "state",
                str,
                enum=State.values,
                many=True,
                explode=True,
                description=_("Trạng thái; lặp lại tham số (hoặc phân cách bằng dấu phẩy)."),
            ),
            OpenApiParameter("procedure", str, description=_("Mã thủ tục.")),
            OpenApiParameter(
                "agency",
                str,
                description=_(
                    "Mã cơ quan: nơi tiếp nhận, cơ quan có thẩm quyền hoặc đơn vị xử lý."
                ),
            ),
            OpenApiParameter("code", str, description=_("Mã hồ sơ, hoặc phần đầu của mã.")),
            OpenApiParameter(
                "due_before",
                OpenApiTypes.DATE,
                description=_("Hạn trả kết quả trong hoặc trước ngày này."),
            ),
            OpenApiParameter(
                "overdue",
                OpenApiTypes.BOOL,
                description=_(
                    "true: đã quá hạn mà chưa giải quyết xong (không tính hồ sơ đã giải quyết, "
                    "đã trả, đã dừng, bị từ chối); false: các hồ sơ còn lại."
                ),
            ),
            OpenApiParameter(
                "received_from", OpenApiTypes.DATE, description=_("Tiếp nhận từ ngày.")
            ),
            OpenApiParameter(
                "flag",
                str,
                enum=list(SWEEP_FLAGS),
                many=True,
                explode=True,
                description=_(
                    "Cảnh báo do việc rà soát thời hạn ghi (một trong các giá trị, lặp lại tham "
                    "số hoặc phân cách bằng dấu phẩy): hồ sơ mang ít nhất một cảnh báo đã chọn."
                ),
            ),
            OpenApiParameter(
                "received_to", OpenApiTypes.DATE, description=_("Tiếp nhận đến hết ngày.")
            ),
        ],
        responses={
            200: DossierListItemSerializer(many=True),
            400: BAD_INPUT,
            401: NOT_SIGNED_IN,
            404: error_doc(_("Con trỏ phân trang không hợp lệ.")),
        },
    )
    def get(self, request):
        """The dossiers of the user's queues (or their own), newest first.

        Applicants see their dossiers; staff the dossiers of the agencies where they work (as
        receiving unit, competent agency or processing unit, by their role there).
        """
        filters = _params(DossierListParams, request).to_filters()
        # The page's keys first, each of the user's queues read on its own index up to the
        # page size, then those rows with their joins: a fixed number of queries, whatever the
        # page size and however long the queues.
        ids = self.paginator.page(
            request, lambda **page: selectors.queue_keys(request.user, **page, **filters)
        )
        page = selectors.list_rows(ids)
        data = DossierListItemSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="dossiers_create",
        request=DossierCreateSerializer,
        responses={
            201: DossierSerializer,
            200: OpenApiResponse(
                DossierSerializer,
                description=_("Hồ sơ đã tạo trước đó với cùng `client_token`."),
            ),
            400: BAD_INPUT,
            401: NOT_SIGNED_IN,
        },
    )
    def post(self, request):
        """Open a draft dossier: an applicant's own (online, by post), or a walk-in's at the
        desk (in person, by a desk officer of the receiving unit). With a `client_token`, a
        repeated request answers the dossier made the first time (200)."""
        body = _body(DossierCreateSerializer, request)
        token = body.validated_data.get("client_token")
        existed = bool(token) and selectors.has_client_token(request.user, token)
        dossier = services.dossier_create(actor=request.user, **body.to_service())
        location = reverse("dossiers_api:dossier-detail", args=[dossier.pk])
        return _detail(
            request,
            dossier.pk,
            status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
            Location=request.build_absolute_uri(location),
        )


@extend_schema(tags=TAGS, parameters=[DOSSIER_ID])
class DossierDetailView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_retrieve",
        responses={200: DossierSerializer, 401: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def get(self, request, id):
        """The whole dossier: applicant, units, dates, files, results, and the actions the
        user may take now."""
        return _detail(request, _dossier_id(id))

    @extend_schema(
        operation_id="dossiers_partial_update",
        request=DraftUpdateSerializer,
        responses={
            200: DossierSerializer,
            **ACTION_ERRORS,
        },
    )
    def patch(self, request, id):
        """Change a draft before it is sent: the applicant's data and how to receive the
        result. With `expected_updated_at`, a draft changed elsewhere meanwhile is not
        overwritten (409)."""
        dossier_id = _dossier_id(id)
        changes = dict(_body(DraftUpdateSerializer, request).validated_data)
        services.dossier_update_draft(dossier_id=dossier_id, actor=request.user, **changes)
        return _detail(request, dossier_id)


@extend_schema(tags=TAGS, parameters=[DOSSIER_ID])
class DossierFilesView(SignedIn, APIView):
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        operation_id="dossiers_files_create",
        request={"multipart/form-data": FileUploadSerializer},
        responses={
            201: FileSerializer,
            **ACTION_ERRORS,
        },
    )
    def post(self, request, id):
        """Upload a file: a component of the dossier (applicant, desk) while it is a draft,
        asked to be completed or supplemented; working papers (specialist, head) while in
        progress; draft results (head, leader) while pending approval.

        The type is read from the file's content, not its name: PDF, JPG, PNG, DOCX, XLSX, ODT.
        """
        body = _body(FileUploadSerializer, request)
        stored = services.dossier_attach_file(
            dossier_id=_dossier_id(id),
            actor=request.user,
            upload=body.validated_data["file"],
            component_id=body.validated_data.get("component"),
        )
        data = FileSerializer(stored, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS, parameters=[DOSSIER_ID])
class DossierFileView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_files_retrieve",
        parameters=[
            OpenApiParameter(
                "file_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description=_("Mã tệp.")
            )
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Nội dung tệp, với định dạng đã kiểm tra.")
            ),
            401: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, id, file_id):
        """Download a file of a dossier the user may see."""
        stored = selectors.dossier_file_for(request.user, _dossier_id(id), file_id)
        if stored is None:
            raise NotFound(_("Không tìm thấy tệp."))
        try:
            handle = stored.file.open("rb")
        except FileNotFoundError:
            raise NotFound(_("Không tìm thấy tệp.")) from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=stored.original_name,
            content_type=stored.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        operation_id="dossiers_files_destroy",
        parameters=[
            OpenApiParameter(
                "file_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description=_("Mã tệp.")
            )
        ],
        responses={204: None, 401: NOT_SIGNED_IN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def delete(self, request, id, file_id):
        """Take back a file not sent yet: any file of a draft; while a completion or a
        supplement is asked, the files added since the request."""
        services.dossier_remove_file(
            dossier_id=_dossier_id(id), actor=request.user, file_id=file_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_content_negotiation(self, request, force=False):
        # A file, whatever the Accept header; errors are still JSON.
        return super().perform_content_negotiation(request, force=True)


@extend_schema(tags=TAGS, parameters=[DOSSIER_ID])
class DossierEventsView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_events_list",
        responses={200: EventSerializer(many=True), 401: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def get(self, request, id):
        """The timeline (control slip): one row per action, oldest first, with who did it,
        for which unit, the step's due time and whether the step ended early, on time or late.
        """
        events = selectors.dossier_events_for(request.user, _dossier_id(id))
        if events is None:
            raise NotFound()
        return Response(EventSerializer(events, many=True, context={"request": request}).data)


class DossierActionView(SignedIn, APIView):
    """POST /dossiers/{id}/{action}/: one subclass per action, made by `action_view`."""

    dossier_action: Action

    def act(self, request, id):
        dossier_id = _dossier_id(id)
        body = _body(ACTION_BODIES[self.dossier_action], request)
        dossier = services.SERVICES[self.dossier_action](
            dossier_id=dossier_id, actor=request.user, **body.to_service()
        )
        return _detail(request, dossier_id, acted_on=dossier)


ACTION_DOCS = {
    Action.SUBMIT: _(
        "Nộp hồ sơ (hoặc nộp lại sau khi hoàn thiện). Trực tuyến: đủ các thành phần bắt buộc; "
        "mã hồ sơ được cấp theo ngày tiếp nhận chính thức."
    ),
    Action.REQUEST_COMPLETION: _(
        "Mẫu 02: yêu cầu hoàn thiện, liệt kê đầy đủ giấy tờ một lần, nêu lý do."
    ),
    Action.REFUSE: _("Mẫu 03: từ chối tiếp nhận, nêu lý do (và cơ quan có thẩm quyền nếu khác)."),
    Action.RECEIVE: _("Mẫu 01: tiếp nhận sau khi kiểm tra đủ thành phần; bắt đầu tính hạn."),
    Action.TRANSFER: _(
        "Bộ phận Một cửa chuyển hồ sơ đã tiếp nhận cho đơn vị xử lý của cơ quan có thẩm quyền, "
        "có thể giao chuyên viên; chỉ một lần."
    ),
    Action.CLAIM: _("Chuyên viên của đơn vị xử lý nhận hồ sơ chưa được giao để tự xử lý."),
    Action.ASSIGN: _(
        "Trưởng phòng giao hồ sơ cho một chuyên viên của đơn vị xử lý (hoặc giao lại); không "
        "phải là chuyển xử lý."
    ),
    Action.REQUEST_SUPPLEMENT: _(
        "Yêu cầu bổ sung trong khi xử lý: tạm dừng tính hạn; lần thứ hai cần trưởng phòng "
        "(override) và bị tính trễ hạn."
    ),
    Action.SUPPLEMENT: _("Người nộp bổ sung hồ sơ (tệp đã tải lên): tiếp tục tính hạn."),
    Action.REQUEST_PAYMENT: _("Yêu cầu nộp phí, lệ phí: tạm dừng tính hạn."),
    Action.RECORD_PAYMENT: _("Ghi nhận đã nộp phí, lệ phí (số biên lai): tiếp tục tính hạn."),
    Action.SUBMIT_FOR_APPROVAL: _("Trình lãnh đạo phê duyệt, kèm dự thảo kết quả."),
    Action.SEND_BACK: _("Trả lại để xử lý tiếp, nêu lý do."),
    Action.APPROVE: _("Phê duyệt: kết quả được cấp mã <mã hồ sơ>-KQ<n>."),
    Action.DENY: _("Từ chối giải quyết, nêu lý do; văn bản trả lời là kết quả."),
    Action.RETURN: _(
        "Trả kết quả: tại Bộ phận Một cửa (người nhận, giấy tờ tùy thân), qua bưu chính "
        "(số hiệu bưu gửi) hoặc trực tuyến (kết quả điện tử)."
    ),
    Action.REQUEST_WITHDRAWAL: _("Người nộp xin rút hồ sơ."),
    Action.STOP: _("Dừng xử lý hồ sơ đã xin rút, nêu lý do."),
    Action.RESCHEDULE: _(
        "Mẫu 04: xin lỗi và hẹn lại ngày trả kết quả, chậm nhất một ngày làm việc trước hạn; "
        "chỉ một lần."
    ),
}


def action_view(action: Action) -> type[DossierActionView]:
    """The view of one action, documented as its own operation with its own body."""

    @extend_schema(
        tags=TAGS,
        operation_id=f"dossiers_{action.value.replace('-', '_')}",
        summary=action.label,
        description=ACTION_DOCS[action],
        parameters=[DOSSIER_ID],
        request=ACTION_BODIES[action],
        responses={
            200: DossierSerializer,
            **ACTION_ERRORS,
        },
    )
    def post(self, request, id):
        return self.act(request, id)

    name = "".join(part.title() for part in action.value.split("-"))
    return type(
        f"Dossier{name}View", (DossierActionView,), {"dossier_action": action, "post": post}
    )


@extend_schema(exclude=True)
class UnknownActionView(SignedIn, APIView):
    """Any other name after a dossier id: no such action (404 in the error shape)."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound(_("Không có thao tác này trên hồ sơ."))


# --- Tracking without an account ------------------------------------------------------------

TRACK_NOT_FOUND = _("Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối đã nhập.")


@extend_schema(tags=["tracking"])
class TrackView(APIView):
    """GET /track/?code=&verify=: anyone holding the code and the secret; no account."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    filter_backends = []

    @extend_schema(
        operation_id="track_retrieve",
        summary=_("Tra cứu hồ sơ"),
        parameters=[TrackParams],
        responses={
            200: TrackedDossierSerializer,
            400: BAD_INPUT,
            404: error_doc(
                _(
                    "Không có hồ sơ khớp: mã không có, mã xác minh sai, hồ sơ chưa nộp. "
                    "Mọi trường hợp đều trả lời như nhau."
                )
            ),
            429: error_doc(_("Quá nhiều lần tra cứu (theo địa chỉ IP hoặc theo mã hồ sơ).")),
        },
    )
    def get(self, request):
        """Status, appointment date and timeline of a dossier, without personal data.

        `verify` is the last four digits of the applicant's phone or identity number. Limited
        per client address and per code's failed lookups; over the limit the answer is 429
        with Retry-After.
        """
        params = TrackParams.plainly_valid(request.query_params)
        if params is None:
            params = _params(TrackParams, request).validated_data
        try:
            dossier = tracking.lookup(
                client=tracking.client_ip(request), code=params["code"], verify=params["verify"]
            )
        except tracking.RateLimited as limited:
            raise exceptions.Throttled(wait=limited.retry_after) from None
        if dossier is None:
            raise NotFound(TRACK_NOT_FOUND)
        data = TrackedDossierSerializer(dossier).data
        return Response(data, headers={"Cache-Control": "no-store"})
