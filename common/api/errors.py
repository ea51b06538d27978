"""The project's one error shape: {"code", "message", "fields"}, with translated messages.

400 bad input, 401 not signed in, 403 not allowed, 404 absent (or not yours), 409 state
conflict. Views raise DRF exceptions or `Conflict`; Django's own Http404 and
PermissionDenied are mapped too, and so are the services' errors (`common.errors`: each
carries its status, code, message and fields). `ErrorSerializer` and the documented
responses (`BAD_INPUT`, `NOT_SIGNED_IN`, `NOT_ALLOWED`, `NOT_FOUND`, `CONFLICT`) describe it
in the OpenAPI schema.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from common.errors import ServiceError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Thao tác không thực hiện được ở trạng thái hiện tại.")
    default_code = "conflict"


_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
}
_MESSAGES = {
    400: _("Dữ liệu gửi lên không hợp lệ."),
    401: _("Bạn cần đăng nhập để thực hiện thao tác này."),
    403: _("Bạn không có quyền thực hiện thao tác này."),
    404: _("Không tìm thấy."),
    405: _("Phương thức không được hỗ trợ."),
    406: _("Không trả được dữ liệu theo định dạng yêu cầu."),
    415: _("Định dạng dữ liệu gửi lên không được hỗ trợ."),
    429: _("Quá nhiều yêu cầu. Vui lòng thử lại sau."),
}
# DRF raises these with English messages that its Vietnamese catalog lacks and that say no
# more than the status (Retry-After and WWW-Authenticate are kept): answer with ours.
_FRAMEWORK_ERRORS = (
    exceptions.NotAuthenticated,
    exceptions.AuthenticationFailed,
    exceptions.NotAcceptable,
    exceptions.UnsupportedMediaType,
    exceptions.ParseError,
    exceptions.Throttled,
)


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [
            str(item) if not isinstance(item, (dict, list)) else _flatten(item) for item in detail
        ]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        set_rollback()
        return error_response(exc.status, exc.message, code=exc.code, fields=_flatten(exc.fields))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = _CODES.get(response.status_code, "error")
    detail = getattr(exc, "detail", None)
    fields = {}
    if isinstance(detail, (dict, list)) and response.status_code == 400:
        fields = (
            _flatten(detail) if isinstance(detail, dict) else {"non_field_errors": _flatten(detail)}
        )
        message = str(_MESSAGES[400])
    elif isinstance(exc, _FRAMEWORK_ERRORS):
        message = str(_MESSAGES[response.status_code])
    else:
        message = str(detail) if detail else str(_MESSAGES.get(response.status_code, ""))
        if hasattr(detail, "code") and detail.code not in (None, "error"):
            code = detail.code if response.status_code != 400 else code
    body = {"code": code, "message": message, "fields": fields}
    return Response(body, status=response.status_code, headers=_keep_headers(response))


def _keep_headers(response):
    return {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}


def error_response(status_code, message, code=None, fields=None):
    return Response(
        {
            "code": code or _CODES.get(status_code, "error"),
            "message": str(message),
            "fields": fields or {},
        },
        status=status_code,
    )


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


def error_doc(description) -> OpenApiResponse:
    """An error answer in the OpenAPI schema: the one shape, with what it means here."""
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_INPUT = error_doc(_("Dữ liệu gửi lên không hợp lệ."))
NOT_SIGNED_IN = error_doc(_("Chưa đăng nhập."))
NOT_ALLOWED = error_doc(_("Không có quyền thực hiện."))
NOT_FOUND = error_doc(_("Không tìm thấy."))
CONFLICT = error_doc(_("Không thực hiện được ở trạng thái hiện tại."))

# The answers of any action on a resource besides its success: the schema's one list.
ACTION_ERRORS = {
    400: BAD_INPUT,
    401: NOT_SIGNED_IN,
    403: NOT_ALLOWED,
    404: NOT_FOUND,
    409: CONFLICT,
}
