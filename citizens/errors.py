"""Errors of the citizens services, each with a code and a translated message."""

from django.utils.translation import gettext_lazy as _


class CodeError(Exception):
    """A one-time code was refused, or cannot be sent now."""

    MESSAGES = {
        "no_code": _("Chưa có mã xác minh nào còn hiệu lực. Vui lòng gửi lại mã."),
        "wrong": _("Mã xác minh không đúng."),
        "expired": _("Mã xác minh đã hết hạn. Vui lòng gửi lại mã."),
        "too_many_attempts": _("Bạn đã nhập sai quá nhiều lần. Vui lòng gửi lại mã mới."),
        "too_soon": _("Vui lòng đợi một phút rồi hãy gửi lại mã."),
        "too_many_codes": _("Bạn đã yêu cầu quá nhiều mã. Vui lòng thử lại sau một giờ."),
        "no_destination": _("Tài khoản chưa khai địa chỉ nhận mã."),
    }

    def __init__(self, code: str):
        self.code = code
        self.message = self.MESSAGES[code]
        super().__init__(str(self.message))
