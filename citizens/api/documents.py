"""/api/v1/me/documents/: the signed-in applicant's personal document store, nobody else's.

A document of another user is answered exactly like one that does not exist (404). Views
validate, call one service or selector of `citizens.documents`, serialize; the store's errors
become the API's one error shape.
"""

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import BAD_INPUT, NOT_SIGNED_IN, error_doc

from .. import documents
from ..models import DocumentKind

TAGS = ["citizens"]
NOT_FOUND = error_doc(_("Không có giấy tờ này trong kho dữ liệu của bạn."))
DOCUMENT_ID = OpenApiParameter(
    "id", OpenApiTypes.UUID, OpenApiParameter.PATH, description=_("Mã (UUID) của giấy tờ.")
)


class DocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    result_code = serializers.CharField(
        help_text=_("Mã kết quả <mã hồ sơ>-KQ<n>; rỗng với giấy tờ tự tải lên.")
    )
    issuer = serializers.CharField(help_text=_("Cơ quan cấp; rỗng với giấy tờ tự tải lên."))
    issued_at = serializers.DateTimeField(allow_null=True)
    name = serializers.CharField(source="original_name", help_text=_("Tên tệp."))
    size = serializers.IntegerField(help_text=_("Dung lượng (byte)."))
    content_type = serializers.CharField()
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()
    deletable = serializers.SerializerMethodField(help_text=_("Giấy tờ tự tải lên thì xóa được."))
    url = serializers.SerializerMethodField(
        help_text=_("Địa chỉ tải tệp về; null khi kết quả chỉ được trả bản giấy.")
    )

    def get_deletable(self, document) -> bool:
        return document.kind == DocumentKind.OWN

    def get_url(self, document) -> str | None:
        if not document.file:
            return None
        path = reverse("api-me-document-file", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentUploadSerializer(serializers.Serializer):
    """One of the applicant's own papers (multipart/form-data)."""

    file = serializers.FileField(
        allow_empty_file=True,  # citizens.files decides, with its own message
        error_messages={
            "required": _("Chưa chọn tệp."),
            "invalid": _("Không nhận được tệp; hãy gửi dạng multipart/form-data."),
            "no_name": _("Không xác định được tên tệp."),
        },
        help_text=_("PDF, JPG, PNG, DOCX, XLSX hoặc ODT."),
    )
    title = serializers.CharField(
        max_length=documents.TITLE_MAX,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"max_length": _("Tối đa {max_length} ký tự.")},
        help_text=_("Tên giấy tờ; bỏ trống thì lấy theo tên tệp."),
    )


def _api_error(error: documents.DocumentError) -> exceptions.APIException:
    if error.status == 404:
        return exceptions.NotFound(error.message)
    if error.status == 403:
        return exceptions.PermissionDenied(error.message)
    return exceptions.ValidationError(error.fields or {"non_field_errors": [str(error.message)]})


class OwnDocuments:
    """Every endpoint needs a signed-in user and reads only their own store."""

    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def handle_exception(self, exc):
        if isinstance(exc, documents.DocumentError):
            exc = _api_error(exc)
        return super().handle_exception(exc)

    def document(self, request, id):
        found = documents.document_of(owner=request.user, document_id=id)
        if found is None:
            raise documents.DocumentNotFound()
        return found


@extend_schema(tags=TAGS)
class MyDocumentsView(OwnDocuments, generics.GenericAPIView):
    serializer_class = DocumentSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        operation_id="me_documents_list",
        summary=_("Kho dữ liệu cá nhân"),
        responses={
            200: DocumentSerializer(many=True),
            401: NOT_SIGNED_IN,
            404: error_doc(_("Trang không tồn tại.")),
        },
    )
    def get(self, request):
        """The applicant's documents, newest first: results issued to them (with their
        result codes) and their own papers."""
        page = self.paginate_queryset(documents.documents_of(request.user))
        data = DocumentSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="me_documents_create",
        summary=_("Thêm giấy tờ vào kho"),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, 400: BAD_INPUT, 401: NOT_SIGNED_IN},
    )
    def post(self, request):
        """Add one of the applicant's own papers, to reuse in later dossiers. The type is read
        from the file's content, not its name."""
        body = DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        document = documents.document_add(
            owner=request.user,
            upload=body.validated_data["file"],
            title=body.validated_data["title"],
        )
        data = DocumentSerializer(document, context={"request": request}).data
        location = request.build_absolute_uri(reverse("api-me-document", args=[document.pk]))
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})


@extend_schema(tags=TAGS, parameters=[DOCUMENT_ID])
class MyDocumentView(OwnDocuments, APIView):
    @extend_schema(
        operation_id="me_documents_retrieve",
        responses={200: DocumentSerializer, 401: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def get(self, request, id):
        """One document of the applicant's store."""
        document = self.document(request, id)
        return Response(DocumentSerializer(document, context={"request": request}).data)

    @extend_schema(
        operation_id="me_documents_destroy",
        responses={
            204: None,
            401: NOT_SIGNED_IN,
            403: error_doc(_("Kết quả giải quyết không xóa được.")),
            404: NOT_FOUND,
        },
    )
    def delete(self, request, id):
        """Delete one of the applicant's own papers. Results issued by agencies stay."""
        documents.document_delete(owner=request.user, document_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=TAGS, parameters=[DOCUMENT_ID])
class MyDocumentFileView(OwnDocuments, APIView):
    @extend_schema(
        operation_id="me_documents_file_retrieve",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Nội dung tệp, với định dạng đã kiểm tra.")
            ),
            401: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, id):
        """Download the file of a document, streamed from storage."""
        document = self.document(request, id)
        if not document.file:
            raise exceptions.NotFound(_("Giấy tờ này không có tệp điện tử."))
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise exceptions.NotFound(_("Không tìm thấy tệp.")) from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type or "application/octet-stream",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def perform_content_negotiation(self, request, force=False):
        # A file, whatever the Accept header; errors are still JSON.
        return super().perform_content_negotiation(request, force=True)
