"""The usual reasons an officer gives, as codes the desk form, the admin and the API share.

A refusal (Mẫu 03) may name its ground; one ground has a consequence attached to it: a dossier
refused as not within the agency's competence tells the applicant which agency decides it
(the Mẫu 03 refusal slip; ../shared/reference/regulations.md §2.1, single-source). The service
(`dossier_refuse`) enforces it, whoever calls: the desk page, the admin or the API.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefusalGround(models.TextChoices):
    NOT_COMPETENT = "tham-quyen", _("Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan")
    CONDITIONS = "dieu-kien", _("Không đủ điều kiện giải quyết theo quy định")
    DUPLICATE = (
        "da-giai-quyet",
        _("Yêu cầu đã được giải quyết hoặc đang được giải quyết ở hồ sơ khác"),
    )
    INVALID_PAPERS = "khong-hop-le", _("Giấy tờ giả mạo, tẩy xóa hoặc không hợp lệ")


class CompletionReason(models.TextChoices):
    """The usual reasons of a completion request (Mẫu 02): the label goes into the reason."""

    MISSING = "thieu-thanh-phan", _("Thiếu thành phần hồ sơ theo quy định")
    INFORMATION = "thong-tin", _("Thông tin kê khai chưa đầy đủ, chưa chính xác")
    WRONG_FORM = "sai-mau", _("Đơn, tờ khai chưa đúng mẫu quy định")
    SIGNATURE = "chu-ky", _("Thiếu chữ ký hoặc dấu xác nhận")
    COPIES = "ban-sao", _("Bản sao chưa được chứng thực hoặc không rõ nét")
    EXPIRED = "het-hieu-luc", _("Giấy tờ đã hết hiệu lực")
    INCONSISTENT = "khong-thong-nhat", _("Thông tin giữa các giấy tờ không thống nhất")


def with_label(label, details: str) -> str:
    """A reason as the slip prints it: the usual reason's label, then the officer's words."""
    parts = [str(label or ""), (details or "").strip()]
    return ". ".join(p.rstrip(".") for p in parts if p) + "."
