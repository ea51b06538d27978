"""The errors a dossier service raises; the API and the pages map each to its HTTP status."""

from django.utils.translation import gettext_lazy as _


class DossierError(Exception):
    status = 400
    code = "invalid"
    default_message = _("Yêu cầu không hợp lệ.")

    def __init__(self, message=None, *, fields=None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))


class BadInput(DossierError):
    """400: the request is malformed or incomplete; `fields` names what is wrong."""


class NotAllowed(DossierError):
    """403: the user may see the dossier but not do this."""

    status = 403
    code = "permission_denied"
    default_message = _("Bạn không có quyền thực hiện thao tác này trên hồ sơ.")


class NotFound(DossierError):
    """404: no such dossier, or not one this user may see."""

    status = 404
    code = "not_found"
    default_message = _("Không tìm thấy hồ sơ.")


class Conflict(DossierError):
    """409: not possible in the dossier's current state, or another officer acted first."""

    status = 409
    code = "conflict"
    default_message = _("Thao tác không thực hiện được ở trạng thái hiện tại của hồ sơ.")
