"""The catalog: agencies and memberships, fields, procedures and their versions.

A procedure (thủ tục hành chính) is an identity (its national code); everything a citizen
reads lives on a `ProcedureVersion`, which takes effect on a date. A version that a dossier
has used is locked (`locked_at`) and can never be edited again: change it by publishing a
new version.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import format_quantity, normalize

agency_code_validator = RegexValidator(
    r"^[A-Z0-9.]{1,35}$",
    _("Mã định danh gồm tối đa 35 ký tự: chữ in hoa A-Z, chữ số 0-9 và dấu chấm."),
)
procedure_code_validator = RegexValidator(
    r"^[0-9A-Za-z.\-_]{1,40}$",
    _("Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch ngang và gạch dưới."),
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
        from .geography import ward_and_province_names

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
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công cán bộ")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Chứng thực."""

    code = models.SlugField(_("mã lĩnh vực"), max_length=64, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    sector = models.CharField(_("ngành"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class OnlineLevel(models.TextChoices):
    """ND 42/2022 Điều 11: online public service levels."""

    INFORMATION = "information", _("Cung cấp thông tin trực tuyến")
    PARTIAL = "partial", _("Một phần")
    FULL = "full", _("Toàn trình")


class VersionStatus(models.TextChoices):
    PUBLISHED = "published", _("Đang công khai")
    AMENDED = "amended", _("Đang công khai sửa đổi, bổ sung")
    ABOLISHED = "abolished", _("Bãi bỏ")


class ClockOnSupplement(models.TextChoices):
    PAUSE = "pause", _("Tạm dừng, tính tiếp khi nhận đủ hồ sơ bổ sung")
    RESTART = "restart", _("Tính lại từ đầu khi nhận đủ hồ sơ bổ sung")


class Procedure(models.Model):
    """The identity of an administrative procedure: its national code. Content is versioned."""

    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True, validators=[procedure_code_validator]
    )
    current_version = models.OneToOneField(
        "ProcedureVersion",
        verbose_name=_("phiên bản đang hiệu lực"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self):
        if self.current_version_id:
            return f"{self.code} — {self.current_version.name}"
        return self.code


LOCKED_MESSAGE = _(
    "Phiên bản này đã được dùng cho hồ sơ nên không thể sửa; hãy công bố phiên bản mới."
)


class VersionLocked(ValidationError):
    """Raised when something tries to change a version that a dossier has used."""


class LockedVersionMixin:
    """Refuses to save or delete rows of a locked version (asks the database, not the cache)."""

    def _version_id(self):
        return self.version_id

    def _check_unlocked(self):
        if ProcedureVersion.objects.filter(pk=self._version_id(), locked_at__isnull=False).exists():
            raise VersionLocked(LOCKED_MESSAGE)

    def save(self, *args, **kwargs):
        self._check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_unlocked()
        return super().delete(*args, **kwargs)


class ProcedureVersion(LockedVersionMixin, models.Model):
    """One published content of a procedure, in force from `effective_from`."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    effective_from = models.DateField(_("ngày hiệu lực"))
    published_at = models.DateTimeField(
        _("thời điểm công bố"), null=True, blank=True, help_text=_("Để trống: bản nháp.")
    )
    locked_at = models.DateTimeField(
        _("khoá lúc"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Phiên bản đã được hồ sơ sử dụng thì không được sửa."),
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=VersionStatus.choices,
        default=VersionStatus.PUBLISHED,
    )
    decision = models.CharField(_("quyết định công bố"), max_length=255, blank=True)

    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions"
    )
    procedure_type = models.CharField(_("loại thủ tục"), max_length=100, blank=True)
    at_central = models.BooleanField(_("cấp trung ương"), default=False)
    at_province = models.BooleanField(_("cấp tỉnh"), default=False)
    at_district = models.BooleanField(_("cấp huyện (lịch sử)"), default=False)
    at_commune = models.BooleanField(_("cấp xã"), default=False)
    competent_authority = models.CharField(_("cơ quan có thẩm quyền"), max_length=500)
    implementing_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan thực hiện"), blank=True, related_name="procedure_versions"
    )
    for_individuals = models.BooleanField(_("cá nhân"), default=True)
    for_organisations = models.BooleanField(_("tổ chức"), default=False)
    applicants = models.TextField(_("đối tượng thực hiện"), blank=True)
    steps = models.TextField(_("trình tự thực hiện"))
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"))
    legal_basis = models.JSONField(
        _("căn cứ pháp lý"),
        default=list,
        blank=True,
        help_text=_(
            'Danh sách văn bản: [{"number": ..., "title": ..., "issued_on": "YYYY-MM-DD"}]'
        ),
    )
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=16,
        choices=OnlineLevel.choices,
        default=OnlineLevel.INFORMATION,
    )
    legacy_level = models.PositiveSmallIntegerField(
        _("mức độ cũ (1–4)"), null=True, blank=True, choices=[(i, str(i)) for i in range(1, 5)]
    )
    clock_on_supplement = models.CharField(
        _("thời hạn khi yêu cầu bổ sung"),
        max_length=16,
        choices=ClockOnSupplement.choices,
        default=ClockOnSupplement.PAUSE,
    )
    source_note = models.TextField(
        _("ghi chú nguồn"),
        blank=True,
        help_text=_("Nguồn dữ liệu; các chi tiết chưa được kiểm chứng ghi rõ tại đây."),
    )
    search_text = models.TextField(editable=False, blank=True, db_index=False)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_version_number"),
        ]

    def __str__(self):
        return f"{self.procedure.code} v{self.number} — {self.name}"

    def save(self, *args, **kwargs):
        self._check_unlocked()
        self.search_text = normalize(f"{self.name} {self.procedure.code}")
        models.Model.save(self, *args, **kwargs)

    def _check_unlocked(self):
        if self.pk and type(self).objects.filter(pk=self.pk, locked_at__isnull=False).exists():
            raise VersionLocked(LOCKED_MESSAGE)

    @property
    def is_draft(self):
        return self.published_at is None

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def levels(self):
        return [
            level
            for level, flag in (
                (Level.CENTRAL, self.at_central),
                (Level.PROVINCE, self.at_province),
                (Level.DISTRICT, self.at_district),
                (Level.COMMUNE, self.at_commune),
            )
            if flag
        ]

    @property
    def accepts_online(self):
        return self.online_level in (OnlineLevel.PARTIAL, OnlineLevel.FULL) and (
            self.status != VersionStatus.ABOLISHED
        )


class CopyKind(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    CERTIFIED = "certified", _("Bản sao có chứng thực")
    PHOTOCOPY = "photocopy", _("Bản sao")


class Component(LockedVersionMixin, models.Model):
    """A paper the applicant provides (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    template = models.FileField(
        _("mẫu đơn, tờ khai"), upload_to="templates/%Y/", blank=True, max_length=255
    )
    template_name = models.CharField(_("tên mẫu"), max_length=255, blank=True)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("số bản sao chứng thực"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    required = models.BooleanField(_("bắt buộc"), default=True)
    from_document_store = models.BooleanField(_("có thể lấy từ kho dữ liệu cá nhân"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def copies(self):
        """[(CopyKind, count)] for the kinds asked for."""
        return [
            (kind, count)
            for kind, count in (
                (CopyKind.ORIGINAL, self.originals),
                (CopyKind.CERTIFIED, self.certified_copies),
                (CopyKind.PHOTOCOPY, self.photocopies),
            )
            if count
        ]


class ChannelKind(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính công ích")


class DurationUnit(models.TextChoices):
    HOUR = "hour", _("giờ")
    WORKING_DAY = "working_day", _("ngày làm việc")
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")


class Channel(LockedVersionMixin, models.Model):
    """A way to submit (cách thức thực hiện), with its own processing time and fees."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    kind = models.CharField(_("hình thức nộp"), max_length=16, choices=ChannelKind.choices)
    duration_value = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 nghĩa là giải quyết ngay trong ngày."),
    )
    duration_unit = models.CharField(_("đơn vị"), max_length=16, choices=DurationUnit.choices)
    duration_text = models.TextField(_("thời hạn theo văn bản"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["version", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="unique_channel_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.duration_label}"

    def _check_unlocked_for_child(self):
        self._check_unlocked()

    @property
    def duration_label(self):
        if self.duration_value == 0:
            return _("Trong ngày")
        return f"{format_quantity(self.duration_value)} {self.get_duration_unit_display()}"


class FeeKind(models.TextChoices):
    CHARGE = "charge", _("Lệ phí")
    FEE = "fee", _("Phí")


class FeeLine(models.Model):
    """One line of fees or charges of a channel."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("cách thức"), on_delete=models.CASCADE, related_name="fees"
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=FeeKind.choices, default=FeeKind.CHARGE
    )
    description = models.CharField(_("nội dung"), max_length=500)
    amount = models.DecimalField(_("mức thu (đồng)"), max_digits=14, decimal_places=0)
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    cap = models.DecimalField(
        _("mức tối đa (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    exemptions = models.TextField(_("miễn, giảm"), blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["channel", "id"]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        self.channel._check_unlocked_for_child()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.channel._check_unlocked_for_child()
        return super().delete(*args, **kwargs)


class ProcessStep(LockedVersionMixin, models.Model):
    """A step of the internal process (quy trình nội bộ) with its time budget."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="process_steps"
    )
    order = models.PositiveIntegerField(_("bước"))
    name = models.CharField(_("nội dung công việc"), max_length=500)
    responsible_unit = models.CharField(_("đơn vị, người thực hiện"), max_length=255)
    responsible_role = models.CharField(
        _("vai trò thực hiện"),
        max_length=32,
        choices=[(r.value, r.label) for r in AGENCY_ROLES],
        blank=True,
    )
    budget_value = models.DecimalField(
        _("thời gian"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    budget_unit = models.CharField(
        _("đơn vị"), max_length=16, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAY
    )

    class Meta:
        verbose_name = _("bước xử lý nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_step_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"


# --- The working-day calendar ------------------------------------------------------------------


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class CalendarDay(models.Model):
    """A day an administrator declares, on top of the public holidays the portal already knows.

    Each year the Government announces extra days off (the extra days of Tết, a swap's day off)
    and make-up working days (a worked Saturday). A row without a province applies nationwide;
    a row for a province overrides a nationwide row of the same date. `procedures.calendar`
    reads these rows; nothing else decides whether a day is worked.
    """

    date = models.DateField(_("ngày"))
    province_code = models.PositiveIntegerField(
        _("mã tỉnh/thành phố"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu áp dụng trên toàn quốc."),
    )
    kind = models.CharField(_("loại ngày"), max_length=16, choices=DayKind.choices)
    name = models.CharField(
        _("tên"),
        max_length=255,
        help_text=_("Ví dụ: “Nghỉ Tết Nguyên đán”, “Làm bù cho ngày 31/8”."),
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Căn cứ, văn bản thông báo."))

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["date", "province_code"]
        constraints = [
            # Two partial indexes: a plain unique (date, province_code) lets NULLs repeat.
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(province_code__isnull=True),
                name="unique_calendar_day_nationwide",
                violation_error_message=_("Ngày này đã được khai báo cho toàn quốc."),
            ),
            models.UniqueConstraint(
                fields=["date", "province_code"],
                condition=models.Q(province_code__isnull=False),
                name="unique_calendar_day_province",
                violation_error_message=_("Ngày này đã được khai báo cho tỉnh/thành phố này."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.name}"
