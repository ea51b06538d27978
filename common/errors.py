"""The one error hierarchy of the services: each error carries its HTTP status, a code, a
translated message and, for bad input, the fields it concerns. The API answers them in the
one error shape (`common.api.errors.exception_handler`); pages put them on their forms
(`common.forms.add_service_error`)."""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    status = 400
    code = "invalid"
    default_message = _("Yêu cầu không hợp lệ.")

    def __init__(self, message=None, *, fields=None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))


class BadInput(ServiceError):
    """400: the request is malformed or incomplete; `fields` names what is wrong."""


class NotAllowed(ServiceError):
    """403: the user may see the thing but not do this."""

    status = 403
    code = "permission_denied"
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class NotFound(ServiceError):
    """404: no such thing, or not one this user may see."""

    status = 404
    code = "not_found"
    default_message = _("Không tìm thấy.")


class Conflict(ServiceError):
    """409: not possible in the current state, or someone else acted first."""

    status = 409
    code = "conflict"
    default_message = _("Thao tác không thực hiện được ở trạng thái hiện tại.")
