"""The errors a dossier service raises: the common hierarchy (common.errors) with the
dossier's own default messages. The API and the pages map each to its HTTP status."""

from django.utils.translation import gettext_lazy as _

from common import errors

DossierError = errors.ServiceError


class BadInput(errors.BadInput):
    """400: the request is malformed or incomplete; `fields` names what is wrong."""


class NotAllowed(errors.NotAllowed):
    """403: the user may see the dossier but not do this."""

    default_message = _("Bạn không có quyền thực hiện thao tác này trên hồ sơ.")


class NotFound(errors.NotFound):
    """404: no such dossier, or not one this user may see."""

    default_message = _("Không tìm thấy hồ sơ.")


class Conflict(errors.Conflict):
    """409: not possible in the dossier's current state, or another officer acted first."""

    default_message = _("Thao tác không thực hiện được ở trạng thái hiện tại của hồ sơ.")
