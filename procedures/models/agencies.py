"""Agencies (in a tree, with opaque codes) and the staff's memberships, with every role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

agency_code_validator = RegexValidator(
    r"^[A-Z0-9.]{1,35}$",
    _("Mã định danh gồm tối đa 35 ký tự: chữ in hoa A-Z, chữ số 0-9 và dấu chấm."),
)


class Level(models.TextChoices):
    """Administrative levels. District is kept for history only (abolished 1/7/2025)."""

    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class Role(models.TextChoices):
    """Every role of the portal. Agency roles are held through a Membership."""

    CITIZEN = "citizen", _("Công dân, tổ chức")
    DESK_OFFICER = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    HEAD_OF_UNIT = "head_of_unit", _("Trưởng phòng")
    LEADER = "leader", _("Lãnh đạo")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


AGENCY_ROLES = (
    Role.DESK_OFFICER,
    Role.SPECIALIST,
    Role.HEAD_OF_UNIT,
    Role.LEADER,
    Role.AGENCY_ADMIN,
)


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    POLICE = "police", _("Công an")
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
    UNIT = "unit", _("Phòng, đơn vị trực thuộc")
    OTHER = "other", _("Khác")


class Agency(models.Model):
    """A state agency or unit, in a tree. Codes are opaque (QĐ 20/2020): never parsed."""

    code = models.CharField(
        _("mã định danh"), max_length=35, unique=True, validators=[agency_code_validator]
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=AgencyKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan kế thừa (sau sáp nhập)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    closed_on = models.DateField(_("ngày chấm dứt hoạt động"), null=True, blank=True)
    province_code = models.PositiveIntegerField(
        _("mã tỉnh/thành phố"),
        null=True,
        blank=True,
        help_text=_("Theo danh mục đơn vị hành chính."),
    )
    ward_code = models.PositiveIntegerField(
        _("mã xã/phường"), null=True, blank=True, help_text=_("Theo danh mục đơn vị hành chính.")
    )
    street_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    has_desk = models.BooleanField(
        _("có Bộ phận Một cửa"),
        default=False,
        help_text=_("Đơn vị tiếp nhận hồ sơ và trả kết quả (Bộ phận Một cửa)."),
    )
    desk_hours = models.CharField(_("giờ tiếp nhận"), max_length=255, blank=True)
    stuck_after_hours = models.PositiveSmallIntegerField(
        _("cảnh báo hồ sơ tồn đọng sau (giờ làm việc)"),
        null=True,
        blank=True,
        help_text=_(
            "Hồ sơ do đơn vị đang giữ mà không có thao tác nào trong chừng ấy giờ làm việc được "
            "đánh dấu tồn đọng và báo cho cán bộ. Để trống: theo mặc định của hệ thống (8)."
        ),
    )

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.closed_on is None or self.closed_on > timezone.localdate()

    def clean(self):
        if self.parent_id and self.pk and self._is_descendant(self.parent_id):
            raise ValidationError({"parent": _("Một cơ quan không thể là cấp trên của chính nó.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Một cơ quan không thể kế thừa chính nó.")})

    def _is_descendant(self, agency_id):
        """True if `agency_id` is this agency or lies below it (walks up from `agency_id`)."""
        seen = set()
        while agency_id and agency_id not in seen:
            if agency_id == self.pk:
                return True
            seen.add(agency_id)
            agency_id = (
                Agency.objects.filter(pk=agency_id).values_list("parent_id", flat=True).first()
            )
        return False

    @property
    def address(self):
        """Street address plus the ward and province names from the administrative list."""
        from ..geography import ward_and_province_names

        parts = [self.street_address] if self.street_address else []
        parts += ward_and_province_names(self.ward_code, self.province_code)
        return ", ".join(p for p in parts if p)


class Membership(models.Model):
    """A staff member's role in an agency: the source of every staff permission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("vai trò"), max_length=32, choices=[(r.value, r.label) for r in AGENCY_ROLES]
    )
    title = models.CharField(
        _("chức danh"),
        max_length=100,
        blank=True,
        help_text=_(
            "Chức danh in dưới chữ ký trên văn bản, ví dụ: Chủ tịch, KT. Chủ tịch – Phó Chủ tịch."
        ),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
